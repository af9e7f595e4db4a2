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

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import cable_alone  # noqa: E402
import paste_corpus as pc  # noqa: E402
from scraper.split import split_post  # noqa: E402

BEFORE = "The part about the new Secretariat member:"
AFTER = "Nobody in the press picked this up."


def _norm(s: str) -> str:
    return " ".join(s.split())


def _split(text: str) -> tuple[str, list[str]]:
    segs = split_post(text)
    commentary = _norm(" ".join(text[s.start : s.end] for s in segs if s.kind == "commentary"))
    return commentary, [_norm(text[s.start : s.end]) for s in segs if s.kind == "cable"]


def _body(tune: list[dict], cid: str) -> str:
    return cable_alone.stopped_short(pc._body(next(c for c in tune if c["id"] == cid)))


@pytest.mark.parametrize(("cid", "cut"), [("08BOGOTA839", "said Gomez was"), ("08SANJOSE5", "delaying tactics.  With")])
def test_a_sentence_cut_by_the_cables_sipdis_line_is_the_cables(tune, cid, cut) -> None:
    body = _body(tune, cid)
    assert cut in body and "\nSIPDIS" in body[body.index(cut) :][:40]
    text = f"{BEFORE}\n\n{body}\n\n{AFTER}"
    commentary, cables = _split(text)
    assert commentary == _norm(f"{BEFORE} {AFTER}")
    assert cables == [_norm(body)]


def test_users_lines_starting_with_sipdis_under_a_paste_stay_his(tune) -> None:
    body = _body(tune, "08BOGOTA839")
    mine = "SIPDIS\nmeans it went out on SIPRNet, for the newbies.\n\nAnd NOFORN means no foreigners."
    text = f"{body}\n\n{mine}"
    commentary, cables = _split(text)
    assert commentary == _norm(mine)
    assert cables == [_norm(body)]
