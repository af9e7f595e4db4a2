"""A dashed line in lower case under a cable whose list of dashed bullets all start with a
capital is the user's remark, not the list's next item (``goes_on._listed``): "-- funny how
..." typed under a pasted cable that closes on "-- The Minister ..." / "-- Spain ...". The
cable writes its items alike; before, any bullet under a list that a colon introduces was
read as the cable's.

The cables are the tuning part's half-A cables whose body ends on a list of dashed bullets,
pasted whole (routing header and body, or as the viewer's page) with the user's remark after
a blank line.
"""

from __future__ import annotations

import random

import pytest
from split_util import ends_on_bullets, misread_under, pc


REMARKS = ("-- funny how none of this ever made the papers here.", "-- and not one of them said a word in public.")


@pytest.fixture(scope="module")
def bulleted(half_a) -> list[dict]:
    return ends_on_bullets(half_a)


def _wrong(cables, layout: str, remark: str) -> list[str]:
    return misread_under(cables, lambda c: pc.paste(c, layout, random.Random(c["id"])).text, f"\n\n{remark}")


@pytest.mark.parametrize("layout", ("header_body", "viewer_page"))
@pytest.mark.parametrize("remark", REMARKS, ids=lambda r: r.split()[1])
def test_a_lowercase_dashed_line_under_a_capitalised_list_is_the_users(bulleted, layout, remark):
    assert len(bulleted) >= 15
    wrong = _wrong(bulleted, layout, remark)
    # (Before, 3 of the 19 cables took the remark in as the list's last item.)
    assert len(wrong) <= len(bulleted) // 20, (len(bulleted), wrong)


def test_the_cables_own_lowercase_items_stay_in(half_a):
    """A cable's list whose items start in lower case ("-- the Ministry ...", "-- to ..."),
    all or some of them, is the cable's all through: half A's cables holding such an item,
    pasted whole with a user's remark under them, are read right as often as the rest."""
    lower = []
    for c in half_a:
        items = [b.lstrip() for b in pc._body(c).split("\n\n") if b.lstrip().startswith(("- ", "-- "))]
        if len(items) >= 2 and any(i.lstrip("- ")[:1].islower() for i in items):
            lower.append(c)
    assert len(lower) >= 5
    wrong = _wrong(lower, "header_body", "Makes you think.")
    assert len(wrong) <= len(lower) // 20, (len(lower), wrong)
