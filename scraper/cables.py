"""The cable grammar: compiled verbose regexes, ``parse_cable`` and ``canonical_id``.

Pure: text in, ``Cable`` out. Layouts (CABLE-FORMATS.md): (a) cablegate CSV row, (b) the
one-field-per-line WikiLeaks metadata block, (c) the ``VZCZC`` routing header, (d) a body
starting at the classification line, (e) the body flattened to one line per paragraph,
(g) an excerpt of a few paragraphs. Never invents an ID: without a year it says why.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from .cable_models import Cable, Completeness, Paragraph
from .cable_refs import find_ref_block, parse_refs
from .stations import STATIONS, canonical_station

_H = r"[ \t\xa0]"  # horizontal whitespace, NBSP included (pastes are full of it)

# --- IDs -----------------------------------------------------------------------------
ID_SHAPE_RE = re.compile(
    r"""
    ^(?P<yy>[0-9]{2})                   # two-digit year
    (?P<origin>[A-Z]{2,40}?)            # station, aliases and EMBASSY prefix allowed here
    (?P<serial>[0-9]{1,9})              # serial, leading zeros allowed ("0023")
    (?:_[A-Z])?$                        # PlusD "_a" (duplicates "_b", "_c" ...)
    """,
    re.VERBOSE,
)
# A bare mention in prose: "(10MEXICO27)", "08mexico23_a".
ID_MENTION_RE = re.compile(
    r"""
    (?<![A-Za-z0-9/])                   # not inside a word or a URL path
    (?P<id>[0-9]{2}[A-Za-z]{4,20}[0-9]{1,8})
    (?:_[a-z])?
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
# A cable viewer URL on any mirror: /cable/YYYY/MM/ID(.html), /plusd/cables/ID_a.html,
# cabledrum /cables/ID.
CABLE_URL_RE = re.compile(
    r"""
    /(?: cable/(?P<y>[0-9]{4})/(?P<m>[0-9]{2})/      # 213.251.145.96, wikileaks.org, cablegate.
      | plusd/cables/                                # PlusD
      | cables/ )                                    # cabledrum.net
    (?P<id>[0-9]{2}[A-Za-z]{2,40}[0-9]{1,9})(?:_[a-z])?
    (?:\.html?)?
    """,
    re.VERBOSE,
)  # starts at the path's "/" (a literal, so the scan is fast); any mirror host is fine


def canonical_id(s: str, *, strict: bool = False) -> str | None:
    """Normalise a reference ID (``08mexico0023_a`` -> ``08MEXICO23``), or None.

    ``strict`` also requires a known station (used for bare mentions in users' words);
    otherwise an unknown 4-17 letter origin is accepted as long as the shape is right.
    """
    if not isinstance(s, str) or len(s) > 80:
        return None
    m = ID_SHAPE_RE.match("".join(s.split()).upper())
    if m is None:
        return None
    origin = m["origin"]
    station = canonical_station(origin)
    if station is None:
        if strict or not 4 <= len(origin) <= 17 or origin.startswith(("EMBASSY", "AMEMBASSY")):
            return None
        station = origin
    serial = int(m["serial"])
    if serial == 0 or serial >= 10_000_000:
        return None
    return f"{m['yy']}{station}{serial}"


def is_cable_id(s: str) -> bool:
    """Return whether ``s`` is an ID by the strict grammar (known station)."""
    return canonical_id(s, strict=True) is not None


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
CLASS_LINE_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\])?
    (?P<cls> UNCLAS(?:SIFIED)?                                        # UNCLAS
           | (?i:C[ ]O[ ]N[ ]F[ ]I[ ]D[ ]E[ ]N[ ]T[ ]I[ ]A[ ]L)       # C O N F I D E N T I A L
           | (?i:S[ ]E[ ]C[ ]R[ ]E[ ]T)                               # S E C R E T, S e c r e t
           | CONFIDENTIAL | SECRET )                                  # unspaced, capitals only
    (?:[ \t\xa0]+SECTION[ \t\xa0]+[0-9]{1,2}[ \t\xa0]+OF[ \t\xa0]+[0-9]{1,2})?   # SECTION 01 OF 03
    [ \t\xa0]+(?P<station>[A-Za-z][A-Za-z.' ]{1,40}?)                 # MEXICO, RIO DE JANEIRO
    [ \t\xa0]+(?P<serial>[0-9]{6,8})(?![0-9])                         # 000023
    """,
    re.VERBOSE | re.MULTILINE,
)
PARTIAL_RE = re.compile(r"This record is a partial extract of the original cable")
EXCERPT_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:\[code\])?
    (?: ¶[0-9]{1,3}\.                                              # ¶8.
      | [0-9]{1,2}\.[ \t\xa0]+\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF)\) )  # 1. (C)
    """,
    re.VERBOSE | re.MULTILINE,
)

# --- header fields ----------------------------------------------------------------------
DTG_RE = re.compile(
    r"""
    ^[ \t\xa0]*(?:[RPOZ][ \t\xa0]+){1,2}                 # precedence, "O P" allowed
    (?P<d>[0-9]{2})(?P<hh>[0-9]{2})(?P<mm>[0-9]{2})Z[ \t\xa0]+
    (?P<mon>[A-Z]{3})[ \t\xa0]+(?P<yy>[0-9]{2})[ \t\xa0]*$
    """,
    re.VERBOSE | re.MULTILINE,
)
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}

