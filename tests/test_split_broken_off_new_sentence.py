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
from excerpt_util import paragraph_lines, wrong_under

_BROKEN = re.compile(r"(?<![A-Za-z])[a-z]{4,}[ \t]*$")  # a lowercase word last: the sentence goes on
_LEADS = frozenset("from with into toward towards against that than".split())  # (lead into a name: not cut)

# (Each starts with a word of the table that the excerpts seldom hold.)
REMARKS = ("Nobody at the ministry will admit to this now.\n", "Three months later the minister was gone.\n",
           "Posted here so it does not get lost again.\n")


@pytest.fixture(scope="module")
def rows(half_a):
    out: dict[str, str] = {}  # (one paragraph a cable)
    k = 3  # a few lines copied, then the page's end on a word inside the sentence
    for cid, lines in paragraph_lines(half_a):
        if (cid not in out and len(lines) >= 5 and 40 <= len(lines[k]) and _BROKEN.search(lines[k])
                and lines[k].split()[-1] not in _LEADS):
            out[cid] = "\n".join(lines[: k + 1])
            if len(out) == 150:
                break
    return list(out.items())


@pytest.mark.parametrize("remark", REMARKS, ids=lambda r: r.split()[0])
def test_a_new_sentence_typed_under_a_broken_off_excerpt_is_commentary(rows, remark):
    assert len(rows) == 150
    wrong = wrong_under(rows, remark, skip_own_word=True)
    assert len(wrong) <= 3, (len(wrong), wrong[:10])


def test_a_name_under_a_broken_off_line_still_goes_on():
    from scraper.cables.excerpts import broken_off_cut

    # The cable's sentence going on in a name or a title: no cut.
    text = ("From 05X1, this bit:\n\n1. (C) The delegation met on Tuesday with the new minister and his\n"
            "advisers, who said the talks would resume once the Foreign Ministry\n"
            "Legal Adviser had reviewed the text.\n")
    a = text.index("1. (C)")
    assert broken_off_cut(text, a, a, len(text) - 1) == len(text) - 1
