"""Parse a cable's REF block into canonical reference IDs.

Items look like ``[bullet] [YY|YYYY] ORIGIN WORDS SERIAL [(YY)]``; bullets are ``A.``,
``A)``, ``(A)``, ``¶B.``; ``FOO 1234 AND 5678`` reuses FOO. Anything whose words do not
end in a known station (e-mails, ``SECDEF MSG DTG ...``, telcons) is dropped.

A bullet starts a new item: what the previous one ended with (``AND PREVIOUS``,
``(NOTAL)``, a year with no serial) is not carried into it. The item's year may also
follow its serial: bracketed in two or four digits (``THE HAGUE 3350 (2004)``), or bare
before the next item (``A. KABUL 5679 06 B. ...``). The executive order (``E.O. 12958``)
is no cable.
"""

from __future__ import annotations

import re

from .stations import canonical_station, nearest_station

# The REF label and where its block ends.
REF_LABEL_RE = re.compile(
    r"""
    (?<![A-Za-z])
    (?:PROGRAM[ \t\xa0]+)?
    (?i:REF(?:S|\(S\)|TELS?|ERENCES?)?)         # REF, Ref, Refs, REF(S), REFTEL, References
    (?: [ \t\xa0]*[:.]                         # "REF:", "REF." (else "ref A" in prose would match)
      | [ \t\xa0]+(?=[A-Z][.):][ \t\xa0])        # "REF A. STATE 1234" / "REF A: ..."
      | (?<=[Tt][Ee][Ll])[ \t\xa0]+(?=[0-9(A-Z]) ) # "REFTEL STATE 1234"
    """,
    re.VERBOSE,
)
REF_END_RE = re.compile(
    r"""
      \n[ \t\xa0\r]*\n                      # a blank line (or several), unless the next item follows:
      (?!\s*(?: ¶?\(?[B-Zb-z][.)]             #   a lettered one: "B.", "(B)", "¶B.", "b."
             | [0-9]{2,4}[ \t\xa0]+[A-Z]       #   one led by its year: "08 STATE 1234"
             | [-*•][ \t\xa0]+[A-Z0-9] ))      #   a bulleted one: "- STATE 1234"
    | (?i:Classified[ \t\xa0]+By)             # the classification authority line, any case
    | (?i:\bSummary\b)                       # "Summary" heading or "1. (C) Summary:"
    | ¶[ \t\xa0]*1\.                         # the first numbered paragraph
    | (?:^|\n)[ \t\xa0]*1\.[ \t\xa0]*\(      # "1. (C)" or "1.(SBU)" without the pilcrow
    """,
    re.VERBOSE,
)
# REF_LABEL_RE from its literal "REF" on (a fast scan); the lookbehind is checked by hand.
# "PROGRAM " before it only moves the match start, never its end, which is all we use.
_REF_LABEL_TAIL_RE = re.compile(
    r"(?i:REF(?:S|\(S\)|TELS?|ERENCES?)?)(?:[ \t\xa0]*[:.]|[ \t\xa0]+(?=[A-Z][.):][ \t\xa0])|(?<=[Tt][Ee][Ll])[ \t\xa0]+(?=[0-9(A-Z]))"
)
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Bullets before an item: "A.", "A)", "(A)", "¶B.", and the word REF in "A. REF A".
_BULLET_RE = re.compile(
    r"""
      ¶?\([A-Z]\)                  # (A)
    | ¶?(?<![A-Z0-9])[A-Z][.)]     # A.  A)  ¶B.
    | (?<![A-Z])REF(?![A-Z])       # "REF A" inside a bullet
    """,
    re.VERBOSE,
)
# Tokens of a cleaned REF block: words, numbers, a "(07)" or "(2007)" year suffix; ";" ends a
# chain of "FOO 1234 AND 5678", "|" (a bullet) starts a new item.
_TOKEN_RE = re.compile(r"\((\d{2}|(?:19|20)\d{2})\)|([A-Z0-9]*[A-Z][A-Z0-9]*|[;|])|(\d+)")
# What is not a cable: e-mails, IIRs, dates and times, telcons, DTGs; each ends the chain of
# "FOO 1234 AND 5678" so a later bare number is not read as a cable of FOO.
# (Speed: the e-mail branch tries a run of word characters at every place; a block with no
# "@" holds no address, so it is read with the other branches alone: the same matches.)
_NOT_CABLE_REST = r"""
      \b(?:E-?MAILS?|EMAILS?|IIR|TELCONS?|MEMCONS?|FAX|LETTER|DTG|MSG|OSC|FBIS|REPORT|TDX|DIA|INTSUM)\b[^A-Z]*?(?=[A-Z]{3,}|$)
    | \b[0-9]{1,4}[/.:-][0-9]{1,2}(?:[/.:-][0-9]{2,4})?\b   # 12/3/08, 10.15, 12:30
    | \b[0-9]{6}Z\b                                     # a DTG
    | \bE\.?[ ]?O\.?[ ]*1[23][0-9]{3}\b                   # the executive order: "E.O. 12958"
    """
_NOT_CABLE_RE = re.compile(r"[\w.+-]+@[\w.-]+ |" + _NOT_CABLE_REST, re.VERBOSE)  # an e-mail address first
_NOT_CABLE_NO_AT_RE = re.compile(_NOT_CABLE_REST, re.VERBOSE)
_MAX_REF_CHARS = 1200
_MAX_ORIGIN_WORDS = 4


