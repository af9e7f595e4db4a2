"""Split a post's own text into commentary and cable segments.

Pure: the text in, ``Segment`` tuples out; offsets tile the text exactly. Where a cable
starts and ends is read from the text (layout anchors, signer, the "Classified Web Site"
footer, the next cable, the user's words resuming after an excerpt), never from lengths.
"""

from __future__ import annotations

import logging
import re

from .cables.models import Segment
from .cables import (
    CABLE_URL_RE,
    CLASS_LINE_RE,
    CSV_ROW_RE,
    EXCERPT_RE,
    HEADER_RE,
    META_RE,
    NOT_SIGNERS,
    PARTIAL_RE,
    SIGNER_RE,
    canonical_id,
    page_breaks,
    parse_cable,
    read_csv_fields,
)

log = logging.getLogger(__name__)

_WS = " \t\r\n\xa0"
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")
# A line ending in a capital: the only lines where SIGNER_RE can match.
_CAPS_EOL_RE = re.compile(r"[A-Z][ \t\xa0]*(?![^\n])")
FOOTER_RE = re.compile(r"Visit[ \t\xa0]+[^\n]{0,60}?Classified[ \t\xa0]+Web[ \t\xa0]*Site")
# What the next block of an excerpt must look like to still be cable text.
CONTINUATION_RE = re.compile(
    r"""
    [ \t\xa0]*(?:
        ¶[0-9]                                   # next numbered paragraph
      | [0-9]{1,2}\.[ \t\xa0]+\(                 # "2. (C)"
      | --                                       # bullet or dashed heading
      | Visit[ \t\xa0]                           # footer
    )
    """,
    re.VERBOSE,
)
_BODY_BOUNDS = (CSV_ROW_RE, META_RE, HEADER_RE, CLASS_LINE_RE)
_ANCHORS = (CSV_ROW_RE, META_RE, HEADER_RE, CLASS_LINE_RE, EXCERPT_RE)
# A cheap first pass over line starts (a literal "\n" prefix scans fast); each hit is
# then confirmed by the exact anchor regexes above.
_LINE_HINT_RE = re.compile(
    r"""
    \n[ \t\xa0]*(?:\[code\])?
    (?: [0-9]{1,7}(?:,|[ \t\xa0]*\r?\n|\.[ \t\xa0]+\()   # CSV row, metadata block, "1. (C)"
      | VZCZC                      # routing header
      | UNCLAS | C[ ]?O[ ]?N[ ]?F | (?i:c[ ]o[ ]n[ ]f) | S[ ]?E[ ]?C[ ]?R | (?i:s[ ]e[ ]c[ ]r)   # body
      | ¶ | This[ ]record )         # excerpt, partial extract
    """,
    re.VERBOSE,
)


def _next_anchor(text: str, pos: int, kinds: tuple[re.Pattern, ...], endpos: int | None = None):
    """First line start at or after ``pos`` where one of ``kinds`` matches: (match, kind)."""
    end = len(text) if endpos is None else endpos
    p = pos
    if p == 0 or text[p - 1] == "\n":
        for rx in kinds:
            if (m := rx.match(text, p, end)) is not None:
                return m, rx
    while (h := _LINE_HINT_RE.search(text, max(p - 1, 0) if p else 0, end)) is not None:
        ls = h.start() + 1
        if ls >= pos:
            for rx in kinds:
                if (m := rx.match(text, ls, end)) is not None:
                    return m, rx
        p = ls + 1
    return None, None


def split_post(text: str) -> tuple[Segment, ...]:
    """Return the ordered commentary/cable segments of ``text``; never raises."""
    if not isinstance(text, str):
        return ()
    try:
        return _split(text)
    except Exception:  # a grammar bug must not lose a post: keep it all as commentary
        log.exception("split_post failed; keeping the post as commentary")
        return (Segment(kind="commentary", start=0, end=len(text)),) if text else ()


