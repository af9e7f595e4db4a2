"""A paragraph that the cable's own "SIPDIS" line cuts stays in the cable.

The telegram system printed its caveat where a page's first line fell, so in many cables a
"SIPDIS" line stands in the middle of a sentence ("... Peace activist Moritz Akerman said
Gomez was" / "SIPDIS" / "intellectual and "urbane," but also violent ..."). The rest of the
paragraph under it read as nothing of the cable's, and a copy stopped short of the signer
lost it; ``headings.caveat_inside`` reads the sentence broken off above the caveat. A
user's own lines under a paste, which ends on its sentence, stay his even when they start
with the caveat's word.
"""

from __future__ import annotations

import pytest

from split_util import norm, split, stopped_body

BEFORE = "The part about the new Secretariat member:"
AFTER = "Nobody in the press picked this up."


@pytest.mark.parametrize(("cid", "cut"), [("08BOGOTA839", "said Gomez was"), ("08SANJOSE5", "delaying tactics.  With")])
def test_a_sentence_cut_by_the_cables_sipdis_line_is_the_cables(tune, cid, cut) -> None:
    body = stopped_body(tune, cid)
    assert cut in body and "\nSIPDIS" in body[body.index(cut) :][:40]
    text = f"{BEFORE}\n\n{body}\n\n{AFTER}"
    commentary, cables = split(text)
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert cables == [norm(body)]


def test_users_lines_starting_with_sipdis_under_a_paste_stay_his(tune) -> None:
    body = stopped_body(tune, "08BOGOTA839")
    mine = "SIPDIS\nmeans it went out on SIPRNet, for the newbies.\n\nAnd NOFORN means no foreigners."
    text = f"{body}\n\n{mine}"
    commentary, cables = split(text)
    assert commentary == norm(mine)
    assert cables == [norm(body)]
