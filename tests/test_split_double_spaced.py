"""A double-spaced copy of a cable stays one cable where its sentences run on in a name.

A mirror's copy puts a blank line under every line of a cable, so each wrapped line is a
block of its own. Where a sentence runs on into a line that starts with a capital ("... the
latter is widely assumed" / "both by the GOE ... to be a" / "network of Russian hackers
guided and funded by the" / "Kremlin. As the story goes, ..."), nothing said the line was
the cable's; ``paragraphs.double_spaced_run_on`` reads the two broken-off lines above it.
A user's line under such a copy, which ends on its sentence, stays his.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import cable_alone  # noqa: E402
import paste_corpus as pc  # noqa: E402
from split_util import norm, split  # noqa: E402

BEFORE = "Estonia saw this coming a year before Georgia did:"
AFTER = "Same playbook both times."


def test_a_double_spaced_copy_running_on_in_a_name_is_one_cable(tune) -> None:
    # 08TALLINN326, double-spaced, stopped short of its signer (as a user copies it).
    body = cable_alone.stopped_short(pc._body(next(c for c in tune if c["id"] == "08TALLINN326")))
    assert "funded by the\n\nKremlin. As the story goes" in body.replace(" \n", "\n")
    text = f"{BEFORE}\n\n{body}\n\n{AFTER}"
    commentary, cables = split(text)
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert cables == [norm(body)]


def test_users_lines_under_a_double_spaced_copy_stay_his(tune) -> None:
    # Two lines of the user's at a cable's width, the first ending no sentence: the copy's last
    # line above them ends on its sentence's stop, so nothing runs on into them.
    body = cable_alone.stopped_short(pc._body(next(c for c in tune if c["id"] == "08TALLINN326")))
    mine = "Compare this with the Georgia cables from August 2008 and\n\nSame playbook both times, same people behind it."
    text = f"{body}\n\n{mine}"
    commentary, cables = split(text)
    assert commentary == norm(mine)
    assert cables == [norm(body)]
