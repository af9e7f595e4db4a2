"""Real processes: SIGKILL at random moments, a second writer, SIGTERM; the archive ends up whole.

Each test runs `smf-archive crawl` as a subprocess against a replay server in
this process, slowed by `--delay` so that signals land mid-crawl.

On a loaded machine a process can take many seconds to start, crawl or exit: every
signal waits for an event (a page saved, a request seen by the server) and every wait
for a process is generous, so only a hung or wrong run fails.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nightly_util import night_two

from conftest import SAMPLES
from scraper.replay import ReplayServer

CLI = str(Path(sys.executable).parent / "smf-archive")
CONTENT = ["forums", "boards", "topics", "members", "posts", "post_versions", "quotes", "links", "attachments",
           "cables", "cable_copies", "post_cables", "cable_references", "post_segments"]
# Run and fetch times differ between any two crawls; everything else must be equal. deleted_seen_at
# is compared as "marked or not".
TIMES = {
    "forums": {"first_crawled_at", "last_crawled_at"},
    "topics": {"first_seen_at", "last_crawled_at"},
    "posts": {"first_seen_at"},
    "post_versions": {"seen_at"},
}
MARKS = {"posts": {"deleted_seen_at"}}


def start_crawl(url: str, db_path: Path, *extra: str) -> subprocess.Popen:
    args = [CLI, "crawl", url, str(db_path), "--timezone", "America/Chicago", "--retries", "2", "--quiet", *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# Longest wait for a process to end: a whole crawl is under a second of CPU, but a loaded
# machine (load 20+ on 2 cores) stretches that, and a Python start-up, many times over.
PATIENCE = 300


def finish(proc: subprocess.Popen, timeout: float = PATIENCE) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def dump(db_path: Path) -> dict[str, list[tuple]]:
    """Every content table, minus run/fetch times, sorted."""
    db = sqlite3.connect(db_path)
    out = {}
    for table in CONTENT:
        columns = [r[1] for r in db.execute(f"pragma table_info({table})")]
        picked = [
            f"[{c}] is not null" if c in MARKS.get(table, ()) else f"[{c}]"
            for c in columns if c not in TIMES.get(table, ())
        ]
        out[table] = sorted(db.execute(f"select {', '.join(picked)} from {table}").fetchall(), key=repr)
    db.close()
    return out


def done_pages(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        db = sqlite3.connect(db_path, timeout=5)
        try:
            return db.execute("select count(*) from frontier where state = 'done'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def wait_for(predicate, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def crawl_killed_repeatedly(url: str, db_path: Path, rng: random.Random, kills: int) -> list[int]:
    """SIGKILL the crawl at random moments `kills` times; return the pages done at each kill."""
    seen = []
    for _ in range(kills):
        before = done_pages(db_path)
        proc = start_crawl(url, db_path, "--delay", "0.15")
        # Wait for the run to save a page (or end), so the kill lands mid-walk on a loaded
        # machine too, then at a random moment of the next page or two.
        wait_for(lambda: proc.poll() is not None or done_pages(db_path) > before)
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=PATIENCE)
        seen.append(done_pages(db_path))
    code, out, err = finish(start_crawl(url, db_path, "--delay", "0"))
    assert code == 0, (out, err)
    return seen


@pytest.mark.parametrize("version", ["smf20", "smf21"])
def test_sigkill_at_random_moments_then_finish_equals_an_uninterrupted_crawl(tmp_path, version):
    rng = random.Random(f"kill-{version}")
    with ReplayServer(SAMPLES / version) as server:
        reference, killed = tmp_path / "reference.db", tmp_path / "killed.db"
        assert finish(start_crawl(server.base_url, reference, "--delay", "0"))[0] == 0
        night1 = crawl_killed_repeatedly(server.base_url, killed, rng, kills=6)
        assert dump(killed) == dump(reference)
        # The second night, killed as often, ends the same as the second night run straight.
        for key, response in night_two(version).overrides.items():
            server.set_override(key, response)
        assert finish(start_crawl(server.base_url, reference, "--delay", "0"))[0] == 0
        night2 = crawl_killed_repeatedly(server.base_url, killed, rng, kills=5)
        assert dump(killed) == dump(reference)
    db = sqlite3.connect(killed)
    assert db.execute("select count(*) from posts where deleted_seen_at is not null").fetchone() == (1,)
    assert db.execute("select count(*) from post_versions where msg_id = 1199122").fetchone() == (2,)
    statuses = [r[0] for r in db.execute("select status from runs order by id")]
    assert statuses[-1] == "ok" and set(statuses) <= {"ok", "killed"}
    # Most kills landed mid-walk, after some pages were saved and before the last.
    assert statuses.count("killed") >= 4, statuses
    assert sum(1 for n in night1 + night2 if n > 0) >= 4, (night1, night2)


def test_a_second_run_exits_6_at_once_and_a_killed_runs_lock_is_taken_over(tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        # An hour between requests: still crawling however long the second run takes to start,
        # and a second run that waited for the lock would wait that hour.
        first = start_crawl(server.base_url, db_path, "--delay", "3600")
        wait_for(lambda: server.request_count("/robots.txt") > 0)  # it holds the lock: it is crawling
        code, out, err = finish(start_crawl(server.base_url, db_path, "--delay", "0"))
        assert code == 6 and "in use" in err and str(first.pid) in err, (out, err)
        # At once: it did not wait for the lock, the first run is still crawling.
        assert first.poll() is None
        assert server.request_count("/index.php") == 0
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=PATIENCE)
        code, out, err = finish(start_crawl(server.base_url, db_path, "--delay", "0"))
        assert code == 0, (out, err)
    db = sqlite3.connect(db_path)
    assert db.execute("select count(*) from posts").fetchone() == (33,)
    assert [r[0] for r in db.execute("select status from runs order by id")] == ["killed", "ok"]


def test_sigterm_stops_after_the_current_page_and_the_next_run_resumes(tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        # Two pages saved, four to go with 2 s before each: the signal lands mid-walk even
        # when this process is slow to send it.
        proc = start_crawl(server.base_url, db_path, "--delay", "2")
        wait_for(lambda: done_pages(db_path) >= 2)
        proc.send_signal(signal.SIGTERM)
        code, out, err = finish(proc)
        assert code == 7, (out, err)
        assert out.startswith("interrupted: ")
        db = sqlite3.connect(db_path)
        assert db.execute("select status from runs").fetchall() == [("interrupted",)]
        left = db.execute("select count(*) from frontier where state = 'pending'").fetchone()[0]
        assert left > 0
        db.close()
        server.clear_requests()
        code, out, err = finish(start_crawl(server.base_url, db_path, "--delay", "0"))
        assert code == 0, (out, err)
        # The resumed run fetched what was left, not the board index again.
        assert ("GET", "/index.php") not in server.requests
    db = sqlite3.connect(db_path)
    assert db.execute("select count(*) from posts").fetchone() == (33,)
    assert [r[0] for r in db.execute("select status from runs order by id")] == ["interrupted", "ok"]


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_quiet_prints_one_line_and_log_file_gets_the_details(tmp_path):
    db_path, log = tmp_path / "a.db", tmp_path / "crawl.log"
    with ReplayServer(SAMPLES / "smf20", faults={"index.php?topic=200391.0": [("status", 500)] * 2}) as server:
        code, out, err = finish(start_crawl(server.base_url, db_path, "--delay", "0", "--log-file", str(log)))
    assert code == 3
    lines = out.strip().splitlines()
    assert len(lines) == 1
    for word in ("pages", "new posts", "edited", "deleted", "errors", "s"):
        assert word in lines[0]
    assert "1 errors" in lines[0]
    assert err.count("\n") == 1 and "HTTP 500" in err  # one line per problem on stderr
    assert "HTTP 500" in log.read_text()


def test_a_second_signal_while_the_run_is_recorded_does_not_lose_the_record(monkeypatch):
    """The second SIGTERM raises Interrupted wherever the crawl is: also inside its last write."""
    from conftest import FAST_FETCH, FORUM_TZ
    from scraper import archive
    from scraper.crawl import CrawlConfig, crawl
    from scraper.errors import Interrupted
    from scraper.fetch import Fetcher

    real_finish_run, calls = archive.finish_run, []

    def finish_run_hit_by_a_second_signal(db, run_id, stats, **kwargs):
        calls.append(kwargs["status"])
        if len(calls) == 1:
            with db.atomic():  # mid-transaction, as a signal handler raising there would be
                db.execute("update runs set status = 'half-written' where id = ?", [run_id])
                raise Interrupted("SIGTERM received twice")
        real_finish_run(db, run_id, stats, **kwargs)

    monkeypatch.setattr(archive, "finish_run", finish_run_hit_by_a_second_signal)
    db = archive.open_memory()
    with ReplayServer(SAMPLES / "smf20") as server, Fetcher(FAST_FETCH, forum_url=server.base_url) as fetcher:
        config = CrawlConfig(start_url=server.base_url, timezone=FORUM_TZ, fetch=FAST_FETCH)
        asked = iter(range(1000))
        result = crawl(db, config, fetcher=fetcher, should_stop=lambda: next(asked) >= 3)  # the first signal
    assert calls == ["interrupted", "interrupted"]
    assert result.status == "interrupted"
    assert db.execute("select status from runs").fetchall() == [("interrupted",)]
    assert db.execute("select count(*) from frontier where state = 'pending'").fetchone()[0] > 0
