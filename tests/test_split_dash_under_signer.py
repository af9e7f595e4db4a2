"""A user's line written with a dash ("-- worth passing around") under a pasted excerpt that
ends on the cable's list and its signer is the user's (issue 8, Must 4: "no user line goes
into a cable"). Before, a bullet written as the one above it was read as the list's next
item, even under the signer's line that ends the cable's text.

The excerpts are the tuning part's half-A cables' own: from the last numbered paragraph
through its last two bullets ("-- ...") and the signer as the cable has it under them (on
the last bullet's block or on its own); the
remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import re

import pytest
from excerpt_util import paste_excerpt
from split_util import norm

from scraper.cables.signer import find_signer

_BLANK = re.compile(r"\n[ \t\xa0]*\n")
_PARA = re.compile(r"[ \t\xa0]*(?:¶|)[0-9]{1,2}\.[ \t\xa0]*\((?:U|C|S|SBU)\)")

REMARKS = ("-- worth passing around\n", "-- more of the same in the next one, I expect\n")


@pytest.fixture(scope="module")
def rows(half_a):
    """(ID, excerpt, the excerpt without its signer): from the cable's last numbered paragraph
    through its last bullets and its signer."""
    out = []
    for c in half_a:
        if not (s := find_signer(c["body"])):
            continue
        blocks = [b.strip("\n").rstrip() for b in _BLANK.split(c["body"]) if b.strip()]
        for k, b in enumerate(blocks):
            if k >= 1 and b.split("\n")[-1].strip() == s and b.lstrip().startswith("-- ") and blocks[k - 1].lstrip().startswith("-- "):
                last = k  # the signer under the last bullet
            elif k >= 2 and b.strip() == s and all(x.lstrip().startswith("-- ") for x in blocks[k - 2 : k]):
                last = k  # the signer in its own block
            else:
                continue
            starts = [j for j in range(max(0, k - 8), k) if _PARA.match(blocks[j])]
            if starts:
                excerpt = "\n\n".join(blocks[starts[-1] : last + 1])
                out.append((c["id"], excerpt, excerpt[: excerpt.rindex(s)].rstrip()))
            break
    return out


@pytest.mark.parametrize("remark", REMARKS)
def test_a_dashed_remark_under_a_signed_list_is_commentary(rows, remark):
    assert len(rows) >= 5, len(rows)  # (half A holds 6 such ends)
    wrong = []
    for cid, excerpt, _ in rows:
        _, cable, comm = paste_excerpt(cid, excerpt, remark, "\n\n")
        if norm(cable) != norm(excerpt) or comm != norm(f"From {cid}, this bit: {remark}"):
            wrong.append(cid)
    assert len(wrong) <= 1, (len(wrong), len(rows), wrong)


def test_the_next_bullet_of_an_unsigned_list_still_goes_on(rows):
    # The guard: with no signer under them, the cable's last bullets are still its own.
    wrong = []
    for cid, _, unsigned in rows:
        _, cable, _ = paste_excerpt(cid, unsigned, "Worth a read.\n", "\n\n")
        if norm(cable) != norm(unsigned):
            wrong.append(cid)
    assert len(wrong) <= 1, (len(wrong), wrong)
