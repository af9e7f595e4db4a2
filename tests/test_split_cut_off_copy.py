"""A user's sentence typed right under a copy cut off mid-sentence is his (tails._closes).

Some published bodies stop mid-sentence, even mid-word ("... seized in national and/or
join", "... on the Caribbean side nea"): the page was cut off. A user who pastes such a body
and types his remark on the very next line wrote a new sentence there, its first word one
the cables capitalise only to start a sentence (``blocks.new_sentence``), and one that would
have fitted on the line above (no wrap broke the line there). Before, a line
that ends on no stop never closed the cable's text, so the remark was read as the cut
sentence going on. The cables are the half-A cables of the corpus's tuning part whose body's
last line ends on a word in lowercase.
"""

from __future__ import annotations

import re

import pytest
from split_util import norm, pc

from scraper.cables.tails import user_tail_cut
from scraper.relate import relate_post

REMARKS = (
    "Posted without comment.",
    "Nobody seems to have the rest of this one.",
    "Interesting that it stops right there.",
)
_CUT_OFF_RE = re.compile(r"(?<![A-Za-z'’-])[a-z]+$")


@pytest.fixture(scope="module")
def cut_off(half_a) -> list[dict]:
    return [c for c in half_a if _CUT_OFF_RE.search(pc._body(c).rstrip().rsplit("\n", 1)[-1].rstrip())]


def test_a_remark_typed_under_a_cut_off_copy_is_the_users(cut_off):
    assert len(cut_off) >= 5  # the half holds 8 such bodies (10SANJOSE130, 09SANJOSE978 among them)
    wrong = []
    for c in cut_off:
        for remark in REMARKS:
            lead = pc._url(c)
            text, links, blocks = pc.render_as_smf(f"{lead}\n\n{pc._body(c)}\n{remark}")
            got = relate_post(text, links, code_blocks=blocks)
            if norm(got.commentary) != norm(f"{lead} {remark}"):
                wrong.append((c["id"], remark))
    # (Two whose last line is a table's or a form's, where a wrapped cell runs on, may stay wrong.)
    print(len(cut_off), wrong)
    assert len(wrong) <= 2 * len(REMARKS), wrong


def test_a_title_or_a_sentence_running_on_under_such_a_line_stays_the_cables(half_a):
    """The cables' own wrapped lines that end on a lowercase word and have a capital under
    them: a title run on ("... as viewed from" / "The Hague."), a name, a sentence going on.
    Over the half's body blocks, none whose last line is so is cut there. (A paragraph on one
    long line, a flattened copy's, is another rule's: it ends there.)"""
    checked = cut = 0
    for c in half_a:
        body = c["body"]
        for m in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", body):
            a, e = m.start(), len(body[: m.end()].rstrip())
            lines = body[a:e].split("\n")
            prev = lines[-2].rstrip() if len(lines) >= 2 else ""
            if len(prev) > 120 or not _CUT_OFF_RE.search(prev) or not lines[-1].strip()[:1].isupper():
                continue
            checked += 1
            if user_tail_cut(body, a, e) != e:
                cut += 1
    assert checked >= 500  # (1,105 such blocks)
    assert cut == 0
