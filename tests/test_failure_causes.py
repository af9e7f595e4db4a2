"""bench/failure_causes.py tells cable text left in the commentary from user text taken into a cable."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from failure_causes import cause  # noqa: E402


def test_causes_of_a_wrong_commentary() -> None:
    true = "Read this one. Who wrote it?"
    assert cause(true, true) is None
    assert cause(true, "Read this one. SUBJECT: MEXICO: SECURITY Who wrote it?") == "cable left"
    assert cause(true, "Read this one.") == "user taken"
    assert cause(true, "Read this one. NNNN") == "both"


def test_a_post_with_a_cable_missed_whole_counts_as_cable_left() -> None:
    # A real corpus cable pasted alone, its text all left in the commentary.
    c = pc.split_corpus(pc.load_corpus())["tune"][0]
    body = " ".join(pc._body(c).split())
    assert cause("", body) == "cable left"
    assert cause(body, "") == "user taken"
