"""A cable's line ending on a plural's apostrophe and a capitalised word ("... the Spanish
Socialist Workers' Party" / "(PSOE - ruling party) in favor of ...") ends no sentence and is
signed by no one: the paragraph goes on under it (issue 8, Must 4: "no cable line stays in
the commentary"). Before, the apostrophe was read as a quotation's end and the word after it
as a signer ("' Party"), so the paragraph's last line was cut off as a user's line typed
under the cable.

The paragraphs are the tuning part's half-A cables' own: each numbered paragraph with a line
that ends so, copied up to the end of the sentence under it (a user stops his copy at a
sentence's end), with a remark of his under it.
"""

from __future__ import annotations

import re

import pytest
from excerpt_util import paragraph_lines, paste_excerpt
from split_util import norm

_PLURAL_LAST = re.compile(r"[a-z]s' [A-Z][a-z]+[ \t]*$")


@pytest.fixture(scope="module")
def rows(half_a):
    out = []
    for cid, lines in paragraph_lines(half_a):
        # Copied up to the end of the sentence that line runs on into (as 08MADRID1351's is).
        for k in range(1, len(lines) - 1):
            ends = [j for j in range(k + 1, min(len(lines), k + 4)) if lines[j][-1:] == "."]
            if _PLURAL_LAST.search(lines[k]) and ends:
                out.append((cid, "\n".join(lines[: ends[0] + 1])))
                break
    return out


def test_a_line_ending_on_a_plurals_apostrophe_goes_on(rows):
    assert len(rows) >= 3, len(rows)  # (the cables' own lines, 08MADRID1351's "Workers' Party" among them)
    wrong = []
    for cid, para in rows:
        _, cable, comm = paste_excerpt(cid, para, "Worth keeping in mind.\n", "\n\n")
        if norm(cable) != norm(para) or comm != norm(f"From {cid}, this bit: Worth keeping in mind."):
            wrong.append(cid)
    assert not wrong, (len(wrong), len(rows), wrong)


def test_a_signer_after_a_quotation_closed_by_a_stop_is_still_read():
    from scraper.cables.signers import signer_tail

    assert signer_tail("... the Spanish Socialist Workers' Party") is None
    assert signer_tail("... and he said 'we will see.' RICE") is not None
