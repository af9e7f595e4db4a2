"""Unsigned cables (or copies stopped above the signer) pasted whole: their top and their end.

With no signer to reach, a body's end is read from its blocks alone, so a top block not read
as the cable's (a REF line naming a station in mixed case) or a closing line (the end of a
quoted text written out) is where the cable was cut. Real corpus cables, pasted under a
user's line with a remark under them, as users paste them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

from scraper.split import split_post  # noqa: E402

LEAD, REMARK = "Look at who they copied on this one.", "Nobody followed up on it, as far as I know."


@pytest.fixture(scope="module")
def tune() -> list[dict]:
    return pc.split_corpus(pc.load_corpus())["tune"]


def _without_signer(body: str) -> str:
    lines = body.rstrip().split("\n")
    if re.fullmatch(r"[ \t\xa0]*[A-Z][A-Za-z.'\- ]{1,30}[ \t\xa0]*", lines[-1]) and len(lines[-1].split()) <= 3:
        return "\n".join(lines[:-1]).rstrip()
    return body


def _commentary(text: str) -> str:
    return " ".join(" ".join(text[s.start : s.end] for s in split_post(text) if s.kind == "commentary").split())


def _share_exact(cables: list[dict]) -> float:
    ok = sum(_commentary(f"{LEAD}\n\n{_without_signer(pc._body(c))}\n\n{REMARK}") == f"{LEAD} {REMARK}" for c in cables)
    return ok / len(cables)


def test_a_ref_line_naming_a_station_in_mixed_case_stays_in_the_top(tune) -> None:
    ref = re.compile(r"^REF:[ \t]+[A-Z][a-z]+(?: [A-Z][a-z]+)? [0-9]{2,}", re.M)
    cables = [c for c in tune if ref.search(c["body"][:2500]) and re.search(r"\n¶?1\. ", c["body"])]
    assert len(cables) >= 10
    assert _share_exact(cables) == 1.0  # 26 of 27 before: the top ended above the REF line


def test_a_copy_ending_on_the_end_of_a_quoted_text_keeps_it(tune) -> None:
    end = re.compile(r"(?i:end)[ \t]+(?:of[ \t]+)?(?:\w+[ \t]+){0,2}(?i:text|points|translation|appendix|submission)\b[^\n]{0,50}\s*$")
    cables = [c for c in tune if end.search(_without_signer(pc._body(c)))]
    assert len(cables) >= 10
    assert _share_exact(cables) >= 0.9  # 0.76 before: the closing line was left as the user's


def test_a_users_closing_words_are_still_his(tune) -> None:
    c = next(c for c in tune if _commentary(pc._body(c)) == "")
    text = f"{pc._body(c)}\n\nEnd of story, as far as the press is concerned."
    assert _commentary(text) == "End of story, as far as the press is concerned."
