"""Print requests/s, client CPU per page, peak RSS and request counts for a zero-delay crawl.

The replay server runs in its own process, so the CPU figures are the client's alone.

    python bench/crawl.py [smf20|smf21] [--runs 5]
"""

from __future__ import annotations

import argparse
import collections
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper import archive
from scraper.config import FetchConfig
from scraper.crawl import CrawlConfig, crawl
from scraper.fetch import Fetcher

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def start_server(version: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper.replay", str(SAMPLES / version)],
        stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    url = re.search(r"(http://\S+/index\.php)", line).group(1)
    return proc, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("version", nargs="?", default="smf20", choices=["smf20", "smf21"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    proc, url = start_server(args.version)
    try:
        fetch = FetchConfig(delay=0.0)
        totals = collections.Counter()
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                setup0 = time.process_time()
                db = archive.open_archive(Path(tmp) / "bench.db")
                config = CrawlConfig(start_url=url, timezone="America/Chicago", fetch=fetch)
                fetcher = Fetcher(fetch, forum_url=url)  # builds the TLS context: once per run
                totals["setup"] += time.process_time() - setup0
                cpu0, wall0 = time.process_time(), time.perf_counter()
                with fetcher:
                    result = crawl(db, config, fetcher=fetcher)
                cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
                by_url = fetcher.requests_by_url
                db.close()
            totals["requests"] += result.stats.requests
            totals["pages"] += result.stats.pages_fetched
            totals["cpu"] += cpu
            totals["wall"] += wall
            if run == 0:
                twice = {u: n for u, n in by_url.items() if n > 1}
                print(f"first crawl: {result.stats.requests} requests for {len(by_url)} distinct URLs; fetched twice: {twice or 'none'}")
                for u in sorted(by_url):
                    print(f"  {by_url[u]} x {u}")
        print(f"{args.version}, {args.runs} crawls into a fresh archive file each:")
        print(f"  requests/s:              {totals['requests'] / totals['wall']:8.1f}")
        print(f"  client CPU per page:     {1000 * totals['cpu'] / totals['pages']:8.2f} ms (fetch, parse, save, split, SQLite)")
        print(f"  one-time setup per run:  {1000 * totals['setup'] / args.runs:8.2f} ms CPU (open/create archive, HTTP client)")
        print(f"  wall per crawl:          {totals['wall'] / args.runs:8.3f} s")
        print(f"  peak RSS:                {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.1f} MB")
    finally:
        proc.terminate()
        proc.wait(timeout=5)


if __name__ == "__main__":
    main()
