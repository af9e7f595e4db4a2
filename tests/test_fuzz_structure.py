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