# --- body fields ------------------------------------------------------------------------
# Page-break lines ("MEXICO 00000023  002 OF 003"): found from their "OF nnn" tail (a
# literal prefix, so the scan is fast), then checked backwards over serial and station.
PAGE_BREAK_TAIL_RE = re.compile(r"OF[ \t\xa0]+[0-9]{3}(?![0-9])")
PAGE_BREAK_HEAD_RE = re.compile(
    r"""
    (?<![A-Za-z])[A-Z]{3,}(?:\ [A-Z]{2,}){0,3}      # station words: MEXICO, RIO DE JANEIRO
    [ \t\xa0]+[0-9]{8}[ \t\xa0]+[0-9]{3}(?:\.[0-9])?[ \t\xa0]+\Z   # 00000023  002 (or 001.2)
    """,
    re.VERBOSE,
)
EO_RE = re.compile(r"(?<![A-Za-z])(?P<eo>E\.?[ \t\xa0]?O\.?[ \t\xa0]*1[0-9]{4}\b[^\n]*?)(?=[ \t\xa0]*(?:\n|TAGS?\b|$))")
DECL_RE = re.compile(r"(?i)DECL:?[ \t\xa0]*(?P<a>[0-9]{1,4})[/.-](?P<b>[0-9]{1,2})[/.-](?P<c>[0-9]{2,4})")
TAGS_RE = re.compile(
    r"""
    (?<![A-Za-z])(?:TAGS|TAGE|TAS|AGS)(?![A-Za-z])[ \t\xa0]*:?[ \t\xa0]*   # label, typos seen
    (?P<v>[^\n]*(?:,[ \t\xa0]*\n[^\n]*)*)                                   # wraps after a comma
    """,
    re.VERBOSE,
)
TAG_ITEM_RE = re.compile(r"[^\s,()]+(?:[ \t\xa0]*\([^)]*\))?")
SUBJECT_RE = re.compile(r"(?<![A-Za-z])SUBJ(?:ECT)?(?![A-Za-z])[ \t\xa0]*:?[ \t\xa0]*")
SUBJECT_END_RE = re.compile(
    r"""
      \n[ \t\xa0\r]*\n                                   # blank line
    | (?<![A-Za-z])(?:PROGRAM[ \t\xa0]+)?REF(?:S|\(S\))?[ \t\xa0]*:   # REF:
    | Classified[ \t\xa0]+By                             # authority line
    | ¶[0-9]                                             # first paragraph
    | \n[ \t\xa0]*[0-9]{1,2}\.[ \t\xa0]                  # "1. " on its own line
    """,
    re.VERBOSE,
)
MARKING_AFFIX_RE = re.compile(r"^\((?:U|C|S|SBU|S/NF|C/NF)\)[ \t\xa0]*|[ \t\xa0]*\((?:U|C|S|SBU|S/NF|C/NF)\)$")
CLASSIFIED_BY_RE = re.compile(r"[Cc]lassified[ \t\xa0]+[Bb][Yy]:?[ \t\xa0]*(?P<v>[^\n]*)")
REASON_RE = re.compile(r"(?i)[ \t\xa0,;]+(?:for[ \t\xa0]+)?(?:reasons?|E\.?O\.?)\b.*$")
PARAGRAPH_RE = re.compile(
    r"""
      ¶[ \t\xa0]*(?P<n1>[0-9]{1,3})\.                 # ¶1. anywhere (the viewer's pilcrow)
    | \n[ \t\xa0]*(?P<n3>[0-9]{1,2})\.(?=[ \t\xa0]+[(A-Z])   # "1. " at a line start
    """,
    re.VERBOSE,
)
# " 6. (U)" inside a flattened line: found from the marking, a literal-led scan.
INLINE_PARAGRAPH_RE = re.compile(r"\.(?=[ \t\xa0]+\((?:U|C|S|SBU|S/NF|C/NF)\))")
MARKING_RE = re.compile(r"[ \t\xa0]*\((?P<m>U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|[A-Z]+[ \t\xa0]*--[ \t\xa0]*ENTIRE PARAGRAPH)\)")
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
    "CABLE PARAGRAPH ENTIRE USG GOM".split()
)
_CLS = ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL//NOFORN", "SECRET//NOFORN",
        "UNCLASSIFIED", "CONFIDENTIAL", "SECRET")


