"""Structural fuzz of real pages for as long as you like: cases tried, crashes, hangs, silent losses.

Mutates the captured topic pages (samples/smf20, smf21) the way a broken
proxy or an attacker would (tests/fuzz_pages.py: corrupted tags, NUL bytes,
deep nesting, nested quotes, duplicated, dropped and swapped post blocks,
unbalanced markup in a post or around the posts), parses each with a time
bound and prints what happened, per mutation kind. Exits 1 if any case
crashed, hung or silently lost a post, printing each such case and the
seed that reproduces it.

    python bench/fuzz.py [--seconds 60] [--seed N] [--bound 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz_pages import OPS, judge, load_originals, mutate  # noqa: E402  (test helpers, reused here)

BAD = ("crash", "hang", "silent_loss")
OUTCOMES = ("complete", "short", "refused", *BAD)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="first case seed (default: from the clock)")
    parser.add_argument("--bound", type=float, default=10.0, help="seconds a page may take before it is a hang")
    args = parser.parse_args()
    originals = load_originals()
    seed = args.seed if args.seed is not None else int(time.time())
    by_op: dict[str, Counter[str]] = defaultdict(Counter)
    slowest = (0.0, "")
    bad: list[str] = []
    tried = 0
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        case_seed = seed + tried
        rng = random.Random(case_seed)
        case = mutate(rng.choice(originals), rng)
        verdict = judge(case, bound=args.bound)
        tried += 1
        by_op[case.op][verdict.outcome] += 1
        where = f"{case.original.version}/{case.original.name}"
        if verdict.seconds > slowest[0]:
            slowest = (verdict.seconds, f"{case.op} on {where}")
        if verdict.outcome in BAD:
            bad.append(f"  seed {case_seed}: {verdict.outcome} ({case.op} on {where}): {verdict.detail}")
    totals = Counter()
    for counts in by_op.values():
        totals.update(counts)
    print(f"cases tried: {tried} in {args.seconds:.0f}s (seeds {seed}..{seed + tried - 1}, bound {args.bound}s)")
    print(f"crashes: {totals['crash']}  hangs: {totals['hang']}  silent losses: {totals['silent_loss']}")
    print(f"slowest page: {slowest[0]:.2f}s ({slowest[1]})")
    print(f"{'mutation':<20}" + "".join(f"{o:>12}" for o in OUTCOMES))
    for op in OPS:
        counts = by_op.get(op, Counter())
        print(f"{op:<20}" + "".join(f"{counts[o]:>12}" for o in OUTCOMES))
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
