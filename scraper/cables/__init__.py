"""The cable grammar: compiled verbose regexes, ``parse_cable`` and ``canonical_id``.

Pure: text in, ``Cable`` out. Layouts (CABLE-FORMATS.md): (a) cablegate CSV row, (b) the
one-field-per-line WikiLeaks metadata block, (c) the ``VZCZC`` routing header, (d) a body
starting at the classification line, (e) the body flattened to one line per paragraph,
(g) an excerpt of a few paragraphs. Never invents an ID: without a year it says why.
"""

from __future__ import annotations

import re

# The grammar lives in header.py (top of a cable) and body.py (the body); its
# names stay importable from here, where split.py and older callers look for them.
from .body import (  # noqa: F401
    CLASS_LINE_RE,
    CLASSIFIED_BY_RE,
    DECL_RE,
    EO_RE,
    EXCERPT_RE,
    INLINE_PARAGRAPH_RE,
    NOT_SIGNERS,
    PARAGRAPH_RE,
    PARTIAL_RE,
    REASON_RE,
    SIGNER_RE,
    decl_date,
    find_classified_by,
    find_signer,
    first_paragraph,
    has_word,
    normalise_classification,
    page_breaks,
    paragraph_marks,
    read_paragraphs,
    read_subject,
    read_tags,
    remove_page_breaks,
)
from .header import (  # noqa: F401
    CSV_ROW_RE,
    DTG_RE,
    HEADER_RE,
    META_RE,
    MONTHS,
    header_fields,
    origin_from_fm,
    parse_created,
    read_csv_fields,
    utc,
    year4,
)
from .models import Cable, Completeness
from .refs import find_ref_block, parse_refs
from .stations import canonical_station

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


_LAYOUT_WINDOW = 12_000  # a routing header plus metadata never runs longer than this
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")
# The line starts worth confirming against the four line-anchored layouts below: a literal
# "\n" prefix scans fast, where a ``^`` pattern is tried at every character.
_LAYOUT_HINT_RE = re.compile(
    r"""
    \n[ \t\xa0]*(?:\[code\])?
    (?: [0-9]{1,7}(?:,|[ \t\xa0]*\r?\n)                         # CSV row, metadata block
      | VZCZC                                                  # routing header
      | UNCLAS | C[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f)           # classification line
      | S[ ]?E[ ]?C[ ]?R | (?i:s[ ]e[ ]c[ ]r) )
    """,
    re.VERBOSE,
)
_LAYOUTS = (CSV_ROW_RE, META_RE, HEADER_RE, CLASS_LINE_RE)


def _find_layouts(text: str, head: int) -> list[re.Match | None]:
    """The first match before ``head`` of each of ``_LAYOUTS``, in one pass over line starts.

    Same result as ``rx.search(text, 0, head)`` for each (all four are ``^``-anchored).
    """
    found: list[re.Match | None] = [None] * len(_LAYOUTS)
    todo = list(range(len(_LAYOUTS)))
    ls = 0
    while True:
        for k in todo:
            if (m := _LAYOUTS[k].match(text, ls, head)) is not None:
                found[k] = m
        todo = [k for k in todo if found[k] is None]
        if not todo or (h := _LAYOUT_HINT_RE.search(text, ls, head)) is None:
            return found
        ls = h.start() + 1


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
    csv_m, meta_m, header_m, class_m = _find_layouts(text, head)
    if (m := csv_m) is not None:
        spans, _, _ = read_csv_fields(text, m.start("iid"))
        vals = [text[a:b].replace('""', '"') if q else text[a:b] for a, b, q in spans]
        vals += [""] * (8 - len(vals))
        meta = {"iid": vals[0], "created": vals[1], "ref": vals[2], "origin": vals[3],
                "cls": vals[4], "refs": vals[5]}
        header = vals[6] if vals[6].strip() else None
        if len(spans) == 8:
            body, partial = vals[7], not vals[6].strip()
    elif (m := meta_m) is not None:
        meta = m.groupdict()
    if header is None and header_m is not None:
        header = text[header_m.start("tid") :]
    if body is None:
        cm = class_m or PARTIAL_RE.search(text, 0, head)
        if cm is not None:
            body = text[cm.start() :]
        elif header is not None:
            parts = _BLANK_LINE_RE.split(header, maxsplit=1)
            body = parts[1] if len(parts) > 1 else ""
        else:
            body = text[m.end() :] if m is not None and meta else text
    nb = remove_page_breaks(body.replace("\xa0", " ").replace("[code]", "").replace("[/code]", ""))
    nb = "\n".join(map(str.rstrip, nb.strip().split("\n")))
    hf = header_fields(header) if header else {"to": [], "info": [], "fm": None, "dtg": None}

    cm = CLASS_LINE_RE.match(nb)
    station = canonical_station(cm["station"]) if cm else None
    serial = int(cm["serial"]) if cm else None
    first_para = first_paragraph(nb, 4000)
    pre = nb[: 4000 if first_para is None else first_para]
    subject, subject_end = read_subject(pre)
    eo = EO_RE.search(pre)
    decl = DECL_RE.search(eo["eo"]) if eo else None
    cby = find_classified_by(pre)

    created = parse_created(meta.get("created") or "")
    dm = hf.get("dtg_m")
    if created is None and dm is not None:
        created = utc(year4(int(dm["yy"])), MONTHS.get(dm["mon"], 0), int(dm["d"]), int(dm["hh"]), int(dm["mm"]))
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
        top = pre[:600]
        cls = normalise_classification(cm["cls"].replace(" ", "").upper())
        if cls == "UNCLASSIFIED" and has_word(top, "SENSITIVE"):
            cls = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
        elif cls in ("CONFIDENTIAL", "SECRET") and has_word(top, "NOFORN"):
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
        origin=(meta.get("origin") or "").strip() or origin_from_fm(hf["fm"]),
        classification=cls, references=refs, tags=read_tags(pre), subject=subject,
        signer=find_signer(nb) if completeness != "excerpt" or len(nb) < 20000 else None,
        classified_by=REASON_RE.sub("", cby["v"]).strip() or None if cby else None,
        declassify_on=decl_date(decl), internal_id=int(meta["iid"]) if meta.get("iid") else None,
        transmission_id=hm["tid"] if header and (hm := HEADER_RE.search(header)) else None,
        dtg=hf["dtg"], fm=hf["fm"], to=tuple(hf["to"]), info=tuple(hf["info"]),
        sipdis="SIPDIS" in pre, eo_line=" ".join(eo["eo"].split()) if eo else None,
        station=station, serial=serial, paragraphs=read_paragraphs(nb, intro_end), text=nb,
        completeness=completeness,
    )