def normalise_classification(s: str | None) -> str | None:
    """Map a metadata or body marking onto the cablegate set, or None."""
    if not s:
        return None
    key = re.sub(r"[^A-Z]", "", s.upper())
    for cls in _CLS:
        if key == re.sub(r"[^A-Z]", "", cls):
            return cls
    if key.startswith("UNCLAS"):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if "OFFICIAL" in key or "SENSITIVE" in key else "UNCLASSIFIED"
    for base in ("CONFIDENTIAL", "SECRET"):
        if key.startswith(base):
            return f"{base}//NOFORN" if "NOFORN" in key else base
    return None


def page_breaks(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each page-break marker in ``text``."""
    out = []
    for m in PAGE_BREAK_TAIL_RE.finditer(text):
        head = PAGE_BREAK_HEAD_RE.search(text, max(0, m.start() - 70), m.start())
        if head is not None:
            out.append((head.start(), m.end()))
    return out


def remove_page_breaks(text: str) -> str:
    """Drop ``MEXICO 00000023  002 OF 003`` lines (and inline ones in flattened pastes).

    A marker alone on its line takes its surrounding blank lines with it, so the two
    halves of a paragraph split by the page break join again.
    """
    spans = page_breaks(text)
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in spans:
        a = start
        while a > pos and text[a - 1] in " \t\xa0":
            a -= 1
        b = end
        while b < len(text) and text[b] in " \t\xa0":
            b += 1
        if (a == 0 or text[a - 1] == "\n") and (b == len(text) or text[b] == "\n"):
            # own line: swallow blank lines on both sides, keep one newline
            a = a - 1 if a > pos else a
            while a > pos and text[a - 1] in " \t\xa0\n":
                a -= 1
            while b < len(text) and text[b] in " \t\xa0\n":
                b += 1
            parts.append(text[pos:a])
            parts.append("\n")
        else:
            parts.append(text[pos:a])
            parts.append(" ")
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def find_signer(body: str) -> str | None:
    """Return the signer's surname(s) from the end of the body, or None."""
    tail = body.rstrip()[-300:]
    m = SIGNER_RE.search(tail.rstrip())
    if m is None or any(w in NOT_SIGNERS for w in m["name"].split()):
        return None
    return " ".join(m["name"].split())


# --- parse_cable ------------------------------------------------------------------------
_CSV_STOP_RE = re.compile(r"[,\n]")
_LAYOUT_WINDOW = 12_000  # a routing header plus metadata never runs longer than this
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")
_LABEL_SPLIT_RE = re.compile(r"(?<![A-Za-z])SUBJ(?:ECT)?(?![A-Za-z])")


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


def _utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, tzinfo=UTC)
    except ValueError:
        return None


def _year4(yy: int) -> int:
    return 1900 + yy if yy >= 66 else 2000 + yy


def _parse_created(s: str) -> datetime | None:
    m = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})", s)
    if m:
        mo, d, y, h, mi = map(int, m.groups())
        return _utc(y, mo, d, h, mi)
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?", s)
    if m:
        y, mo, d = map(int, m.groups()[:3])
        return _utc(y, mo, d, int(m[4] or 0), int(m[5] or 0))
    return None


def _header_fields(header: str) -> dict:
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


def _origin_from_fm(fm: str | None) -> str | None:
    if not fm:
        return None
    words = fm.split()
    kinds = {"AMEMBASSY": "Embassy", "AMCONSUL": "Consulate", "USMISSION": "Mission"}
    if words[0] in ("SECSTATE", "SECSTATEWASHDC"):
        return "Secretary of State"
    if words[0] in kinds and len(words) > 1:
        return f"{kinds[words[0]]} {' '.join(w.title() for w in words[1:])}"
    return None


