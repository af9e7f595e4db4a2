"""A block giving an address on State's classified network (a post's "Classified Website" on
``state.sgov.gov``, an Intelink wiki) or a State e-mail address (the cable's point of contact:
"Embassy San Jose POC is Robert Copley, copleyre@state.gov.") is the cable's own text (issue 8,
Must 4: "no cable line stays in the commentary"), wherever it stands: a forum user has neither
to give. A user's link to State's public website (``www.state.gov``) is no such address.

The cables are the tuning part's half-A cables that hold such an address; the remarks are
written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import re

import pytest
from split_util import by_id, norm, split

import cable_alone  # noqa: E402  (bench/, put on the path by split_util)
from validation import half_of  # noqa: E402  (bench/: half A only; B and the held-out part are never looked at)

_ADDRESS_RE = re.compile(r"(?i:\.sgov\.gov|[A-Za-z0-9._-]@state\.gov)")
BEFORE = "Read this one."
AFTER = "So much for transparency."


@pytest.fixture(scope="module")
def addressed(tune):
    cables = [c for c in tune if half_of(c["id"]) == "A" and _ADDRESS_RE.search(c["body"])]
    assert len(cables) >= 150
    return cables


def _wrong(cables, layout: str) -> list[str]:
    wrong = []
    for c in cables:
        copy = cable_alone.LAYOUTS[layout](c)
        commentary, pasted = split(f"{BEFORE}\n\n{copy.rstrip()}\n\n{AFTER}\n")
        if commentary != norm(f"{BEFORE} {AFTER}"):
            wrong.append(c["id"])
    return wrong


@pytest.mark.parametrize("layout", ("full", "body"))
def test_whole_cables_with_an_address_are_read_whole(addressed, layout):
    # Before: 06SANJOSE258's last paragraph ("... POC is Robert Copley, copleyre@state.gov." /
    # "Langdale") was left in the commentary.
    assert _wrong(addressed, layout) == []


def test_copies_stopped_short_keep_their_address_lines(addressed):
    # Stopped after the last sentence (no signer): 6 of 161 wrong before, 4 now (none of them
    # for the address: a letter's heading, an item list, a comment's rule).
    wrong = _wrong(addressed, "nosigner")
    assert len(wrong) <= 4
    assert not {"06SANJOSE258", "08KYIV768"} & set(wrong)


def test_point_of_contact_paragraph_stays_in_the_cable(tune):
    copy = cable_alone.LAYOUTS["nosigner"](by_id(tune, "06SANJOSE258"))
    assert copy.rstrip().endswith("copleyre@state.gov.")
    commentary, pasted = split(f"{BEFORE}\n\n{copy}\n\n{AFTER}\n")
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert pasted == [norm(copy)]


def test_users_link_to_the_public_website_stays_the_users(tune):
    copy = cable_alone.LAYOUTS["nosigner"](by_id(tune, "06SANJOSE258"))
    remark = "The embassy's public page is at https://www.state.gov/countries-areas/costa-rica/ if anyone wants it."
    commentary, pasted = split(f"{BEFORE}\n\n{copy}\n\n{remark}\n")
    assert commentary == norm(f"{BEFORE} {remark}")
    assert pasted == [norm(copy)]
