"""Measure split_post (MB/s of post text) and parse_cable (cables/s) on the sample bodies.

    .venv/bin/python bench/split.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.cables import parse_cable  # noqa: E402
from scraper.cables.layouts import find_pasted  # noqa: E402
from scraper.split import split_post  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    visible = json.loads((ROOT / "samples" / "visible.json").read_text(encoding="utf-8"))
    bodies = [p["body"] for t in visible["topics"] for p in t["posts"]]
    size = sum(len(b.encode("utf-8")) for b in bodies)
    cables = [b[s.start : s.end] for b in bodies for s in split_post(b) if s.kind == "cable"]

    passes, cpu = [], []  # per pass, so a busy machine shows as a gap between mean and best
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        for body in bodies:
            split_post(body)
        passes.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    split_s, best_s, cpu_s = sum(passes) / args.rounds, min(passes), sum(cpu) / args.rounds

    # The two halves apart: where the cables are (layouts) and reading each one (grammar).
    t0 = time.process_time()
    for _ in range(args.rounds):
        for body in bodies:
            find_pasted(body)
    layouts_s = (time.process_time() - t0) / args.rounds

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for text in cables:
            parse_cable(text)
    parse_s = (time.perf_counter() - t0) / args.rounds

    # The worst line: 07MEXICO6229 flattened, repeated into one very long line.
    long_line = next(c for c in cables if "006229" in c[:60]).replace("\n", " ") * 20
    t0 = time.perf_counter()
    split_post(long_line)
    long_s = time.perf_counter() - t0

    print(f"posts: {len(bodies)}, {size / 1e6:.3f} MB, cables: {len(cables)}")
    print(f"split_post (incl. parse): {size / 1e6 / split_s:.1f} MB/s ({split_s * 1000:.2f} ms per pass)"
          f"; best pass {size / 1e6 / best_s:.1f} MB/s; on CPU time {size / 1e6 / cpu_s:.1f} MB/s")
    print(f"find_pasted alone (where the cables are): {size / 1e6 / layouts_s:.1f} MB/s on CPU time")
    print(f"parse_cable: {len(cables) / parse_s:.0f} cables/s")
    print(f"one {len(long_line) / 1e6:.2f} MB line: {len(long_line) / 1e6 / long_s:.1f} MB/s")


if __name__ == "__main__":
    main()
