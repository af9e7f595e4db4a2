"""The newspaper partner's copy puts each paragraph on one line, with no blank line between
(``paste_corpus``'s newspaper layout), so a whole body is one block and a signer-like line
in its middle was taken as the cable's end, leaving the rest in the commentary:

- a section's heading after its mark ("¶C. Firearms", "VII. Contacts") read as a signer run
  onto a line after a sentence (``ends._MARK_ONLY_RE``: no sentence stands before it, and the
  section's text is under it);
- a heading alone on its line ("Costa Rica") with the rest of the report under it in the same
  block (``ends.LONG_REST``: thousands of characters of the block under a name line are the
  cable's, no user types that much right under a paste).

The cables are half-A cables pasted in the partner's layout, the user's words under them.
"""

from __future__ import annotations

import random

import pytest
from split_util import by_id, misread_under, pc, split

from scraper.cables.ends import LONG_REST

REMARK = "Same as the other one, pretty much."


def _newspaper(c: dict) -> str:
    return pc.paste(c, "newspaper", random.Random(c["id"])).text


@pytest.mark.parametrize("cid", ("09CIUDADJUAREZ27", "08SANJOSE930", "10SANJOSE130"))
@pytest.mark.parametrize("sep", ("\n", "\n\n"), ids=("typed-under", "after-blank"))
def test_the_partners_copy_is_read_whole(tune, cid, sep):
    assert misread_under([by_id(tune, cid)], _newspaper, f"{sep}{REMARK}") == []


@pytest.mark.parametrize("sep", ("\n", "\n\n"), ids=("typed-under", "after-blank"))
def test_the_partners_copies_of_half_a(half_a, sep):
    cables = half_a[::3]
    wrong = misread_under(cables, _newspaper, f"{sep}{REMARK}")
    assert len(wrong) <= len(cables) // 150, (len(cables), wrong)


def test_a_heading_after_its_mark_is_no_signer():
    top = "UNCLAS CIUDAD JUAREZ 000027\n\nSUBJECT: OSAC CRIME AND SAFETY REPORT\n\n"
    for heading in ("¶C. Firearms", "VII. Contacts", "B. Rice"):
        text = f"{top}¶1. (U) Plan your route ahead of time.\n{heading}\nU.S. citizens must leave all weapons in the U.S.\nMCGRATH\n\n{REMARK}"
        assert split(text)[0] == REMARK, heading
    # as the block's last line, a name after the paragraph's mark is the signer
    text = f"{top}¶17. (U) The total population is approximately 9 million.\n¶18. Creamer\n{REMARK}"
    assert split(text)[0] == REMARK


def test_a_users_long_remark_typed_under_the_signer_is_his(half_a):
    signed = [c for c in half_a if pc._body(c).rstrip().rsplit("\n", 1)[-1].strip().isupper()][::25]
    assert len(signed) >= 30
    remark = " ".join(
        ["I have read this three times now and I still cannot see what the fuss was about at the time."] * 6
        + ["Anyone who followed the story back then will remember how it was reported."] * 6)
    assert len(remark) < LONG_REST
    assert misread_under(signed, pc._body, f"\n{remark}") == []


def test_the_rest_of_a_long_block_under_a_heading_is_the_cables():
    body = "UNCLAS SAN JOSE 000930\n\nSUBJECT: INCSR PART II\n\n¶1. (U) The text is below.\nCosta Rica\n"
    prose = "Although Costa Rica is not a major regional financial center, it remains vulnerable to crime."
    text = body + "\n".join([prose] * (LONG_REST // len(prose) + 2)) + "\n\n" + REMARK
    assert split(text)[0] == REMARK
