"""A word in capitals that the cables use only as a common word (``common_words.txt``:
"INCREDIBLE", "TYPICAL"), typed by a user on a line of its own under a paste, is the user's
shout, never the cable's signer (issue 8, Must 4: "a user's line after a blank line is
commentary"): not a second signer under the cable's own, and not the signer of a copy that
stops short of its signature (an excerpt, a body without its last lines). A second name
line that is a name (a letter's signature "Ambassador Peter R. Coneway" over the cable's
"CONEWAY") still ends the cable, and so does a signer that is a plural (WILLS).

The cables are real cables of the tuning part's half A, pasted as their body (and flattened);
the shouts and remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import pytest
from excerpt_util import last_paragraphs, paste_excerpt
from split_util import by_id, norm, split, stopped_body

import paste_corpus as pc  # noqa: E402  (bench/, put on the path by split_util)
from scraper.cables.signer import find_signer
from validation import half_of  # noqa: E402  (bench/: tuning half A only, B and the held-out part are never looked at)
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


def test_common_words_name_no_signer(tune):
    """The table is asked wherever a signer in capitals would stand, so it holds no word
    that signs a tuning cable."""
    signers = [s for c in tune if (s := find_signer(c["body"]))]
    common = [s for s in signers if common_words_only(s)]
    assert len(signers) > 3000
    assert common == []  # (SHIELDS and WILLS, plurals, sign tuning cables: bench/common_words.py leaves them out)
    assert not common_words_only("SCOBEY") and not common_words_only("VAN VOORST")
    assert common_words_only("INCREDIBLE") and common_words_only("Typical")


def test_a_plural_that_signs_a_cable_is_still_its_signer(tune):
    # 03COLOMBO189 is signed "WILLS", a word the cables also write as a common word.
    assert half_of("03COLOMBO189") == "A"
    body = pc._body(by_id(tune, "03COLOMBO189"))
    assert body.rstrip().endswith("WILLS")
    commentary, cables = split(f"{body.rstrip()}\n\n{REMARK}\n")
    assert commentary == REMARK
    assert cables == [norm(body)]


# --- a copy that stops short of the signer: the shout is the first line that is no cable's ---
@pytest.mark.parametrize("after", ("", REMARK), ids=("alone", "with_remark"))
def test_a_shout_under_an_excerpt_is_commentary(tune, after):
    # Half-A cables' last numbered paragraphs, pasted as an excerpt with a shout under them.
    # (Before the rule: 0 of 150 right with the shout alone, 4 with the remark under it, the
    # shout read as the excerpt's signer. After: 149 of 150 both ways.)
    rows = [(cid, paras[-1]) for cid, paras in last_paragraphs([c for c in tune if half_of(c["id"]) == "A"], 150)]
    assert len(rows) == 150
    wrong = []
    for k, (cid, para) in enumerate(rows):
        shout = SHOUTS[k % len(SHOUTS)]
        _, cable, comm = paste_excerpt(cid, para, f"{shout}\n{after}".rstrip() + "\n", "\n\n")
        if norm(cable) != norm(para) or comm != norm(f"From {cid}, this bit: {shout} {after}"):
            wrong.append(cid)
    assert len(wrong) <= 1, wrong


@pytest.mark.parametrize("cid", SIGNED)
def test_a_shout_under_a_body_stopped_short_is_commentary(tune, cid):
    # The same cables, copied without their signer: the shout does not become one.
    assert half_of(cid) == "A"
    body = stopped_body(tune, cid)
    shout = SHOUTS[SIGNED.index(cid)]
    commentary, cables = split(_post(body, shout, REMARK))
    assert commentary == norm(f"Look at how this one ends. {shout} {REMARK}")
    assert cables == [norm(body)]
