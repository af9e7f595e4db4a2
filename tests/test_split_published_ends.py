"""Two ends of the published text that were read as the user's words typed under a cable.

- **Debris where the text breaks off** (``signers._STRAY_RE``): a stray capital with a quote
  mark under the last paragraph (08CANBERRA4 ends "... cleared by Under Secretary Burns." /
  "" / ' Y "'). No user's remark is one letter, so the line is the cable's.
- **The written-out end running on into the telegram's formula** (``tails._END_MARK_GOES_ON_RE``):
  "END COMMENT" / "AND GUIDANCE REQUES" (05THEHAGUE1556, broken off at its last letters), the
  way "END SUMMARY AND ACTION REQUEST." wraps where the line is full. A line in capitals
  starting "AND" under the mark is the mark's own line going on.

The cables are the two half-A cables that end so, in every layout that pastes their body
whole, half-A cables stopped after their last sentence with the debris under them, and
half-A cables whose body holds "END COMMENT AND ..." or "END SUMMARY AND ..." on
one line, wrapped so that "AND ..." starts the next line.
"""

from __future__ import annotations

import random
import re

import pytest
from split_util import by_id, cable_alone, misread_under, pc

WHOLE = ("metadata", "header_body", "dtg_header_body", "link_body", "viewer_page")
REMARKS = ("Same as the other one, pretty much.", "-- and nobody asked why.")


@pytest.mark.parametrize("cid", ("08CANBERRA4", "05THEHAGUE1556"))
@pytest.mark.parametrize("remark", REMARKS, ids=("plain", "dashed"))
def test_the_published_last_line_is_the_cables(tune, cid, remark):
    c = by_id(tune, cid)
    for layout in WHOLE:
        for sep in ("\n", "\n\n"):
            wrong = misread_under([c], lambda c: pc.paste(c, layout, random.Random(c["id"])).text, f"{sep}{remark}")
            assert not wrong, (layout, repr(sep))


def test_a_stray_letter_under_any_last_paragraph(half_a):
    cables = half_a[::20]
    assert len(cables) >= 80
    wrong = misread_under(cables, lambda c: cable_alone.stopped_short(pc._body(c)) + '\n\n Y "', "\n\nSame as the other one, pretty much.")
    assert len(wrong) <= len(cables) // 20, (len(cables), wrong[:10])


_END_AND_RE = re.compile(r"(END (?:COMMENT|SUMMARY)) (AND [A-Z]+(?: [A-Z]+)?[.)]{0,2})[ \t]*$", re.M)


def test_the_end_mark_wrapped_before_and(half_a):
    cables = [c for c in half_a if _END_AND_RE.search(pc._body(c))]
    assert len(cables) >= 5
    wrapped = {c["id"]: _END_AND_RE.sub(r"\1\n\2", pc._body(c)) for c in cables}
    for remark in REMARKS:
        assert misread_under(cables, lambda c: wrapped[c["id"]], f"\n{remark}") == []


def test_a_users_line_under_the_end_mark_is_still_his(half_a):
    cables = [c for c in half_a if re.search(r"END COMMENT\.?[ \t]*$", pc._body(c).rstrip())][:20]
    assert cables
    assert misread_under(cables, pc._body, "\nANOTHER ONE THAT NOBODY READ.") == []
