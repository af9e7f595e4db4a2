"""A meeting's participants listed under the cable's "Participants:" stay in the cable.

Memoranda of conversation list who met, names and titles one a line, under a line ending
in a colon ("¶2. (U) Participants:", "U.S. Delegation:"), a country's name over its people
("U.S." / names / "Colombia" / names), and the cable's text goes on under the list. None of
those lines is a sentence, so a paste stopped short of the signer, with a user's line
under it, left the list as commentary; ``blocks.listed_names`` keeps it in the cable. A
user's own short line between two pastes has no such lead-in above it and stays his.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import cable_alone  # noqa: E402
import paste_corpus as pc  # noqa: E402
from split_util import by_id, norm, split  # noqa: E402

BEFORE = "Who was in the room, for the record:"
AFTER = "Notice who is missing from that list."


def test_participants_listed_under_their_lead_in_are_the_cables(tune) -> None:
    # 06BOGOTA10317: "¶2. (U) Participants:" / "U.S." / five names / "Colombia" / five names / "¶3. (C) Summary: ..."
    body = cable_alone.stopped_short(pc._body(by_id(tune, "06BOGOTA10317")))
    assert "Participants:" in body and "Presidential Communications Director Jorge Eastman" in body
    text = f"{BEFORE}\n\n{body}\n\n{AFTER}"
    commentary, cables = split(text)
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert cables == [norm(body)]


def test_a_users_title_lines_between_two_pastes_stays_his(tune) -> None:
    # The same cable stopped above its list, three short lines of a user's in title case (as names and
    # titles are written; more than the blocks a body tolerates), and a second paste: no lead-in
    # ends the cable's text above them.
    body = cable_alone.stopped_short(pc._body(by_id(tune, "06BOGOTA10317")))
    first = body[: body.index("Participants:") + len("Participants:")]
    first = first[: first.rindex("\n")].rstrip()  # up to "¶1. (U) October 25, 2006; 5:00 pm."
    second = body[body.index("Participants:") :]
    second = second[second.index("¶3.") :]
    mine = "The Same Meeting Again\nTheir Version Of It\n\nVia Semana\n\nFrom El Tiempo"
    text = f"{first}\n\n{mine}\n\n{second}"
    commentary, cables = split(text)
    assert commentary == norm(mine)
    assert cables == [norm(first), norm(second)]
