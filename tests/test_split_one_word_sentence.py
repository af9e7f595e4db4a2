"""A one-word sentence of the user's typed right under a copy broken off mid-sentence
("... they don't see a 1998-style collapse" / "Unbelievable. They wrote it all down.") is his
(``tails._ONE_WORD_SENTENCE_RE``). A sentence the copy broke at its wrap goes on in lowercase
or in a name, or in a title's capitals after a small word ("... west of" / "Brass."); it never
goes on with a common word, capitalised and stopped as a sentence of its own. Over the tuning
part's bodies no line under a line ending in lowercase starts so. Before, the line was read as
the cable's next line wherever its first word would not have fitted on the one above.

The cables are half-A cables copied down to a wrapped line in the middle of a paragraph.
"""

from __future__ import annotations

import re

import pytest
from split_util import misread_under, pc

from scraper.cables.tails import _TITLE_RUN_ON_WORDS

_LOWER_END_RE = re.compile(r"(?<![A-Za-z'’-])([a-z]{3,})[ \t]*$")


def _broken_off(c: dict) -> str | None:
    """``c``'s body cut after a wrapped line of its third or later paragraph line that ends in a
    lowercase word (no small word a title runs on after), as a copy broken off mid-sentence."""
    lines = pc._body(c).split("\n")
    for k in range(12, len(lines) - 1):
        m = _LOWER_END_RE.search(lines[k])
        if m and m[1] not in _TITLE_RUN_ON_WORDS and 50 <= len(lines[k]) <= 80 and lines[k + 1].strip()[:1].islower():
            return "\n".join(lines[: k + 1]).rstrip()
    return None


@pytest.mark.parametrize("remark", ("Unbelievable. They wrote it all down.", "Typical! Same as last year."))
def test_a_one_word_sentence_under_a_broken_off_copy_is_the_users(half_a, remark):
    cuts = {c["id"]: t for c in half_a[::4] if (t := _broken_off(c)) is not None}
    cables = [c for c in half_a if c["id"] in cuts]
    assert len(cables) >= 150
    wrong = misread_under(cables, lambda c: cuts[c["id"]], f"\n{remark}")
    assert len(wrong) <= len(cables) // 25, (len(cables), wrong[:10])
