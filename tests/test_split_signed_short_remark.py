"""A user's short remark signed with his first name ("Thanks for digging this up." / "Carl")
under a pasted excerpt is the user's (issue 8, Must 4: "no user line goes into a cable"), not
the excerpt's signer with a last sentence of the cable: also when he types it right under the
cable's paragraph copied as one long line (the viewer's copy), with no blank line between,
and when one of his sentences is a single word ("Ouch.").

The excerpts are the last two numbered paragraphs of the tuning part's half-A cables, each
flattened onto one line; the remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import pytest
from excerpt_util import last_paragraphs, paste_excerpt
from split_util import norm

from validation import half_of  # noqa: E402  (bench/, put on the path by split_util: half A only)

REMARKS = {
    "under_the_line": ("\n", "Thanks for digging this up.\nCarl\n"),
    "two_sentences_under_the_line": ("\n", "Worth the read.\nSaved a copy in case it vanishes.\nCarl\n"),
    "one_word_after_a_blank": ("\n\n", "Ouch.\nThey knew all along.\nCarl\n"),
}


@pytest.fixture(scope="module")
def rows(tune):
    a_half = [c for c in tune if half_of(c["id"]) == "A"]
    out = [(cid, "\n\n".join(" ".join(p.split()) for p in paras)) for cid, paras in last_paragraphs(a_half, 150, count=2)]
    assert len(out) == 150
    return out


@pytest.mark.parametrize("how", sorted(REMARKS))
def test_a_signed_short_remark_under_an_excerpt_is_commentary(rows, how):
    # Before: 0 of 150 right in each of the three ways (the name read as the excerpt's
    # signer, the remark kept above it). (An excerpt of one paragraph, the remark typed right
    # under it in its only block, is not covered yet: the rule asks a block after the first.)
    sep, remark = REMARKS[how]
    wrong = []
    for cid, para in rows:
        _, cable, comm = paste_excerpt(cid, para, remark, sep)
        if norm(cable) != norm(para) or comm != norm(f"From {cid}, this bit: {remark}"):
            wrong.append(cid)
    assert len(wrong) <= 1, wrong


def test_a_one_word_line_alone_over_a_name_is_no_remark(rows):
    # "Comment." / "Garvelink" ends cables: a one-word line alone over a name is no user's remark.
    from scraper.cables.tails import signs_short_remark

    text = "Comment.\nGarvelink"
    assert not signs_short_remark(text, 0, text.index("Garvelink"))
    text = "Ouch.\nThey knew all along.\nCarl"
    assert signs_short_remark(text, 0, text.index("Carl"))
