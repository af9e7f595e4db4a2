"""Print how many printed times are read right, per time_format, and what reading costs.

Moments spread over 2005-2026 are printed in America/Chicago with each format
(Python's strftime, as SMF's timeformat() prints them) and read back with
`parse_time(text, fmt=...)`; the same texts are read by the reader before
issue 9 (`git show 6445c85:scraper/smf/times.py`, which only knew SMF's
defaults and fell back to dateutil) when git has it. Then: microseconds per
read, per format learned from one real topic page, and per zone search.

    python bench/times.py [--moments 2000]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from scraper.smf import parse_page, parse_time
from scraper.smf.time_format import Sighting, learn_time_format
from scraper.timezones import ClockPair, printed_times, zones_fitting

ROOT = Path(__file__).resolve().parent.parent
CHICAGO = ZoneInfo("America/Chicago")
FORMATS = ("%B %d, %Y, %I:%M:%S %p", "%b %d, %Y, %I:%M %p", "%d/%m/%Y %H:%M", "%d.%m.%Y, %H:%M:%S",
           "%m/%d/%Y %I:%M %p", "%Y-%m-%d %H:%M", "%A, %d %B %Y, %H:%M", "%d %b %y, %H:%M")
NOW = datetime(2026, 11, 28, 6, 23, 33, tzinfo=UTC)


def old_reader():
    """parse_time as it was before issue 9, or None when git cannot show it."""
    try:
        source = subprocess.run(["git", "-C", str(ROOT), "show", "6445c85:scraper/smf/times.py"],
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "old_times.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("old_times", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:  # it needed python-dateutil, no longer a dependency
        return None
    return module.parse_time


def moments(n: int) -> list[datetime]:
    rng = random.Random(9)
    start = datetime(2005, 1, 1, tzinfo=UTC).timestamp()
    return [datetime.fromtimestamp(rng.uniform(start, NOW.timestamp()), UTC).replace(microsecond=0) for _ in range(n)]


def accuracy(read, fmt: str, when: list[datetime]) -> tuple[float, float]:
    """(share read right, microseconds per read)."""
    texts = [m.astimezone(CHICAGO).strftime(fmt) for m in when]
    expected = [m if "%S" in fmt else m.replace(second=0) for m in when]
    started = time.perf_counter()
    got = [read(t) for t in texts]
    seconds = time.perf_counter() - started
    return sum(g == e for g, e in zip(got, expected)) / len(when), seconds / len(when) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moments", type=int, default=2000)
    args = parser.parse_args()
    when = moments(args.moments)
    old = old_reader()
    print(f"{'time_format':<26} {'read right':>10} {'us/read':>8} {'before':>8} {'us/read':>8}")
    for fmt in FORMATS:
        right, cost = accuracy(lambda t, fmt=fmt: parse_time(t, tz=CHICAGO, now=NOW, fmt=fmt), fmt, when)
        line = f"{fmt:<26} {right:>10.1%} {cost:>8.1f}"
        if old is not None:
            before, old_cost = accuracy(lambda t: old(t, tz=CHICAGO, now=NOW), fmt, when)
            line += f" {before:>8.1%} {old_cost:>8.1f}"
        print(line)

    html = (ROOT / "samples/smf20/index.php__topic=200457.0.html").read_text(encoding="utf-8")
    page = parse_page(html, url="http://127.0.0.1/index.php?topic=200457.0", now=NOW, tz=UTC)
    sightings = [Sighting(text=text, msg_id=msg) for msg, text in printed_times(page)]
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        verdict = learn_time_format(sightings, now=NOW)
    print(f"learn the format from one topic page ({len(sightings)} printed times): "
          f"{(time.perf_counter() - started) / runs * 1e3:.1f} ms -> {verdict.formats}")

    pairs = [ClockPair(instant=m, wall=m.astimezone(CHICAGO).replace(tzinfo=None)) for m in when[:20]]
    started = time.perf_counter()
    zones = zones_fitting(pairs)
    print(f"zones fitting 20 clues spread over 2005-2026: {len(zones)} ({', '.join(zones[:4])}), "
          f"{(time.perf_counter() - started) * 1e3:.0f} ms")
    one_season = [p for p in pairs if p.wall.month in (12, 1, 2)][:3]
    print(f"zones fitting {len(one_season)} winter clues only: {len(zones_fitting(one_season))}")


if __name__ == "__main__":
    sys.exit(main())
