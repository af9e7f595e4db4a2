"""The metadata that pasted layouts put in front of a cable: CSV rows, metadata blocks, viewer tables.

Pure. Each reader returns the published fields and where the cable's own text starts:

- the cablegate ``cables.csv`` row, quotes doubled (``""``) or backslash-escaped (``\\"``)
  (CABLE-FORMATS.md (a));
- the one-field-per-line block (internal id, created, ID, origin, classification, refs) ((b));
- the same fields tab-separated on one line, as some dumps and the viewer's own pages show them;
- the viewer's table (``Reference ID  Created  Released  Classification  Origin``, then a row);
- a mirror's text dump: ``key: value`` lines (``id: 130835`` / ``date: 11/20/2007 13:37`` /
  ``refid: 07LIMA3673`` / ``origin: Embassy Lima`` / ``classification: CONFIDENTIAL`` /
  ``destination: 07LIMA3638`` (the IDs it references) / ``header:``), then the header and body;
  another mirror names the same fields ``ID`` / ``ORIGIN`` (the ID) / ``DATE`` / ``SOURCE`` (the
  origin) / ``CLASSIFICATION`` / ``MISC`` (the references) / ``DESTINATION`` (the header, flattened);
- ``Viewing cable 08MEXICO23, SUBJECT`` headings.
"""

from __future__ import annotations

import re

from .header import utc

CSV_ROW_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\]|)
    (?P<iid>[0-9]{1,7}),                                   # internal running id
    "?(?P<date>[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\ [0-9]{1,2}:[0-9]{2})"?,   # M/D/YYYY H:MM
    (?=[0-9]{2}[A-Z])                                      # the ref id follows
    """,
    re.VERBOSE | re.MULTILINE,
)
META_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\]|)(?P<iid>[0-9]{1,7})[ \t\xa0]*\r?\n            # internal id
    [ \t\xa0]*(?P<created>[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)[ \t\xa0]*\r?\n
    [ \t\xa0]*(?P<ref>[0-9]{2}[A-Z0-9-]{2,40}[0-9]{1,9}(?:_[a-z])?)[ \t\xa0]*\r?\n   # reference id
    [ \t\xa0]*(?P<origin>[^\n]{2,80}?)[ \t\xa0]*\r?\n                    # origin
    [ \t\xa0]*(?P<cls>(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,30}?)[ \t\xa0]*(?:\r?\n|$)
    (?:[ \t\xa0]*(?P<refs>[0-9]{2}[A-Z]{2,40}[0-9]{1,9}(?:[|,][ ]?[0-9]{2}[A-Z]{2,40}[0-9]{1,9})*)
       [ \t\xa0]*(?:\r?\n|$))?                                          # '|'-separated refs
    """,
    re.VERBOSE | re.MULTILINE,
)
# The same fields on one line, tab-separated: "82783<TAB>2006-10-23 08:56:00<TAB>06BERN1971<TAB>...".
TAB_ROW_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?P<iid>[0-9]{1,7})\t
    (?P<created>[0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}(?::[0-9]{2})?)\t
    (?P<ref>[0-9]{2}[A-Z0-9-]{2,40}[0-9]{1,9})\t
    (?P<origin>[^\t\n]{2,80})\t
    (?P<cls>(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,30})\t
    (?P<refs>[^\t\n]*)\t?
    """,
    re.VERBOSE | re.MULTILINE,
)
# The viewer's metadata table copied as text: an optional label row, then the values.
VIEWER_META_RE = re.compile(
    r"""
    (?:Reference[ \t\xa0]+ID[ \t\xa0]+Created[ \t\xa0]+Released[ \t\xa0]+Classification[ \t\xa0]+Origin[ \t\xa0]*\r?\n[ \t\xa0]*)?
    ^[ \t\xa0]*(?P<ref>[0-9]{2}[A-Z]{2,40}[0-9]{1,9})(?:\t|[ \t\xa0]{2,}|[ \t\xa0]*\r?\n[ \t\xa0]*)
    (?P<created>[0-9]{4}-[0-9]{2}-[0-9]{2}[ \t\xa0][0-9]{2}:[0-9]{2})(?:\t|[ \t\xa0]{2,}|[ \t\xa0]*\r?\n[ \t\xa0]*)
    (?:[0-9]{4}-[0-9]{2}-[0-9]{2}[ \t\xa0][0-9]{2}:[0-9]{2})(?:\t|[ \t\xa0]{2,}|[ \t\xa0]*\r?\n[ \t\xa0]*)   # released
    (?P<cls>(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)[A-Z/ ]{0,30}?)(?:\t|[ \t\xa0]{2,}|[ \t\xa0]*\r?\n[ \t\xa0]*)
    (?P<origin>[A-Z][^\t\n]{1,79}?)[ \t\xa0]*$
    """,
    re.VERBOSE | re.MULTILINE,
)
VIEWING_RE = re.compile(r"Viewing[ \t\xa0]+cable[ \t\xa0]+(?P<ref>[0-9]{2}[A-Z0-9]{2,40}[0-9]{1,9}),[ \t\xa0]*(?P<subject>[^\n]*)")

DUMP_START_RE = re.compile(
    r"""
    [ \t\xa0]*(?:\[code\]|)
    (?:\.\.\.)?                          # the mirror page's cut preview ends in "..." on the same line
    (?i:id):[ \t\xa0]*(?P<iid>[0-9]{1,7})\b   # "id: 130835", "ID: 190648"
    [^\n]*(?:\n|$)                       # anything may follow the number ("id: 130835 DROGAS 2")
    """,
    re.VERBOSE,
)
_DUMP_LINE_RE = re.compile(
    r"""
    [ \t\xa0]*(?P<key>(?i:refid|date|origin|source|classification|destination|misc|header)):  # either mirror's keys
    [ \t\xa0]*(?P<value>[^\n]*?)[ \t\xa0\r]*(?:\n|$)   # the value; "header:" has its own below it
    """,
    re.VERBOSE,
)
_DUMP_ID_RE = re.compile(
    r"""
    [0-9]{2}[A-Z0-9-]{2,40}[0-9]{1,9}   # a reference ID as published ("07LIMA3673")
    (?:_[a-z])?$                        # PlusD's duplicate suffix
    """,
    re.VERBOSE,
)
_CSV_STOP_RE = re.compile(r"[,\n]")


def read_csv_fields(text: str, pos: int, n: int = 8) -> tuple[list[tuple[int, int, bool]], int, bool]:
    """Read up to ``n`` CSV fields from ``pos``: (spans, end, closed).

    A quote inside a quoted field is doubled (``""``) or backslash-escaped (``\\"``). A quoted
    field that never closes (users often drop the last quote) runs to the end.
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
                b = q
                while b > pos + 1 and text[b - 1] == "\\":
                    b -= 1
                if (q - b) % 2 == 1:  # an odd run of backslashes escapes it
                    j = q + 1
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


def csv_value(text: str, span: tuple[int, int, bool]) -> str:
    a, b, quoted = span
    value = text[a:b]
    if quoted and '"' in value:  # (Speed: one-character scans first; a body field is long)
        value = value.replace('""', '"')
        if "\\" in value:
            value = value.replace('\\"', '"')
    return value


# A metadata created date: cables.csv's "M/D/YYYY H:MM", the ISO form of the other layouts.
# (Compiled once: ``re.match`` with a pattern string looks it up in ``re``'s cache each call,
# and parse_cable asks once per cable, mostly with no date at all.)
_CREATED_MDY_RE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})")
_CREATED_ISO_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")


