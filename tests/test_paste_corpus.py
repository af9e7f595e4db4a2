"""Floors on posts that paste held-out corpus cables in every layout between commentary.

The posts are built at test time by ``bench/paste_corpus.py`` from the held-out part of
``../shared/cables/dev-cables.jsonl.gz`` (cables the splitter was never tuned on), with a
fixed seed, rendered as SMF serves them and read back with the page parser. The truth is
known by construction. The users' words in these posts are the held-out ones too (phrases
no rule was tuned on). A regression of the splitter fails these floors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

POSTS = 300
SEED = 20261201


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[dict]]:
    return pc.split_corpus(pc.load_corpus())


@pytest.fixture(scope="module")
def held_out(corpus):
    posts = pc.build_posts(corpus["held_out"], POSTS, SEED, held_out=True)  # the held-out users' words too
    return posts, *pc.score(posts)


def test_the_held_out_part_is_fixed_and_apart(corpus) -> None:
    tune, held = corpus["tune"], corpus["held_out"]
    assert {c["id"] for c in tune}.isdisjoint(c["id"] for c in held)
    assert 0.25 < len(held) / (len(tune) + len(held)) < 0.35
    assert all(pc.part_of(c["id"]) == "held_out" for c in held)  # a hash of the ID, not an order


def test_posts_are_what_the_page_parser_gives(held_out) -> None:
    posts, _, _ = held_out
    assert all("<br" not in p.text and "&nbsp;" not in p.text for p in posts)
    assert any("\xa0" in p.text for p in posts)  # runs of spaces come back as NBSP
    code = [p for p in posts if "code" in p.layouts]
    assert code and all("[code]" not in p.text and "Code: [Select]" not in p.text for p in code)
    assert sum(len(p.cable_ids) == 2 for p in posts) > POSTS // 5  # one or two cables a post
    # Users write paragraphs too: some posts carry a long remark (held-out words).
    assert sum(any(r.split(".")[0] in p.commentary for r in pc._LONG_HELD) for p in posts) > POSTS // 50


def test_links_on_held_out_cables(held_out) -> None:
    _, total, _ = held_out
    precision = total.right_links / total.found_links
    recall = total.right_links / total.true_links
    assert precision >= 0.99, total.line()
    assert recall >= 0.99, total.line()
    assert total.links_exact / total.posts >= 0.99, total.line()


def test_commentary_on_held_out_cables(held_out) -> None:
    _, total, _ = held_out
    assert total.commentary_exact / total.posts >= 0.97, total.line()  # measured 97.67% on this sample (long remarks in; 96.7% before session 11)


def test_every_layout_is_pasted_and_holds(held_out) -> None:
    _, _, by_layout = held_out
    assert set(by_layout) == set(pc.LAYOUTS)
    for layout, score in by_layout.items():
        assert score.posts >= 20, layout
        assert score.links_exact / score.posts >= 0.96, (layout, score.line())
        assert score.commentary_exact / score.posts >= 0.80, (layout, score.line())
