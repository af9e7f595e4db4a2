"""Split a post's own text into commentary and cable segments.

Pure: the text in, ``Segment`` tuples out; offsets tile the text exactly. Where each
pasted cable starts and ends is asked of ``cables.layouts`` (per layout, from the cable's
own evidence); this module only tiles the text and gives each cable the year or ID the
post supplies (a viewer URL before it, its DTG or date line), and holds each paste to the
``[code]`` block it was put in (``code_blocks``: the markup marks where it starts and ends).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from .cables.models import Segment
from .cables import CABLE_URL_RE, canonical_id, parse_cable
from .cables.layouts import Pasted, find_pasted
from .cables.textspan import unify_line_breaks

log = logging.getLogger(__name__)


def split_post(text: str, code_blocks: Sequence[str] = ()) -> tuple[Segment, ...]:
    """Return the ordered commentary/cable segments of ``text``; never raises.

    ``code_blocks``: the text of the post's code blocks, in order, as the page parser read
    them (``Post.code_blocks``); each is found in ``text`` and bounds the pastes in it.
    """
    if not isinstance(text, str):
        return ()
    try:
        # (Read with "\n" for every line break; the segments' offsets hold for ``text`` itself.)
        view = unify_line_breaks(text)
        return _split(view, code_spans(view, [unify_line_breaks(b) for b in code_blocks]))
    except Exception:  # a grammar bug must not lose a post: keep it all as commentary
        log.exception("split_post failed; keeping the post as commentary")
        return (Segment(kind="commentary", start=0, end=len(text)),) if text else ()


def _split(text: str, spans: Sequence[tuple[int, int]] = ()) -> tuple[Segment, ...]:
    pasted = find_pasted(text)
    if spans and pasted:
        pasted = _held_to_code(text, pasted, spans)
    segments: list[Segment] = []
    pos = 0
    for p in pasted:
        if p.start > pos:
            segments.append(Segment(kind="commentary", start=pos, end=p.start))
        # An excerpt's ID is decided by relate_post (known copies first), not by a URL.
        url_id, url_year = (None, None) if p.layout == "excerpt" else _url_for(text, pos, p.start, len(pasted))
        ref_id, evidence = (p.ref_id, "viewer_title") if p.ref_id else (url_id, "url")
        year = url_year or p.year
        cable = parse_cable(text[p.start : p.end], year=year, ref_id=ref_id, ref_id_evidence=evidence)
        if p.ref_id and cable.id_evidence != "metadata" and (published := canonical_id(p.ref_id)):
            # The viewer page's own title names the published ID: it is never rewritten.
            cable = replace(cable, id=published, id_evidence="viewer_title", id_missing_reason=None)
        elif url_id and cable.id_evidence == "station_serial" and cable.id != url_id and _link_right_above(text, pos, p.start, url_id):
            # The link line right above the paste is the page it was copied from, and its ID the
            # published one, even when the text's own line names another serial: WikiLeaks
            # published some cables with another cable's body (14 of the tuning part's 4,416).
            cable = replace(cable, id=url_id, id_evidence="url", id_missing_reason=None)
        segments.append(Segment(kind="cable", start=p.start, end=p.end, cable=cable))
        pos = p.end
    if pos < len(text):
        segments.append(Segment(kind="commentary", start=pos, end=len(text)))
    return tuple(segments)


def code_spans(text: str, code_blocks: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Where each code block's text stands in ``text`` (its ends stripped of blank space), in
    order; a block not found there (a quote's) is left out."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for block in code_blocks:
        inner = block.strip()
        if not inner:
            continue
        at = text.find(inner, pos)
        if at == -1:
            continue
        spans.append((at, at + len(inner)))
        pos = at + len(inner)
    return tuple(spans)


# A word in lowercase: a user's note has one (a cable's top in capitals, its DTG, has none).
_LOWER_WORD_RE = re.compile(r"\b[a-z]{3,}\b")
_BLANK_LINE_RE = re.compile(r"\n[ \t\xa0]*\n\s*")


def _held_to_code(text: str, pasted: Sequence[Pasted], spans: Sequence[tuple[int, int]]) -> list[Pasted]:
    """Each paste that starts in a code block ends in it, and the block's text from its first
    paste on is all pasted: a paste runs on to the next one in the block, and the block's last
    paste ends at the block's end.

    The user put the cable's text in the block to keep its layout: his own words under it
    are outside it, and the block's last lines (a form, a table, a signer the grammar did not
    take for the end) are the cable's. So is a line between two pastes in one block (a mirror's
    "Classified By:" line the grammar read as the end of one paste and the start of no other):
    the user pastes his cables into a block, he does not type between them there. Text above
    the block's first paste may be his ("My notes first."): only its blocks right above the
    paste with no word in lowercase are the cable's (``_top_above``).
    """
    out = list(pasted)
    for a, b in spans:
        inside = [k for k, p in enumerate(out) if a <= p.start < b]
        if inside and (top := _top_above(text, a, out[inside[0]].start)) < out[inside[0]].start:
            out[inside[0]] = replace(out[inside[0]], start=top)
        for n, k in enumerate(inside):
            p = out[k]
            end = out[inside[n + 1]].start if n + 1 < len(inside) else b
            if end != p.end:
                out[k] = replace(p, end=end)
    return out


def _top_above(text: str, a: int, start: int) -> int:
    """Where the cable's top starts above a paste at ``start`` in a code block from ``a``: the
    blank-line blocks right above it with no word in lowercase (a top the grammar did not read:
    "301931Z OCT 09" / "From: AMCONSUL TIJUANA" over a mirror's record); a user's note typed
    above them has one."""
    last = None
    for last in _LOWER_WORD_RE.finditer(text, a, start):
        pass
    if last is None:
        return a
    gap = _BLANK_LINE_RE.search(text, last.end(), start)
    return gap.end() if gap is not None and text[gap.end() : start].strip() else start


def _link_right_above(text: str, gap_start: int, start: int, url_id: str) -> bool:
    """Whether the last line of the user's words before a paste is a link to ``url_id``'s page."""
    end = len(text[gap_start:start].rstrip()) + gap_start
    line = text[text.rfind("\n", gap_start, end) + 1 or gap_start : end]
    m = CABLE_URL_RE.search(line)
    return m is not None and len(line.split()) == 1 and canonical_id(m["id"]) == url_id  # (the link alone on its line)


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
