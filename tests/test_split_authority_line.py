"""A classification authority line with its reason between two pastes joins them: the
grammar ended the cable above it and read it again below it (09STATE30927's body is itself a
garbled cables.csv row, its text field closed on a lone quote above "Classified By: SUZANNE
MCCORMICK, DIR., INR/OPS. REASON: 1.4(C)."), and no user writes such a line
(``layouts._joined_over_authority_lines``). A user's own "Classified by whom, and why?"
between two pastes stays his.
"""

from __future__ import annotations

import random

import pytest
from split_util import by_id, misread_under, pc, pieces

WHOLE = ("metadata", "header_body", "dtg_header_body", "link_body", "viewer_page")


@pytest.mark.parametrize("layout", WHOLE)
def test_the_garbled_row_and_its_body_are_one_cable(tune, layout):
    c = by_id(tune, "09STATE30927")
    for sep in ("\n", "\n\n"):
        assert misread_under([c], lambda c: pc.paste(c, layout, random.Random(c["id"])).text, f"{sep}Same as the other one.") == []


def test_a_users_line_on_the_classification_between_two_pastes_is_his(half_a):
    one, two = half_a[10], half_a[20]
    text = f"{pc._body(one)}\n\nClassified by whom, and why?\n\n{pc._body(two)}"
    assert ("commentary", "Classified by whom, and why?") in pieces(text)
    # the authority line itself, with its reason, is cable text: over a cable with its own top,
    # that cable's first line (two cables, not one)
    line = "Classified By: Ambassador William R. Brownfield, Reasons 1.4 (b) and (d)"
    got = pieces(f"{pc._body(one)}\n\n{line}\n\n{pc._body(two)}")
    assert [k for k, _ in got] == ["cable", "cable"] and got[1][1].startswith(line)
