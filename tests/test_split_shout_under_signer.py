"""A cable is signed once: a word in capitals that the cables use only as a common word
(``common_words.txt``: "INCREDIBLE", "TYPICAL"), typed by a user under the cable's signer
after a blank line, is the user's shout, not a second signer (issue 8, Must 4: "a user's line
after a blank line is commentary"). A second name line that is a name (a letter's signature
"Ambassador Peter R. Coneway" over the cable's "CONEWAY") still ends the cable.

The cables are real cables of the tuning part's half A, pasted as their body (and flattened);
the shouts and remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import pytest
from split_util import by_id, norm, split

import paste_corpus as pc  # noqa: E402  (bench/, put on the path by split_util)
from scraper.cables.signer import find_signer
from scraper.cables.signers import common_words_only

# Half-A cables whose body ends on a signer line in capitals (SCOBEY, FARRAR, CURRAN, VAN VOORST).
SIGNED = ("09CAIRO858", "09HAVANA322", "10ASHGABAT250", "06REYKJAVIK102")
SHOUTS = ("INCREDIBLE", "TYPICAL", "SHAMEFUL", "PREDICTABLE")
REMARK = "Seriously, who signs off on something like this?"


def _post(body: str, shout: str, after: str) -> str:
    return f"Look at how this one ends.\n\n{body.rstrip()}\n\n{shout}\n{after}".rstrip() + "\n"


@pytest.mark.parametrize("cid", SIGNED)
@pytest.mark.parametrize("flat", (False, True), ids=("body", "flat"))
@pytest.mark.parametrize("after", ("", REMARK), ids=("alone", "with_remark"))
def test_shout_under_signer_is_commentary(tune, cid, flat, after):
    body = pc._body(by_id(tune, cid))
    if flat:
        body = pc._flatten(body)
    shout = SHOUTS[SIGNED.index(cid)]
    commentary, cables = split(_post(body, shout, after))
    assert commentary == norm(f"Look at how this one ends. {shout} {after}")
    assert len(cables) == 1 and cables[0] == norm(body)


def test_a_letters_signature_over_the_signer_still_ends_the_cable(tune):
    # 08BERN612 ends "Ambassador Peter R. Coneway" / "CONEWAY": the second name is the cable's.
    body = pc._body(by_id(tune, "08BERN612"))
    commentary, cables = split(f"{body.rstrip()}\n\n{REMARK}\n")
    assert commentary == REMARK
    assert cables == [norm(body)]


def test_common_words_name_almost_no_signer(tune):
    """The table is asked only right under a signer, but it should hold next to no real
    signer: of the tuning part's signers, at most 2 in 1,000 are such words."""
    signers = [s for c in tune if (s := find_signer(c["body"]))]
    common = [s for s in signers if common_words_only(s)]
    assert len(signers) > 3000
    assert len(common) <= len(signers) * 2 // 1000
    assert not common_words_only("SCOBEY") and not common_words_only("VAN VOORST")
    assert common_words_only("INCREDIBLE") and common_words_only("Typical")
