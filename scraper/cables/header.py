"""Read a cable's routing header: ``VZCZC`` headers, headers that start at the DTG, old ``PAGE 01`` headers.

Pure. Three eras (CABLE-FORMATS.md (d)):

- the ``VZCZC`` header: transmission ID, precedence and routing, ``DE RUEHME #0023/01 0042201``,
  ``ZNR UUUUU``, the DTG line ``R 042201Z JAN 08``, ``FM``, ``TO``, ``INFO``;
- the header that starts at the DTG (``O 021155Z NOV 00`` / ``FM AMEMBASSY TASHKENT`` /
  ``TO SECSTATE WASHDC IMMEDIATE 5226``), as the viewer shows older cables;
- the older teletype page (``PAGE 01  HARARE  05461  01 OF 02  271458Z``, an ``ACTION`` and an
  ``INFO`` block of office codes), then ``FM``/``TO``.

A blank line may sit inside a header (``RR RUEHWEB`` then a blank line then ``DE ...``), so the
header runs to the body's classification line, not to its first blank line.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from .stations import origin_from_fm  # noqa: F401  (re-exported: older callers look here)

_H = r"[ \t\xa0]"
HEADER_RE = re.compile(r"^[ \t\xa0]*(?:\[code\]|)(?P<tid>VZCZC[A-Z0-9]{0,20})", re.MULTILINE)
# A header that starts at the DTG: the DTG line, then FM on the next line.
DTG_HEADER_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\]|)
    (?:[RPOZ][ \t\xa0]+){1,2}[0-9]{6}Z[ \t\xa0]+[A-Z]{3}[ \t\xa0]+[0-9]{2}\b[^\n]*\n   # O 021155Z NOV 00
    [ \t\xa0]*FM[ \t\xa0]+[A-Z]                                                       # FM AMEMBASSY ...
    """,
    re.VERBOSE | re.MULTILINE,
)
# The older teletype page line: "PAGE 01        HARARE  05461  01 OF 02  271458Z".
PAGE_ONE_RE = re.compile(
    r"""
    (?<![^\n \t\xa0])PAGE[ \t\xa0]+0?1[ \t\xa0]+      # at a line start (a literal-led scan)
    (?P<station>[A-Z][A-Z ]{1,40}?)[ \t\xa0]+(?P<serial>[0-9]{4,8})     # HARARE  05461
    (?:[ \t\xa0]+[0-9]{2}[ \t\xa0]+OF[ \t\xa0]+[0-9]{2})?               # 01 OF 02
    [ \t\xa0]+(?P<d>[0-9]{2})(?P<hh>[0-9]{2})(?P<mm>[0-9]{2})Z          # 271458Z
    """,
    re.VERBOSE | re.MULTILINE,
)
DTG_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:[RPOZ][ \t\xa0]+){1,2}                 # precedence, "O P" allowed
    (?P<d>[0-9]{2})(?P<hh>[0-9]{2})(?P<mm>[0-9]{2})Z[ \t\xa0]*
    (?P<mon>[A-Z]{3})[ \t\xa0]*(?P<yy>[0-9]{2})          # JAN 08
    (?:[ \t\xa0]+[^\n]*)?$                               # "ZDK", "ZFR ZFR ZFR", "ZDK CTG NUMEROUS SERVICES"
    """,
    re.VERBOSE | re.MULTILINE,
)
# "DE RUEHME #0023/01 0042201": serial, part, Julian day and time.
DE_RE = re.compile(r"^DE[ \t\xa0]+[A-Z]{4,7}[ \t\xa0]+#(?P<serial>[0-9]{3,7})(?:/[0-9]{2})?[ \t\xa0]+(?P<jday>[0-9]{3})(?P<time>[0-9]{4})")
# A DE line anywhere in a text (a dumped cable's own header inside another cable's body).
DE_LINE_RE = re.compile(r"^[ \t\xa0]*DE[ \t\xa0]+[A-Z]{4,7}[ \t\xa0]+#(?P<serial>[0-9]{3,7})\b", re.MULTILINE)
# "ZNY CCCCC ZZH", "ZNR UUUUU": the routing header's own classification, five letters of the level.
ZN_RE = re.compile(
    r"""
    ^ZN[YR][ \t\xa0]+     # ZNY (classified) or ZNR (unclassified)
    (?P<c>[SCU])(?P=c){4}\b   # SSSSS, CCCCC, UUUUU
    """,
    re.VERBOSE,
)
_ZN_LEVELS = {"S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED"}
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_FULL_MONTHS = {m.upper(): i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
# Newspaper-partner variant's date line: "Friday, 07 March 2008, 15:00".
DATE_LINE_RE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),[ \t\xa0]+(?P<d>[0-9]{1,2})[ \t\xa0]+"
    r"(?P<mon>[A-Za-z]{3,9})[ \t\xa0]+(?P<y>[0-9]{4}),[ \t\xa0]+(?P<hh>[0-9]{1,2}):(?P<mm>[0-9]{2})"
)
# ALX scrape: "Cable dated:2002-11-15T12:40:00".
CABLE_DATED_RE = re.compile(r"Cable[ \t\xa0]+dated:[ \t\xa0]*(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})T(?P<hh>[0-9]{2}):(?P<mm>[0-9]{2})")


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, tzinfo=UTC)
    except ValueError:
        return None


def year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


def find_header(text: str, start: int, end: int) -> re.Match | None:
    """The first header of any era between ``start`` and ``end``."""
    best = None
    # Each scan starts at its literal's first occurrence (a str.find): a match can start no earlier.
    # HEADER_RE may start up to its line's start before "VZCZC"; PAGE_ONE_RE starts at "PAGE".
    if (i := text.find("VZCZC", start, end)) != -1:
        ls = max(start, text.rfind("\n", start, i) + 1)
        if (m := HEADER_RE.search(text, ls, end)) is not None:
            best, end = m, m.start() + 1  # only an earlier one can still win
    if (i := text.find("PAGE", start, end)) != -1 and (m := PAGE_ONE_RE.search(text, i, end)) is not None:
        best, end = m, m.start() + 1
    # DTG_HEADER_RE from its "FM" line back (a literal scan): the line before must be a DTG.
    i = text.find("\nFM", start, end)
    while i != -1:
        ls = text.rfind("\n", start, i) + 1
        if ls <= 0 and start > 0:
            ls = start
        if (m := DTG_HEADER_RE.match(text, ls, min(len(text), i + 8))) is not None:
            return m
        i = text.find("\nFM", i + 3, end)
    return best


def dtg_time(m: re.Match) -> datetime | None:
    return utc(year4(int(m["yy"])), MONTHS.get(m["mon"].upper(), 0), int(m["d"]), int(m["hh"]), int(m["mm"]))


def date_line_time(text: str) -> datetime | None:
    """The created time from a newspaper date line or an ALX ``Cable dated:`` line."""
    if (m := CABLE_DATED_RE.search(text)) is not None:
        return utc(int(m["y"]), int(m["mo"]), int(m["d"]), int(m["hh"]), int(m["mm"]))
    i = text.find("day,")  # every weekday ends in "day,"; the longest ("Wednesday") starts 6 before
    if i != -1 and (m := DATE_LINE_RE.search(text, max(0, i - 6))) is not None:
        mon = _FULL_MONTHS.get(m["mon"].upper()) or MONTHS.get(m["mon"][:3].upper(), 0)
        return utc(int(m["y"]), mon, int(m["d"]), int(m["hh"]), int(m["mm"]))
    return None


def header_fields(header: str) -> dict:
    """Read the DTG, FM, TO, INFO, DE, ZNY/ZNR and PAGE 01 lines of a routing header."""
    out: dict = {"to": [], "info": [], "fm": None, "dtg": None, "dtg_m": None, "de": None, "page_one": None,
                 "level": None}
    target = None
    for raw in header.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        # (Speed: ``line`` has no leading blanks, so each regex needs its first letters: a
        # string test before the match call. DTG_RE needs a precedence letter, DE_RE "DE",
        # ZN_RE "ZN", PAGE_ONE_RE "PAGE".)
        if out["dtg_m"] is None and line[0] in "RPOZ" and (m := DTG_RE.match(line)) is not None:
            out["dtg"] = f"{m['d']}{m['hh']}{m['mm']}Z {m['mon']} {m['yy']}"
            out["dtg_m"] = m
            target = None
        elif line.startswith("FM "):
            if out["fm"] is None:
                out["fm"] = line[3:]
            target = None
        elif line.startswith("TO "):
            target = out["to"]
            target.append(line[3:])
        elif line.startswith("INFO ") and out["fm"] is not None:
            target = out["info"]
            target.append(line[5:])
        elif out["de"] is None and line.startswith("DE") and (m := DE_RE.match(line)) is not None:
            out["de"] = m
        elif out["level"] is None and out["fm"] is None and line.startswith("ZN") and (m := ZN_RE.match(line)) is not None:
            out["level"] = _ZN_LEVELS[m["c"]]
        elif out["page_one"] is None and line.startswith("PAGE") and (m := PAGE_ONE_RE.match(line)) is not None:
            out["page_one"] = m
        elif target is not None and not line.startswith(("ACTION ", "PAGE ", "---")):
            target.append(line)
    return out
