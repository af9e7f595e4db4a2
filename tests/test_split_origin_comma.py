"""A metadata block flattened onto one line opens its cable also where the origin holds a
comma ("200714 2009-04-03 17:28:00 09PARTO40301 US Delegation, Secretary CONFIDENTIAL", as
the partner's copy and the flattened layout write a body that starts with its own metadata):
``mirrors.META_LOOSE_RE`` read no comma in the origin, so the line was left as the user's.

The cables are the half-A cables whose WikiLeaks origin holds a comma, each written as such a
line over its routing header and body, with the user's words around it.
"""

from __future__ import annotations

import random

import pytest
from split_util import by_id, misread_under, pc


@pytest.fixture(scope="module")
def comma_origins(half_a) -> list[dict]:
    return [c for c in half_a if ", " in c["origin"] and c["header"].strip()]


def _flat_meta(c: dict) -> str:
    line = f"{pc._iid(c)} {c['created']}:00 {c['id']} {c['origin']} {c['classification']}"
    return f"{line}\n{pc._full(c)}"


def test_the_flattened_metadata_line_opens_the_cable(comma_origins):
    assert len(comma_origins) >= 3
    assert misread_under(comma_origins, _flat_meta, "\n\nSame as the other one.") == []


@pytest.mark.parametrize("layout", ("newspaper", "flattened"))
def test_a_body_that_starts_with_its_own_metadata(tune, layout):
    c = by_id(tune, "09PARTO40301")  # half A; its body opens with its metadata block
    assert misread_under([c], lambda c: pc.paste(c, layout, random.Random(c["id"])).text, "\n\nSame as the other one.") == []
