"""Print what a nightly run costs: requests as a fraction of a full crawl, wall time, client CPU.

Three runs into one archive file, the replay server in its own process (so
the CPU figures are the client's alone), on one fixed port for every night:

    night 1   a first, full crawl of the captured forum
    unchanged the same forum again (target: board index + message-index pages)
    night 2   the forum with a few changes (tests/nightly_util.py: replies that
              open a new page, an edit, a deletion, a new and a moved topic)
    --full    night 2 again with --full, for comparison

    python bench/nightly.py [smf20|smf21] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper import archive
from scraper.config import FetchConfig
from scraper.crawl import CrawlConfig, crawl
from scraper.fetch import Fetcher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from nightly_util import night_two  # noqa: E402  (a test helper, reused here)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def night_two_dir(version: str, into: Path) -> Path:
    """A sample directory serving night 2: the captured files plus the edited copies."""
    shutil.copytree(ROOT / "samples" / version, into)
    manifest = json.loads((into / "manifest.json").read_text())
    base = manifest[0]["url"].split("/index.php")[0]
    by_url = {e["url"]: e for e in manifest}
    for n, (key, (status, content_type, body)) in enumerate(night_two(version).overrides.items()):
        url = f"{base}/{key}"
        entry = by_url.get(url)
        if entry is None:
            entry = {"file": f"night2-{n}.html", "url": url, "http_status": status, "content_type": content_type,
                     "captured_at": manifest[0]["captured_at"], "note": "night two"}
            manifest.append(entry)
        (into / entry["file"]).write_bytes(body)
    (into / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return into


def serve(directory: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "scraper.replay", str(directory), "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()  # "Serving ..." once listening
    return proc


def run(db_path: Path, url: str, *, full: bool = False) -> tuple[int, float, float, str]:
    fetch = FetchConfig(delay=0.0)
    db = archive.open_archive(db_path)
    config = CrawlConfig(start_url=url, timezone="America/Chicago", fetch=fetch, full=full)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with Fetcher(fetch, forum_url=url) as fetcher:
        result = crawl(db, config, fetcher=fetcher)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    db.close()
    return result.stats.requests, wall, cpu, result.summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("version", nargs="?", default="smf20", choices=["smf20", "smf21"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}/index.php"
    rows: dict[str, list[tuple[int, float, float, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        second = night_two_dir(args.version, Path(tmp) / "night2")
        for n in range(args.runs):
            db_path = Path(tmp) / f"bench-{n}.db"
            proc = serve(ROOT / "samples" / args.version, port)
            try:
                rows.setdefault("night 1 (full crawl)", []).append(run(db_path, url))
                rows.setdefault("unchanged forum", []).append(run(db_path, url))
            finally:
                proc.terminate()
                proc.wait(timeout=5)
            proc = serve(second, port)
            try:
                rows.setdefault("night 2 (a few changes)", []).append(run(db_path, url))
                rows.setdefault("night 2 again, --full", []).append(run(db_path, url, full=True))
            finally:
                proc.terminate()
                proc.wait(timeout=5)
    # "of full": requests as a fraction of a full crawl of the same night's forum.
    full_of = {"night 1 (full crawl)": "night 1 (full crawl)", "unchanged forum": "night 1 (full crawl)",
               "night 2 (a few changes)": "night 2 again, --full", "night 2 again, --full": "night 2 again, --full"}
    print(f"{args.version}, {args.runs} runs each, delay 0, replay server in its own process")
    print(f"{'':26} {'requests':>8} {'of full':>8} {'wall ms':>8} {'CPU ms':>8}")
    for name, results in rows.items():
        requests = sum(r[0] for r in results) / args.runs
        full = sum(r[0] for r in rows[full_of[name]]) / args.runs
        wall = 1000 * sum(r[1] for r in results) / args.runs
        cpu = 1000 * sum(r[2] for r in results) / args.runs
        print(f"{name:26} {requests:8.1f} {requests / full:8.0%} {wall:8.1f} {cpu:8.1f}")
    for name, results in rows.items():
        print(f"  {name}: {results[-1][3]}")


if __name__ == "__main__":
    main()
