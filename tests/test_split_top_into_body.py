"""A cable's top whose last label (REF, Classified By) runs on into the first paragraph with
no blank line between ("REF: A. CAIRO 1547 B. CAIRO 684 ... Classified By: ... 1.4 (d)." /
"¶1. Key Points: ...", as the viewer and many mirrors copy it) is the cable's own text (issue 8,
Must 4: "REF lines, Classified By lines ... are left in the commentary"): the copy is read as
one cable, not as a top, a remark and a second cable. A signer under it still ends it.

The cables are the tuning part's half-A cables whose block holding the first paragraph starts
with a label of the top; the remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import pytest
from split_util import by_id, norm, split

import cable_alone  # noqa: E402  (bench/, put on the path by split_util)
from validation import half_of  # noqa: E402  (bench/: half A only; B and the held-out part are never looked at)

import scraper.cables.ends as ends
from scraper.cables.blocks import split_blocks

BEFORE = "Read this one."
AFTER = "So much for transparency."


def _runs_into_body(copy: str) -> bool:
    first = ends.FIRST_PARA_RE.search(copy)
    if first is None:
        return False
    held = [(a, b) for a, b in split_blocks(copy, 0, len(copy)) if a < first.start() < b]
    return bool(held) and ends.TOP_LABEL_RE.match(copy, *held[0]) is not None


def _wrong(tune, layout: str) -> tuple[int, list[str]]:
    n, wrong = 0, []
    for c in tune:
        if half_of(c["id"]) != "A" or not _runs_into_body(copy := cable_alone.LAYOUTS[layout](c)):
            continue
        n += 1
        commentary, cables = split(f"{BEFORE}\n\n{copy.rstrip()}\n\n{AFTER}\n")
        if commentary != norm(f"{BEFORE} {AFTER}") or len(cables) != 1:
            wrong.append(c["id"])
    return n, wrong


@pytest.mark.parametrize("layout", ("first_paras", "nosigner"))
def test_top_running_into_the_first_paragraph_is_one_cable(tune, layout):
    # Before: 4 of 108 first-paragraph copies and 1 of 110 stopped-short bodies wrong (the
    # REF and Classified By lines left between two cables); now 1 (09BRASILIA1216, which its
    # copy cuts under a page break line) and none.
    n, wrong = _wrong(tune, layout)
    assert n >= 100
    assert len(wrong) <= (1 if layout == "first_paras" else 0)
    assert not {"09CAIRO2301", "09CAIRO1366", "05ANKARA82"} & set(wrong)


def test_cairo_ref_and_classified_by_stay_in_the_cable(tune):
    copy = cable_alone.LAYOUTS["first_paras"](by_id(tune, "09CAIRO2301"))
    assert "C. 08 CAIRO 2402 Classified By:" in copy
    commentary, cables = split(f"{BEFORE}\n\n{copy}\n\n{AFTER}\n")
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert cables == [norm(copy)]


def test_signer_under_it_still_ends_the_cable(tune):
    # 05NEWDELHI1075: its REF and Classified By lines run on into "¶1. (C) Summary: ..."
    # (one block to its signer MULFORD); the user's lines under the signer stay his.
    copy = cable_alone.LAYOUTS["full"](by_id(tune, "05NEWDELHI1075"))
    assert _runs_into_body(copy) and copy.rstrip().endswith("MULFORD")
    remark = "Priceless.\nPosted for the record.\nCarl"
    commentary, cables = split(f"{BEFORE}\n\n{copy.rstrip()}\n\n{remark}\n")
    assert commentary == norm(f"{BEFORE} {remark}")
    assert cables == [norm(copy)]
