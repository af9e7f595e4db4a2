"""Pure: which charset a page is in, and text that differs only by a wrong one.

`decode_body` decides a page's encoding: a BOM, then bytes that are valid
UTF-8 (whatever a header or <meta> claims: a forum moved to UTF-8 often keeps
a latin-1 header, and UTF-8 read as windows-1252 is mojibake), then the
declared charset, then windows-1252. `repair_mojibake` undoes UTF-8 read as
windows-1252, so a post stored garbled by an older run is recognised as the
same post when it is read correctly (not an edit).
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 2048  # how much of a page is searched for a <meta> charset
# A charset declared inside the document.
DECLARED_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)  # <meta charset=x>, or content="..; charset=x"
       | <\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)      # <?xml encoding="x"?> of an RSS feed
    """,
    re.VERBOSE | re.IGNORECASE,
)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Labels browsers decode as windows-1252 (the WHATWG Encoding Standard).
WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819"}
)


def _codec(label: str | bytes | None) -> str | None:
    """Return the codec to use for a charset label, or None if Python does not know it."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    label = label.strip().lower()
    if label in WINDOWS_1252_LABELS:
        return "windows-1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"cp1252": "windows-1252", "utf-8": "utf-8"}.get(name, name)


def declared_charset(body: bytes, content_type: str = "") -> str | None:
    """The charset the Content-Type header, else the page's <meta>/<?xml?>, declares."""
    header = HEADER_CHARSET.search(content_type)
    declared = _codec(header[1] if header else None)
    if declared is None and (meta := DECLARED_CHARSET.search(body[:SNIFF_BYTES])):
        declared = _codec(meta[1] or meta[2])
    if declared in ("utf-16", "utf-32"):  # a <meta> cannot truly say this in an ASCII-compatible page
        declared = None
    return declared


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a page: BOM, then valid UTF-8, then the declared charset, then windows-1252.

    Returns (text, encoding used). ISO-8859-1 and ASCII are read as windows-1252, as
    browsers do: old SMF forums declare latin-1 and serve curly quotes from 0x80-0x9F.
    A page that is pure ASCII keeps its declared charset (both readings are the same).
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    declared = declared_charset(body, content_type)
    if declared != "utf-8" and not body.isascii():
        try:
            # Text in a legacy charset is almost never valid UTF-8 by chance.
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared is not None:
        return body.decode(declared, "replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("windows-1252", "replace"), "windows-1252"


# --- mojibake ---------------------------------------------------------------------


def _chars(low: int, high: int) -> str:
    """The characters windows-1252 gives bytes low..high (undefined bytes left out)."""
    out = []
    for byte in range(low, high + 1):
        char = bytes([byte]).decode("windows-1252", "replace")
        if char != "\ufffd":
            out.append(re.escape(char))
    return "".join(out)


# A UTF-8 byte sequence as windows-1252 shows it ("é" -> "Ã©", "’" -> "â€™").
MOJIBAKE = re.compile(
    f"""[{_chars(0xC2, 0xDF)}][{_chars(0x80, 0xBF)}]       # a two-byte sequence (Latin-1 letters)
      | [{_chars(0xE0, 0xEF)}][{_chars(0x80, 0xBF)}]{{2}}  # three bytes (quotes, dashes, most scripts)
      | [{_chars(0xF0, 0xF4)}][{_chars(0x80, 0xBF)}]{{3}}  # four bytes (emoji)
    """,
    re.VERBOSE,
)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as windows-1252, sequence by sequence; leave the rest alone."""

    def fix(match: re.Match[str]) -> str:
        try:
            return match[0].encode("windows-1252").decode("utf-8")
        except UnicodeError:
            return match[0]

    return MOJIBAKE.sub(fix, text) if not text.isascii() else text


def misread(text: str) -> str:
    """`text` as an older run stored it: its UTF-8 read as windows-1252, undefined bytes lost."""
    return text.encode("utf-8").decode("windows-1252", "replace")


def same_but_for_charset(old: str | None, new: str | None) -> bool:
    """True when `old` is `new` read with the wrong charset (or equal).

    Both sides are brought to the same form: `new` misread as `old` was, then
    both repaired. That copes with the characters the misreading lost (bytes
    0x81, 0x8D, 0x8F, 0x90, 0x9D became U+FFFD: "”" is E2 80 9D) and with
    characters that came from HTML entities (read right either way).
    """
    if old == new or old is None or new is None:
        return old == new
    repaired = repair_mojibake(old)
    return repaired == new or repaired == repair_mojibake(misread(new))
