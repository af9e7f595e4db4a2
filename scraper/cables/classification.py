"""The body's classification line and the cablegate classification set.

Pure. ``UNCLAS SECTION 01 OF 03 MEXICO 000023``, ``C O N F I D E N T I A L TASHKENT 004223``,
``S e c r e t nairobi 001938`` (CABLE-FORMATS.md (d) 1). Telegram damage is common: a letter
lost or doubled in the spaced level (``O N F I D E N T I A L``, ``SS E C R E T``), the line
glued to what follows (``ANKARA 008305S/CT FOR``), five-digit serials in older cables.
``UNCLAS`` with ``SENSITIVE`` (or "SENSITIVE BUT UNCLASSIFIED") near the top is
``UNCLASSIFIED//FOR OFFICIAL USE ONLY``; ``//NOFORN`` when the cable says NOFORN in its
caveat lines (not after a later SENSITIVE), or, until October 2008, SENSITIVE on a classified
cable; portion markings (``(S/NF)``) alone never (see ``body_classification``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .scan import class_anywhere
from .stations import _one_edit, canonical_station, nearest_station

CLASSIFICATIONS = ("UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL",
                   "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN")

_LEVEL = r"""
    (?P<cls> UNCLAS(?:SIFIED)? | NCLAS                          # UNCLAS, UNCLASSIFIED; its first letter lost
           | (?i:unclas(?:sified)?)                             # any case
           | (?i:[a-z]{1,2}(?:[ ][a-z]){3,12})                  # S E C R E T, SS E C R E T, c o n f ...
           | CONFIDENTIAL | SECRET | (?i:confidential|secret) )  # unspaced
    (?:[ \t\xa0]+(?:E[ ]?F[ ]?T[ ]?O|(?i:limdis|exdis|nodis)))?     # UNCLAS E F T O, LIMDIS
    (?:\s*(?i:SECTION)[ \t\xa0]*[0-9]{1,2}[ \t\xa0]*(?i:OF)[ \t\xa0]*[0-9]{1,2}   # SECTION 01 OF 03, maybe on the next line
       (?:(?:[ \t\xa0]*\r?\n){1,2}(?=[ \t\xa0]*[A-Za-z]))?)?   # the station under it, a blank line between
    (?:[ \t\xa0]+|(?<=\n))(?P<station>[A-Za-z][A-Za-z.' ]{1,40}?)           # MEXICO, RIO DE JANEIRO, tashkent
    [ \t\xa0]*\n?[ \t\xa0]*(?P<serial>[0-9]{4,8})(?![0-9])      # 000023; 05461 in older cables
"""
# (Speed: scan.class_anywhere finds where CLASS_ANYWHERE_RE can match by the letters _LEVEL needs;
# a new level spelling needs its words there too. tests/test_cable_scan.py checks the two agree.)
# At a line start: what split.py looks for.
CLASS_LINE_RE = re.compile(r"^[ \t\xa0]*(?:\[code\]|)[]\".]?" + _LEVEL, re.VERBOSE | re.MULTILINE)
# Anywhere near the top: glued to "Cable dated:...", to the header, or to a date line.
CLASS_ANYWHERE_RE = re.compile(r"(?<![A-Za-z])" + _LEVEL, re.VERBOSE)

# The level without a look behind it, for a line whose spaced level has a stray letter glued in
# front ("CSE C R E T SECTION 01 OF 02 SHENYANG 000004"): read from the letter after it.
_LEVEL_RE = re.compile(_LEVEL, re.VERBOSE)
_STRAY_RE = re.compile(r"(?<![A-Za-z])[A-Za-z](?=[A-Za-z]{1,2}[ ][A-Za-z][ ][A-Za-z][ ])")

# A classification line whose serial was lost ("C O N F I D E N T I A L SECTION 01 OF 02 TEL AVIV"
# at the end of its line): it still names the station, so the origin, though not the ID.
_NO_SERIAL_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?P<cls>UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET   # the level, unspaced
                     |[A-Z](?:[ ][A-Z]){5,11})                 # or spaced: C O N F I D E N T I A L
    (?:[ \t\xa0]+SECTION[ \t\xa0]+[0-9]{1,2}[ \t\xa0]+OF[ \t\xa0]+[0-9]{1,2})?   # SECTION 01 OF 02
    [ \t\xa0]+(?P<station>[A-Z][A-Z.' ]{1,40}?)[ \t\xa0]*$      # TEL AVIV, and the line ends
    """,
    re.VERBOSE | re.MULTILINE,
)
_SPACED = {"SECRET": "SECRET", "CONFIDENTIAL": "CONFIDENTIAL", "UNCLAS": "UNCLASSIFIED", "NCLAS": "UNCLASSIFIED",
           "UNCLASSIFIED": "UNCLASSIFIED"}
# Portion markings: "(C)", "(S/NF)", "(C//NF)", "(SBU)", "(U)"; and "-- ENTIRE PARAGRAPH".
_PORTION_RE = re.compile(r"\((?P<m>U|SBU|C|S|TS)(?P<nf>//?NF|/NOFORN)?\)")


@lru_cache(maxsize=4096)  # (Speed: pure, and asked for the same few tokens again and again)
def level_of(token: str) -> str | None:
    """``C O N F I D E N T I A L``, ``SS E C R E T``, ``unclas`` -> the base level, or None."""
    key = token.replace(" ", "").upper()
    if key in _SPACED:
        return _SPACED[key]
    for word in ("CONFIDENTIAL", "SECRET"):
        if _one_edit(key, word):
            return word
    return None


def normalise_classification(s: str | None) -> str | None:
    """Map a metadata or body marking onto the cablegate set, or None."""
    if not s:
        return None
    key = re.sub(r"[^A-Z]", "", s.upper())
    for cls in CLASSIFICATIONS:
        if key == re.sub(r"[^A-Z]", "", cls):
            return cls
    if key.startswith("UNCLAS"):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if "OFFICIAL" in key or "SENSITIVE" in key else "UNCLASSIFIED"
    for base in ("CONFIDENTIAL", "SECRET"):
        if key.startswith(base):
            return f"{base}//NOFORN" if "NOFORN" in key else base
    return level_of(s)


def find_class_line(text: str, endpos: int) -> re.Match | None:
    """The first classification line before ``endpos`` whose level and station are real."""
    for m in class_anywhere(CLASS_ANYWHERE_RE, text, 0, endpos):  # (Speed: CLASS_ANYWHERE_RE.finditer's matches)
        if level_of(m["cls"]) is not None and line_station(m["station"]) is not None:
            return m
    # None: try once more past a stray letter in front of a spaced level (a cheap scan, and only
    # for texts with no line at all; on the tuning part it finds 1 line, wrong in none)
    for s in _STRAY_RE.finditer(text, 0, min(endpos, 400)):
        m = _LEVEL_RE.match(text, s.end())
        if m is not None and level_of(m["cls"]) is not None and line_station(m["station"]) is not None:
            return m
    return None


def station_without_serial(text: str, endpos: int) -> str | None:
    """The station of a classification line that lost its serial, in the first lines of ``text``."""
    m = _NO_SERIAL_RE.search(text, 0, endpos)
    if m is None or level_of(m["cls"]) is None:
        return None
    return canonical_station("".join(m["station"].split()).replace(".", "").replace("'", ""))


@lru_cache(maxsize=16384)  # (Speed: pure, and asked for the same station words again and again)
def line_station(words: str) -> str | None:
    """The station the class line's words name (``RIO DE JANEIRO``), dropping stray words in front."""
    parts = words.split()
    for k in range(len(parts)):
        joined = "".join(parts[k:]).upper().replace(".", "").replace("'", "")
        if (st := canonical_station(joined)) is not None and st == joined:
            return st
        if (st := canonical_station(joined)) is not None:
            return st
    return nearest_station("".join(parts)) if parts else None


# Where the caveat lines end: the E.O., TAGS or SUBJECT line.
# At a line start: "C O R R E C T E D  C O P Y (TAGS)" is a caveat line, not the TAGS line.
_CAVEATS_END_RE = re.compile(
    r"(?:^|\n)[ \t\xa0]*(?:E\.?[ ]?[O0]\.?[ \t\xa0]*1[0-9]{4}|EO[ ]1[0-9]{4}|TAGS?\b|SUBJ(?:ECT)?\b)"
    r"|(?<=[a-z0-9 ])E\.O\.[ ]?1[0-9]{4}",  # glued in flattened pastes: "SIPDISEB FOR ...E.O. 12958"
    re.I,
)


# Until the autumn of 2008 a SENSITIVE caveat on a classified cable was published as //NOFORN.
_SENSITIVE_WAS_NOFORN_UNTIL = (2008, 10)


def body_classification(
    level: str | None, top: str, body: str, *, when: tuple[int, int | None] | None = None
) -> str | None:
    """The cablegate value from the line's level and the caveat lines under it.

    ``top`` is the text before the first paragraph. Caveats count only above the E.O./TAGS/
    SUBJECT lines (``SIPDIS``, ``NOFORN``, ``SENSITIVE``): on the corpus's tuning part a
    ``NOFORN`` there gives ``//NOFORN`` (515 of 518 classified cables), while ``(S/NF)`` portion
    markings alone never did (0 of 76), and ``SENSITIVE`` makes an UNCLAS cable FOUO (769 of
    772). Without a classification line the level is the highest portion marking of the
    paragraphs.

    On a classified cable the published value keeps one caveat, the last one written: ``NOFORN``
    then ``SENSITIVE`` (``NOFORN`` / ``SENSITIVE`` / ``SIPDIS``) is published without //NOFORN,
    ``SENSITIVE`` then ``NOFORN`` with it (10 of 10). A ``SENSITIVE`` caveat alone made a
    classified cable //NOFORN until October 2008 (15 of 22 before, 0 of 59 after): ``when`` is
    the cable's (year, month), the month None when only the year is known.

    Looked for and not found on the tuning part: anything in the text that tells the 7 breaks of
    that rule from its 15 fits (same caveat lines and their order, portion markings, SBU
    paragraphs, sending system, routing letters, dates, level; two cables sent the same minute
    with the same caveats and markings, 07SANJOSE655 and 656, were published one each way), or
    that tells the 9 classified cables published //NOFORN with no NOFORN anywhere in their text
    and no SENSITIVE caveat before October 2008. Dating an undated extract by its DECL line (ten
    years back) so that rule can apply fixes as many tuning cables as it breaks. The tuning
    part's other misses are cables published with another cable's body, or a level the text
    contradicts (a C line over C paragraphs, published SECRET).
    """
    end = _CAVEATS_END_RE.search(top, 0, 1500)
    caveats = top[: end.start() if end else 400]
    if level is None:
        marks = {m["m"] for m in _PORTION_RE.finditer(body, 0, 20000)}
        if "S" in marks or "TS" in marks:
            level = "SECRET"
        elif "C" in marks:
            level = "CONFIDENTIAL"
        elif marks & {"U", "SBU"} and "lassified by" not in top.lower():
            level = "UNCLASSIFIED"
        else:
            return None
    upper = caveats.upper()
    noforn = "NOFORN" in upper
    if level == "UNCLASSIFIED":
        sensitive = noforn or "SENSITIVE" in upper or "FOR OFFICIAL USE ONLY" in upper
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if sensitive else level
    sensitive = upper.rfind("SENSITIVE")
    if noforn and sensitive > upper.rfind("NOFORN"):
        noforn = False  # a later SENSITIVE caveat is the one published
    elif not noforn and sensitive != -1 and when is not None:
        year, month = when
        noforn = (year, month or 12) < _SENSITIVE_WAS_NOFORN_UNTIL if month or year != 2008 else False
    return f"{level}//NOFORN" if noforn else level
