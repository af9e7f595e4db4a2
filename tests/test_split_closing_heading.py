"""A copy that stops on the heading of the cable's next section: the heading is the cable's.

A user copies a cable's first paragraphs down to the next section's heading
(``bench/cable_alone.py`` layout ``first_paras``). Where the cable underlines its headings with
dashes, a last line in Title Case is its next heading (``headings.closing_heading``); under a
cable that marks no heading so, the same line is the user's. Real tuning cables of half A.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import cable_alone  # noqa: E402
import paste_corpus as pc  # noqa: E402
from validation import half_of  # noqa: E402

from split_util import pieces  # noqa: E402

LEAD, REMARK = "Look at who they copied on this one.", "Nobody followed up on it, as far as I know."


@pytest.fixture(scope="module")
def tune() -> dict[str, dict]:
    return {c["id"]: c for c in pc.split_corpus(pc.load_corpus())["tune"]}


def _paste(tune: dict[str, dict], layout: str, cable_id: str) -> str:
    assert half_of(cable_id) == "A"  # (tuning half A only: B and the held-out part are never looked at)
    return cable_alone.LAYOUTS[layout](tune[cable_id])


@pytest.mark.parametrize(
    ("cable_id", "heading"),
    [
        # "Lebanese Parliament to Snub Visitors?" / "-----" above; the copy stops on the next heading.
        ("06BEIRUT2826", "Shebaa Farms -- Obsession or Pretext?"),
        # "...While Pursuing a Dubious Strategy..." / "-----" above.
        ("06MEXICO2460", "...at the Head of a Dysfunctional Party..."),
        # The heading under its rule of dashes, in one block: "-----" / "Yemen: ...".
        ("05SANAA1790", "Yemen: Leader in Regional Reform?"),
    ],
)
@pytest.mark.parametrize("remark", [False, True])
def test_the_next_sections_heading_ends_the_copy(tune, cable_id, heading, remark) -> None:
    paste = _paste(tune, "first_paras", cable_id)
    assert paste.rstrip().endswith(heading)
    text = f"{LEAD}\n\n{paste}" + (f"\n\n{REMARK}" if remark else "")
    want = [("commentary", LEAD), ("cable", " ".join(paste.split()))] + ([("commentary", REMARK)] if remark else [])
    assert pieces(text) == want


def test_a_users_title_case_line_under_a_cable_of_no_underlined_headings_is_his(tune) -> None:
    # 04BRASILIA2738 marks no heading with dashes: nothing says its last line is a heading.
    paste = _paste(tune, "nosigner", "04BRASILIA2738")
    assert "---" not in paste
    line = "Will Anyone Be Held Accountable?"
    assert pieces(f"{LEAD}\n\n{paste}\n\n{line}") == [("commentary", LEAD), ("cable", " ".join(paste.split())), ("commentary", line)]


def test_a_heading_alone_over_its_sections_paragraph_is_no_signer(tune) -> None:
    # 06SANJOSE258 flattened: "¶C. Vehicles", "¶D. Vessels" and "IMPACT" stand alone over a
    # paragraph in the cable's register (no user's marker, its acronyms): headings, not the
    # signer; the cable ends at "Langdale" under its last paragraph.
    paste = _paste(tune, "flat", "06SANJOSE258")
    for heading in ("\n¶C. Vehicles\n", "\nIMPACT\n"):
        assert heading in paste
    assert paste.rstrip().endswith("\n\nLangdale")
    text = f"{LEAD}\n\n{paste}\n\n{REMARK}"
    assert pieces(text) == [("commentary", LEAD), ("cable", " ".join(paste.split())), ("commentary", REMARK)]


def test_a_signer_over_a_users_paragraph_still_ends_the_cable(tune) -> None:
    # The same cable's signer line, a user's paragraph under it (his "I", "you"): the end.
    paste = _paste(tune, "flat", "06SANJOSE258")
    remark = ("I have read this one three times now and you really have to wonder who signed off on "
              "the money, because nobody I talked to at the time had any idea the boats were sitting idle.")
    assert pieces(f"{paste}\n\n{remark}") == [("cable", " ".join(paste.split())), ("commentary", remark)]


@pytest.mark.parametrize("remark", [False, True])
def test_a_question_heading_in_capitals_under_the_cables_capital_headings_is_its(tune, remark) -> None:
    # 09BERLIN431 heads its sections in capitals alone over a numbered paragraph
    # ("GENERAL REACTION" / "¶2. ..."); the copy stops on "TEAMING UP WITH THE DUTCH IN URUZGAN?".
    paste = _paste(tune, "nosigner", "09BERLIN431")
    assert paste.rstrip().endswith("\nTEAMING UP WITH THE DUTCH IN URUZGAN?") and "\nGENERAL REACTION" in paste
    text = f"{LEAD}\n\n{paste}" + (f"\n\n{REMARK}" if remark else "")
    want = [("commentary", LEAD), ("cable", " ".join(paste.split()))] + ([("commentary", REMARK)] if remark else [])
    assert pieces(text) == want


def test_a_users_shout_in_capitals_under_the_same_cable_is_his(tune) -> None:
    # A line in capitals that asks nothing is read as a user's shout, even under capital headings.
    paste = _paste(tune, "first_paras", "09TRIPOLI924")
    body = paste[: paste.rindex("\nTHE SUCCESSION QUESTION")].rstrip()
    shout = "THE SAME PEOPLE WROTE THIS AGAIN"
    assert pieces(f"{body}\n\n{shout}") == [("cable", " ".join(body.split())), ("commentary", shout)]
