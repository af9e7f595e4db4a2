"""A newspaper partner's date line over what its source printed (issue 8, Must 4).

The partner prints the cable's date ("Thursday, 18 December 2008, 09:09"), then its
source's text as the source had it. Some sources are scrapes of cables.csv whose first
line is a CSV row cut at its front, or a partial extract's record flattened onto one
line. These tests take the real tuning-part cables whose own text starts that way, paste
them the way the partner does between a user's words, and check the cable is one segment
from its date line on and the commentary is exactly the user's.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402

BEFORE = "Look at this one, from the partner's site."
AFTER = "Read that last line again, it says it all."


def _first_line(c: dict) -> str:
    return c["body"].strip("\n").split("\n", 1)[0]


def _cut_row(c: dict) -> bool:
    """The body's first line is a CSV row cut at its front: a field's end ('",') before its ID."""
    head, sep, _ = _first_line(c).partition(f",{c['id']},")
    return bool(sep) and '",' in head


def _flat_partial(c: dict) -> bool:
    """The body's first line is the record's fields (internal id, ISO created, ID ...) with
    the partial-extract note after them (not a CSV row: those open a line on their own)."""
    fields = _first_line(c).split(None, 3)
    return (len(fields) == 4 and fields[0].isdigit() and fields[1][:4].isdigit() and fields[1][4:5] == "-"
            and c["id"] in fields[3] and "This record is a partial extract" in fields[3])


@pytest.mark.parametrize("shape", [_cut_row, _flat_partial], ids=["cut_csv_row", "flat_partial_record"])
@pytest.mark.parametrize("blank", [True, False], ids=["blank_lines", "no_blank_lines"])
def test_a_date_line_over_a_sources_record_opens_the_cable(tune, shape, blank) -> None:
    rows = [c for c in tune if shape(c)]
    assert rows, "the tuning part holds cables of this shape"
    for c in rows:
        pasted = pc.paste(c, "newspaper", random.Random(c["id"])).text
        sep = "\n\n" if blank else "\n"
        text = f"{BEFORE}{sep}{pasted}{sep}{AFTER}"
        segs = [text[s.start : s.end] for s in split_post(text) if s.kind == "cable"]
        assert segs == [pasted.rstrip()], c["id"]
        assert " ".join(relate_post(text).commentary.split()) == f"{BEFORE} {AFTER}", c["id"]
