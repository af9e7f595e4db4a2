"""A copy whose lines break with the Unicode line separator (U+2028), the paragraph separator
(U+2029) or NEL (U+0085) is read as the same copy with "\\n" there (``textspan.unify_line_breaks``,
at the entry of ``split_post`` and ``parse_cable``): a browser breaks the line there, so the
reader sees the lines the cable has. Some of WikiLeaks' own texts start with one
("\\u2028C O N F I D E N T I A L SECTION 01 OF 02 ..."); before, such a body's top (its
classification line, E.O., TAGS, SUBJECT) was left in the commentary.

The cables are the tuning part's half-A cables, pasted from their classification line (the
body), with the user's words around them.
"""

from __future__ import annotations

import pytest
from split_util import misread_under, pc

from scraper.cables import parse_cable
from scraper.cables.textspan import unify_line_breaks
from scraper.split import split_post

SEPARATORS = ("\u2028", "\u2029", "\x85")
LEAD, REMARK = "Straight from the archive, have a look.", "Note the date on it."


@pytest.fixture(scope="module")
def bodies(half_a) -> list[dict]:
    return half_a[::8]


@pytest.mark.parametrize("sep", SEPARATORS, ids=lambda s: f"U+{ord(s):04X}")
def test_a_body_that_starts_with_a_line_separator_is_read_whole(bodies, sep):
    wrong = misread_under(bodies, lambda c: f"{sep}{pc._body(c)}", f"\n\n{REMARK}")
    assert len(bodies) >= 250
    assert len(wrong) <= len(bodies) // 100, (len(bodies), wrong[:10])


def test_a_body_whose_lines_all_break_with_separators_splits_as_with_newlines(bodies):
    """Every "\\n" of the post written as U+2028: the same segments, and the same fields read."""
    for c in bodies[:120]:
        plain = f"{LEAD}\n\n{pc._full(c)}\n\n{REMARK}"
        sep = plain.replace("\n", "\u2028")
        assert [(s.kind, s.start, s.end) for s in split_post(sep)] == [(s.kind, s.start, s.end) for s in split_post(plain)], c["id"]
        a, b = parse_cable(pc._full(c)), parse_cable(pc._full(c).replace("\n", "\u2028"))
        assert (b.id, b.classification, b.subject, b.signer, b.tags) == (a.id, a.classification, a.subject, a.signer, a.tags), c["id"]


def test_unify_line_breaks_keeps_every_offset():
    text = "SECRET\u2028SUBJECT: X\u2029\x85end\r\nNNNN"
    out = unify_line_breaks(text)
    assert out == "SECRET\nSUBJECT: X\n\nend\r\nNNNN" and len(out) == len(text)
    assert unify_line_breaks("plain\ntext") == "plain\ntext"
