"""Copies cut short of the signer: where the pasted cable ends when nothing says "cable" at its end.

A user copies a cable down to some sentence or paragraph and stops (``bench/cable_alone.py``
layouts ``nosigner`` and ``first_paras``). Its last lines must stay the cable's: a sentence
the copy broke at a blank line (a double-spaced mirror), at a title or at "U.S.", at the
viewer's SIPDIS line, or on a flattened line; the next item of an indented list; the cable's
end mark of a text it quotes; a participants' list whose name line is no signer. Real tuning
cables of half A, cut as the bench cuts them, pasted under a user's line with a remark under
them after a blank line.
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


def _assert_read_whole(tune: dict[str, dict], layout: str, cable_id: str) -> str:
    assert half_of(cable_id) == "A"  # (tuning half A only: B and the held-out part are never looked at)
    paste = cable_alone.LAYOUTS[layout](tune[cable_id])
    text = f"{LEAD}\n\n{paste}\n\n{REMARK}"
    assert pieces(text) == [("commentary", LEAD), ("cable", " ".join(paste.split())), ("commentary", REMARK)]
    return paste


@pytest.mark.parametrize(
    ("layout", "cable_id", "last_words"),
    [
        # "... (Note: Moratinos last met with Secretary" / blank / "SIPDIS" / "Rice in Washington ...".
        ("nosigner", "06MADRID779", "Rice in Washington on May 3, 2005)."),
        ("nosigner", "08BOGOTA839", "diplomatic"),
        # "... and other newly" / "SIPDIS" alone / blank / "appointed senior officials ..."
        ("first_paras", "04SANAA3023", "\"face to face.\""),
    ],
)
def test_a_sipdis_line_inside_a_paragraph_keeps_the_paragraph(tune, layout, cable_id, last_words) -> None:
    paste = _assert_read_whole(tune, layout, cable_id)
    assert "\nSIPDIS" in paste[-1500:] and last_words in paste


def test_an_indented_bullet_after_a_blank_line_is_the_lists_next_item(tune) -> None:
    # "--    Tayrona Resistance Bloc demobilized 1,166 members;" / blank / "--    Middle Magdalena ..."
    paste = _assert_read_whole(tune, "nosigner", "06BOGOTA1180")
    assert paste.endswith("--    Middle Magdalena Bloc disarmed 1,000 members.")


def test_the_next_indented_item_typed_right_under_is_the_cables(tune) -> None:
    # "-     Altering Article 24 ..." / "compulsory religious instruction in schools." / "-     Opening ..."
    paste = _assert_read_whole(tune, "first_paras", "10ISTANBUL19")
    assert "\n-     Opening a special institute" in paste


@pytest.mark.parametrize(
    ("cable_id", "broken_at"),
    [
        ("05BUENOSAIRES138", "the U.S.  Kirchner"),  # a name in mixed case last: no signer in a double-spaced copy
        ("06BUENOSAIRES147", "recommends that the ILEA"),  # a word in capitals last
        ("05BUENOSAIRES141", 'to end ""carnal relations""'),  # a quote after a word last
    ],
)
def test_a_double_spaced_sentence_goes_on_after_the_blank_line(tune, cable_id, broken_at) -> None:
    paste = _assert_read_whole(tune, "nosigner", cable_id)
    assert broken_at in paste


def test_a_double_spaced_sentence_goes_on_after_a_date(tune) -> None:
    # "... during a working lunch in Buenos Aires on March 6" / blank / "with visiting FBI official ..."
    paste = _assert_read_whole(tune, "first_paras", "08BUENOSAIRES322")
    assert paste.endswith("with visiting FBI official Thomas Fuentes and the Ambassador.")


@pytest.mark.parametrize(
    ("layout", "cable_id", "last_line"),
    [
        ("nosigner", "07SANJOSE1497", "Carr's membership on the Standing Commission."),  # "... would support Mr."
        ("nosigner", "08OTTAWA136", "bureaucrats anxious to squeeze their northern neighbor."),  # "... faceless U.S."
        ("nosigner", "10MADRID80", "appreciated Froman,s openness to Spain,s participation."),  # a flattened line: "... said he"
        ("first_paras", "08TELAVIV2745", "Yadlin noted that the Palestinians have created two entities."),  # wrapped on past a stop
    ],
)
def test_a_last_line_typed_right_under_goes_on_with_the_paragraph(tune, layout, cable_id, last_line) -> None:
    paste = _assert_read_whole(tune, layout, cable_id)
    assert paste.rstrip().endswith(last_line)


@pytest.mark.parametrize(
    ("cable_id", "end_mark"), [("08STATE37957", "End talking points for Pakistan."), ("09SANAA495", "End Embassy press release text.")]
)
def test_the_end_mark_of_a_quoted_part_alone_is_the_cables(tune, cable_id, end_mark) -> None:
    paste = _assert_read_whole(tune, "first_paras", cable_id)
    assert paste.endswith(end_mark)


def test_a_name_line_the_numbering_goes_on_past_is_no_signer(tune) -> None:
    # "¶1. (U) THE FOLLOWING IS THE TEXT OF A LETTER ..." / the letter's address ("WASHINGTON DC")
    # / the letter: a copy with no signer of its own ends at its last sentence, not at the address.
    paste = _assert_read_whole(tune, "nosigner", "04BAGHDAD4")
    assert "WASHINGTON DC" in paste and "DEAR MR. SECRETARY." in paste


def test_a_users_line_right_under_a_flattened_line_broken_off_is_his(tune) -> None:
    # A flattened line cut mid-sentence goes on into a next line that ends a sentence; a user's
    # line that ends none ("... Zapatero said he" / "wow, read that twice") is his.
    paste = cable_alone.LAYOUTS["nosigner"](tune["10MADRID80"])
    cut = paste[: paste.rindex("\nappreciated Froman")]
    text = f"{LEAD}\n\n{cut}\nwow, read that twice"
    assert pieces(text) == [("commentary", LEAD), ("cable", " ".join(cut.split())), ("commentary", "wow, read that twice")]

