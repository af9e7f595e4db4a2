"""A user's line that starts as a cable's section label does ("CLASSIFIED BY:", "SIPDIS")
but goes on as a sentence or a gloss is his, and a table's rows are the cable's (issue 8,
Must 4: no cable line in the commentary, no user line in a cable).

The cables are real cables of the corpus's tuning part; the remarks are written here, in the
styles of forum users, not the paste bench's.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.cables import parse_cable  # noqa: E402
from scraper.cables.blocks import FIRST_PARA_RE, LABEL_RE, cable_like  # noqa: E402
from scraper.relate import relate_post  # noqa: E402

LABELLED = (
    "CLASSIFIED BY: someone with a lot to hide.",
    "Classified by: the usual people, no doubt",
    "NOFORN = not for foreign eyes.",
    "SIPDIS = it went out on the secret network",
    "TAGS = who it was about.",
)


def _norm(s: str) -> str:
    return " ".join(s.split())


def _commentary(text: str) -> str:
    return _norm(relate_post(text).commentary)


@pytest.mark.parametrize("line", LABELLED)
def test_a_label_glossed_or_run_on_as_a_sentence_is_no_label(line) -> None:
    assert LABEL_RE.match(line) is None


@pytest.mark.parametrize("line", ["Classified By: Ambassador Anne W. Patterson for reasons 1.4 (b) and (d)",
                                  "CLASSIFIED BY: kathy schleigh, OMS, State, NAS; REASON: 1.4(d)", "SIPDIS", "NOFORN SIPDIS",
                                  "TAGS: PREL PGOV"])
def test_a_cables_own_label_lines_still_read_so(line) -> None:
    assert LABEL_RE.match(line) is not None


@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_the_users_labelled_lines_under_a_cable_cut_in_its_top_stay_commentary(tune, sep) -> None:
    # A cable whose text ends in its top (a partial extract cut at its SUBJECT or REF: no
    # numbered paragraph), then the user's line that starts as a label does, after a blank
    # line or right under it: the top's labels do not take it in. 215 tuning bodies are so
    # (under 3,000 characters); measured when written: 213 and 210 of 215 exact; before the
    # rule: 174 and 171.
    rows = [c for c in tune if FIRST_PARA_RE.search("\n" + c["body"]) is None and len(c["body"]) < 3000]
    assert len(rows) >= 150
    ok = 0
    for k, c in enumerate(rows):
        url, remark = pc._url(c), LABELLED[k % len(LABELLED)]
        ok += _commentary(f"{url}\n\n{pc._full(c)}{sep}{remark}") == _norm(f"{url} {remark}")
    assert ok >= 0.95 * len(rows), (ok, len(rows))


_ROW = re.compile(r"(?m)^[^\n]*?[A-Za-z).:][ \t\xa0]{2,}[-+$(]?[0-9][0-9.,]*[)%]?[ \t\xa0]*$")


def _ends_in_table(c: dict) -> bool:
    lines = re.split(r"\n[ \t\xa0]*\n", c["body"].strip())[-1].split("\n")
    return len(_ROW.findall("\n".join(lines[-4:]))) >= 2


def test_a_table_cut_short_at_the_cables_end_is_the_cables(tune) -> None:
    # Bodies whose last block is a table's rows ("Industry      345.0" / "Real Estate   235.0"),
    # a mirror's copy cut there: with the user's lines under it, the rows stay the cable's.
    # One tuning body ends so (07SANJOSE63, cut mid-table); measured when written: exact;
    # before the rule: its last rows were left in the commentary.
    rows = [c for c in tune if _ends_in_table(c)]
    assert rows
    for c in rows:
        remark = "Not much to add.\nIt speaks for itself."
        assert _commentary(f"{pc._full(c)}\n{remark}") == _norm(remark), c["id"]


def test_a_users_numbered_points_are_no_table() -> None:
    text = "1) the date\n2) the names\n3) the money"
    assert not cable_like(text, 0, len(text))


def test_a_signer_after_a_line_separator_is_read(tune) -> None:
    # A copy that breaks lines with U+2028 as well leaves one before the signer
    # ("\u2028FEELEY"): the name is still the signer, and the user's line under it is his.
    # 2 tuning bodies end so; measured when written: 2 of 2 parsed and split right; before
    # the rule: 1 of 2 each.
    rows = [c for c in tune if "\u2028" in c["body"] and re.search(r"[A-Z]{4,}\s*$", c["body"])]
    assert len(rows) >= 2
    for c in rows:
        name = re.search(r"([A-Z]{4,})\s*$", c["body"])[1]
        assert parse_cable(pc._full(c)).signer == name, c["id"]
        url, remark = pc._url(c), "Same story as the other thread."
        assert _commentary(f"{url}\n\n{pc._body(c)}\n{remark}") == _norm(f"{url} {remark}"), c["id"]
