"""A cable's lettered sub-paragraphs stay in the cable when the paste stops inside them.

Cables answer a questionnaire or quote a diplomatic note in lettered sub-paragraphs ("a.
COUNTRY CONDITIONS:", "b. NIV FRAUD:", ...; "a. The Ministry of Foreign Affairs presents its
compliments ..."). A user who copies a cable's first paragraphs may stop in such a list,
with no numbered paragraph or signer under it: the items are the cable's all the same
(``paragraphs.lettered_item``), while the user's own lines under the paste stay his, and
so do his own lettered points, which go on with no list of the cable's.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from split_util import by_id, norm, split  # noqa: E402

BEFORE = "From the fraud reports, the part nobody quotes:"
AFTER = "So much for the official line."


def _cut_after_item(body: str, letter: str) -> str:
    """``body`` up to the end of its lettered item ``letter`` (the paragraph before the next item)."""
    m = re.search(rf"^{letter}\.", body, re.M)
    nxt = re.search(rf"^{chr(ord(letter) + 1)}\.", body[m.end() :], re.M)
    return body[: m.end() + nxt.start()].rstrip()


@pytest.mark.parametrize(("cid", "letter"), [("09TRIPOLI268", "f"), ("09TRIPOLI268", "i"), ("06BRASILIA1365", "d")])
def test_a_paste_stopped_inside_a_lettered_list_keeps_the_items(tune, cid, letter) -> None:
    # 09TRIPOLI268: a fraud summary's items "a. COUNTRY CONDITIONS:" ... under a sentence;
    # 06BRASILIA1365: a diplomatic note quoted in items "a. The Ministry ...", under "¶2. Text of Dip Note 79".
    body = _cut_after_item(pc._body(by_id(tune, cid)), letter)
    text = f"{BEFORE}\n\n{body}\n\n{AFTER}"
    commentary, cables = split(text)
    assert commentary == norm(f"{BEFORE} {AFTER}")
    assert cables == [norm(body)]


def test_users_own_lettered_points_under_a_paste_stay_his(tune) -> None:
    # The cable's list ended above (its items are the cable's); the user's "a." and "b." start
    # no list of the cable's: short, no heading in capitals, no lead-in.
    body = _cut_after_item(pc._body(by_id(tune, "09TRIPOLI268")), "f")
    mine = "a. They knew about the fraud.\n\nb. They did nothing about it."
    text = f"{body}\n\n{mine}"
    commentary, cables = split(text)
    assert commentary == norm(mine)
    assert cables == [norm(body)]
