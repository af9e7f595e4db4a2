"""The telegram's end marks under a cables.csv row are the cable's (``layouts._read_csv``
reads ``signers.trailers_end`` after the row): "End Cable Text" where the partner's copy of a
body that holds its own row ends (08JEDDAH84), "NNNN". A mirror's end marker keeps a CSV
field's closing quote after it ("=====CABLE ENDS===== \\"", 09BUENOSAIRES811's body). Before,
both were left as the user's words.
"""

from __future__ import annotations

import random

import pytest
from split_util import by_id, misread_under, pc


@pytest.mark.parametrize("mark", ("End Cable Text", "NNNN"))
def test_an_end_mark_under_a_row_is_the_cables(half_a, mark):
    cables = half_a[::15]
    assert misread_under(cables, lambda c: pc.paste(c, "csv", random.Random(c["id"])).text + f"\n{mark}",
                         "\nSame as the other one.") == []


@pytest.mark.parametrize("cid", ("08JEDDAH84", "09BUENOSAIRES811"))
def test_the_partners_copy_ends_on_its_mark(tune, cid):
    c = by_id(tune, cid)
    for sep in ("\n", "\n\n"):
        assert misread_under([c], lambda c: pc.paste(c, "newspaper", random.Random(c["id"])).text, f"{sep}Same as the other one.") == []


def test_the_mirrors_end_marker_with_a_fields_quote(half_a):
    cables = half_a[::25]
    marker = "\n\n=======================CABLE ENDS============================ \""
    assert misread_under(cables, lambda c: pc._body(c) + marker, "\nSame as the other one.") == []
