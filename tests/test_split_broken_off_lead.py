"""A user's sentence typed right under an excerpt that breaks off on a word leading into a
name ("... plan for disarming the" / "That explains a lot.") is the user's
(``excerpts.broken_off_cut``). Before, a line ending on "the", "of", "for" ... never read as
broken off, since the cable's sentence may go on there in a name ("... the" / "Netherlands").
Now it does when the line under it starts a sentence by the word table and is no title
(``blocks.new_sentence``): "That", "Nobody" start no name.

The excerpts are the tuning part's half-A cables' numbered paragraphs, as the cables wrap
them, copied up to a line ending on such a word (where a page ended); the remarks are
written here, not taken from the paste bench's words. The guard reads every half-A body
block holding such a line with a capital under it, as an excerpt's last block.
"""

from __future__ import annotations

import re

import pytest
from excerpt_util import copied_up_to, wrong_under

from scraper.cables.excerpts import broken_off_cut

_LEAD_LAST = re.compile(r"[a-z,][ \t]+(?:the|of|for|to|on|in|at|by|from|with|and)[ \t]*$")

REMARKS = ("Nobody at the ministry will admit to this now.\n", "That explains a lot, if you ask me.\n")


@pytest.fixture(scope="module")
def rows(half_a):
    return copied_up_to(half_a, _LEAD_LAST, first=2, limit=200)


@pytest.mark.parametrize("remark", REMARKS, ids=lambda r: r.split()[0])
def test_a_new_sentence_typed_under_an_excerpt_broken_off_on_a_lead_word_is_commentary(rows, remark):
    assert len(rows) == 200
    wrong = wrong_under(rows, remark, skip_own_word=True)
    assert len(wrong) <= 4, (len(wrong), wrong[:10])


def test_a_name_under_a_lead_word_still_goes_on(half_a):
    checked = 0
    cut = []
    for c in half_a:
        body = c["body"]
        blocks = [(m.start(), len(body[: m.end()].rstrip())) for m in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", body)]
        for i, (a, e) in enumerate(blocks):
            lines = body[a:e].split("\n")
            if not any(_LEAD_LAST.search(x.rstrip()) and y.strip()[:1].isupper() for x, y in zip(lines, lines[1:])):
                continue
            checked += 1
            if broken_off_cut(body, blocks[max(0, i - 2)][0], a, e) != e:
                cut.append(c["id"])
    assert checked >= 1000
    assert not cut, cut
