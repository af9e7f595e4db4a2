"""A cable's note on its own clearance, its last line when a copy stops above the signer
("Congressman Meeks' office did not clear on this cable."), is the cable's (issue 8, Must 4:
"no cable line stays in the commentary"). Before, such a one-line block under the last
paragraph could read as a user's line and be left in the commentary.

The copies are the tuning part's half-A cables' own, as ``bench/cable_alone.py`` pastes them
alone (the body; stopped above the signer; the first paragraphs), wherever the copy's last
line is such a note.
"""

from __future__ import annotations

import re

import pytest
import split_util  # noqa: F401  (puts bench/ on the path)

from cable_alone import LAYOUTS, left_over  # noqa: E402

# The drafter's notes, found here independently of the splitter's own pattern: a line that
# clears "this cable" / "the message", or says "did not clear it".
_NOTE_LINE = re.compile(r"(?i)\bclear[^\n]*\b(?:this|the) (?:cable|message)\b|did not clear it")


@pytest.fixture(scope="module")
def copies(half_a):
    out = []
    for c in half_a:
        for layout in ("body", "nosigner", "first_paras"):
            text = LAYOUTS[layout](c)
            if _NOTE_LINE.search(text.rstrip().rsplit("\n", 1)[-1]):
                out.append((c["id"], layout, text))
    return out


def test_a_copy_ending_on_its_clearance_note_is_read_whole(copies):
    # Before: 2 of 87 such copies left their note in the commentary (06LIMA2366, 08ISLAMABAD3791).
    assert len(copies) >= 50, len(copies)
    wrong = [(cid, layout) for cid, layout, text in copies if left_over(text)]
    assert len(wrong) <= 1, wrong


def test_a_user_writing_of_a_cable_is_not_a_note():
    from scraper.cables.blocks import cable_like

    for line in ("I cleared my browser cache and the cable finally loaded.", "Nobody has cleared up what this cable means."):
        assert not cable_like(line, 0, len(line)), line
