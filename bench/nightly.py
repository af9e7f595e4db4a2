"""Print what a nightly run costs on a forum of hundreds of topic pages: requests and client CPU.

The forum is built from edited copies of the real captured pages
(tests/big_forum.py): several boards, one a child board, sticky topics,
listings of several pages, topics of one to four pages. It is served by the
replay server in its own process (so the CPU figures are the client's alone),
on one fixed port. Night 1 crawls it whole; each other row starts from a copy
of that archive:

    unchanged            the same forum again
    a few changes        replies in three topics of one board (one of them deep in
                         its listing), a new topic in another, a reply in the child
                         board, and one silent edit (bumps nothing)
    --full               the changed forum with --full, for comparison

each with the refresh policy off (--refresh-days 0) and on (the default, 30).

    python bench/nightly.py [smf20|smf21] [--runs 3] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import math
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import fields
from pathlib import Path

from scraper import archive
from scraper.config import FetchConfig
from scraper.crawl import CrawlConfig, crawl
from scraper.fetch import Fetcher

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from big_forum import PER_LISTING, Forum  # noqa: E402  (a test helper, reused here)

HAS_REFRESH = "refresh_days" in {f.name for f in fields(CrawlConfig)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(directory: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "scraper.replay", str(directory), "--port", str(port)],
                            stdout=subprocess.PIPE, text=True)
    proc.stdout.readline()  # "Serving ..." once listening
    return proc


def run(db_path: Path, url: str, **options) -> tuple[int, float, float, str]:
    fetch = FetchConfig(delay=0.0)
    if not HAS_REFRESH:
        options.pop("refresh_days", None)  # an smf-archive from before the refresh policy
    db = archive.open_archive(db_path)
    config = CrawlConfig(start_url=url, timezone="America/Chicago", fetch=fetch, **options)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with Fetcher(fetch, forum_url=url) as fetcher:
        result = crawl(db, config, fetcher=fetcher)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    db.close()
    return result.stats.requests, wall, cpu, result.summary


def build(version: str, scale: float) -> Forum:
    n = lambda k: max(2, round(k * scale))  # noqa: E731
    boards = {102: n(70), 103: n(60), 104: n(45), 105: n(25), 106: n(20)}
    return Forum.build(version, boards=boards, children={106: 103}, posts=(3, 20, 40, 8, 55, 12))


def changed(forum: Forum) -> Forum:
    """A few changes, as a night on a quiet forum brings them."""
    listed = forum._listed(102)
    for topic in (listed[1], listed[5], listed[min(len(listed) - 1, PER_LISTING + 3)]):
        forum.reply(topic.topic_id, 2)
    forum.new_topic(104, 5)
    forum.reply(next(t for t in forum.topics.values() if t.board_id == 106).topic_id, 1)
    quiet = forum._listed(105)[-1]
    forum.edit(quiet.msg_ids[-1], "Silently edited: nothing on any listing says so.")
    return forum


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("version", nargs="?", default="smf20", choices=["smf20", "smf21"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="Multiply the number of topics per board.")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}/index.php"
    forum = build(args.version, args.scale)
    topic_pages, topics = forum.topic_pages(), len(forum.topics)
    listing_pages = sum(math.ceil(len(forum._listed(b)) / PER_LISTING) for b in forum.boards)
    rows: dict[str, list[tuple[int, float, float, str]]] = {}
    scenarios = [
        ("unchanged, refresh off", "night1", {"refresh_days": 0}),
        ("unchanged, refresh 30", "night1", {"refresh_days": 30}),
        ("a few changes, refresh off", "night2", {"refresh_days": 0}),
        ("a few changes, refresh 30", "night2", {"refresh_days": 30}),
        ("a few changes, --full", "night2", {"full": True}),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {"night1": forum.write_sample_dir(Path(tmp) / "night1")}
        dirs["night2"] = changed(forum).write_sample_dir(Path(tmp) / "night2")
        for n in range(args.runs):
            first = Path(tmp) / f"night1-{n}.db"
            proc = serve(dirs["night1"], port)
            try:
                rows.setdefault("night 1 (full crawl)", []).append(run(first, url, refresh_days=0))
            finally:
                proc.terminate()
                proc.wait(timeout=5)
            for name, night, options in scenarios:
                copy = Path(tmp) / f"copy-{n}.db"
                shutil.copy(first, copy)
                proc = serve(dirs[night], port)
                try:
                    rows.setdefault(name, []).append(run(copy, url, **options))
                finally:
                    proc.terminate()
                    proc.wait(timeout=5)
                copy.unlink()
    print(f"{args.version}: {len(forum.boards)} boards (one a child board), {topics} topics, {listing_pages} listing pages, "
          f"{topic_pages} topic pages; {args.runs} runs each, delay 0, replay server in its own process"
          + ("" if HAS_REFRESH else "; this smf-archive has no refresh policy"))
    print(f"{'':28} {'requests':>8} {'of full':>8} {'wall ms':>8} {'CPU ms':>8}")
    full = sum(r[0] for r in rows["night 1 (full crawl)"]) / args.runs
    for name, results in rows.items():
        requests = sum(r[0] for r in results) / args.runs
        wall = 1000 * sum(r[1] for r in results) / args.runs
        cpu = 1000 * sum(r[2] for r in results) / args.runs
        print(f"{name:28} {requests:8.1f} {requests / full:8.1%} {wall:8.1f} {cpu:8.1f}")
    for name, results in rows.items():
        print(f"  {name}: {results[-1][3]}")


if __name__ == "__main__":
    main()
