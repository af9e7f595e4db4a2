"""Print how saving slows (or not) as an archive grows: ms per topic page, decile by decile.

Real captured topic pages are parsed once and saved again and again under new topic and
msg ids, with what a crawl does per page (raw page, posts, relations, frontier), into
one archive file. A flat profile means no step scans the growing tables.

    python bench/scale.py [--topics 2000]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from scraper import archive
from scraper.archive import bookkeeping
from scraper.models import Page
from scraper.relations import relate_posts
from scraper.smf import parse_page

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "smf20"
ROOT = "http://127.0.0.1:8020/index.php"
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def load(name: str):
    html = (SAMPLES / name).read_text(encoding="utf-8")
    return html, parse_page(html, url=f"{ROOT}?topic=x", now=NOW, tz=ZoneInfo("America/Chicago"))


def renumbered(page, topic_id: int, msg_base: int):
    posts = tuple(
        dataclasses.replace(p, topic_id=topic_id, msg_id=msg_base + i,
                            quotes=tuple(dataclasses.replace(q, quoted_msg_id=None) for q in p.quotes))
        for i, p in enumerate(page.posts)
    )
    return dataclasses.replace(page, topic=dataclasses.replace(page.topic, topic_id=topic_id), posts=posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--topics", type=int, default=2000)
    args = parser.parse_args()
    # A discussion page (15 short posts, quotes) and the seed page (8 posts, 6 pasted cables), 9:1.
    sources = [load("index.php__topic=200457.0.html")] * 9 + [load("index.php__topic=200176.0.html")]
    with tempfile.TemporaryDirectory() as tmp:
        db = archive.open_archive(Path(tmp) / "scale.db")
        forum_id = archive.save_forum(db, url=ROOT)
        run_id = archive.start_run(db, start_url=ROOT, mode="bench")
        deciles: list[float] = []
        chunk = max(1, args.topics // 10)
        started = time.perf_counter()
        posts = 0
        for n in range(args.topics):
            html, page = sources[n % len(sources)]
            topic_id = 300000 + n
            page = renumbered(page, topic_id, 5_000_000 + n * 100)
            url = f"{ROOT}?topic={topic_id}.0"
            raw = Page(url=url, final_url=url, status=200, content_type="text/html", body=html.encode(),
                       text=html, encoding="utf-8", fetched_at=NOW)
            with db.atomic():
                archive.frontier_add(db, url=url, forum_id=forum_id, kind="topic", run_id=run_id)
                archive.save_page(db, raw, forum_id=forum_id, kind="topic")
                changes = archive.save_topic_page(db, forum_id, page, seen_at="2026-11-28T00:00:00Z")
                relate_posts(db, forum_id, changes.changed_msg_ids)
                bookkeeping.frontier_done(db, url, msg_range=(page.posts[0].msg_id, page.posts[-1].msg_id))
            posts += len(page.posts)
            if (n + 1) % chunk == 0:
                deciles.append(time.perf_counter() - started)
                started = time.perf_counter()
        size = (Path(tmp) / "scale.db").stat().st_size
        print(f"{args.topics} topic pages, {posts} posts, archive {size / 1e6:.1f} MB")
        for i, seconds in enumerate(deciles, 1):
            print(f"  decile {i:2d}: {1000 * seconds / chunk:6.2f} ms per topic page")


if __name__ == "__main__":
    main()
