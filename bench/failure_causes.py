"""Sort the paste bench's commentary failures by cause, for halves A and B and the held-out part.

    .venv/bin/python bench/failure_causes.py [--seeds 21-30] [--jobs 2] [--words dev]

A post's commentary is wrong in one of two ways, or both: cable text was left in it (the
splitter did not take all of a cable) or the user's text is missing from it (the splitter
took the user's words into a cable). Which one is told by comparing words: words of the
commentary found that the true commentary lacks are cable text left; words of the true
commentary the found one lacks are user text swallowed. Printed per part and per layout,
as failing posts per 1,000 posts, aggregate figures only (no post of B or H is shown), so
that one can see where the held-out part's gap is without looking at its posts.
With ``--words dev`` halves A and B are built with the development word set (as
``validation.py --words dev``); H keeps the held-out users' words.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from validation import _seeds, posts_of  # noqa: E402

CAUSES = ("cable left", "user taken", "both")


def cause(true: str, got: str) -> str | None:
    """Which way ``got`` (the commentary found) differs from ``true``; None when equal."""
    if true == got:
        return None
    t, g = Counter(true.split()), Counter(got.split())
    left, taken = bool(g - t), bool(t - g)
    if left and taken:
        return "both"
    # Equal word counts in another order or spacing count as cable text left: it is the
    # splitter's cut, not the user's words, that moved.
    return "user taken" if taken else "cable left"


def _count_seed(job: tuple[int, tuple[str, ...], str]) -> dict[str, Counter]:
    seed, names, words = job
    parts = pc.split_corpus(pc.load_corpus())
    out: dict[str, Counter] = {}
    for name in names:
        n = out.setdefault(name, Counter())
        for post in posts_of(name, seed, parts, words):
            _, commentary = pc.score_post(post)
            c = cause(post.commentary, commentary)
            layouts = dict.fromkeys(post.layouts)
            n[("posts", "all")] += 1
            for layout in layouts:
                n[("posts", layout)] += 1
            if c:
                n[(c, "all")] += 1
                for layout in layouts:
                    n[(c, layout)] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="21-30", help="a seed or a range (default 21-30)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--words", choices=("tune", "dev"), default="tune",
                        help="the words of halves A and B: the tuning words (default) or the development set")
    args = parser.parse_args()
    seeds = _seeds(args.seeds)
    names = ("A", "B", "H")
    with Pool(args.jobs) as pool:
        results = pool.map(_count_seed, [(s, names, args.words) for s in seeds])
    totals = {name: sum((r[name] for r in results), Counter()) for name in names}
    layouts = ["all"] + sorted({k[1] for t in totals.values() for k in t if k[1] != "all"})
    print(f"seeds {seeds[0]}-{seeds[-1]}: commentary failures per 1,000 posts, by cause (words of A and B: {args.words})")
    print(f"{'layout':16s}" + "".join(f"{name + ' ' + c:>16s}" for c in CAUSES for name in names))
    for layout in layouts:
        row = f"{layout:16s}"
        for c in CAUSES:
            for name in names:
                posts = totals[name][("posts", layout)]
                row += f"{1000 * totals[name][(c, layout)] / posts:16.1f}" if posts else f"{'-':>16s}"
        print(row)


if __name__ == "__main__":
    main()