def _subject(pre: str) -> tuple[str | None, int]:
    m = SUBJECT_RE.search(pre)
    if m is None:
        return None, 0
    rest = pre[m.end() : m.end() + 600]
    end = SUBJECT_END_RE.search(rest)
    value = " ".join((rest[: end.start()] if end else rest.split("\n", 1)[0]).split())
    value = MARKING_AFFIX_RE.sub("", value).strip()
    return value or None, m.end() + (end.start() if end else len(rest))


def _tags(pre: str) -> tuple[str, ...]:
    m = TAGS_RE.search(pre)
    if m is None:
        return ()
    value = _LABEL_SPLIT_RE.split(m["v"], maxsplit=1)[0]
    return tuple(" ".join(t.split()) for t in TAG_ITEM_RE.findall(value))


def paragraph_marks(nb: str) -> list[tuple[int, int, str]]:
    """Return (start, end of the number, number) for each numbered paragraph, in order."""
    marks = [
        (m.start() if m["n1"] else m.start("n3"), m.end(), m["n1"] or m["n3"])
        for m in PARAGRAPH_RE.finditer(nb)
    ]
    for m in INLINE_PARAGRAPH_RE.finditer(nb):
        i = m.start()
        j = i
        while j > 0 and j > i - 2 and nb[j - 1].isdigit():
            j -= 1
        if j < i and (j == 0 or nb[j - 1] in " \t\xa0"):
            marks.append((j, m.end(), nb[j:i]))
    if len(marks) > 1:
        marks = sorted(set(marks))
        dedup = [marks[0]]
        for mk in marks[1:]:
            if mk[0] >= dedup[-1][1]:
                dedup.append(mk)
        marks = dedup
    return marks


def _paragraphs(nb: str, intro_end: int) -> tuple[Paragraph, ...]:
    marks = paragraph_marks(nb)
    if not marks:
        blocks = (b.strip() for b in _BLANK_LINE_RE.split(nb[intro_end:]))
        return tuple(Paragraph(number=None, marking=None, text=b) for b in blocks if b)
    out = []
    for i, (_, end, number) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(nb)
        chunk = nb[end:stop]
        mk = MARKING_RE.match(chunk)
        out.append(Paragraph(
            number=number,
            marking=" ".join(mk["m"].split()) if mk else None,
            text=chunk[mk.end() if mk else 0 :].strip(),
        ))
    return tuple(out)


