"""Score the paste bench on a validation half of the tuning part, to catch rules that over-fit.

    .venv/bin/python bench/validation.py [--seeds 21-40] [--parts A,B,H] [--jobs 2]
    .venv/bin/python bench/validation.py --show-a K [--seeds 41-60] [--layout L]
    .venv/bin/python bench/validation.py --words dev [--show-a K]

The tuning part of ``paste_corpus`` (the cables one may look at) is cut again, by a hash of
each cable's ID (``sha256("v:" + id)`` even or odd), into half A and half B. While tuning,
only half A's failures are looked at (``--show-a``, on seeds not used for the figures); a
rule is kept only if half B, never looked at, does not get worse. Half B then stands in for
cables the grammar has never seen, as the held-out part (H) does.

Posts are built as ``paste_corpus`` builds its tuning posts (2,000 a seed, the tuning users'
words); a post counts in A (or B) only when every cable it pastes is in that half. H is the
held-out part's posts, with the held-out users' words, exactly as ``paste_corpus`` prints it.
With ``--words dev`` halves A and B (and the ``--show-a`` output) are built with the
development word set in place of the tuning words; H keeps its own held-out words.
Printed, per part: commentary exact and links exact, with the number of failing posts.
Only aggregate figures are printed for B and H.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402

POSTS_PER_SEED = 2000


def half_of(cable_id: str) -> str:
    """Which half of the tuning part a cable is in: "A" (looked at) or "B" (validation)."""
    return "A" if int(hashlib.sha256(("v:" + cable_id).encode()).hexdigest(), 16) % 2 == 0 else "B"


def posts_of(part: str, seed: int, parts: dict[str, list[dict]], words: str = "tune") -> list[pc.BuiltPost]:
    """The posts of ``part`` for ``seed``; ``words`` ("tune" or "dev") picks the words of
    halves A and B (H always has the held-out users' words)."""
    if part == "H":
        return pc.build_posts(parts["held_out"], POSTS_PER_SEED, seed, held_out=True)
    posts = pc.build_posts(parts["tune"], POSTS_PER_SEED, seed, words=words)
    return [p for p in posts if all(half_of(c) == part for c in p.cable_ids)]


def _score_seed(job: tuple[int, tuple[str, ...], str]) -> dict[str, tuple[int, int, int]]:
    seed, names, words = job
    parts = pc.split_corpus(pc.load_corpus())
    out = {}
    for name in names:
        total, _ = pc.score(posts_of(name, seed, parts, words))
        out[name] = (total.posts, total.commentary_exact, total.links_exact)
    return out


def _seeds(spec: str) -> list[int]:
    lo, _, hi = spec.partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def show_a(seeds: list[int], k: int, layout: str | None, words: str = "tune") -> None:
    """Print up to ``k`` failing posts of half A (never of B or H)."""
    parts = pc.split_corpus(pc.load_corpus())
    shown = 0
    for seed in seeds:
        posts = [p for p in posts_of("A", seed, parts, words) if layout is None or layout in p.layouts]
        failures: list = []
        pc.score(posts, failures)
        for post, found, commentary in failures:
            if shown >= k:
                return
            shown += 1
            print("=" * 100)
            print(f"seed {seed} layouts {post.layouts} true {post.cable_ids} found {sorted(found)}")
            print(post.text)
            print(f"TRUE COMMENTARY: {post.commentary!r}")
            print(f"GOT  COMMENTARY: {commentary!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="21-40", help="a seed or a range (default 21-40)")
    parser.add_argument("--parts", default="A,B,H", help="which of A, B, H to score (default all three)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--show-a", type=int, default=0, metavar="K", help="print K failing posts of half A instead")
    parser.add_argument("--layout", default=None, help="with --show-a: only posts pasting a cable in this layout")
    parser.add_argument("--words", choices=("tune", "dev"), default="tune",
                        help="the words of halves A and B: the tuning words (default) or the development set")
    args = parser.parse_args()
    seeds = _seeds(args.seeds)
    if args.show_a:
        show_a(seeds, args.show_a, args.layout, args.words)
        return
    names = tuple(p.strip() for p in args.parts.split(",") if p.strip())
    if not set(names) <= {"A", "B", "H"}:
        parser.error("--parts takes A, B and H")
    with Pool(args.jobs) as pool:
        results = pool.map(_score_seed, [(s, names, args.words) for s in seeds])
    print(f"seeds {seeds[0]}-{seeds[-1]}, {POSTS_PER_SEED} posts a seed and part before the halves are taken"
          f" (words of A and B: {args.words})")
    for name in names:
        n = sum(r[name][0] for r in results)
        comm = sum(r[name][1] for r in results)
        links = sum(r[name][2] for r in results)
        print(f"{name}: {n:6d} posts  commentary exact {100 * comm / n:6.2f}% ({n - comm} failing)"
              f"  links exact {100 * links / n:6.2f}% ({n - links} failing)")


if __name__ == "__main__":
    main()
