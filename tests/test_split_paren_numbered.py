"""A cable's paragraphs numbered with a closing bracket and portion-marked ("7) (SBU) Lula's
decision ...", as some posts number them) are the cable's own text (issue 8, Must 4: "no cable
line stays in the commentary"): a copy that stops short of the signer, or one that stops in
the middle, is read whole, also where a heading over its rule stands between two of them
("COMMENT --------" / "7) (SBU) ..."). A user's own points numbered so carry no portion
marking ("1) the timing"), and stay the user's.

The cables are the tuning part's half-A cables with two paragraphs or more numbered so; the
remarks are written here, not taken from the paste bench's words.
"""

from __future__ import annotations

import re

import pytest
from split_util import norm, split

import cable_alone  # noqa: E402  (bench/, put on the path by split_util)
from validation import half_of  # noqa: E402  (bench/: half A only; B and the held-out part are never looked at)

_PAREN_MARKED_RE = re.compile(r"^[ \t]*[0-9]{1,2}\)[ \t]*\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|TS)\)", re.M)
BEFORE = "Read this one."
AFTER = "So much for transparency."


@pytest.fixture(scope="module")
def paren_cables(tune):
    cables = [c for c in tune if half_of(c["id"]) == "A" and len(_PAREN_MARKED_RE.findall(c["body"])) >= 2]
    assert len(cables) >= 4  # 05BRASILIA1922, 09ABUDHABI874, ...
    return cables


@pytest.mark.parametrize("layout", ("nosigner", "first_paras", "body", "flat"))
def test_paren_numbered_paragraphs_are_the_cables(paren_cables, layout):
    wrong = []
    for c in paren_cables:
        copy = cable_alone.LAYOUTS[layout](c)
        commentary, cables = split(f"{BEFORE}\n\n{copy.rstrip()}\n\n{AFTER}\n")
        if commentary != norm(f"{BEFORE} {AFTER}") or cables != [norm(copy)]:
            wrong.append(c["id"])
    assert wrong == []


def test_heading_between_paren_numbered_paragraphs(tune):
    # 05BRASILIA1922 stopped short: "6) (U) ..." / "COMMENT --------" / "7) (SBU) Lula's decision ...".
    (c,) = [c for c in tune if c["id"] == "05BRASILIA1922"]
    copy = cable_alone.LAYOUTS["nosigner"](c)
    assert "COMMENT --------" in copy and "7) (SBU)" in copy
    commentary, cables = split(f"{BEFORE}\n\n{copy.rstrip()}\n\n{AFTER}\n")
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert cables == [norm(copy)]


def test_users_bracket_numbered_points_stay_the_users(paren_cables):
    points = "1) the timing\n2) who it went to\n3) who cleared it"
    copy = cable_alone.LAYOUTS["nosigner"](paren_cables[0])
    commentary, cables = split(f"{BEFORE}\n\n{copy.rstrip()}\n\n{points}\n")
    assert commentary == norm(f"{BEFORE} {points}")
    assert cables == [norm(copy)]
