"""A pasted cable's top as a scrape or a partner prints it (issue 8, Must 4), on real tuning cables.

A scrape prints its ``Cable dated:`` line glued onto the classification line or alone on a
line over it; a newspaper partner prints its own date line over that. Either way the date
lines are the cable's top: the classification line under them is no second cable, and the
year they give makes the ID. Each test pastes real tuning-part cables so between a user's
words and checks the cable is one segment, exactly, linked to its ID.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402

BEFORE = "Someone asked for the full text of this one, here it is."
AFTER = "Note how long ago that was."

# A body that opens on its classification line and ends on its signer in capitals, with no
# mirror's artefacts of its own (these tests add the scrape's date line themselves).
_CLASS_LINE = re.compile(r"(?:UNCLAS|C O N F I D E N T I A L|S E C R E T) (?:SECTION [0-9]{2} OF [0-9]{2} )?[A-Z ]+ [0-9]{6}")
_SIGNED = re.compile(r"\n[A-Z]{4,}$")
_ARTEFACT = re.compile(r"Cable dated|CABLE ENDS|header ends|\nid:|<br|</|\.\.\.")


def _body(c: dict) -> str:
    return c["body"].strip("\n").rstrip()


def _plain(tune: list[dict], n: int = 8) -> list[dict]:
    found = [c for c in tune if _CLASS_LINE.match(_body(c)) and _SIGNED.search(_body(c)) and not _ARTEFACT.search(c["body"])]
    assert len(found) >= n, len(found)
    return found[:n]


def _dated(c: dict) -> str:
    """The scrape's date line: "Cable dated:2009-03-31T14:44:00"."""
    return f"Cable dated:{c['created'].replace(' ', 'T')}:00"


def _check(c: dict, cable_text: str) -> None:
    text = f"{BEFORE}\n\n{cable_text}\n\n{AFTER}"
    cables = [s for s in split_post(text) if s.kind == "cable"]
    assert [text[s.start : s.end] for s in cables] == [cable_text.strip()], c["id"]
    assert cables[0].cable.id == c["id"], c["id"]
    result = relate_post(text)
    assert " ".join(result.commentary.split()) == f"{BEFORE} {AFTER}", c["id"]
    assert [r.cable_id for r in result.relations if r.relation == "pasted"] == [c["id"]], c["id"]


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["next_line", "blank_line"])
def test_a_scrapes_date_line_alone_over_the_classification_line_is_the_cables_top(tune, gap) -> None:
    # The date gives the year the classification line's serial needs for the ID.
    for c in _plain(tune):
        _check(c, f"{_dated(c)}{gap}{_body(c)}")


def test_a_partners_date_line_over_a_scrapes_date_line_alone_is_the_cables_top(tune) -> None:
    for c in _plain(tune):
        day = pc._weekday(c["created"])
        _check(c, f"{day}\n{_dated(c)}\n\n{_body(c)}")


def test_the_tuning_cables_printed_so_are_one_paste_in_every_whole_cable_layout(tune) -> None:
    # The tuning part's bodies whose scrape printed the date line alone (09CAIRO549, ...).
    rows = [c for c in tune if re.match(r"Cable dated:\S+\n\s*\n", c["body"].lstrip("\n"))]
    assert rows
    for c in rows:
        for layout in ("newspaper", "header_body", "dtg_header_body", "link_body", "metadata"):
            post = pc.build_post([c], [layout], random.Random(c["id"]), "08MEXICO1082")
            found, commentary = pc.score_post(post)
            assert found == {c["id"]} and commentary == post.commentary, (c["id"], layout)
            assert len([s for s in split_post(post.text) if s.kind == "cable"]) == 1, (c["id"], layout)
