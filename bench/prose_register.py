"""Measure how often ``cables.prose.reads_as_user`` takes a cable's own paragraph for a user's.

    .venv/bin/python bench/prose_register.py [--min-chars N] [--show K]

The register detector ends a cable at a block (or a long line) after the cable's last strong
evidence that reads as a forum user's prose. Its false-positive rate is read over *every*
paragraph (blank-line block, whitespace joined) of the tuning part's cable bodies, of at
least N characters (default 40), and over the last three paragraphs of each body (where
the detector is asked), and for the strict reading (three classes, none of the cable's
words) over those of 120 characters or more. Its recall is read over the tuning part's
users' remarks of the paste bench (short and long; the held-out part's words are printed
for information only, never tuned on). ``--show K`` prints K of the cable paragraphs it takes for a user's.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import paste_corpus as pc  # noqa: E402
from scraper.cables.prose import reads_as_user  # noqa: E402

_BLANK_RE = re.compile(r"\n[ \t\xa0]*\n")


def paragraphs(body: str) -> list[str]:
    blocks = (" ".join(b.split()) for b in _BLANK_RE.split(body))
    return [b for b in blocks if b]


def _share(texts, fn) -> tuple[int, int]:
    return sum(1 for t in texts if fn(t)), len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-chars", type=int, default=40)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    tune = pc.split_corpus(pc.load_corpus())["tune"]
    every, last, taken = [], [], []
    for c in tune:
        ps = [p for p in paragraphs(c["body"]) if len(p) >= args.min_chars]
        every.extend(ps)
        last.extend(ps[-3:])
        taken.extend((c["id"], p) for p in ps if reads_as_user(p))
    n, d = len(taken), len(every)
    print(f"cable paragraphs (>= {args.min_chars} chars, {len(tune)} tuning cables): "
          f"taken for a user's {n} of {d} ({100 * n / d:.3f}%)")
    n, d = _share(last, reads_as_user)
    print(f"  last three paragraphs of a body: {n} of {d} ({100 * n / d:.3f}%)")
    long_ones = [p for p in every if len(p) >= 120]
    n, d = _share(long_ones, lambda p: reads_as_user(p, strict=True))
    print(f"  strict (where a body is cut short), 120+ chars: {n} of {d} ({100 * n / max(d, 1):.3f}%)")
    for band in ((40, 120), (120, 400), (400, 10**9)):
        ps = [p for p in every if band[0] <= len(p) < band[1]]
        n, d = _share(ps, reads_as_user)
        print(f"  {band[0]}-{band[1] if band[1] < 10**9 else ''} chars: {n} of {d} ({100 * n / max(d, 1):.3f}%)")
    for name, words in (("tuning long remarks", pc._LONG), ("tuning short remarks", pc._PLAIN + pc._CABLEISH),
                        ("held-out long remarks (not tuned on)", pc._LONG_HELD),
                        ("held-out short remarks (not tuned on)", pc._PLAIN_HELD + pc._CABLEISH_HELD)):
        n, d = _share([" ".join(w.split()) for w in words], reads_as_user)
        print(f"users' {name}: read as a user's {n} of {d}")
    for cid, p in taken[: args.show]:
        print(f"  {cid}: {p[:240]}")


if __name__ == "__main__":
    main()