def parse_cable(
    text: str, year: int | None = None, ref_id: str | None = None, *, ref_id_evidence: str = "url"
) -> Cable:
    """Read one pasted cable in any layout; ``year``/``ref_id`` come from outside (URL).

    ID evidence, strongest first: metadata (CSV row or metadata block), ``ref_id`` when it
    agrees with the classification line, station + serial with the DTG/created year (or
    ``year``). Without a year the ID stays None and ``id_missing_reason`` says why.
    """
    meta: dict = {}
    header: str | None = None
    body: str | None = None
    partial = False
    head = min(len(text), _LAYOUT_WINDOW)  # layouts start near the top: bound the scans
    if (m := CSV_ROW_RE.search(text, 0, head)) is not None:
        spans, _, _ = read_csv_fields(text, m.start("iid"))
        vals = [text[a:b].replace('""', '"') if q else text[a:b] for a, b, q in spans]
        vals += [""] * (8 - len(vals))
        meta = {"iid": vals[0], "created": vals[1], "ref": vals[2], "origin": vals[3],
                "cls": vals[4], "refs": vals[5]}
        header = vals[6] if vals[6].strip() else None
        if len(spans) == 8:
            body, partial = vals[7], not vals[6].strip()
    elif (m := META_RE.search(text, 0, head)) is not None:
        meta = m.groupdict()
    if header is None and (hm := HEADER_RE.search(text, 0, head)) is not None:
        header = text[hm.start("tid") :]
    if body is None:
        cm = CLASS_LINE_RE.search(text, 0, head) or PARTIAL_RE.search(text, 0, head)
        if cm is not None:
            body = text[cm.start() :]
        elif header is not None:
            parts = _BLANK_LINE_RE.split(header, maxsplit=1)
            body = parts[1] if len(parts) > 1 else ""
        else:
            body = text[m.end() :] if m is not None and meta else text
    nb = remove_page_breaks(body.replace("\xa0", " ").replace("[code]", "").replace("[/code]", ""))
    nb = "\n".join(line.rstrip() for line in nb.strip().split("\n"))
    hf = _header_fields(header) if header else {"to": [], "info": [], "fm": None, "dtg": None}

    cm = CLASS_LINE_RE.match(nb)
    station = canonical_station(cm["station"]) if cm else None
    serial = int(cm["serial"]) if cm else None
    first_para = PARAGRAPH_RE.search(nb, 0, 4000) or INLINE_PARAGRAPH_RE.search(nb, 0, 4000)
    pre = nb[: first_para.start() if first_para else 4000]
    subject, subject_end = _subject(pre)
    eo = EO_RE.search(pre)
    decl = DECL_RE.search(eo["eo"]) if eo else None
    cby = CLASSIFIED_BY_RE.search(pre)

    created = _parse_created(meta.get("created") or "")
    dm = hf.get("dtg_m")
    if created is None and dm is not None:
        created = _utc(_year4(int(dm["yy"])), _MONTHS.get(dm["mon"], 0), int(dm["d"]), int(dm["hh"]), int(dm["mm"]))
    yy = int(dm["yy"]) if dm is not None else (created.year % 100 if created else (year % 100 if year else None))

    cid, evidence, reason = canonical_id(meta.get("ref") or ""), "metadata", None
    ext = canonical_id(ref_id) if ref_id else None
    own = f"{yy:02d}{station}{serial}" if station and serial and yy is not None else None
    if cid is None and ext is not None and (station is None or ext[2:] == f"{station}{serial}"):
        cid, evidence = ext, ref_id_evidence
    if cid is None and own is not None:
        cid, evidence = own, "station_serial"
    if cid is None:
        evidence = None
        if station and serial:
            reason = f"{station} {serial:06d} is known but no year: no DTG, created date or URL"
        elif cm is None and not meta and header is None:
            reason = "excerpt: no metadata, header or classification line"
        else:
            reason = "no metadata, URL or classification line gives an ID"

    cls = normalise_classification(meta.get("cls"))
    if cls is None and cm is not None:
        words = set(re.findall(r"[A-Z]+", pre[:600]))
        cls = normalise_classification(cm["cls"].replace(" ", "").upper())
        if cls == "UNCLASSIFIED" and "SENSITIVE" in words:
            cls = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        elif cls in ("CONFIDENTIAL", "SECRET") and "NOFORN" in words:
            cls += "//NOFORN"
    if meta.get("refs"):
        refs = tuple(dict.fromkeys(r for r in map(canonical_id, re.split(r"[|,\s]+", meta["refs"])) if r and r != cid))
    else:
        block = find_ref_block(pre)
        ref_year = int(cid[:2]) if cid else yy
        refs = parse_refs(block, year=ref_year, own_id=cid) if block else ()
    if PARTIAL_RE.search(nb[:300]):
        partial = True
    completeness: Completeness = (
        "partial_extract" if partial else "full" if (cm is not None or header is not None) else "excerpt"
    )
    intro_end = max(subject_end, cby.end() if cby else 0)
    return Cable(
        id=cid, id_evidence=evidence, id_missing_reason=reason, created=created,
        origin=(meta.get("origin") or "").strip() or _origin_from_fm(hf["fm"]),
        classification=cls, references=refs, tags=_tags(pre), subject=subject,
        signer=find_signer(nb) if completeness != "excerpt" or len(nb) < 20000 else None,
        classified_by=REASON_RE.sub("", cby["v"]).strip() or None if cby else None,
        declassify_on=_decl_date(decl), internal_id=int(meta["iid"]) if meta.get("iid") else None,
        transmission_id=HEADER_RE.search(header)["tid"] if header and HEADER_RE.search(header) else None,
        dtg=hf["dtg"], fm=hf["fm"], to=tuple(hf["to"]), info=tuple(hf["info"]),
        sipdis="SIPDIS" in pre, eo_line=" ".join(eo["eo"].split()) if eo else None,
        station=station, serial=serial, paragraphs=_paragraphs(nb, intro_end), text=nb,
        completeness=completeness,
    )


def _decl_date(m: re.Match | None) -> date | None:
    if m is None:
        return None
    a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
    y, mo, d = (a, b, c) if a > 31 else (c, a, b)
    if y < 100:
        y = _year4(y)
    try:
        return date(y, mo, d)
    except ValueError:
        return None
