"""A [code] block is pasted text from its first paste to its end (split._held_to_code).

Some published cables read to the grammar as several pastes: a mirror's record holds a
second top, a "Classified By:" line stands between a CSV dump's fields (09STATE30927). Pasted
in a code block, the text between two such pastes, or under the block's last one, was left
as the user's words, though the user put it in the block with the rest. The cables are the
half-A cables of the corpus's tuning part that the grammar reads as more than one paste,
rendered as SMF 2.0 serves [code].
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scraper.cables.layouts import find_pasted
from scraper.relate import relate_post

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

LEAD = "Pasting the whole thing so the formatting survives:"
UNDER = "Note how it ends, no signature at all on this one."


def _norm(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def several(half_a) -> list[dict]:
    # Those whose copy the grammar reads as two pastes or more (71 of the half's 2,185).
    return [c for c in half_a if len(find_pasted(pc._full(c))) > 1]


def _uncovered(text: str, got, a: int, b: int) -> str:
    """The text of the block ``text[a:b]`` from its first cable segment on that no cable segment holds."""
    cables = [s for s in got.segments if s.kind == "cable" and a <= s.start < b]
    if not cables:
        return text[a:b]
    covered = [False] * (b - a)
    for s in cables:
        for i in range(max(s.start, a), min(s.end, b)):
            covered[i - a] = True
    first = cables[0].start - a
    return "".join(ch for i, ch in enumerate(text[a:b]) if i >= first and not covered[i]).strip()


def test_the_text_between_and_under_a_blocks_pastes_is_pasted(several):
    assert len(several) >= 50
    assert "09STATE30927" in {c["id"] for c in several}
    wrong = []
    for c in several:
        for inner in (pc._full(c), pc._body(c)):
            text, links, blocks = pc.render_as_smf(f"{LEAD}\n\n[code]\n{inner}\n[/code]\n\n{UNDER}")
            got = relate_post(text, links, code_blocks=blocks)
            block = blocks[0].strip()
            a = text.find(block)
            if _uncovered(text, got, a, a + len(block)):
                wrong.append(c["id"])
            elif not text[a : min(s.start for s in got.segments if s.kind == "cable")].strip():
                # The block opens with a paste: the user's words are those outside it, exactly.
                if _norm(got.commentary) != _norm(f"{LEAD} {UNDER}"):
                    wrong.append(c["id"])
    assert not wrong, wrong


def test_the_users_words_under_the_block_stay_his(several):
    """The block's end bounds its last paste: the line under ``[/code]`` is the user's."""
    for c in several[:10]:
        text, links, blocks = pc.render_as_smf(f"[code]\n{pc._body(c)}\n[/code]\n{UNDER}")
        got = relate_post(text, links, code_blocks=blocks)
        assert _norm(UNDER) in _norm(got.commentary), c["id"]
        block = blocks[0].strip()
        end = text.find(block) + len(block)
        assert all(s.end <= end for s in got.segments if s.kind == "cable"), c["id"]


def test_a_top_above_the_blocks_first_paste_is_pasted_and_a_users_note_is_his(half_a):
    """Text above the block's first paste is the cable's when it has no word in lowercase (the
    one half-A copy whose top the grammar does not read: 09TIJUANA1116's DTG and "From:"
    line over a mirror's record); a user's note typed there stays his."""
    tops = []
    for c in half_a:
        full = pc._full(c)
        pasted = find_pasted(full)
        if pasted and full[: pasted[0].start].strip():
            tops.append(c)
    assert [c["id"] for c in tops] == ["09TIJUANA1116"]
    for c in tops:
        text, links, blocks = pc.render_as_smf(f"{LEAD}\n\n[code]\n{pc._full(c)}\n[/code]\n\n{UNDER}")
        got = relate_post(text, links, code_blocks=blocks)
        assert _norm(got.commentary) == _norm(f"{LEAD} {UNDER}"), c["id"]
        note = "My notes first, the top is below."
        text, links, blocks = pc.render_as_smf(f"[code]\n{note}\n\n{pc._full(c)}\n[/code]\n{UNDER}")
        got = relate_post(text, links, code_blocks=blocks)
        assert _norm(got.commentary) == _norm(f"{note} {UNDER}"), c["id"]
