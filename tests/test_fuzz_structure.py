"""Structural fuzz of real pages: only our own errors, no hang, no post lost from a page read as complete.

The mutations and the judge are in tests/fuzz_pages.py; bench/fuzz.py runs
the same for as long as you like. Here a fixed seed and a few hundred cases
keep CI to seconds.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from fuzz_pages import judge, load_originals, mutate

CASES = 300
BOUND = 20.0  # seconds per page: a hang detector on a loaded machine, not a speed test


@pytest.fixture(scope="module")
def originals():
    return load_originals()


def test_mutated_real_pages_never_crash_hang_or_silently_lose_posts(originals):
    rng = random.Random("structural-fuzz")
    outcomes: Counter[str] = Counter()
    bad = []
    for _ in range(CASES):
        case = mutate(rng.choice(originals), rng)
        verdict = judge(case, bound=BOUND)
        outcomes[verdict.outcome] += 1
        if verdict.outcome in ("crash", "hang", "silent_loss"):
            bad.append((case.op, case.original.version, case.original.name, verdict.outcome, verdict.detail))
    assert not bad, bad
    # The fuzz exercised every way out: pages read whole, pages found short, pages refused.
    assert outcomes["complete"] and outcomes["short"] and outcomes["refused"], outcomes


@pytest.mark.parametrize("op", ["deep_nesting", "unbalanced_in_body", "duplicate_block", "drop_block"])
def test_each_kind_of_damage_is_caught_or_harmless(originals, op):
    """Every case of one mutation kind on every page: a dropped block is always found short."""
    rng = random.Random(op)
    seen: Counter[str] = Counter()
    for original in originals:
        for _ in range(6):
            case = mutate(original, rng, op)
            verdict = judge(case, bound=BOUND)
            assert verdict.outcome not in ("crash", "hang", "silent_loss"), (case.original.name, verdict)
            seen[verdict.outcome] += 1
    if op == "drop_block":
        assert set(seen) == {"short"}, seen  # one post fewer is never a complete page
    if op == "unbalanced_in_body":
        assert set(seen) == {"complete"}, seen  # a hostile body hides none of its neighbours


@pytest.mark.parametrize("where", ["in_a_body", "around_the_posts"])
def test_66000_unclosed_divs_are_bounded_work_wherever_they_are(originals, where):
    """In the page around the posts: refused before lexbor; in a post body: read, neighbours intact.

    (A body's end was once found by rescanning for the next </div> after each
    <div>: quadratic, 30 s for this page. The bound here only catches a hang.)
    """
    from fuzz_pages import Case, _touched

    for original in originals:
        html = original.html
        if where == "in_a_body":
            msg = original.page.posts[len(original.page.posts) // 2].msg_id
            at = html.index(">", html.index(f'id="msg_{msg}"')) + 1
            at += len(html[at:]) - len(html[at:].lstrip("\n\t "))  # where the user's text starts (2.1 indents it)
        else:
            at = html.index('<div class="windowbg')
        case = Case(original, "deep_nesting", html[:at] + "<div>" * 66_000 + html[at:], _touched(original, at, at))
        verdict = judge(case, bound=BOUND)
        expected = {"complete"} if where == "in_a_body" else {"refused"}
        assert verdict.outcome in expected, (original.version, original.name, verdict)
