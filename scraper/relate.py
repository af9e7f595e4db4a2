"""Relate one post to the cables it pastes, quotes, links or mentions.

Pure: the post's text, links, quotes, subject and a lookup of cable copies already known
(from earlier posts) in; ``PostCables`` out. One relation per (post, cable), strongest
wins: pasted > quoted > linked > mentioned. Reference IDs inside cable text (REF lines,
metadata reference fields) are the cable's ``references``, never relations of the post.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from .cables.models import RELATION_RANK, CableCopy, PostCables, Relation, Segment
from .cables import CABLE_URL_RE, ID_MENTION_RE, canonical_id
from .split import split_post

KnownCopies = Mapping[str, Sequence[str]] | Callable[[str], Sequence[str]]
MsgCopies = Mapping[int, Sequence[tuple[str | None, str]]]

# Removing a [quote] block leaves two or more blank lines: the commentary breaks there.
_GAP_RE = re.compile(r"\n[ \t\xa0\r]*\n[ \t\xa0\r]*\n")
_GAP_LINE_RE = re.compile(r"\n[ \t\xa0\r]*\n")
_WORD_RE = re.compile(r"[a-z0-9]+")
_SHINGLE = 6
_MATCH_THRESHOLD = 0.5  # share of an excerpt's 6-word shingles found in a known copy


def relate_post(
    text: str,
    links: Iterable[tuple[str, str]] = (),
    quotes: Iterable[tuple[int | None, str]] = (),
    subject: str = "",
    known: KnownCopies | None = None,
    *,
    msg_copies: MsgCopies | None = None,
    code_blocks: Sequence[str] = (),
) -> PostCables:
    """Return the post's commentary, segments, cable copies and relations.

    ``known`` maps cable_id -> texts of copies seen before (or is a callable doing the
    same); ``msg_copies`` maps a msg_id -> [(cable_id, copy_text)] for quoted posts;
    ``code_blocks``: the texts of the post's own code blocks (a paste ends in its block).
    """
    segments = list(split_post(text, code_blocks))
    commentary_parts = [text[s.start : s.end] for s in segments if s.kind == "commentary"]
    commentary = "\n".join(
        piece.strip()
        for part in commentary_parts
        for piece in _GAP_RE.split(part)
        if piece.strip()
    )
    linked = _linked_ids(commentary_parts, links)
    mentioned = _mentioned_ids(commentary_parts, linked)
    subject_ids = [i for i in (canonical_id(m["id"], strict=True) for m in ID_MENTION_RE.finditer(subject or "")) if i]
    hints = list(dict.fromkeys([*linked, *mentioned, *subject_ids]))

    copies: list[CableCopy] = []
    best: dict[str, tuple[int, Relation]] = {}

    def relate(cable_id: str | None, relation: str, evidence: str) -> None:
        if cable_id is None:
            return
        rank = RELATION_RANK[relation]
        if cable_id not in best or rank < best[cable_id][0]:
            best[cable_id] = (rank, Relation(cable_id=cable_id, relation=relation, evidence=evidence))

    for k, seg in enumerate(segments):
        if seg.kind != "cable" or seg.cable is None:
            continue
        seg_text = text[seg.start : seg.end]
        lead = _lead_id(text, segments[k - 1]) if k and segments[k - 1].kind == "commentary" else None
        cid, evidence = _resolve(seg, seg_text, known, (), linked, mentioned, subject_ids, hints, lead)
        copies.append(CableCopy(cable_id=cid, start=seg.start, end=seg.end, completeness=seg.cable.completeness,
                                text=seg_text, id_evidence=evidence, cable=seg.cable))
        relate(cid, "pasted", evidence or "")

    for quote_seq, (msg_id, qtext) in enumerate(quotes):
        own = tuple((msg_copies or {}).get(msg_id, ())) if msg_id is not None else ()
        qsegs = [Segment(kind=s.kind, start=s.start, end=s.end, cable=s.cable, quoted=True, quoted_msg_id=msg_id,
                         quote_seq=quote_seq)
                 for s in split_post(qtext)]
        segments.extend(qsegs)
        found = False
        for seg in qsegs:
            if seg.kind != "cable" or seg.cable is None:
                continue
            found = True
            seg_text = qtext[seg.start : seg.end]
            cid, evidence = _resolve(seg, seg_text, known, own, (), (), (), hints)
            copies.append(CableCopy(cable_id=cid, start=seg.start, end=seg.end, completeness=seg.cable.completeness,
                                    text=seg_text, quoted=True, quoted_msg_id=msg_id, quote_seq=quote_seq,
                                    id_evidence=evidence, cable=seg.cable))
            relate(cid, "quoted", evidence or "")
        if not found and own and qtext.strip():
            cid = _best_match(qtext, own)
            if cid is not None:
                start = len(qtext) - len(qtext.lstrip())
                copies.append(CableCopy(cable_id=cid, start=start, end=len(qtext.rstrip()), completeness="excerpt",
                                        text=qtext.strip(), quoted=True, quoted_msg_id=msg_id,
                                        quote_seq=quote_seq, id_evidence="quoted_msg_copy"))
                relate(cid, "quoted", "quoted_msg_copy")

    for cid, how in linked.items():
        relate(cid, "linked", how)
    for cid in mentioned:
        relate(cid, "mentioned", "bare_id")
    relations = tuple(sorted((r for _, r in best.values()), key=lambda r: (RELATION_RANK[r.relation], r.cable_id)))
    return PostCables(commentary=commentary, segments=tuple(segments), copies=tuple(copies), relations=relations)


def _linked_ids(parts: Sequence[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in parts:
        for m in CABLE_URL_RE.finditer(part):
            if (cid := canonical_id(m["id"])) is not None:
                out.setdefault(cid, "url_in_text")
    for href, _label in links:
        for m in CABLE_URL_RE.finditer(href or ""):
            if (cid := canonical_id(m["id"])) is not None:
                out.setdefault(cid, "link_href")
    return out


def _mentioned_ids(parts: Sequence[str], linked: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        for m in ID_MENTION_RE.finditer(part):
            cid = canonical_id(m["id"], strict=True)
            if cid is not None and cid not in out:
                out.append(cid)
    return out


def _lead_id(text: str, gap: Segment) -> str | None:
    """The one cable the user's last lines before a paste name (a link line, "From 08X1:")."""
    tail = text[max(gap.start, gap.end - 400) : gap.end].rstrip()
    tail = _GAP_LINE_RE.split(tail)[-1]  # the last paragraph only
    found = {canonical_id(m["id"]) for m in CABLE_URL_RE.finditer(tail)}
    found |= {canonical_id(m["id"], strict=True) for m in ID_MENTION_RE.finditer(tail)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _resolve(seg, seg_text, known, own, linked, mentioned, subject_ids, hints, lead=None) -> tuple[str | None, str | None]:
    """ID of a cable segment: its own, else known copies, else the ID just before it, else a single ID in the post."""
    cable = seg.cable
    if cable.id is not None:
        return cable.id, cable.id_evidence
    if own and (cid := _best_match(seg_text, own)) is not None:
        return cid, "quoted_msg_copy"
    if known is not None:
        candidates: Iterable[tuple[str | None, str]]
        if isinstance(known, Mapping):
            candidates = ((k, t) for k, texts in known.items() for t in texts)
        else:
            candidates = ((k, t) for k in hints for t in (known(k) or ()))
        if (cid := _best_match(seg_text, candidates)) is not None:
            return cid, "known_copy"

    def fits(cid: str) -> bool:  # a full cable's own station/serial must agree
        return cable.station is None or cid[2:] == f"{cable.station}{cable.serial}"

    if lead is not None and fits(lead):  # the user's words right before the paste name it
        return lead, "linked_in_post" if lead in linked else "mentioned_in_post"
    for ids, evidence in ((list(linked), "linked_in_post"), (mentioned, "mentioned_in_post"), (subject_ids, "subject")):
        ids = [i for i in ids if fits(i)]
        if len(set(ids)) == 1:
            return ids[0], evidence
    return None, None


@lru_cache(maxsize=512)
def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD_RE.findall(text.lower().replace("\xa0", " "))
    if len(words) < _SHINGLE:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1))


def _best_match(excerpt: str, copies: Iterable[tuple[str | None, str]]) -> str | None:
    """The cable whose known copy contains most of ``excerpt`` (above the threshold)."""
    probe = _shingles(excerpt)
    if not probe:
        return None
    best_id, best_score = None, _MATCH_THRESHOLD
    for cid, copy_text in copies:
        if cid is None:
            continue
        score = len(probe & _shingles(copy_text)) / len(probe)
        if score > best_score or (score == best_score and best_id is None and score > _MATCH_THRESHOLD):
            best_id, best_score = cid, score
    return best_id
