"""Where the telegram's end mark (``NNNN``, ``End Cable Text``) stands, the cable ends:

- a block that ends on it is the cable's last, even when the user's next block looks like
  more of it (``signers.ends_message``): a user's "-- Nobody ..." line under a cable that
  closes on a list of "-- " bullets read as the list going on, and was swallowed;
- a block that opens with it, alone or with a mirror's ID line run on after it ("NNNN
  2003ROME05149 - Classification: CONFIDENTIAL"), has the cable's end right above it
  (``signers.opens_with_end_mark``): like a trailer it ends the cable at once (the signer
  over it is the last line), and a user's line typed right under the mark is his.

The cables are the tuning part's half-A cables, pasted whole with the mark under them, as the
newspaper partners' copies and the mirrors print it, and the user's words after it.
"""

from __future__ import annotations

import re

import pytest
from split_util import ends_on_bullets, misread_under, pc

from scraper.cables.signers import ends_message, opens_with_end_mark

MARKS = ("NNNN", "End Cable Text", "Nnnn")
REMARK = "-- Nobody in the ministry ever answered for any of it."


@pytest.fixture(scope="module")
def bulleted(half_a) -> list[dict]:
    return ends_on_bullets(half_a)


@pytest.mark.parametrize("mark", MARKS)
def test_a_users_dashed_line_under_the_end_mark_is_his(bulleted, mark):
    assert len(bulleted) >= 15
    wrong = misread_under(bulleted, lambda c: f"{pc._full(c)}\n{mark}", f"\n\n{REMARK}")
    # (Before, 3 of the 19 cables took the remark in.)
    assert len(wrong) <= len(bulleted) // 20, (len(bulleted), wrong)


def _mirror_line(c: dict) -> str:
    """The line a mirror prints under a cable: "NNNN 2003ROME05149 - Classification: CONFIDENTIAL"."""
    _, station, serial = re.fullmatch(r"([0-9]{2})([A-Z]+)([0-9]+)", c["id"]).groups()
    return f"NNNN {c['created'][:4]}{station}{int(serial):05d} - Classification: {c['classification'].split('//')[0]}"


@pytest.mark.parametrize("remark", ("-- the same names keep coming up.", "Same names again, of course."))
def test_a_users_line_typed_under_the_mirrors_end_mark_is_his(half_a, remark):
    """The mark opens a block of its own under the signer, the mirror's ID line run on after
    it, and the user types his line right under it. (Before, 275 and 218 of the 365 took the
    remark in, with or without a signer above the mark.)"""
    cables = [c for c in half_a[::6] if re.fullmatch(r"[0-9]{2}[A-Z]+[0-9]+", c["id"])]
    wrong = misread_under(cables, lambda c: f"{pc._full(c)}\n\n{_mirror_line(c)}", f"\n{remark}")
    assert len(cables) >= 300
    assert len(wrong) <= len(cables) // 100, (len(cables), wrong[:10])


@pytest.mark.parametrize("line, ends", [
    ("MANZANARES\nNNNN", True),
    ("... who cleared this cable. HOAGLAND NNNN", True),
    ("SOBEL\nEnd Cable Text", True),
    ("=====CABLE ENDS=====", True),
    ("NNNN\n2004ROME02926 - CONFIDENTIAL", False),  # a mirror's ID line under it: the trailer rules take it
    ("-- the cables call it RUNNNN", False),
    ("He ended his telegram with NNNN, then more", False),
])
def test_ends_message(line, ends):
    assert ends_message(line, 0, len(line)) is ends


@pytest.mark.parametrize("block, opens", [
    ("NNNN", True),
    ("NNNN 2003ROME05149 - Classification: CONFIDENTIAL \"\n-- the same names.", True),
    ("End Cable Text\nSame names again.", True),
    ("NNNN means end of message, for the newbies.", False),  # a user's sentence about the mark
    ("NNNNN", False),
    ("-- the same names.\nNNNN", False),
])
def test_opens_with_end_mark(block, opens):
    assert opens_with_end_mark(block, 0, len(block)) is opens
