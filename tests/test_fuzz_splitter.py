"""Structural fuzz of the splitter on real pasted cables: no error, no hang, the text tiled exactly.

Mutations and judge: tests/fuzz_texts.py; long runs: bench/fuzz.py.
"""

from __future__ import annotations

import random
from collections import Counter

from fuzz_texts import OPS, judge_text, load_texts, mutate_text

BOUND = 20.0  # seconds per text: a hang detector on a loaded machine, not a speed test


def test_mutated_pasted_cables_split_without_error_hang_or_loss():
    texts = load_texts()
    rng = random.Random("splitter-fuzz")
    seen: Counter[str] = Counter()
    bad = []
    for n in range(60):
        case = mutate_text(rng.choice(texts), rng, OPS[n % len(OPS)])
        verdict = judge_text(case, bound=BOUND)
        seen[case.op] += 1
        if verdict.outcome != "ok":
            bad.append((case.op, verdict))
    assert not bad, bad
    assert set(seen) == set(OPS)
