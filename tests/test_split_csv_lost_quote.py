"""A CSV row that lost its last quote, with a user's quotation after it: the quote that
opens his quotation ("lol, \\"sensitive but unclassified\\"") paired with the row's open text
field and closed the row inside his line, so the row took his words up to it and left the
rest (``layouts._read_csv``, ``_OPENING_QUOTE_RE``). A row's closing quote ends its line or
stands before a comma; a quote between a blank and a word opens a quotation. Now the body
ends on its own there, before the user's line.

The cables are half-A cables pasted as cables.csv rows with the last quote dropped, as users
often leave it off, and the corpus's own half-A bodies that hold such a row.
"""

from __future__ import annotations

import random
import re

import pytest
from split_util import misread_under, pc

REMARKS = ('lol, "sensitive but unclassified"', 'So much for "we never discussed it" then.')


@pytest.mark.parametrize("remark", REMARKS, ids=("lol", "so-much"))
@pytest.mark.parametrize("layout", ("csv", "csv_backslash"))
def test_a_row_without_its_last_quote_leaves_the_users_quotation(half_a, remark, layout):
    cables = half_a[::12]

    def dropped(c: dict) -> str:
        return pc.paste(c, layout, random.Random(c["id"])).text.rstrip().removesuffix('"')

    wrong = misread_under(cables, dropped, f"\n\n{remark}")
    assert len(wrong) <= len(cables) // 50, (len(cables), wrong[:10])


_ROW_IN_BODY_RE = re.compile(r'[0-9]{1,7},[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2},[0-9]{2}[A-Z]+[0-9]+,')


def test_a_body_holding_an_open_row_leaves_the_users_quotation(half_a):
    cables = [c for c in half_a if _ROW_IN_BODY_RE.search(pc._body(c))]
    assert len(cables) >= 8
    for remark in REMARKS:
        assert misread_under(cables, pc._full, f"\n\n{remark}") == [], remark
