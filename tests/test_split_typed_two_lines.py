"""A user's remark typed on two lines under a pasted excerpt, the first stopping on a word
with no full stop and the second starting a new sentence ("so much for quiet diplomacy, then"
/ "Nobody in the press picked this up."), is the user's (issue 8, Must 4: "no user line goes
into a cable"). Before, the first line was taken for a cable line wrapped at the cable's width
(the next word would not have fitted) and the remark went into the cable. A cable's wrapped
line goes on in lowercase or in a name; a word the cables capitalise only to start a sentence
(``sentence_words.txt``, measured by ``bench/sentence_words.py``) starts the user's next one.

The excerpts are the last two numbered paragraphs of the tuning part's half-A cables, as the
cables wrap them; the remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import pytest
from excerpt_util import last_paragraphs, paste_excerpt
from split_util import norm


REMARKS = {
    "nobody": "so much for the quiet diplomacy they keep talking about\nNobody in the press picked this up at the time.\n",
    "however": "read the second paragraph twice, it says it all really\nHowever you spin it, they knew what was coming.\n",
    "there": "the embassy saw this coming a long way off, clearly\nThere is no way the ministry did not know either.\n",
}


@pytest.fixture(scope="module")
def rows(half_a):
    out = [(cid, "\n\n".join(paras)) for cid, paras in last_paragraphs(half_a, 150, count=2)]
    assert len(out) == 150
    return out


@pytest.mark.parametrize("how", sorted(REMARKS))
def test_a_remark_on_two_typed_lines_under_an_excerpt_is_commentary(rows, how):
    remark = REMARKS[how]
    wrong = []
    for cid, para in rows:
        _, cable, comm = paste_excerpt(cid, para, remark, "\n\n")
        if norm(cable) != norm(para) or comm != norm(f"From {cid}, this bit: {remark}"):
            wrong.append(cid)
    assert len(wrong) <= 2, (len(wrong), wrong[:10])


def test_a_wrapped_line_going_on_in_a_title_or_a_name_is_still_wrapped():
    from scraper.cables.blocks import cable_like, starts_sentence

    # The cables' own wraps: into a title ("NATO Military" / "Authorities", 09STATE127892's
    # wording), into a name, into lowercase.
    for text in ("Q: Will waiting until the new year give NATO Military\nAuthorities sufficient time to complete the revision of\n",
                 "The Foreign Minister told the Ambassador that he would meet\nPresident Karzai in the first week of the new year.\n",
                 "The Foreign Minister told the Ambassador that he would meet\nthe delegation in the first week of the new year.\n"):
        assert cable_like(text, 0, len(text)), text
    assert starts_sentence("However, the talks") and starts_sentence("There is")
    assert not starts_sentence("President Karzai") and not starts_sentence("U.S. officials")