def _split(text: str) -> tuple[Segment, ...]:
    spans = _cable_spans(text)
    segments: list[Segment] = []
    pos = 0
    for start, end, excerpt in spans:
        if start > pos:
            segments.append(Segment(kind="commentary", start=pos, end=start))
        # An excerpt's ID is decided by relate_post (known copies first), not by a URL.
        url_id, url_year = (None, None) if excerpt else _url_for(text, pos, start, len(spans))
        cable = parse_cable(text[start:end], year=url_year, ref_id=url_id)
        segments.append(Segment(kind="cable", start=start, end=end, cable=cable))
        pos = end
    if pos < len(text):
        segments.append(Segment(kind="commentary", start=pos, end=len(text)))
    return tuple(segments)


def _cable_spans(text: str) -> list[tuple[int, int, bool]]:
    spans: list[tuple[int, int, bool]] = []
    bounds = _Bounds(text)
    pos = 0
    while pos < len(text):
        best, kind = _next_anchor(text, pos, _ANCHORS)
        if best is None:
            break
        start = best.start() + len(best.group()) - len(best.group().lstrip(_WS))
        if kind is EXCERPT_RE:
            end = _excerpt_end(text, start, bounds.after(start))
        else:
            end = _cable_end(text, start, bounds)
        if end <= start:
            pos = max(pos + 1, text.find("\n", start) + 1 or len(text))
            continue
        spans.append((start, end, kind is EXCERPT_RE))
        pos = end
    return spans


def _line_start(text: str, p: int) -> int:
    return text.rfind("\n", 0, p) + 1


def _skip_ws(text: str, p: int) -> int:
    n = len(text)
    while p < n and text[p] in _WS:
        p += 1
    return p


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _WS:
        end -= 1
    return end


class _Bounds:
    """Where the next cable (of any full layout) starts after a point, scanning each stretch once.

    The first ``_BODY_BOUNDS`` line found from ``q`` is also the first from any later point
    up to that line (``_LINE_HINT_RE`` admits every such line), so one scan serves the
    header, metadata and body of a cable alike.
    """

    __slots__ = ("text", "_scanned_from", "_anchor_line", "_anchor")

    def __init__(self, text: str) -> None:
        self.text = text
        self._scanned_from = self._anchor_line = -1
        self._anchor = len(text)

    def after(self, after: int) -> int:
        """Where the next cable starts after the line holding ``after`` ([/code] ends one too)."""
        text = self.text
        line_end = text.find("\n", after)
        if line_end == -1:
            return len(text)
        q = line_end + 1
        if not self._scanned_from <= q <= self._anchor_line:
            m, _ = _next_anchor(text, q, _BODY_BOUNDS)
            self._scanned_from = q
            self._anchor_line = m.start() if m is not None else len(text)
            self._anchor = _skip_ws(text, m.start()) if m is not None else len(text)
        best = self._anchor
        code_end = text.find("[/code]", after, best)
        return code_end if code_end != -1 else best


def _cable_end(text: str, start: int, bounds: _Bounds) -> int:
    """Consume header / metadata / CSV parts of one cable, then its body; return the end."""
    tid = ref = None
    pos = consumed = start
    while True:
        p = _skip_ws(text, pos)
        if p >= len(text):
            break
        ls = _line_start(text, p)
        if (m := CSV_ROW_RE.match(text, ls)) is not None:
            fields, end, closed = read_csv_fields(text, m.start("iid"))
            row_ref = canonical_id(text[fields[2][0] : fields[2][1]]) if len(fields) > 2 else None
            if ref is not None and row_ref not in (None, ref):
                break
            if closed or len(fields) < 8:
                return end
            return _body_end(text, fields[7][0], bounds.after(fields[7][0]))
        if (m := META_RE.match(text, ls)) is not None:
            if ref is not None and canonical_id(m["ref"]) != ref:
                break
            ref, pos = canonical_id(m["ref"]), m.end()
            consumed = _rstrip_end(text, start, m.end())
            continue
        if (m := HEADER_RE.match(text, ls)) is not None:
            if tid is not None and m["tid"] != tid:
                break
            tid = m["tid"]
            blank = _BLANK_LINE_RE.search(text, m.end())
            stop = min(blank.start() if blank else len(text), bounds.after(m.end()))
            prev, pos = pos, _rstrip_end(text, start, stop)
            consumed = pos
            if pos <= prev:  # "VZCZC...[/code]": the same header line again, stop here
                break
            continue
        if CLASS_LINE_RE.match(text, ls) is not None or PARTIAL_RE.match(text, p) is not None:
            return _body_end(text, p, bounds.after(p))
        break
    return consumed


