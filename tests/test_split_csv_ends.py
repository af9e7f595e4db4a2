"""Where a backslash-escaped cablegate CSV row ends (issue 8, Must 4).

The backslash-escaped export writes a quote inside a field as ``\\"`` but leaves a backslash
alone, so a body whose text ends in one ("CARTER \\") closes its row on ``\\"``. These
tests take the real tuning-part cables whose body ends that way, paste their row with a
user's words after it that hold quotes of their own, and check the row ends at its own
line's end: the cable is the whole row, the commentary exactly the user's.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402

BEFORE = "Look at this one."
# A mirror's copy of a second cable inside a body (its tab- or comma-separated fields): the
# bench measures those; these tests look at clean copies.
_ARTEFACT = re.compile(r"\t|\n[0-9]{1,7},[0-9]{1,2}/|\n[0-9]{1,7}\s*\n\s*[0-9]{4}-")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    tune = pc.split_corpus(pc.load_corpus())["tune"]
    out = [c for c in tune if c["body"].strip("\n").rstrip().endswith("\\") and not _ARTEFACT.search(c["body"])]
    assert len(out) >= 5, "the tuning part holds bodies ending in a backslash"
    return out


@pytest.mark.parametrize("after", [
    'lol, "sensitive but unclassified" indeed.',
    'He said "no" twice.\n\nAnd then "yes".',
    "Read that last line again, it says it all.",
])
def test_a_backslash_escaped_row_ends_at_its_own_line_end(rows, after) -> None:
    for c in rows:
        pasted = pc.paste(c, "csv_backslash", random.Random(c["id"])).text
        assert pasted.endswith('\\"'), c["id"]  # (the row closes on a quote after the body's backslash)
        text = f"{BEFORE}\n\n{pasted}\n\n{after}"
        segs = [text[s.start : s.end] for s in split_post(text) if s.kind == "cable"]
        assert segs == [pasted], c["id"]
        assert " ".join(relate_post(text).commentary.split()) == " ".join(f"{BEFORE} {after}".split()), c["id"]
