"""The cable grammar: ``parse_cable`` and ``canonical_id``, one module per part of a cable.

Pure: text in, ``Cable`` out. The parts: ``ids`` (IDs, mentions, URLs) and ``stations``
(with ``stations.csv``), ``header`` (routing headers of every era), ``classification`` (the
body's classification line), ``sections`` (E.O., TAGS, SUBJECT, Classified By), ``refs``,
``paragraphs`` (and page breaks), ``signer`` (and footers), ``views`` (the metadata that
pasted layouts carry: CSV rows, metadata blocks, viewer tables). Never invents an ID:
without a year it says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from datetime import date, datetime

from .classification import (  # noqa: F401
    CLASS_ANYWHERE_RE,
    CLASS_LINE_RE,
    body_classification,
    find_class_line,
    level_of,
    line_station,
    normalise_classification,
    station_without_serial,
)
from .header import (  # noqa: F401
    DATE_LINE_RE,
    DE_LINE_RE,
    DTG_HEADER_RE,
    DTG_RE,
    HEADER_RE,
    MONTHS,
    PAGE_ONE_RE,
    date_line_time,
    dtg_time,
    find_header,
    header_fields,
    origin_from_fm,
    utc,
    year4,
)
from .ids import CABLE_URL_RE, ID_MENTION_RE, ID_SHAPE_RE, canonical_id, is_cable_id  # noqa: F401
from .models import Cable, Completeness
from .paragraphs import (  # noqa: F401
    EXCERPT_RE,
    INLINE_PARAGRAPH_RE,
    MARKING_RE,
    PARAGRAPH_RE,
    PARTIAL_RE,
    clean_body,
    first_paragraph,
    has_word,
    page_breaks,
    paragraph_marks,
    read_paragraphs,
    remove_page_breaks,
)
from .refs import find_ref_block, parse_refs  # noqa: F401
from .scan import class_anywhere
from .sections import (  # noqa: F401
    CLASSIFIED_BY_RE,
    DECL_RE,
    EO_RE,
    REASON_RE,
    classified_by,
    decl_date,
    declassify_on,
    find_classified_by,
    read_subject,
    read_tags,
)
from .mirrors import META_LOOSE_TIMED_RE
from .signer import FOOTER_LINE_RE, NOT_SIGNERS, SIGNER_RE, find_signer  # noqa: F401
from .stations import STATIONS, canonical_station, origin_by_tags, origin_of, station_from_fm
from .textspan import unify_line_breaks
from .views import (  # noqa: F401
    CSV_ROW_RE,
    META_RE,
    TAB_ROW_RE,
    VIEWER_META_RE,
    VIEWING_RE,
    parse_created,
    read_csv_fields,
    read_csv_row,
    read_mirror_dump,
)

_LAYOUT_WINDOW = 12_000  # a routing header plus metadata never runs longer than this
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")
_PUBLISHED_RE = re.compile(r"^(?P<yy>[0-9]{2})(?P<station>[A-Z]+)(?P<serial>[0-9]{1,7})$")
# A page-break line carries station and serial when the classification line is lost.
_PAGE_BREAK_ID_RE = re.compile(
    r"^[ \t\xa0]*(?P<station>[A-Z][A-Z ]{1,30}?)[ \t\xa0]+(?P<serial>[0-9]{8})[ \t\xa0]+[0-9]{3}(?:\.[0-9])?[ \t\xa0]+OF[ \t\xa0]+[0-9]{3}",
    re.MULTILINE,
)
_METADATA = (CSV_ROW_RE, META_RE, TAB_ROW_RE, VIEWER_META_RE, META_LOOSE_TIMED_RE)  # the last: mirrors.py


@lru_cache(maxsize=16384)  # (Speed: pure, one short string in)
def published_id(ref: str) -> str | None:
    """A published ID as WikiLeaks wrote it (``04TAIPEI1234`` stays); a malformed one mended."""
    key = "".join(ref.split()).upper()
    if key.endswith(("_A", "_B", "_C", "_D")):
        key = key[:-2]
    m = _PUBLISHED_RE.match(key)
    if m is not None and m["station"] in STATIONS and int(m["serial"]):
        return f"{m['yy']}{m['station']}{int(m['serial'])}"
    return canonical_id(key)


# Line starts worth trying the metadata layouts at (all begin with a digit, the viewer's
# "Reference ID" label or a mirror dump's "id:", maybe after "[code]"). Two patterns so the scan
# is literal-led: the text's first line, then every line after a "\n" (a ``(?:^|\n)`` front is
# tried at every character).
_HINT = r"[ \t\xa0]*(?:\[code\]|)(?=[0-9]|<<[0-9]|Reference[ \t\xa0]+ID|(?:\.\.\.)?[Ii][Dd]:)"
_FIRST_HINT_RE = re.compile(_HINT)
# (Speed: after the newline, a lookahead on what a hint line can start with, blanks and "[" for
# "[code]" too: a line starting otherwise fails before the blanks' repeat. tests/test_block_speed.py
# checks it against the scan without it.)
_LINE_HINT_RE = re.compile(r"\n(?=[ \t\xa0\[0-9<R.Ii])" + _HINT)
# A mirror's page shows a cut preview of the cable ("...") and then its full dump: the dump's
# "id:" line may come after the preview's classification line, within this many characters.
_DUMP_AFTER_PREVIEW = 3000
_DUMP_ID_LINE_RE = re.compile(
    r"""
    \n[ \t\xa0]*(?:\.\.\.)?      # a line start ("\n" leads, so the scan is literal-led), maybe after "..."
    [Ii][Dd]:[ \t\xa0]*[0-9]     # "id: 130835"
    """,
    re.VERBOSE,
)


def _hint_starts(text: str, head: int) -> Iterator[int]:
    """The starts of the lines before ``head`` worth trying the metadata layouts at, in order."""
    if _FIRST_HINT_RE.match(text, 0, head) is not None:
        yield 0
    for h in _LINE_HINT_RE.finditer(text, 0, head):
        yield h.start() + 1


def _metadata(text: str, head: int) -> tuple[dict, str | None, str | None, int]:
    """(metadata, header, body, where the rest starts) from the first metadata layout in ``text``."""
    found = None
    for ls in _hint_starts(text, head):
        for k, rx in enumerate(_METADATA):
            if (m := rx.match(text, ls, head)) is not None:
                found = (k, m)
                break
        if found is not None:
            break
        # A dump is what the user copied from a mirror's page: under a routing header it is a
        # stray copy inside another cable's text, and the header's cable is the one pasted.
        if (dump := read_mirror_dump(text, ls)) is not None and (ls == 0 or find_header(text, 0, ls) is None):
            return dump[0], None, None, dump[1]
    if found is None:
        return {}, None, None, 0
    k, m = found
    if k == 0:
        meta, header, body = read_csv_row(text, m)
        return meta, header, body, m.end()
    groups = m.groupdict()
    meta = {key: groups.get(key) for key in ("iid", "created", "ref", "origin", "cls", "refs")}
    return meta, None, None, m.end()


def _dump_after_preview(text: str, first: re.Match) -> tuple[dict, int]:
    """(metadata, where its header starts) of a mirror dump under a cut preview of the same cable."""
    end = min(len(text), first.end() + _DUMP_AFTER_PREVIEW)
    if text.find("d:", first.end(), end) == -1 and text.find("D:", first.end(), end) == -1:
        return {}, 0  # (Speed: every dump's id line holds "id:" in some case; most cables have none)
    for m in _DUMP_ID_LINE_RE.finditer(text, first.end(), end):
        if (dump := read_mirror_dump(text, m.start() + 1)) is None:
            continue
        ref = published_id(dump[0]["ref"]) if dump[0]["ref"] else None
        station = line_station(first["station"])
        # The preview is of the dumped cable: its classification line names the same station and serial.
        if ref is not None and station is not None and ref[2:] == f"{station}{int(first['serial'])}":
            return dump
        return {}, 0
    return {}, 0


def _header_block(text: str, start: int, end: int) -> str:
    """The routing header from ``start``: to ``end`` (the body), else to the blank line after FM/TO."""
    if end > start:
        return text[start:end]
    fm = re.compile(r"^[ \t\xa0]*(?:FM|TO|INFO)[ \t\xa0]", re.M).search(text, start, start + 6000)
    blank = _BLANK_LINE_RE.search(text, fm.end() if fm else start)
    return text[start : blank.start() if blank else len(text)]


def parse_cable(
    text: str, year: int | None = None, ref_id: str | None = None, *, ref_id_evidence: str = "url"
) -> Cable:
    """Read one pasted cable in any layout; ``year``/``ref_id`` come from outside (URL).

    ID evidence, strongest first: metadata (CSV row, metadata block, viewer table), ``ref_id``
    when it agrees with the classification line, station + serial with the year of the DTG,
    the created date or ``year``. Without a year the ID stays None and ``id_missing_reason``
    says why.
    """
    text = unify_line_breaks(text)  # (a copy that breaks lines with U+2028 too: textspan.py)
    head = min(len(text), _LAYOUT_WINDOW)
    first = _class_after(text, 0, head)  # metadata and headers come before it: bound their scans
    bound = min(head, first.start() + 1) if first is not None else head
    meta, header, body, rest = _metadata(text, bound)
    if not meta and first is not None:
        meta, rest = _dump_after_preview(text, first)
    src = text
    csv_partial = body is not None and header is None  # a CSV row with an empty header field
    if body is not None:  # a CSV row: its own header and body fields
        src = (header + "\n\n" if header else "") + body
        rest, head = 0, min(len(src), _LAYOUT_WINDOW)
        first = _class_after(src, 0, head)
        bound = min(head, first.start() + 1) if first is not None else head
    elif first is not None and first.start() < rest:
        first = _class_after(src, rest, head)
        bound = min(head, first.start() + 1) if first is not None else head
    hm = find_header(src, rest, bound)
    cm = first
    if hm is None and first is not None:  # a caption line ("UNCLASSIFIED STATE 00100153") above the header
        hm = find_header(src, first.end(), min(head, first.end() + 200))
        cm = _class_after(src, hm.end(), head) if hm is not None else None
        if cm is None:
            hm, cm = None, first
    late = find_header(src, cm.end(), head) if hm is None and cm is not None else None  # DTG and FM only
    partial = csv_partial or PARTIAL_RE.search(src, 0, min(head, 600)) is not None
    if hm is not None:
        header = _header_block(src, hm.start(), cm.start() if cm is not None and cm.start() > hm.start() else -1)
    if cm is not None:
        body = src[cm.start() :]
    elif hm is not None:
        body = src[hm.start() + len(header) :]
    else:
        body = src[rest:]
    nb = clean_body(body)
    hf = header_fields(header if header else _header_block(src, late.start(), -1) if late else "")

    cl = find_class_line(nb, min(len(nb), 3000))
    station = line_station(cl["station"]) if cl else None
    serial = int(cl["serial"]) if cl else None
    if late is not None and station is not None and station_from_fm(hf["fm"]) not in (None, station):
        # A header under the classification line that names another post is the next cable's
        # (a dump pasted after this one): its FM and DTG are not this cable's (tuning: 2 origins
        # fixed, none broken).
        late, hf = None, header_fields("")
    if station is None and (po := hf["page_one"]) is not None:
        station, serial = line_station(po["station"]), int(po["serial"])
    foreign = False  # whether the text under the routing header is another cable's
    if (de := hf["de"]) is not None and (st := station_from_fm(hf["fm"])) is not None and (
        station is None or (int(de["serial"]) % 10000 != serial % 10000 and (st != station or _own_de(src, serial)))
    ):
        # No line in the body, or one naming another post and serial than the header's FM and DE
        # lines (DE keeps the serial's last four digits), or the same post with another serial when
        # the body carries a routing header of its own with the line's serial (a dumped cable): the
        # text under the header is another cable's, and the header's is the cable pasted (its
        # origin comes from FM too). On the tuning part the same-post case fixes 2 IDs, breaks 0.
        foreign = station is not None
        station, serial = st, int(de["serial"])
    if station is None and (pb := _PAGE_BREAK_ID_RE.search(body)) is not None:
        station, serial = line_station(pb["station"]), int(pb["serial"])
        if station is None:
            serial = None
    first_para = first_paragraph(nb, 4000)
    pre = nb[: 4000 if first_para is None else first_para]
    subject, subject_end = read_subject(pre)
    eo, decl = declassify_on(pre)
    cby = find_classified_by(nb[:6000])
    cby_name, cby_title = classified_by(cby, nb[:6000])

    created = parse_created(meta.get("created") or "")
    dm = hf["dtg_m"]
    if created is None and dm is not None:
        created = dtg_time(dm)
    if created is None:
        created = date_line_time(src[:head])
    if late is not None and year is not None:  # a header after the body's first line is weaker than ``year``
        yy = year % 100
    else:
        yy = int(dm["yy"]) if dm is not None else (created.year % 100 if created else (year % 100 if year else None))

    cid, evidence, reason = published_id(meta.get("ref") or ""), "metadata", None
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
        elif cl is None and not meta and header is None:
            reason = "excerpt: no metadata, header or classification line"
        else:
            reason = "no metadata, URL or classification line gives an ID"

    cls = normalise_classification(meta.get("cls"))
    if cls is None:
        level, when = level_of(cl["cls"]) if cl else None, _when(created, year, decl)
        if (hl := hf["level"]) is not None and level is not None and (level != hl or foreign):
            # The routing header and the body's line are written by the same system and always
            # agree: when they do not, the text under the header is another cable's, so the
            # header's letters give the level and that text's caveats are not this cable's.
            cls = body_classification(hl, "", "", when=when)
        else:
            cls = body_classification(level or hl, pre, nb, when=when)
    # References: those the metadata lists (a CSV row's field, a dump's destination: line), as
    # published, then the cable's own REF block's others in the block's order (A, B, C ...): a
    # published list is often thinner than the block (on the tuning part 17 cables gain references
    # from their block, none loses one). A block item with the station and serial of a listed one
    # is that reference (where the two years differ the listed one was right in 3 of 4 tuning
    # cables), so it is not added again.
    block = find_ref_block(nb[:6000] if first_para is None else nb[: max(first_para, 1)] + "\n\n")
    ref_year = int(cid[:2]) if cid else yy
    refs = parse_refs(block, year=ref_year, own_id=cid) if block else ()
    if meta.get("refs"):
        listed = tuple(dict.fromkeys(r for r in map(canonical_id, re.split(r"[|,\s]+", meta["refs"])) if r and r != cid))
        seen = {r[2:] for r in listed}
        refs = listed + tuple(r for r in refs if r[2:] not in seen)
    origin = (meta.get("origin") or "").strip() or None
    tags = read_tags(pre)
    if origin is None and hf["fm"] is None:  # a station several posts send as: its TAGS tell which
        origin = origin_by_tags(station, tags)
    if origin is None:
        origin = origin_from_fm(hf["fm"], station)
    if origin is None and cl is None:
        # the REF block's stations need no year: any year reads them when the cable gives none
        cited = refs if refs or not block or ref_year is not None else parse_refs(block, year=0)
        origin = origin_of(station_without_serial(nb, min(len(nb), 400)) or _own_refs_station(cited))
    if subject is None and (vm := VIEWING_RE.search(text, 0, head)) is not None:
        subject = vm["subject"].strip() or None
    partial = partial or PARTIAL_RE.search(nb[:300]) is not None
    completeness: Completeness = (
        "partial_extract" if partial else "full" if (cl is not None or header is not None) else "excerpt"
    )
    intro_end = max(subject_end, cby.end() if cby else 0)
    tm = HEADER_RE.search(header) if header else None
    return Cable(
        id=cid, id_evidence=evidence, id_missing_reason=reason, created=created, origin=origin,
        classification=cls, references=refs, tags=tags, subject=subject,
        signer=find_signer(nb) if completeness != "excerpt" or len(nb) < 20000 else None,
        classified_by=cby_name, classified_by_title=cby_title,
        declassify_on=decl, internal_id=int(meta["iid"]) if meta.get("iid") else None,
        transmission_id=tm["tid"] if tm else None,
        dtg=hf["dtg"], fm=hf["fm"], to=tuple(hf["to"]), info=tuple(hf["info"]),
        sipdis="SIPDIS" in pre, eo_line=" ".join(eo["eo"].split()) if eo else None,
        station=station, serial=serial, paragraphs=read_paragraphs(nb, intro_end), text=nb,
        completeness=completeness,
    )


def _own_de(text: str, serial: int) -> bool:
    """Whether ``text`` holds a DE line with ``serial`` (its last four digits) in its first 8,000 characters."""
    return any(int(m["serial"]) % 10000 == serial % 10000 for m in DE_LINE_RE.finditer(text, 0, 8000))


def _own_refs_station(refs: tuple[str, ...]) -> str | None:
    """The station more than half of a cable's references name: posts cite their own cables first.

    Only for a text with no classification line or header (on the corpus's tuning part the
    majority station of a cable's REF block is its own in 92% of cables).
    """
    stations = [m["station"] for r in refs if (m := _PUBLISHED_RE.match(r)) is not None]
    for st in dict.fromkeys(stations):
        if 2 * stations.count(st) > len(refs):
            return st
    return None


def _when(created: datetime | None, year: int | None, decl: date | None) -> tuple[int, int | None] | None:
    """The cable's (year, month): from its created time, else the year given and the month of its
    declassification date when that is a whole term of years on (5 to 30, counted from the day the
    cable was drafted: on the corpus's tuning part the month is the cable's in 92% of such dates)."""
    if created is not None:
        return created.year, created.month
    if year is None:
        return None
    term = decl.year - year if decl is not None else 0
    return year, decl.month if decl is not None and term in (5, 10, 15, 20, 25, 30) else None


def _class_after(text: str, start: int, head: int) -> re.Match | None:
    """The first real classification line at or after ``start``."""
    for m in class_anywhere(CLASS_ANYWHERE_RE, text, start, head):  # (Speed: CLASS_ANYWHERE_RE.finditer's matches)
        if level_of(m["cls"]) is not None and line_station(m["station"]) is not None:
            return m
    return None


__all__ = ["Cable", "canonical_id", "is_cable_id", "origin_of", "canonical_station", "parse_cable", "published_id"]
