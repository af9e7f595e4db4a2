"""The smf-archive command: help everywhere, and every documented exit code."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from scraper import archive
from scraper.cli import main
from scraper.replay import ReplayServer

COMMANDS = ["crawl", "reparse", "stats", "demo", "serve", "split", "cable"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def crawl_args(url: str, db_path, *extra: str) -> list[str]:
    return ["crawl", url, str(db_path), "--delay", "0", "--timezone", "America/Chicago", "--retries", "1", *extra]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: main " + command in result.output or f"{command} [OPTIONS]" in result.output
    assert "--quiet" in result.output


def test_quiet_crawl_prints_one_summary_line_and_exits_0(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        result = runner.invoke(main, crawl_args(server.base_url, db_path, "--quiet"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ok: ") and "33 new posts" in lines[0]
    assert sqlite3.connect(db_path).execute("select count(*) from posts").fetchone()[0] == 33


def test_bad_url_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["crawl", "ftp://example.org/", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "not an http(s) URL" in result.output
    assert "Traceback" not in result.output


def test_failed_pages_exit_3_and_are_recorded(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20", faults={"index.php?topic=200391.0": [("status", 503)] * 5}) as server:
        result = runner.invoke(main, crawl_args(server.base_url, db_path, "--quiet"))
    assert result.exit_code == 3, result.output
    db = sqlite3.connect(db_path)
    assert db.execute("select status, errors from runs").fetchall() == [("partial", 1)]
    assert db.execute("select url, status from run_errors").fetchall() == [
        (server.base_url + "?topic=200391.0", 503)
    ]
    assert db.execute("select state from frontier where url like '%topic=200391.0'").fetchone() == ("failed",)


def test_unreachable_forum_exits_4(runner, tmp_path):
    server = ReplayServer(SAMPLES / "smf20")
    url = server.base_url
    server.stop()  # nothing listens on that port now
    result = runner.invoke(main, crawl_args(url, tmp_path / "a.db", "--timeout", "2"))
    assert result.exit_code == 4, result.output
    assert "error:" in result.output and "Traceback" not in result.output


def test_a_site_that_is_not_smf_exits_4(runner, tmp_path):
    with ReplayServer(SAMPLES / "smf20") as server:
        server.set_override("index.php", (200, "text/html", b"<html><head><title>Blog</title></head><body><p>Hello</p></body></html>"))
        result = runner.invoke(main, crawl_args(server.base_url, tmp_path / "a.db"))
    assert result.exit_code == 4, result.output
    assert "not a Simple Machines Forum" in result.output


@pytest.mark.parametrize("problem", ["not_sqlite", "newer_schema", "missing_dir"])
def test_archive_problems_exit_5_and_leave_the_file_alone(runner, tmp_path, problem):
    db_path = tmp_path / "a.db"
    if problem == "not_sqlite":
        db_path.write_bytes(b"this is not a database, it is someone's notes\n" * 100)
    elif problem == "newer_schema":
        db = archive.open_archive(db_path)
        db.execute("insert into schema_version values (99, '2030-01-01T00:00:00Z')")
        db.conn.commit()
        db.close()
    else:
        db_path = tmp_path / "no" / "such" / "dir" / "a.db"
    before = db_path.read_bytes() if db_path.exists() else None
    result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", db_path))
    assert result.exit_code == 5, result.output
    assert "Traceback" not in result.output
    if before is not None:
        assert db_path.read_bytes() == before


def test_a_locked_archive_exits_6(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with archive.lock_archive(db_path):
        result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", db_path))
    assert result.exit_code == 6
    assert "in use" in result.output


def test_a_bounded_run_exits_7_and_the_next_run_finishes(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        first = runner.invoke(main, crawl_args(server.base_url, db_path, "--max-requests", "3"))
        assert first.exit_code == 7, first.output
        second = runner.invoke(main, crawl_args(server.base_url, db_path))
        assert second.exit_code == 0, second.output
    db = sqlite3.connect(db_path)
    assert db.execute("select count(*) from posts").fetchone()[0] == 33
    assert [r[0] for r in db.execute("select status from runs order by id")] == ["interrupted", "ok"]


def test_demo_then_stats_and_reparse(runner, tmp_path):
    db_path = tmp_path / "demo.db"
    result = runner.invoke(main, ["demo", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "sqlite3" in result.output
    stats = runner.invoke(main, ["stats", str(db_path), "--json"])
    assert stats.exit_code == 0
    assert '"posts": 33' in stats.output
    before = sqlite3.connect(db_path).execute("select * from posts order by msg_id").fetchall()
    again = runner.invoke(main, ["reparse", str(db_path)])
    assert again.exit_code == 0, again.output
    assert "reparsed 5 pages" in again.output or "reparsed 6 pages" in again.output
    after = sqlite3.connect(db_path).execute("select * from posts order by msg_id").fetchall()
    assert after == before


def seed_post_body(index: int) -> str:
    import json

    visible = json.loads((SAMPLES / "visible.json").read_text(encoding="utf-8"))
    return visible["topics"][0]["posts"][index]["body"]


def test_split_prints_segments_that_tile_the_post(runner, tmp_path):
    import json

    body = seed_post_body(0)
    path = tmp_path / "post.txt"
    path.write_text(body, encoding="utf-8")
    result = runner.invoke(main, ["split", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert "".join(s["text"] for s in out["segments"]) == body
    assert [s["kind"] for s in out["segments"]] == ["commentary", "cable"]
    assert [c["id"] for c in out["cables"]] == ["08MEXICO23"]


def test_cable_reads_stdin_and_prints_the_record(runner):
    import json

    result = runner.invoke(main, ["cable", "-"], input=seed_post_body(4))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    # Read off the seed's metadata block for 06MEXICO6085.
    assert record["id"] == "06MEXICO6085"
    assert record["created"] == "2006-10-25T17:05:00Z"
    assert record["references"] == ["06MEXICO3117", "06MEXICO3296", "06MEXICO3297", "06MEXICO3305"]
    assert record["subject"] == "PRESIDENT FOX'S NATIONAL SECURITY LEGACY"


def test_split_of_a_missing_file_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["split", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_an_sqlite_failure_mid_run_is_an_archive_error_not_a_traceback(runner, tmp_path, monkeypatch):
    import scraper.archive

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(scraper.archive, "start_run", disk_full)
    result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", tmp_path / "a.db"))
    assert result.exit_code == 5
    assert "disk is full" in result.output and "Traceback" not in result.output


def test_a_members_only_start_page_says_so_and_exits_3(runner, tmp_path):
    with ReplayServer(SAMPLES / "smf21") as server:
        result = runner.invoke(main, crawl_args(server.url("index.php?board=7.0"), tmp_path / "a.db", "--quiet"))
    assert result.exit_code == 3, result.output
    assert "missing or off limits" in result.stderr
    assert result.stdout.startswith("partial: ")


def test_reparse_with_a_corrected_timezone_rereads_every_time(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        args = ["crawl", server.base_url, str(db_path), "--delay", "0", "--timezone", "UTC", "--quiet"]
        assert runner.invoke(main, args).exit_code == 0
    first = sqlite3.connect(db_path).execute("select posted_at from posts where msg_id = 1197124").fetchone()[0]
    assert first == "2011-02-12T18:55:12Z"  # read as UTC: six hours early
    result = runner.invoke(main, ["reparse", str(db_path), "--timezone", "America/Chicago"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(db_path)
    assert db.execute("select posted_at from posts where msg_id = 1197124").fetchone()[0] == "2011-02-13T00:55:12Z"
    assert db.execute("select timezone from forums").fetchone()[0] == "America/Chicago"
    bad = runner.invoke(main, ["reparse", str(db_path), "--timezone", "Mars/Olympus"])
    assert bad.exit_code == 2 and "unknown timezone" in bad.output
