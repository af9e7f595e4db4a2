"""The signer's line under the classified website's footer ("Visit Amman's Classified Website
at" / "http://..." / "Beecroft") is the cable's last line, in any case, whatever the user
writes under it (``signers.signs_after_footer``). Before, a user's line ending on a colon
with his "-- ..." line under it read as the lead-in of the cable's list going on, and both
were swallowed.

The cables are the tuning part's half-A cables whose body ends on a signer's line under that
footer, pasted whole with the user's words after them.
"""

from __future__ import annotations

import re

import pytest
from split_util import misread_under, pc

from scraper.cables.signers import signs_after_footer

TAILS = (
    "Here it is as it came off the site:\n\n-- the same names again.",
    "Two things stand out here:\n\n-- Who cleared it, and when.",
)
_FOOTER_SIGNED = re.compile(r"(?is)visit[^\n]{0,80}?classified[ \t]+web.{0,400}\n[ \t]*[A-Za-z][A-Za-z'-]{2,}[ \t]*$")


@pytest.fixture(scope="module")
def signed(half_a) -> list[dict]:
    return [c for c in half_a if _FOOTER_SIGNED.search(pc._body(c))]


@pytest.mark.parametrize("tail", TAILS, ids=("lower", "capital"))
def test_the_users_lines_under_a_signer_under_the_footer_are_his(signed, tail):
    assert len(signed) >= 20
    wrong = misread_under(signed, pc._full, f"\n\n{tail}")
    assert len(wrong) <= len(signed) // 20, (len(signed), wrong)


def test_signs_after_footer():
    block = "Visit Amman's Classified Website at\nhttp://www.state.sgov.gov/p/nea/amman\nBeecroft"
    assert signs_after_footer(block, 0, len(block))
    assert not signs_after_footer("Visit Amman's Classified Website at\nhttp://www.state.sgov.gov/p/nea/amman", 0, 68)
    other = "The report was classified by the Embassy.\nBeecroft"
    assert not signs_after_footer(other, 0, len(other))
