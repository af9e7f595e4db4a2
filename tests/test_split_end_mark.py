"""A block that ends on the telegram's end mark (``NNNN``, ``End Cable Text``) is where the
cable ends, even when the user's next block looks like more of it (``signers.ends_message``):
a user's "-- Nobody ..." line under a cable that closes on a list of "-- " bullets read as
the list going on, and was swallowed into the cable with the mark.

The cables are the tuning part's half-A cables whose body ends on a list of dashed bullets
(the block before the signer's starts "- " or "-- "), pasted whole with an end mark under the
signer, as the newspaper partners' copies print it, and the user's remark after a blank line.
"""

from __future__ import annotations

import pytest
from split_util import norm, pc

from scraper.cables.signers import ends_message
from scraper.relate import relate_post

MARKS = ("NNNN", "End Cable Text", "Nnnn")
REMARK = "-- Nobody in the ministry ever answered for any of it."


@pytest.fixture(scope="module")
def bulleted(half_a) -> list[dict]:
    out = []
    for c in half_a:
        blocks = [b for b in pc._body(c).split("\n\n") if b.strip()]
        if len(blocks) >= 3 and blocks[-1].lstrip().startswith("-"):
            out.append(c)
    return out


@pytest.mark.parametrize("mark", MARKS)
def test_a_users_dashed_line_under_the_end_mark_is_his(bulleted, mark):
    assert len(bulleted) >= 15
    wrong = []
    for c in bulleted:
        lead = pc._url(c)
        text, links, blocks = pc.render_as_smf(f"{lead}\n\n{pc._full(c)}\n{mark}\n\n{REMARK}")
        got = relate_post(text, links, code_blocks=blocks)
        if norm(got.commentary) != norm(f"{lead} {REMARK}") or c["id"] not in {r.cable_id for r in got.relations if r.relation == "pasted"}:
            wrong.append(c["id"])
    # (Before, 3 of the 19 cables took the remark in.)
    assert len(wrong) <= len(bulleted) // 20, (len(bulleted), wrong)


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