def parse_created(s: str) -> object:
    """``M/D/YYYY H:MM`` or ``YYYY-MM-DD HH:MM[:SS]`` -> aware UTC datetime, or None."""
    m = _CREATED_MDY_RE.match(s)
    if m:
        mo, d, y, h, mi = map(int, m.groups())
        return utc(y, mo, d, h, mi)
    m = _CREATED_ISO_RE.match(s)
    if m:
        y, mo, d = map(int, m.groups()[:3])
        return utc(y, mo, d, int(m[4] or 0), int(m[5] or 0))
    return None


def read_csv_row(text: str, m: re.Match) -> tuple[dict, str | None, str | None]:
    """(metadata, header, body) of a CSV row found by ``CSV_ROW_RE``."""
    spans, _, _ = read_csv_fields(text, m.start("iid"))
    vals = [csv_value(text, s) for s in spans] + [""] * (8 - len(spans))
    meta = {"iid": vals[0], "created": vals[1], "ref": vals[2], "origin": vals[3], "cls": vals[4], "refs": vals[5]}
    header = vals[6] if vals[6].strip() else None
    body = vals[7] if len(spans) == 8 else None
    return meta, header, body


def read_mirror_dump(text: str, pos: int) -> tuple[dict, int] | None:
    """(metadata, where the header starts) of a mirror's ``id:``/``refid:`` dump at ``pos``, or None.

    The ``id:`` line must be followed by at least three known ``key: value`` lines, of which one
    names the classification and one the reference ID (``refid:``, or ``origin:`` where the
    mirror that says ``source:`` for the origin puts the ID): prose never reads like that.
    """
    m = DUMP_START_RE.match(text, pos)
    if m is None:
        return None
    fields: dict[str, str] = {}
    end = m.end()
    while (line := _DUMP_LINE_RE.match(text, end)) is not None and len(fields) < 8:
        key = line["key"].lower()
        if key in fields:
            break
        fields[key] = line["value"]
        end = line.end()
        if key == "header":  # the header's own lines follow
            break
    if len(fields) < 3 or "classification" not in fields:
        return None
    if "source" in fields:  # ORIGIN holds the ID, SOURCE the origin, MISC the references
        ref, origin, refs = fields.get("origin", ""), fields["source"], fields.get("misc", "")
    else:
        ref, origin, refs = fields.get("refid", ""), fields.get("origin", ""), fields.get("destination", "")
    ref = ref.strip()
    if not ref and "refid" not in fields and "source" not in fields:
        return None
    meta = {
        "iid": m["iid"], "created": fields.get("date", ""), "ref": ref if _DUMP_ID_RE.match(ref) else "",
        "origin": "" if set(origin.strip()) <= {"X"} else origin, "cls": fields["classification"],
        "refs": refs if all(_DUMP_ID_RE.match(r) for r in re.split(r"[|,\s]+", refs.strip()) if r) else "",
    }
    return meta, end
