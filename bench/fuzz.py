"""Structural fuzz of real pages and of the splitter, as long as you like: cases, crashes, hangs, silent losses.

Listings: the captured board and message indexes (tests/fuzz_listings.py: the same kinds of
damage, and rows duplicated, dropped or swapped), judged row by row. Pages: the captured topic pages (samples/smf11, smf20, smf21) mutated the
way a broken proxy or an attacker would (tests/fuzz_pages.py: corrupted
tags, NUL bytes, deep nesting, nested quotes, duplicated, dropped and
swapped post blocks, unbalanced markup in a post, in a poster's signature
or around the posts), each parsed with a time bound; the table is printed
for all versions, then per version. Splitter: the cables users pasted, mutated line by line
(tests/fuzz_texts.py: a line repeated 20,000 times, chunks duplicated,
dropped or swapped, NUL bytes, header-like lines, cut short), each split
with a time bound. Prints what happened per mutation kind; exits 1 if any
case crashed, hung or silently lost something, printing each such case and
the seed that reproduces it.

    python bench/fuzz.py [--seconds 60] [--seed N] [--bound 10] [--only pages|listings|splitter] [--version smf11]
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

from fuzz_listings import OPS as LISTING_OPS  # noqa: E402
from fuzz_listings import judge_listing, load_listings, mutate_listing  # noqa: E402
from fuzz_pages import OPS, judge, load_originals, mutate  # noqa: E402  (test helpers, reused here)
from fuzz_texts import OPS as TEXT_OPS  # noqa: E402
from fuzz_texts import judge_text, load_texts, mutate_text  # noqa: E402
from samples_util import FUZZ_VERSIONS  # noqa: E402

BAD = ("crash", "hang", "silent_loss")
OUTCOMES = ("complete", "short", "refused", *BAD)
TEXT_OUTCOMES = ("ok", *BAD)


def _fuzz(name: str, seconds: float, seed: int, bound: float, items, mutate_one, judge_one, describe,
          ops, outcomes, tally=None) -> list[str]:
    """Mutate a random item per case seed and judge it until ``seconds`` pass; print the table.

    ``describe(case)`` names the case in the report ("corrupt_tag on smf20/..."); ``tally``
    (optional) sees every (case, verdict) too. Returns a line per crash, hang or silent loss.
    """
    by_op: dict[str, Counter[str]] = defaultdict(Counter)
    slowest = (0.0, "")
    bad: list[str] = []
    tried = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        case_seed = seed + tried
        rng = random.Random(case_seed)
        case = mutate_one(rng.choice(items), rng)
        verdict = judge_one(case, bound=bound)
        tried += 1
        by_op[case.op][verdict.outcome] += 1
        if tally is not None:
            tally(case, verdict)
        if verdict.seconds > slowest[0]:
            slowest = (verdict.seconds, describe(case))
        if verdict.outcome in BAD:
            bad.append(f"  {name} seed {case_seed}: {verdict.outcome} ({describe(case)}): {verdict.detail}")
    report(name, tried, seconds, seed, bound, by_op, ops, outcomes, slowest)
    return bad


def fuzz_pages(seconds: float, seed: int, bound: float, version: str | None = None) -> list[str]:
    originals = [o for o in load_originals() if version in (None, o.version)]
    by_version: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))

    def tally(case, verdict) -> None:
        by_version[case.original.version][case.op][verdict.outcome] += 1

    bad = _fuzz("pages", seconds, seed, bound, originals, mutate, judge,
                lambda c: f"{c.op} on {c.original.version}/{c.original.name}", OPS, OUTCOMES, tally)
    for name in sorted(by_version):
        counts = by_version[name]
        print(f"pages, {name} only: {sum(sum(c.values()) for c in counts.values())} cases")
        table(counts, OPS, OUTCOMES)
    return bad


def fuzz_listings(seconds: float, seed: int, bound: float) -> list[str]:
    return _fuzz("listings", seconds, seed, bound, load_listings(), mutate_listing, judge_listing,
                 lambda c: f"{c.op} on {c.listing.folder}/{c.listing.name}", LISTING_OPS,
                 ("complete", "refused", *BAD))


def fuzz_splitter(seconds: float, seed: int, bound: float) -> list[str]:
    return _fuzz("splitter", seconds, seed, bound, load_texts(), mutate_text, judge_text,
                 lambda c: f"{c.op}, {len(c.text):,} chars", TEXT_OPS, TEXT_OUTCOMES)


def report(what, tried, seconds, seed, bound, by_op, ops, outcomes, slowest) -> None:
    totals: Counter[str] = Counter()
    for counts in by_op.values():
        totals.update(counts)
    print(f"{what}: cases tried: {tried} in {seconds:.0f}s (seeds {seed}..{seed + tried - 1}, bound {bound}s)")
    print(f"  crashes: {totals['crash']}  hangs: {totals['hang']}  silent losses: {totals['silent_loss']}")
    print(f"  slowest: {slowest[0]:.2f}s ({slowest[1]})")
    table(by_op, ops, outcomes)


def table(by_op, ops, outcomes) -> None:
    print(f"  {'mutation':<20}" + "".join(f"{o:>12}" for o in outcomes))
    for op in ops:
        counts = by_op.get(op, Counter())
        print(f"  {op:<20}" + "".join(f"{counts[o]:>12}" for o in outcomes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz in all (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="first case seed (default: from the clock)")
    parser.add_argument("--bound", type=float, default=10.0, help="seconds an input may take before it is a hang")
    parser.add_argument("--only", choices=["pages", "listings", "splitter"], help="fuzz one target only")
    parser.add_argument("--version", choices=FUZZ_VERSIONS, help="fuzz the pages of one SMF version only")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    targets = [t for t in (fuzz_pages, fuzz_listings, fuzz_splitter) if args.only in (None, t.__name__.removeprefix("fuzz_"))]
    bad: list[str] = []
    for target in targets:
        if target is fuzz_pages:
            bad += fuzz_pages(args.seconds / len(targets), seed, args.bound, args.version)
        else:
            bad += target(args.seconds / len(targets), seed, args.bound)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