def _body_end(text: str, body_start: int, bound: int) -> int:
    """End of a body: after the signer (or the footer), else at the next cable/the end."""
    footer = FOOTER_RE.search(text, body_start, bound)
    if footer is not None:
        for m in SIGNER_RE.finditer(text, footer.end(), min(bound, footer.end() + 400)):
            if not any(w in NOT_SIGNERS for w in m["name"].split()):
                return _rstrip_end(text, body_start, m.end())
        blank = _BLANK_LINE_RE.search(text, footer.end(), bound)
        return _rstrip_end(text, body_start, blank.start() if blank else bound)
    pos = body_start
    while (caps := _CAPS_EOL_RE.search(text, pos, bound)) is not None:
        line_start = text.rfind("\n", body_start, caps.start()) + 1 or body_start
        line_end = caps.end()  # at the "\n" or at the bound
        pos = line_end + 1
        tail = text[line_start:line_end].rstrip(_WS)
        if tail[-3:].isupper() and tail[-3:].isalpha():  # cheap filter before the regex
            m = SIGNER_RE.search(text, max(line_start, line_end - 80), line_end)
            if m is not None and not any(w in NOT_SIGNERS for w in m["name"].split()):
                q = _skip_ws(text, m.end())
                if q >= bound or not _looks_like_cable(text, q):
                    return _rstrip_end(text, body_start, m.end())
    return _rstrip_end(text, body_start, bound)


def _looks_like_cable(text: str, p: int) -> bool:
    """Whether the block starting at ``p`` continues a cable (paragraph, bullet, page break)."""
    if CONTINUATION_RE.match(text, p) is not None:
        return True
    line_end = text.find("\n", p)
    line = text[p : len(text) if line_end == -1 else line_end]
    breaks = page_breaks(line)
    return bool(breaks) and breaks[0][0] <= len(line) - len(line.lstrip(_WS)) + 1


def _excerpt_end(text: str, start: int, bound: int) -> int:
    """An excerpt runs paragraph by paragraph while the next block still looks like cable."""
    pos = start
    while True:
        blank = _BLANK_LINE_RE.search(text, pos, bound)
        if blank is None:
            return _body_end(text, start, bound) if FOOTER_RE.search(text, start, bound) else _rstrip_end(text, start, bound)
        q = _skip_ws(text, blank.end())
        if q >= bound or not _looks_like_cable(text, q):
            return _rstrip_end(text, start, blank.start())
        pos = q


def _url_for(text: str, gap_start: int, start: int, n_cables: int) -> tuple[str | None, int | None]:
    """The cable URL introducing a cable: the last one in the gap before it, else the post's only one."""
    found = [m for m in CABLE_URL_RE.finditer(text, gap_start, start)]
    if not found and n_cables == 1:
        ids = {canonical_id(m["id"]) for m in CABLE_URL_RE.finditer(text)}
        found = [m for m in CABLE_URL_RE.finditer(text)] if len(ids) == 1 else []
    for m in reversed(found):
        cid = canonical_id(m["id"])
        if cid is not None:
            return cid, int(m["y"]) if m["y"] else None
    return None, None
