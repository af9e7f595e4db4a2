"""A flattened cable's end reaches its signer across quoted text in the cable's register
(issue 8; ``scraper/cables/reaches.py``), on real half-A cables of the tuning part.

Flattened (each paragraph one line, as a web viewer or a newspaper copy), a diplomatic
note, a translation or a single unnumbered paragraph above the signer has none of the
wrapping the body was read by: the cable ran on from its classification line to its
signer, and the user's words under it stay his.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.split import split_post  # noqa: E402

USER = "Read that last line again, it says it all."


def _cable(tune, cid: str) -> dict:
    (c,) = [c for c in tune if c["id"] == cid]
    return c


def _split(text: str) -> tuple[list[str], str]:
    """(the cable segments' texts, the commentary with its blanks normalised)."""
    segs = split_post(text)
    cables = [text[s.start : s.end] for s in segs if s.kind == "cable"]
    return cables, " ".join(" ".join(text[s.start : s.end] for s in segs if s.kind == "commentary").split())


@pytest.mark.parametrize(
    ("cid", "last"),
    [
        ("05SANJOSE2413", "San Jose, 7 October 2005 FRISBIE"),  # a diplomatic note, its date line, the signer
        ("06SANJOSE606", "End of translation LANGDALE"),  # a translation signed "Tania Lopez", then the cable's signer
        ("06WELLINGTON685", "McCormick"),  # one unnumbered paragraph under REF, a signer in mixed case
        ("08QUITO672", "CDA Griffiths"),  # the last paragraph broken off ("... the importance of"), its rest, the signer
        ("06CAIRO6171", "7 Ramadan RICCIARDONE"),  # "Begin text of ... letter:", a letter in its writer's "I" and "you"
    ],
)
def test_a_flattened_cable_reaches_its_signer_across_quoted_text(tune, cid, last) -> None:
    flat = pc._flatten(pc._body(_cable(tune, cid)))
    assert flat.endswith(last)
    text = f"{pc._url(_cable(tune, cid))}\n\n{flat}\n\n{USER}"
    cables, commentary = _split(text)
    assert cables == [flat]
    assert commentary == f"{pc._url(_cable(tune, cid))} {USER}"


def test_a_users_signed_remark_under_an_unsigned_flattened_cable_stays_his(tune) -> None:
    # The cable cut where its quoted note starts, then a user's remark signed with his name:
    # his words read as a forum user's, not in the cable's register, so the end does not reach
    # his name (which, read as the cable's signer, would take his remark into the cable).
    flat = pc._flatten(pc._body(_cable(tune, "05SANJOSE2413")))
    cut = flat[: flat.index("follows:") + len("follows:")]
    remark = ("I don't know why anyone would care about this, honestly. You can read the whole thing "
              "and still not see what the fuss is about, can't you?")
    text = f"{cut}\n\n{remark}\n\nMike"
    cables, commentary = _split(text)
    assert cables == [cut]
    assert commentary == f"{remark} Mike"
