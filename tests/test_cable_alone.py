"""Floors on held-out corpus cables pasted alone: the splitter must read all of each as cable.

``bench/cable_alone.py`` pastes every cable of the held-out part (cables no rule was tuned on)
as a post of its own, with no user words: as header and body, as body alone, and flattened.
Whatever ``split_post`` leaves in the commentary is cable text it failed to take (a top not
recognised, an end put too early). A regression of the grammar's tops or ends fails these.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import cable_alone  # noqa: E402
import paste_corpus as pc  # noqa: E402

# Measured 2026-12-02 (session 11) on the whole held-out part: full 98.84%, body 98.49%,
# flat 98.34%; copies stopped above the signer (``nosigner``) 96.67%; first paragraphs only
# 96.27%. (Before: 98.64, 98.29, 97.68, 96.12 and 95.41%.)
FLOORS = {"full": 0.985, "body": 0.98, "flat": 0.98, "nosigner": 0.96, "first_paras": 0.96}


@pytest.fixture(scope="module")
def held_out() -> list[dict]:
    return pc.split_corpus(pc.load_corpus())["held_out"]


@pytest.mark.parametrize("layout", sorted(FLOORS))
def test_held_out_cables_pasted_alone_are_read_whole(held_out, layout) -> None:
    render = cable_alone.LAYOUTS[layout]
    left = [c["id"] for c in held_out if cable_alone.left_over(render(c))]
    whole = 1 - len(left) / len(held_out)
    assert whole >= FLOORS[layout], f"{layout}: {100 * whole:.2f}% read whole, {len(left)} not"


def test_a_cable_pasted_alone_leaves_no_commentary(held_out) -> None:
    # The measure itself: a cable read whole leaves nothing; a user's line under it is left.
    c = next(c for c in held_out if not cable_alone.left_over(pc._full(c)))
    assert cable_alone.left_over(pc._full(c) + "\n\nWho else has read this one?") == "Who else has read this one?"


def test_a_copy_stopped_short_ends_at_its_last_sentence() -> None:
    body = "SECRET\n\n1. (S) The minister agreed to the visit in March.\n\nSMITH\nNNNN"
    assert cable_alone.stopped_short(body) == "SECRET\n\n1. (S) The minister agreed to the visit in March."


def test_first_paragraphs_stop_inside_the_body(held_out) -> None:
    # A copy of the first paragraphs: a prefix of the body, ending at a sentence, shorter than it.
    long_ones = [c for c in held_out if len(cable_alone._PARA_RE.findall(pc._body(c))) >= 4][:50]
    for c in long_ones:
        cut = cable_alone.first_paragraphs(c)
        assert pc._body(c).startswith(cut) and len(cut) < len(cable_alone.stopped_short(pc._body(c)))
        assert len(cable_alone._PARA_RE.findall(cut)) >= 2


def test_where_the_text_left_sits_is_told_by_its_place() -> None:
    # A real tuning cable read whole, then with a user's line over it and under it: the
    # bench's --where counts name the place of what the splitter left as commentary.
    tune = pc.split_corpus(pc.load_corpus())["tune"]
    body = next(b for c in tune[:200] if not cable_alone.left_over(b := pc._body(c)))
    assert cable_alone.where_left(body) == ""
    assert cable_alone.where_left(f"Have a look at this one.\n\n{body}") == "top"
    assert cable_alone.where_left(f"{body}\n\nSo much for the official line.") == "end"
    assert cable_alone.where_left(f"Have a look at this one.\n\n{body}\n\nSo much for the official line.") == "top+end"
