"""A user's line typed right under an excerpt that breaks off on a number ("... to travel to
Keflavik, Iceland for refueling on March 22, 2008" / "Posted without comment.") is the
user's, as under one that breaks off on a lowercase word (``excerpts.broken_off_cut``).
Before, only a lowercase word or a comma last read as a sentence broken off, and the line
went into the cable. After a number his line must start a sentence of its own by the word
table and be no title (``blocks.new_sentence``): "... International's 2009" / "Corruption
Perceptions index." is the cable's title going on.

The excerpts are the tuning part's half-A cables' numbered paragraphs, as the cables wrap
them, copied up to a line that ends on a number inside the sentence (where a page ended);
the remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import re

import pytest
from excerpt_util import copied_up_to, wrong_under

from scraper.cables.excerpts import broken_off_cut

_NUMBER_LAST = re.compile(r"[a-z,][ \t]+[0-9][0-9,]*[ \t]*$")  # "... on March 22, 2008", "... totalled 1,200"

REMARKS = ("Nobody at the ministry will admit to this now.\n", "Posted here so it does not get lost again.\n")


@pytest.fixture(scope="module")
def rows(half_a):
    return copied_up_to(half_a, _NUMBER_LAST)  # (one paragraph a cable)


@pytest.mark.parametrize("remark", REMARKS, ids=lambda r: r.split()[0])
def test_a_new_sentence_typed_under_an_excerpt_broken_off_on_a_number_is_commentary(rows, remark):
    assert len(rows) >= 100
    wrong = wrong_under(rows, remark)
    assert len(wrong) <= len(rows) // 50, (len(rows), len(wrong), wrong[:10])


def test_a_title_under_a_number_still_goes_on(half_a):
    # 10SANAA295's title run on under the year ("... on Transparency International's 2009" /
    # "Corruption Perceptions index."), read as an excerpt's last block: no cut.
    body = next(c["body"] for c in half_a if c["id"] == "10SANAA295")
    a = body.index(" Corruption is an acute problem")
    end = body.index("Perceptions index.", a) + len("Perceptions index.")
    blocks = [m.start() for m in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", body[:a])]
    start = blocks[-2]  # (the excerpt from two blocks above, where "corruption" stands in lowercase)
    assert broken_off_cut(body, start, a, end) == end
