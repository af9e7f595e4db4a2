"""Where a pasted excerpt ends: one numbered paragraph of a real tuning cable, the user's words under it.

Users paste a paragraph or three of a cable after a link line or "From 08X1, this bit:" and
type their own words under it, often on the very next line. The excerpt keeps every line
of the cable's paragraph and the user's lines are commentary. The paragraphs are picked
from the tuning part by what their own text shows (their wrap), never by ID.
"""

from __future__ import annotations

import re

import pytest

from scraper.split import split_post

_BLANK = re.compile(r"\n[ \t]*\n")
# A numbered, portion-marked paragraph's start: "¶5. (C) ", "5. (SBU) ".
_PARA = re.compile(r"(?:¶|)[0-9]{1,2}\.[ \t]*\((?:U|C|S|SBU)\)[ \t]")


def _paragraphs(rows: list[dict], keep) -> list[tuple[str, str]]:
    """(cable ID, paragraph) for the first numbered paragraph of each cable that ``keep`` accepts."""
    out = []
    for c in rows:
        for block in _BLANK.split(c["body"]):
            block = block.strip("\n").rstrip()
            lines = block.split("\n")
            if _PARA.match(block) and 4 <= len(lines) <= 12 and keep(lines):
                out.append((c["id"], block))
                break
    return out


def _excerpt_and_rest(cid: str, para: str, remark: str, sep: str) -> tuple[str, str, str]:
    """A post pasting ``para``; the excerpt segment's text and the commentary."""
    text = f"From {cid}, this bit:\n\n{para}{sep}{remark}"
    segs = split_post(text)
    cables = [s for s in segs if s.kind == "cable"]
    cable = text[cables[0].start : cables[0].end] if len(cables) == 1 else ""
    comm = " ".join(text[s.start : s.end] for s in segs if s.kind != "cable")
    return text, cable, " ".join(comm.split())


def _spaced(lines: list[str]) -> bool:
    # Wrapped lines that keep the space they were broken at, a last line without one that ends a sentence.
    return all(ln.endswith(" ") for ln in lines[:-1]) and not lines[-1].endswith(" ") and lines[-1].rstrip()[-1:] == "."


def _short_last(lines: list[str]) -> bool:
    # A last line well short of the wrap above it (any next word would have fitted), ending a sentence.
    width = max(len(ln.rstrip()) for ln in lines[:-1])
    return 55 <= width <= 75 and len(lines[-1].rstrip()) < width - 25 and lines[-1].rstrip()[-1:] == "."


@pytest.mark.parametrize("remark", [
    "Funny how none of this made the evening news.",
    "Somebody should ask the ministry about this.\nAnd about the dates.",
])
def test_a_remark_typed_under_a_spaced_paragraph_is_commentary(tune, remark) -> None:
    # The cable's wrapped lines end in the space they were broken at; its paragraph's last
    # line does not, and neither do the user's lines typed right under it: the cable did not
    # wrap there. (Before the rule, with the one-line remark: 132 of 150 right; after: 150.)
    rows = _paragraphs(tune, _spaced)[:150]
    assert len(rows) >= 100, len(rows)
    ok = 0
    for cid, para in rows:
        _, cable, comm = _excerpt_and_rest(cid, para, remark, "\n")
        ok += cable.rstrip() == para.rstrip() and " ".join(remark.split()) in comm
    assert ok / len(rows) >= 0.9, ok


def test_a_remark_under_a_short_last_line_is_commentary(tune) -> None:
    # A paragraph's last line well short of its wrap: the user's first word would have
    # fitted on it, so the cable did not break the line there; the user typed under it.
    # (A guard: 149 of 150 before the excerpt rule and after it; a mis-measured wrap cut two.)
    rows = _paragraphs(tune, _short_last)[:150]
    assert len(rows) >= 50, len(rows)
    ok = 0
    for cid, para in rows:
        _, cable, comm = _excerpt_and_rest(cid, para, "Same story as always.", "\n")
        ok += cable.rstrip() == para.rstrip() and "Same story as always." in comm
    assert ok / len(rows) >= 0.85, ok


def test_the_paragraph_alone_keeps_every_line(tune) -> None:
    # Pasted with nothing under it, each of these paragraphs is one excerpt, whole: the
    # lines of the cable's own paragraph are never cut as a user's.
    rows = _paragraphs(tune, _spaced)[:100] + _paragraphs(tune, _short_last)[:100]
    ok = 0
    for cid, para in rows:
        _, cable, comm = _excerpt_and_rest(cid, para, "", "")
        ok += cable.rstrip() == para.rstrip()
    assert ok / len(rows) >= 0.97, ok


_SIGNED_REMARK = (
    "The interesting thing about this paragraph is how calmly it is written, as if nothing unusual was going on at "
    "all, when anybody who lived there at the time knew the whole country was holding its breath. Somebody in the "
    "capital must have read it and done nothing with it, and that part of the story has still not been told "
    "anywhere.\nRalph"
)


@pytest.mark.parametrize("sep", ["\n\n", "\n \n"])
def test_a_long_remark_signed_under_an_excerpt_is_commentary(tune, sep) -> None:
    # A user's long remark typed as one line, his first name under it: the name signs the
    # remark, not the cable (the excerpt's signer stands under cable text, in capitals).
    # The remark's register is weak (no "I", no "you"), so only the layout tells.
    # (Before the rule: 0 of 120 right, the excerpt ran on to "Ralph"; after: 120.)
    rows = _paragraphs(tune, _spaced)[:60] + _paragraphs(tune, _short_last)[:60]
    ok = 0
    for cid, para in rows:
        _, cable, comm = _excerpt_and_rest(cid, para, _SIGNED_REMARK, sep)
        ok += cable.rstrip() == para.rstrip() and comm.endswith("not been told anywhere. Ralph")
    assert ok / len(rows) >= 0.95, ok
