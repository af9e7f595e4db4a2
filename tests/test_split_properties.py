"""Property tests: segments tile any input; split_post and parse_cable never raise."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.cables import canonical_id, parse_cable
from scraper.relate import relate_post
from scraper.cables.textspan import unify_line_breaks
from scraper.split import _split, split_post

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED_CABLES = [p["cable_text"] for p in json.loads((SAMPLES / "visible_truth.json").read_text())["posts"]
               if "cable_text" in p]
PIECES = ["\n", "\xa0\n", " ", "¶1. ", "1. (C) ", "UNCLAS MEXICO 000023\n", "VZCZCXRO1\n", '"', '""', ",",
          "SUBJECT: ", "REF: A. STATE 1 AND 2\n", "GARZA", "Visit Mexico City's Classified Web Site at\n",
          "136383,1/4/2008 22:01,08MEXICO23,", "60015\n2006-04-10 19:22:00\n06MEXICO1889\nEmbassy Mexico\nSECRET\n",
          "[code]", "[/code]", "http://213.251.145.96/cable/2008/01/08MEXICO23.html", "MEXICO 00000023  002 OF 003"]


@st.composite
def seed_slices(draw):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        src = draw(st.sampled_from(SEED_CABLES))
        a = draw(st.integers(0, len(src)))
        b = draw(st.integers(a, min(len(src), a + 3000)))
        parts.append(src[a:b])
        parts.append(draw(st.sampled_from(PIECES + ["", "my words\n\n"])))
    return "".join(parts)


texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=40).map("".join),
    seed_slices(),
)


def _check(text: str) -> None:
    # The unguarded core, on the text as split_post reads it (each Unicode line break a
    # "\n"): split_post's safety net must never be needed.
    segs = _split(unify_line_breaks(text))
    assert split_post(text) == segs
    assert "".join(text[s.start : s.end] for s in segs) == text
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    assert all(s.start < s.end for s in segs)
    assert all((s.kind == "cable") == (s.cable is not None) for s in segs)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_split_tiles_and_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(texts, st.one_of(st.none(), st.integers(1966, 2010)), st.one_of(st.none(), st.text(max_size=20)))
def test_parse_cable_never_raises(text: str, year, ref_id) -> None:
    parse_cable(text, year=year, ref_id=ref_id)
    canonical_id(text)


@settings(max_examples=100, deadline=None)
@given(texts, st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 9)), texts), max_size=2))
def test_relate_never_raises(text: str, quotes) -> None:
    relate_post(text, quotes=quotes, known={"08MEXICO23": SEED_CABLES[:1]})
