"""A block under the copy's own blank line is still the paste (``ends.copy_gap``).

The published cables' blank lines hold a space; SMF serves a line that starts with a blank
as "&nbsp;", so in the page's text the cable's blank lines are "\\xa0" lines, while the user's
own blank lines (Enter, Enter) are empty. Where a copy stops on the heading of the cable's
next section ("... decisively." / "\\xa0" / "TYPES OF CONFLICT"), or on a short line of its
next paragraph, that line was read as the user's. Now it is the cable's; the user's words
after an empty line stay his, also where the copy took the cable's blank line along and the
user's empty lines follow it, or his long remark or his signed one right under it.

The cables are half-A cables whose body has such blank lines, copied from a numbered
paragraph through the short block that follows it, with the user's words after them.
"""

from __future__ import annotations

import re

import pytest
from split_util import misread_under, norm, pc, split

from scraper.cables.ends import copy_gap

_GAP_RE = re.compile(r"\n[ \t]+\n")
_PARA_RE = re.compile(r"(?m)^[ \t]*(?:¶[0-9]{1,3}\.|[0-9]{1,2}\.[ \t]*\()")


def _copy_to_short_block(c: dict) -> str | None:
    """``c``'s body from a numbered paragraph through the short one-line block under it (a
    heading, a sentence of its own), cut there, the cable's blank line between kept; or None."""
    body = pc._body(c)
    pieces = _GAP_RE.split(body)
    gaps = _GAP_RE.findall(body)
    for k in range(1, len(pieces) - 1):
        para, short = pieces[k], pieces[k + 1].strip()
        if _PARA_RE.match(para) and len(para) > 200 and 3 <= len(short) <= 60 and "\n" not in short and not _PARA_RE.match(short):
            return para.strip("\n") + gaps[k] + pieces[k + 1].strip("\n")
    return None


@pytest.fixture(scope="module")
def copies(half_a) -> dict[str, str]:
    out = {}
    for c in half_a:
        if (t := _copy_to_short_block(c)) is not None:
            out[c["id"]] = t
    return out


@pytest.mark.parametrize("remark", ("Same as the other one, pretty much.", "SECRET, and still nobody reports it."))
def test_the_block_under_the_cables_own_blank_line_is_the_cables(half_a, copies, remark):
    cables = [c for c in half_a if c["id"] in copies]
    assert len(cables) >= 100
    wrong = misread_under(cables, lambda c: copies[c["id"]], f"\n\n{remark}")
    assert len(wrong) <= len(cables) // 25, (len(cables), wrong[:10])


def test_the_users_empty_lines_after_the_cables_blank_line_are_his(half_a, copies):
    cables = [c for c in half_a if c["id"] in copies][::3]
    # the copy took the cable's blank line along ("\xa0"), then the user's empty lines
    wrong = misread_under(cables, lambda c: copies[c["id"]].rsplit("\n", 1)[0] + "\n \n", "\n\nSame as the other one, pretty much.")
    assert len(wrong) <= len(cables) // 25, (len(cables), wrong[:10])


_LONG_REMARK = ("I have read this three times now and I still cannot believe nobody in the press picked it up back "
                "then, you would think somebody would have asked them what they were doing down there.")


def test_the_users_long_line_under_the_cables_blank_line_is_his(half_a, copies):
    # The copy took the cable's blank line along and the user typed right under it: a long
    # line in a user's register is his (``ends._users_line``), as a remark he signs is
    # (``ends._first_name_under``; tests/test_split_excerpts.py).
    cables = [c for c in half_a if c["id"] in copies][::2]
    cut = {c["id"]: copies[c["id"]].rsplit("\n", 1)[0] for c in cables}  # the cable's blank line ends the copy
    wrong = misread_under(cables, lambda c: cut[c["id"]] + "\n ", f"\n{_LONG_REMARK}")
    assert len(wrong) <= len(cables) // 25, (len(cables), wrong[:10])


def _two_paragraphs(c: dict) -> str | None:
    """Two numbered paragraphs of ``c``'s body in a row, the cable's own blank line (with its
    space) between them, as a user copies them; or None."""
    body = pc._body(c)
    pieces, gaps = _GAP_RE.split(body), _GAP_RE.findall(body)
    for k in range(len(pieces) - 1):
        one, two = pieces[k].strip("\n"), pieces[k + 1].strip("\n")
        if _PARA_RE.match(one) and _PARA_RE.match(two) and two.rstrip()[-1:] == "." and len(one) + len(two) < 2500:
            return one + gaps[k] + two.rstrip()
    return None


def test_a_shout_under_an_empty_line_below_a_spaced_copy_is_the_users(half_a):
    # The copy's own blank lines hold the space; the user's empty line above a line in
    # capitals makes it his shout, not the heading of the cable's next section where the copy
    # stopped (``ends._spaced_copy_above``).
    pairs = {c["id"]: t for c in half_a if (t := _two_paragraphs(c)) is not None}
    cables = [c for c in half_a if c["id"] in pairs][::3]
    assert len(cables) >= 100
    for shout in ("READ THE SECOND PARAGRAPH AGAIN", "WHO SIGNED OFF ON THIS"):
        wrong = misread_under(cables, lambda c: pairs[c["id"]], f"\n\n{shout}\n\nJudge for yourselves.")
        assert len(wrong) <= len(cables) // 25, (shout, len(cables), wrong[:10])


def test_copy_gap():
    text = "decisively.\n\xa0\nTYPES OF CONFLICT\n\nMy comment.\n\xa0\n\n\nMore."
    a = text.index("\n")
    assert copy_gap(text, a, text.index("TYPES"))
    b = text.index("\n", text.index("TYPES"))
    assert not copy_gap(text, b, text.index("My"))
    assert not copy_gap(text, text.index("\n", text.index("My")), text.index("More"))
    # in a post: the heading is the cable's, the user's line after an empty line his
    post = ("¶2. (C) Although the Supreme Leader's tone was mild, he stressed that he would act\n"
            "decisively once there was a threat to the system.\n \nTYPES OF CONFLICT\n\nMy comment: unbelievable.")
    commentary, cables = split(post)
    assert commentary == "My comment: unbelievable." and cables[0].endswith(norm("TYPES OF CONFLICT"))
