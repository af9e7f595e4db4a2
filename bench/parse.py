"""Print parse+extract speed (topic pages/s, MB/s) on the sample pages, CPU only.

    python bench/parse.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from scraper.smf import parse_page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED = "index.php__topic=200176.0.html"
TZ = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def measure(pages: list[tuple[str, str]], seconds: float) -> tuple[float, float]:
    """Parse the pages round-robin for about `seconds` of CPU; return pages/s and MB/s."""
    size = sum(len(html.encode()) for html, _ in pages)
    rounds = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for html, url in pages:
            parse_page(html, url=url, now=NOW, tz=TZ)
        rounds += 1
    elapsed = time.process_time() - start
    return rounds * len(pages) / elapsed, rounds * size / elapsed / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    for version in ("smf20", "smf21"):
        seed = (SAMPLES / version / SEED).read_text(encoding="utf-8")
        url = "http://127.0.0.1/index.php?topic=200176.0"
        rate, mbs = measure([(seed, url)], args.seconds)
        print(f"{version} seed topic page ({len(seed.encode()) / 1024:.0f} KB): {rate:7.0f} pages/s  {mbs:6.1f} MB/s  {1000 / rate:.2f} ms/page")
        topics = [
            (path.read_text(encoding="utf-8"), "http://127.0.0.1/" + path.name.replace("__", "?").removesuffix(".html"))
            for path in sorted((SAMPLES / version).glob("index.php__topic=2*.html"))
            if path.name != "index.php__topic=200470.0.html"  # members-only: an error page
        ]
        rate, mbs = measure(topics, args.seconds)
        print(f"{version} all {len(topics)} topic pages:          {rate:7.0f} pages/s  {mbs:6.1f} MB/s")


if __name__ == "__main__":
    main()
