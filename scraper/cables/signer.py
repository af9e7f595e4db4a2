"""The signer at the end of a cable, and the footers after it.

Pure. The signer is the last name line (``GARZA``, ``Leslie BASSETT``, ``KEEGAN PAAL``), or the
last words of the last text line (``... XXXXXXXXXXXX. RICE``), before ``NNNN``, ``End Cable
Text``, the "Visit ... Classified Web Site" line and the declassification stamp
(CABLE-FORMATS.md (d) 10).
"""

from __future__ import annotations

import re

SIGNER_RE = re.compile(
    r"""
    (?: (?<=\n) | (?<=^) | (?<=[.!?)"/][ \t\xa0]) | (?<=[.!?)"/][ \t\xa0]{2}) | (?<=[.!?)"/][ \t\xa0]{3}) )
    (?:[A-Z][a-z]+[ \t\xa0]+)?                                  # optional first name: Leslie
    (?P<name>[A-Z]{3,}(?:[ \t\xa0]+[A-Z]{3,})?)[ \t\xa0]*$      # GARZA, KEEGAN PAAL
    """,
    re.VERBOSE | re.MULTILINE,
)
NOT_SIGNERS = frozenset(
    "SIPDIS SENSITIVE NOFORN SUMMARY COMMENT UNCLAS NNNN END NOTE TEXT CONFIDENTIAL SECRET "
    "UNCLASSIFIED COLLECTIVE WASHDC PRIORITY IMMEDIATE ROUTINE BACKGROUND INFO ACTION "
    "CABLE PARAGRAPH ENTIRE USG GOM END TEXT REFTEL ENDS SIGNED DRAFTED CLEARED APPROVED THANKS "
    "REGARDS COMMENT ENDNOTE XXXXXXXXXXXX".split()
)

# Trailers after the signer, last first: NNNN, "End Cable Text", the declassification stamp,
# the "Visit ... Classified Web Site" line, a stray [/code].
FOOTER_LINE_RE = re.compile(
    r"""^[ \t\xa0]*(?: NNNN | (?i:end[ ]cable[ ]text) | \[/code\] | (?i:declassified/released)[^\n]*
        | (?i:visit)[^\n]{0,80}?(?i:classified)[ \t\xa0]+(?i:web)[^\n]* | [=_-]{3,} | (?i:end[ ]of[ ]text)
        | (?i:https?://)[^\n]*
        | [0-9]{4}[A-Z]{3,}[0-9]{4,}[ \t\xa0]*-[^\n]* )[ \t\xa0]*$""",   # "2005CARACA02404 - CONFIDENTIAL"
    re.VERBOSE,
)
# A name line: one to three names, capitals or not, hyphens and apostrophes allowed.
_NAME_LINE_RE = re.compile(
    r"^[ \t\xa0]*(?P<name>(?:[A-Z][A-Za-z'`\-]*\.?)(?:[ \t\xa0]+(?:[A-Z][A-Za-z'`\-]*\.?)){0,2})[ \t\xa0]*$"
)


_TRAILING_NAME_RE = re.compile(r"[.!?\"”)][ \t\xa0]+(?P<name>[A-Z][a-z][A-Za-z'\-]{1,20})[ \t\xa0]*$")


def find_signer(body: str) -> str | None:
    """Return the signer from the end of the body (footers skipped), or None.

    A first name in mixed case before a surname in capitals is dropped (``Leslie BASSETT`` ->
    ``BASSETT``); a signer in mixed case comes back in capitals (``Clinton`` -> ``CLINTON``).
    """
    lines = body.rstrip().rsplit("\n", 40)[-40:]  # the last 40 lines, without splitting the rest
    if "VZCZC" in body:  # (speed: no header's first line in the text, none ends it)
        lines = _before_repeated_header(lines)
    while lines and (not lines[-1].strip() or FOOTER_LINE_RE.match(lines[-1])):
        lines.pop()
    if not lines:
        return None
    last = lines[-1]
    m = _NAME_LINE_RE.match(last)
    if m is not None and len(m["name"]) <= 40:
        words = [w.strip(".") for w in m["name"].split()]
        caps = [w for w in words if w.upper() == w and len(w) >= 2]
        chosen = caps if caps and len(caps) < len(words) else words
        if all(len(w) >= 2 for w in chosen) and not any(w.upper() in NOT_SIGNERS for w in chosen) and (
            caps or len(words) <= 2
        ):
            return " ".join(chosen).upper()
    # The signer in mixed case at the end of the last sentence: "... avoid them. Herbst".
    if (m3 := _TRAILING_NAME_RE.search(last)) is not None and m3["name"].upper() not in NOT_SIGNERS:
        return m3["name"].upper()
    tail = "\n".join(lines)[-300:]
    m2 = _search_line_ends(SIGNER_RE, tail[tail.rfind("\n") + 1 :] if "\n" in tail else tail)
    if m2 is None or any(w in NOT_SIGNERS for w in m2["name"].split()):
        return None
    return " ".join(m2["name"].split())


def _before_repeated_header(lines: list[str]) -> list[str]:
    """The lines above a routing header that ends the text, if one does: a mirror's copy
    prints the cable's header again under its signer (``layouts``: 6 tuning bodies end so).
    A header is in capitals throughout, so the lines from its ``VZCZC`` line on hold no
    lowercase letter; under a signer, nothing else starts with ``VZCZC``."""
    for k in range(len(lines) - 1, -1, -1):
        if lines[k].lstrip(" \t\xa0").startswith("VZCZC"):
            if any(c.islower() for line in lines[k:] for c in line):
                return lines
            return lines[:k]
    return lines


def _search_line_ends(rx: re.Pattern, text: str) -> re.Match | None:
    """``rx.search(text)`` for a pattern that ends in capitals at a line end (SIGNER_RE).

    Tries only the lines whose end could match (a match never spans a newline); a
    lookbehind still sees the text before the line.
    """
    ls, n = 0, len(text)
    while ls <= n:
        nl = text.find("\n", ls)
        le = n if nl == -1 else nl
        last = text[ls:le].rstrip(" \t\xa0")[-3:]
        if len(last) == 3 and last.isascii() and last.isalpha() and last.isupper():
            if (m := (_signer_in_line(text, ls, le) if rx is SIGNER_RE else rx.search(text, ls, le))) is not None:
                return m
        ls = le + 1
    return None


# What SIGNER_RE's lookbehind allows before a name, other than a line start: a stop ("."),
# a bracket, a quote or a slash, then one to three blanks.
_BEFORE_SIGNER_RE = re.compile(r'[.!?)"/](?=[ \t\xa0])')


def _signer_in_line(text: str, ls: int, le: int) -> re.Match | None:
    """``SIGNER_RE.search(text, ls, le)`` for the line ``text[ls:le]`` (``ls`` a line's start).

    (Speed: the pattern starts with a lookbehind, which ``re`` tries at every character; it
    is matched only where the lookbehind allows, in order: the line's start, then after each
    stop and one, two or three blanks. The first match is the search's.)
    """
    if (m := SIGNER_RE.match(text, ls, le)) is not None:
        return m
    for stop in _BEFORE_SIGNER_RE.finditer(text, ls, le):
        p = stop.end()
        for _ in range(3):
            if p >= le or text[p] not in " \t\xa0":
                break
            p += 1
            if (m := SIGNER_RE.match(text, p, le)) is not None:
                return m
    return None


