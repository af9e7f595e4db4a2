"""The user's own words after a pasted cable stay commentary (issue 8, Must 4: "no user line
goes into a cable"), where what tells them from the cable is weak: a long remark signed with
a first name whose register shows one class of a user's markers only, under a cable whose
own lines are long too (a flattened copy), or under another long remark of the user's.

The cables are real cables of the corpus's tuning part, pasted after their viewer's link;
the remarks are written here (not the paste bench's).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.relate import relate_post  # noqa: E402
from scraper.split import split_post  # noqa: E402

# One class of markers each: the readers addressed ("you"), or the writer ("I"), no contraction.
ONE_CLASS = (
    "If you compare this with the statements given to the press at the same time, you will notice how "
    "little of it was ever said in public. The meetings, the names and the figures on the table were all "
    "known to the people in the room, and none of them appeared in the reports that followed. Keep that in "
    "mind when you read the official version of these events.",
    "I went through the whole series from that year and this is the one that stands out. The tone changes "
    "in the last paragraphs, the writer stops reporting and starts arguing, and the arguments are the same "
    "ones that were dismissed in public a few months later. I would like to know who read it at the other "
    "end and what was done with it.",
)
# A first remark above it, in the same weak register.
BEFORE = (
    "The interesting part is not the summary but the list of names near the end, which matches the list "
    "published by the opposition papers two years later almost word for word. Somebody had it all along, "
    "and the question of who passed it on was never answered, even after the inquiry that was set up for "
    "exactly that purpose had finished its work.",
)
NAMES = ("Rob", "Ines", "Pavel", "Liz")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _exact(posts: list[tuple[str, str]]) -> float:
    return sum(_norm(relate_post(text).commentary) == want for text, want in posts) / len(posts)


@pytest.fixture(scope="module")
def rows(tune) -> list[dict]:
    # The tuning cables whose body ends on a sentence, not a signer (60 of them): the user's
    # name under his remark is the only name after the cable's text.
    out = []
    for c in tune:
        last = c["body"].strip().rsplit("\n", 1)[-1].strip()
        if last.endswith(".") and len(last) > 48:
            out.append(c)
    assert len(out) >= 50
    return out


def test_a_signed_one_class_remark_under_a_flattened_cable_is_the_users(rows) -> None:
    # A flattened copy (one line a paragraph): the remark's length says nothing against the
    # cable's lines. Measured when written: 56 of 60 exact; before the rule: 7 of 60.
    posts = []
    for k, c in enumerate(rows):
        url, remark = pc._url(c), f"{ONE_CLASS[k % 2]}\n{NAMES[k % 4]}"
        posts.append((f"{url}\n\n{pc._flatten(c['body'].strip())}\n\n{remark}", _norm(f"{url} {remark}")))
    assert _exact(posts) >= 0.85, _exact(posts)


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_signed_remark_under_another_long_remark_is_the_users(rows, sep) -> None:
    # The cable as pasted (wrapped), the user's long paragraph under it, then a second one
    # signed with his first name: the line above the name is long and so is the one above
    # that. Measured when written: 58 of 60 exact either way; before the rule: 8 of 60.
    posts = []
    for k, c in enumerate(rows):
        url = pc._url(c)
        remark = f"{BEFORE[0]}{sep}{ONE_CLASS[k % 2]}\n{NAMES[k % 4]}"
        posts.append((f"{url}\n\n{c['body'].strip()}\n\n{remark}", _norm(f"{url} {remark}")))
    assert _exact(posts) >= 0.9, _exact(posts)


def test_a_one_class_remark_typed_right_under_a_flattened_cable_is_the_users(rows) -> None:
    # No blank line between: the remark is a line of its own under the cable's last
    # paragraph, both longer than any wrap. Measured when written: 55 of 60 exact; before
    # the rule: 7 of 60.
    posts = []
    for k, c in enumerate(rows):
        url, remark = pc._url(c), ONE_CLASS[k % 2]
        posts.append((f"{url}\n\n{pc._flatten(c['body'].strip())}\n{remark}", _norm(f"{url} {remark}")))
    assert _exact(posts) >= 0.85, _exact(posts)


def test_a_flattened_cable_with_its_paragraphs_on_consecutive_lines_keeps_its_extent(tune) -> None:
    # The guard: a copy with one line a paragraph and no blank line between them (as some
    # newspapers print it) is pasted alone; the rules that read a long line under the cable
    # as the user's must not cut the cable's own last paragraphs. Measured when written:
    # 263 of 276 whole, as before the rules.
    whole = 0
    rows = tune[::16]
    for c in rows:
        body = pc._flatten(c["body"].strip()).replace("\n\n", "\n")
        text = f"{pc._url(c)}\n\n{body}"
        cables = [s for s in split_post(text) if s.kind == "cable"]
        whole += len(cables) == 1 and _norm(text[cables[0].start : cables[0].end]) == _norm(body)
    assert whole / len(rows) >= 0.95, (whole, len(rows))
