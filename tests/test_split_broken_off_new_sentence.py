"""A user's line typed right under an excerpt that breaks off mid-sentence ("... Although
they don't see a 1998-style collapse" / "Nobody at the ministry will admit to this now.") is
the user's (issue 8, Must 4: "no user line goes into a cable"), also when its first word is
not in the excerpt: a word the cables capitalise only to start a sentence
(``sentence_words.txt``, measured by ``bench/sentence_words.py``) starts his own. Before,
only a word the excerpt itself writes in lowercase counted, and the line went into the cable.

The excerpts are the tuning part's half-A cables' numbered paragraphs, as the cables wrap
them, copied up to a line that stops mid-sentence on a lowercase word (where a page ended);
the remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import re

import pytest
from excerpt_util import paste_excerpt
from split_util import norm

from validation import half_of  # noqa: E402  (bench/, put on the path by split_util: half A only)

_BLANK = re.compile(r"\n[ \t]*\n")
_PARA = re.compile(r"(?:¶|)[0-9]{1,2}\.[ \t]*\((?:U|C|S|SBU)\)[ \t]")
_BROKEN = re.compile(r"(?<![A-Za-z])[a-z]{4,}[ \t]*$")  # a lowercase word last: the sentence goes on
_LEADS = frozenset("from with into toward towards against that than".split())  # (lead into a name: not cut)

REMARKS = {
    "nobody": "Nobody at the ministry will admit to this now.\n",
    "three": "Three months later the minister was gone.\n",
    "posted": "Posted here so it does not get lost again.\n",
}


@pytest.fixture(scope="module")
def rows(tune):
    out = []
    for c in tune:
        if half_of(c["id"]) != "A":
            continue
        for block in _BLANK.split(c["body"]):
            para = block.strip("\n").rstrip()
            lines = [ln.rstrip() for ln in para.split("\n")]
            if not _PARA.match(para) or len(lines) < 5:
                continue
            k = 3  # a few lines copied, then the page's end on a word inside the sentence
            if 40 <= len(lines[k]) and _BROKEN.search(lines[k]) and lines[k].split()[-1] not in _LEADS:
                out.append((c["id"], "\n".join(lines[: k + 1])))
                break
        if len(out) == 150:
            break
    return out


@pytest.mark.parametrize("how", sorted(REMARKS))
def test_a_new_sentence_typed_under_a_broken_off_excerpt_is_commentary(rows, how):
    assert len(rows) == 150
    remark = REMARKS[how]
    wrong = []
    for cid, para in rows:
        if remark.split()[0].lower() in para.lower().split():
            continue  # (the excerpt's own word: the rule before this one reads it)
        _, cable, comm = paste_excerpt(cid, para, remark, "\n")
        if norm(cable) != norm(para) or comm != norm(f"From {cid}, this bit: {remark}"):
            wrong.append(cid)
    assert len(wrong) <= 3, (len(wrong), wrong[:10])


def test_a_name_under_a_broken_off_line_still_goes_on():
    from scraper.cables.excerpts import broken_off_cut

    # The cable's sentence going on in a name or a title: no cut.
    text = ("From 05X1, this bit:\n\n1. (C) The delegation met on Tuesday with the new minister and his\n"
            "advisers, who said the talks would resume once the Foreign Ministry\n"
            "Legal Adviser had reviewed the text.\n")
    a = text.index("1. (C)")
    assert broken_off_cut(text, a, a, len(text) - 1) == len(text) - 1
