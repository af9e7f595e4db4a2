"""relate_post over every post of samples/visible.json, in order, against the truth."""

from __future__ import annotations

import json
from pathlib import Path

from scraper.relate import relate_post
from bbcode_util import convert, strip_bbcode

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
VISIBLE = json.loads((SAMPLES / "visible.json").read_text(encoding="utf-8"))
TRUTH = json.loads((SAMPLES / "visible_truth.json").read_text(encoding="utf-8"))["posts"]
POSTS = [p for t in VISIBLE["topics"] for p in t["posts"]]


def _run_thread():
    known: dict[str, list[str]] = {}
    by_msg: dict[int, list[tuple[str | None, str]]] = {}
    for post, truth in zip(POSTS, TRUTH, strict=True):
        text, links, quotes = convert(post["body"])
        result = relate_post(text, links, quotes, post["subject"], known, msg_copies=by_msg)
        yield post, truth, result
        for copy in result.copies:
            if copy.cable_id and not copy.quoted:
                known.setdefault(copy.cable_id, []).append(copy.text)
                by_msg.setdefault(post["id_msg"], []).append((copy.cable_id, copy.text))


def test_every_post_matches_the_truth() -> None:
    seen = 0
    for post, truth, result in _run_thread():
        got = {k: sorted(r.cable_id for r in result.relations if r.relation == k) for k in ("pasted", "quoted", "linked")}
        assert got == {
            "pasted": sorted(truth["cable_ids"]),
            "quoted": sorted(truth["quoted_cable_ids"]),
            "linked": sorted(truth["linked_cable_ids"]),
        }, post["id_msg"]
        assert result.commentary == strip_bbcode(truth["commentary"]), post["id_msg"]
        ids = [r.cable_id for r in result.relations]
        assert len(ids) == len(set(ids))  # one relation per (post, cable)
        seen += 1
    assert seen == len(TRUTH) == 35


def test_evidence_for_excerpts_and_quotes() -> None:
    results = {post["id_msg"]: r for post, _, r in _run_thread()}
    (rel,) = results[1199101].relations  # "(10MEXICO27)" is mentioned but the excerpt is pasted
    assert (rel.cable_id, rel.relation, rel.evidence) == ("10MEXICO27", "pasted", "known_copy")
    (rel,) = results[1199031].relations
    assert (rel.relation, rel.evidence) == ("quoted", "quoted_msg_copy")
    quoted = [s for s in results[1199031].segments if s.quoted]
    assert quoted and all(s.quoted_msg_id == 1197131 for s in quoted)
    (rel,) = results[1199136].relations  # [url=...]08MEXICO23[/url]: linked beats mentioned
    assert (rel.relation, rel.evidence) == ("linked", "link_href")
    # The seed's REF / metadata reference IDs are not relations of the post.
    assert [r.cable_id for r in results[1197166].relations] == ["06MEXICO6085"]


def test_excerpt_without_known_copy_uses_single_mention() -> None:
    text = "From 10MEXICO27:\n\n¶8.  The U.S. and Mexico have worked closely on things.\n\nFollow the money."
    result = relate_post(text)
    assert [(r.cable_id, r.relation, r.evidence) for r in result.relations] == [
        ("10MEXICO27", "pasted", "mentioned_in_post")
    ]
    assert result.commentary == "From 10MEXICO27:\nFollow the money."


def test_excerpt_with_two_mentions_stays_unknown() -> None:
    text = "10MEXICO27 or 08MEXICO23?\n\n¶8.  The U.S. and Mexico have worked closely on things."
    result = relate_post(text)
    assert result.copies[0].cable_id is None
    assert {(r.cable_id, r.relation) for r in result.relations} == {
        ("10MEXICO27", "mentioned"), ("08MEXICO23", "mentioned")
    }


def test_callable_lookup() -> None:
    copy = "¶8.  The U.S. and the Government of Mexico have worked closely to implement a robust program"
    text = "see http://213.251.145.96/cable/2010/01/10MEXICO27.html\n\n" + copy
    result = relate_post(text, known=lambda cid: [copy] if cid == "10MEXICO27" else [])
    assert [(r.cable_id, r.relation, r.evidence) for r in result.relations] == [
        ("10MEXICO27", "pasted", "known_copy")
    ]
