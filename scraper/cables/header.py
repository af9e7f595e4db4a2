"""Read the top of a pasted cable: CSV row, metadata block, ``VZCZC`` routing header.

Pure. The CSV row (CABLE-FORMATS.md (a)) and the one-field-per-line metadata block ((b))
carry the reference ID, created date, origin and classification; the routing header ((d))
carries the transmission ID, DTG, FM, TO and INFO.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

# --- layout anchors ---------------------------------------------------------------------
CSV_ROW_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\])?
    (?P<iid>[0-9]{1,7}),                                   # internal running id
    (?P<date>[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\ [0-9]{1,2}:[0-9]{2}),   # M/D/YYYY H:MM
    (?=[0-9]{2}[A-Z])                                      # the ref id follows
    """,
    re.VERBOSE | re.MULTILINE,
)
META_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\])?(?P<iid>[0-9]{1,7})[ \t\xa0]*\r?\n            # internal id
    [ \t\xa0]*(?P<created>[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)[ \t\xa0]*\r?\n
    [ \t\xa0]*(?P<ref>[0-9]{2}[A-Z]{2,40}[0-9]{1,9})[ \t\xa0]*\r?\n      # reference id
    [ \t\xa0]*(?P<origin>[^\n]{2,80}?)[ \t\xa0]*\r?\n                    # origin
    [ \t\xa0]*(?P<cls>(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,30}?)[ \t\xa0]*(?:\r?\n|$)
    (?:[ \t\xa0]*(?P<refs>[0-9]{2}[A-Z]{2,40}[0-9]{1,9}(?:[|,][ ]?[0-9]{2}[A-Z]{2,40}[0-9]{1,9})*)
       [ \t\xa0]*(?:\r?\n|$))?                                          # '|'-separated refs
    """,
    re.VERBOSE | re.MULTILINE,
)
HEADER_RE = re.compile(r"^[ \t\xa0]*(?:\[code\])?(?P<tid>VZCZC[A-Z0-9]{0,20})", re.MULTILINE)

# --- header fields ----------------------------------------------------------------------
DTG_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:[RPOZ][ \t\xa0]+){1,2}                 # precedence, "O P" allowed
    (?P<d>[0-9]{2})(?P<hh>[0-9]{2})(?P<mm>[0-9]{2})Z[ \t\xa0]+
    (?P<mon>[A-Z]{3})[ \t\xa0]+(?P<yy>[0-9]{2})[ \t\xa0]*$
    """,
    re.VERBOSE | re.MULTILINE,
)
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}

_CSV_STOP_RE = re.compile(r"[,\n]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")


def read_csv_fields(text: str, pos: int, n: int = 8) -> tuple[list[tuple[int, int, bool]], int, bool]:
    """Read up to ``n`` CSV fields from ``pos``: (spans, end, closed).

    A quoted field that never closes (users often drop the last quote) runs to the end.
    """
    spans: list[tuple[int, int, bool]] = []
    size = len(text)
    for k in range(n):
        if pos < size and text[pos] == '"':
            j = pos + 1
            while True:
                q = text.find('"', j)
                if q == -1:
                    spans.append((pos + 1, size, True))
                    return spans, size, False
                if text.startswith('""', q):
                    j = q + 2
                    continue
                break
            spans.append((pos + 1, q, True))
            pos = q + 1
        else:
            m = _CSV_STOP_RE.search(text, pos)
            end = m.start() if m else size
            spans.append((pos, end, False))
            pos = end
        if k < n - 1:
            if pos < size and text[pos] == ",":
                pos += 1
            else:
                return spans, pos, False
    return spans, pos, True


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, tzinfo=UTC)
    except ValueError:
        return None


def year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


def parse_created(s: str) -> datetime | None:
    m = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})", s)
    if m:
        mo, d, y, h, mi = map(int, m.groups())
        return utc(y, mo, d, h, mi)
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?", s)
    if m:
        y, mo, d = map(int, m.groups()[:3])
        return utc(y, mo, d, int(m[4] or 0), int(m[5] or 0))
    return None


def header_fields(header: str) -> dict:
    """Read DTG, FM, TO and INFO from a routing header (up to its first blank line)."""
    block = _BLANK_LINE_RE.split(header, maxsplit=1)[0]
    out: dict = {"to": [], "info": [], "fm": None, "dtg": None}
    target = None
    for raw in block.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if DTG_RE.match(line):
            out["dtg"] = " ".join(line.split()[-3:])
            out["dtg_m"] = DTG_RE.match(line)
            target = None
        elif line.startswith("FM "):
            out["fm"], target = line[3:], None
        elif line.startswith("TO "):
            target = out["to"]
            target.append(line[3:])
        elif line.startswith("INFO "):
            target = out["info"]
            target.append(line[5:])
        elif target is not None:
            target.append(line)
    return out


def origin_from_fm(fm: str | None) -> str | None:
    if not fm:
        return None
    words = fm.split()
    kinds = {"AMEMBASSY": "Embassy", "AMCONSUL": "Consulate", "USMISSION": "Mission"}
    if words[0] in ("SECSTATE", "SECSTATEWASHDC"):
        return "Secretary of State"
    if words[0] in kinds and len(words) > 1:
        return f"{kinds[words[0]]} {' '.join(w.title() for w in words[1:])}"
    return None

