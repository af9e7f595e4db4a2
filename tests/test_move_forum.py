"""The same forum at a new address: the crawl stops (exit 2) before writing, move-forum re-points it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.cli import main
from scraper.errors import ForumMoved
from scraper.replay import ReplayServer

# Every table a crawl writes, to show that a refused run wrote nothing.
TABLES = ("forums", "boards", "topics", "members", "posts", "post_versions", "pages", "page_failures", "runs",
          "run_errors", "frontier")


def dump(path) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        return {t: db.execute(f"select * from {t} order by 1, 2").fetchall() for t in TABLES}
    finally:
        db.close()


@contextmanager
def served_elsewhere(version: str, old_url: str) -> Iterator[ReplayServer]:
    """The sample forum served at another address than ``old_url``. (A closed server's port
    is free again: the system may hand it to the next one, which would then be the old
    address. Held open, that server keeps the port while another is started.)"""
    with ReplayServer(SAMPLES / version) as new:
        if new.base_url != old_url:
            yield new
            return
        with ReplayServer(SAMPLES / version) as other:
            yield other


def crawl_args(url: str, db_path, *extra: str) -> list[str]:
    return ["crawl", url, str(db_path), "--delay", "0", "--timezone", "America/Chicago", "--retries", "1",
            "--refresh-days", "0", *extra]


@pytest.fixture
def moved(version, tmp_path):
    """An archive of the forum at one address, and the same forum (same pages) served at another."""
    path = tmp_path / "forum.db"
    with ReplayServer(SAMPLES / version) as old:
        db = archive.open_archive(path)
        assert crawl_replay(db, old).status == "ok"
        db.close()
        old_url = old.base_url
    with served_elsewhere(version, old_url) as new:
        assert new.base_url != old_url
        yield path, old_url, new


def test_a_crawl_of_an_archived_forum_at_a_new_address_stops_before_writing(moved):
    path, old_url, new = moved
    before = dump(path)
    db = archive.open_archive(path)
    with pytest.raises(ForumMoved) as caught:
        crawl_replay(db, new)
    db.close()
    assert caught.value.exit_code == 2
    assert f"move-forum ARCHIVE {old_url} {new.base_url}" in str(caught.value)
    assert dump(path) == before
    assert [p for _, p in new.requests] == ["/robots.txt", "/index.php"]  # one look at the start page


def test_the_cli_says_how_to_move_then_move_forum_lets_the_crawl_continue(moved):
    path, old_url, new = moved
    runner = CliRunner()
    before = dump(path)
    result = runner.invoke(main, crawl_args(new.base_url, path))
    assert result.exit_code == 2, result.output
    assert f"smf-archive move-forum {path} {old_url} {new.base_url}" in result.output
    assert "Traceback" not in result.output
    assert dump(path) == before

    result = runner.invoke(main, ["move-forum", str(path), old_url, new.base_url, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["old_url"] == old_url and report["new_url"] == new.base_url
    assert report["rewritten"]["pages.url"] == len(before["pages"])
    after = dump(path)
    assert after["forums"][0][1] == new.base_url
    for table in ("posts", "post_versions", "members"):
        assert after[table] == before[table]
    db = sqlite3.connect(path)
    stored = [u for (u,) in db.execute("select url from pages union all select final_url from pages"
                                       " union all select url from topics where url is not null"
                                       " union all select url from boards where url is not null")]
    assert stored and all(u.startswith(new.base_url) for u in stored)
    db.close()

    # The forum goes on at its new address: an unchanged night, nothing duplicated.
    new.clear_requests()
    result = runner.invoke(main, crawl_args(new.base_url, path, "--quiet"))
    assert result.exit_code == 0, result.output
    assert sorted(p for _, p in new.requests) == ["/index.php", "/robots.txt"]
    final = dump(path)
    assert len(final["forums"]) == 1
    for table in ("posts", "post_versions", "members", "boards", "topics"):
        assert final[table] == after[table]
    assert len(final["pages"]) == len(before["pages"])


def test_move_forum_errors(moved, tmp_path):
    path, old_url, new = moved
    runner = CliRunner()
    before = dump(path)
    unknown = runner.invoke(main, ["move-forum", str(path), "http://127.0.0.1:9/index.php", new.base_url])
    assert unknown.exit_code == 2 and "no forum is archived at http://127.0.0.1:9/index.php" in unknown.output
    assert old_url in unknown.output  # it names what is archived
    taken = runner.invoke(main, ["move-forum", str(path), old_url, old_url])
    assert taken.exit_code == 2 and "same forum" in taken.output
    bad = runner.invoke(main, ["move-forum", str(path), old_url, "ftp://example.org/"])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
    with archive.lock_archive(path):
        locked = runner.invoke(main, ["move-forum", str(path), old_url, new.base_url])
    assert locked.exit_code == 6 and "in use" in locked.output
    missing = runner.invoke(main, ["move-forum", str(tmp_path / "none.db"), old_url, new.base_url])
    assert missing.exit_code == 2
    for result in (unknown, taken, bad, locked, missing):
        assert "Traceback" not in result.output
    assert dump(path) == before
    # A forum crawled at the new address too: moving onto it would merge two archives.
    db = archive.open_archive(path)
    assert crawl_replay(db, new, start=new.url("index.php?topic=999999.0")).status in ("ok", "partial")
    db.close()
    result = runner.invoke(main, ["move-forum", str(path), old_url, new.base_url])
    assert result.exit_code == 2 and f"already archived at {new.base_url}" in result.output


def test_move_forum_has_help_and_prints_one_line(moved):
    path, old_url, new = moved
    runner = CliRunner()
    help_text = runner.invoke(main, ["move-forum", "--help"])
    assert help_text.exit_code == 0 and "--quiet" in help_text.output and "--json" in help_text.output
    result = runner.invoke(main, ["move-forum", str(path), old_url, new.base_url, "--quiet"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"moved forum 1 from {old_url} to {new.base_url}")


def test_a_different_forum_is_not_taken_for_a_moved_one(tmp_path):
    """Two forums in one archive: the second (another title and boards) is crawled as its own."""
    path = tmp_path / "two.db"
    db = archive.open_archive(path)
    with ReplayServer(SAMPLES / "smf20") as first:
        crawl_replay(db, first)
    edited = (SAMPLES / "smf21" / "index.php.html").read_text(encoding="utf-8")
    edited = edited.replace("Patriot Planet Forum", "Another Forum").replace("board_102", "board_55")
    edited = edited.replace("board=102.", "board=55.")
    with ReplayServer(SAMPLES / "smf21", overrides={"index.php": (200, "text/html; charset=UTF-8", edited.encode())}) as second:
        result = crawl_replay(db, second, refresh_days=0)
    assert result.status in ("ok", "partial")
    assert db.execute("select count(*) from forums").fetchone()[0] == 2
    db.close()


def test_move_forum_repoints_the_frontier_and_failed_pages_and_the_walk_resumes(version, tmp_path):
    path = tmp_path / "forum.db"
    page = (SAMPLES / version / "index.php__topic=200391.0.html").read_bytes()
    cut = {"index.php?topic=200391.0": (200, "text/html; charset=UTF-8", page[: len(page) // 2])}  # truncated
    with ReplayServer(SAMPLES / version, overrides=cut) as old:
        db = archive.open_archive(path)
        assert crawl_replay(db, old, refresh_days=0).status == "partial"
        db.close()
        old_url = old.base_url
    before = dump(path)
    assert [r for r in before["frontier"] if "200391" in r[0] and r[0].startswith(old_url)]
    assert [r for r in before["page_failures"] if "200391" in r[1]]
    with served_elsewhere(version, old_url) as new:
        assert new.base_url != old_url
        result = CliRunner().invoke(main, ["move-forum", str(path), old_url, new.base_url, "--quiet"])
        assert result.exit_code == 0, result.output
        db = sqlite3.connect(path)
        columns = [("pages", "url"), ("pages", "final_url"), ("frontier", "url"), ("page_failures", "url"),
                   ("boards", "url"), ("topics", "url")]
        for table, column in columns:
            urls = [u for (u,) in db.execute(f"select {column} from {table} where {column} is not null")]
            assert urls and not [u for u in urls if u.startswith(old_url)], (table, column)
        db.close()
        db = archive.open_archive(path)
        resumed = crawl_replay(db, new, refresh_days=0)
        db.close()
        # The page that failed at the old address is retried at the new one, and lands.
        assert resumed.status == "ok", resumed.summary
        assert "/index.php?topic=200391.0" in [p for _, p in new.requests]
    after = dump(path)
    assert len(after["forums"]) == 1
    assert len(after["posts"]) == len(before["posts"]) + 4  # 200391's four posts, once