def find_ref_block(text: str) -> str | None:
    """Return the text of the REF block (after the label), or None."""
    label_end = _ref_label_end(text)
    if label_end is None:
        return None
    block = text[label_end : label_end + _MAX_REF_CHARS]
    end = REF_END_RE.search(block)
    return block[: end.start()] if end else block


def _ref_label_end(text: str) -> int | None:
    """End of ``REF_LABEL_RE.search(text)``, or None.

    (Speed: a case-blind pattern gives ``re`` no literal to skip ahead to, so a scan tried it
    at every character. Every match starts with "ref" in some case, in ASCII letters only (no
    other character matches R, E or F case-blind), so the regex is tried only where a bytes copy,
    one byte a character with its ASCII letters lowered, holds b"ref". No "ref" lies inside a
    match past its start (the rest has no "f"), so these are the places ``finditer`` tries,
    in order.)
    """
    low = text.encode("latin-1", "replace").lower()  # "?" for a character past Latin-1: in no "ref"
    i = low.find(b"ref")
    while i != -1:
        m = _REF_LABEL_TAIL_RE.match(text, i)
        if m is not None and (i == 0 or text[i - 1] not in _ASCII_LETTERS):
            return m.end()
        i = low.find(b"ref", i + 1)
    return None


def parse_refs(block: str, *, year: int | None, own_id: str | None = None) -> tuple[str, ...]:
    """Turn a REF block into canonical IDs, in order, without duplicates or ``own_id``."""
    upper = block.upper().replace("\xa0", " ")
    cleaned = (_NOT_CABLE_RE if "@" in upper else _NOT_CABLE_NO_AT_RE).sub(" ; ", upper)
    cleaned = _BULLET_RE.sub(" | ", cleaned)
    tokens = [(m.group(1), m.group(3), m.group(2)) for m in _TOKEN_RE.finditer(cleaned)]
    out: list[str] = []
    prev_origin: str | None = None
    prev_year: int | None = None
    words: list[str] = []
    item_year: int | None = None
    i = 0
    while i < len(tokens):
        paren_year, number, word = tokens[i]
        i += 1
        if word == ";":
            words, item_year, prev_origin = [], None, None
            continue
        if word == "|":  # a new item: the last one's words and year do not carry over
            words, item_year = [], None
            continue
        if word is not None:
            words.append(word)
            continue
        if paren_year is not None:
            continue
        assert number is not None
        # A 2- or 4-digit number directly before a word is the item's year; so it is after
        # words naming no station ("AND PREVIOUS 08 ANKARA 567") when a station follows it.
        if len(number) in (2, 4) and i < len(tokens) and tokens[i][2] is not None:
            if not words or (_resolve_origin(words) is None and _station_follows(tokens, i)
                             and (len(number) == 2 or number[:2] in ("19", "20"))):
                item_year, words = int(number[-2:]), []
                continue
        origin = _resolve_origin(words)
        if origin is None and (not words or words == ["AND"]) and prev_origin:
            origin = prev_origin
            if item_year is None:
                item_year = prev_year
        yy = item_year
        if i < len(tokens) and tokens[i][0] is not None:  # trailing "(07)" or "(2007)"
            yy = int(tokens[i][0][-2:])
            i += 1
        elif origin is not None and _trailing_year(tokens, i, year):  # "KABUL 5679 06 B. ..."
            yy = int(tokens[i][1])
            i += 1
        if yy is None and year is not None:
            yy = year % 100
        if origin is None:
            prev_origin = None
        if origin is not None and yy is not None and len(number) <= 7:
            ref = f"{yy:02d}{origin}{int(number)}"
            if ref != own_id and ref not in out:
                out.append(ref)
            prev_origin, prev_year = origin, yy
        words = []
        item_year = None
    return tuple(out)


def _trailing_year(tokens: list[tuple[str | None, str | None, str | None]], i: int, year: int | None) -> bool:
    """Whether ``tokens[i]`` is a bare two-digit year ending the item before it (a bullet, a
    ";" or the end follows) and no later than the citing cable's year: cables cite older ones."""
    if i >= len(tokens) or tokens[i][1] is None or len(tokens[i][1]) != 2:
        return False
    if i + 1 < len(tokens) and tokens[i + 1][2] not in (";", "|"):
        return False
    yy = int(tokens[i][1])
    return year is not None and (yy <= year % 100 or yy >= 66)


def _station_follows(tokens: list[tuple[str | None, str | None, str | None]], i: int) -> bool:
    """Whether the words from ``tokens[i]`` up to the next number or separator name a station."""
    words = []
    for _, _, word in tokens[i:]:
        if word is None or word in (";", "|"):
            break
        words.append(word)
    return _resolve_origin(words) is not None


def _resolve_origin(words: list[str]) -> str | None:
    """Return the station named by the longest run of trailing ``words``, or None."""
    tail = words[-_MAX_ORIGIN_WORDS:]
    for k in range(len(tail)):
        station = canonical_station("".join(tail[k:]))
        if station is not None:
            return station
    if tail and len(tail[-1]) >= 6:
        return nearest_station(tail[-1])
    return None
