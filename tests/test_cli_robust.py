"""Bad input, odd archives and signals: one line and a documented exit code, nothing left behind.

In-process runs use click's CliRunner; signal and read-only-media tests run
`smf-archive` as a subprocess (the read-only medium is a read-only bind mount
in a private mount namespace, so it needs root: skipped otherwise).

A loaded machine can take seconds to start or end a process: signals wait for the
server to see the request they must land in, "within a second" is read on the crawl's
own clock (its log file), and a process gets a generous while to end, far short of the
wait or the body it must cut.
"""

from __future__ import annotations

import os
import shutil
import signal
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from scraper import archive
from scraper.cli import main
from scraper.errors import ArchiveLocked, Interrupted
from scraper.replay import ReplayServer

CLI = str(Path(sys.executable).parent / "smf-archive")
TOPIC = "index.php?topic=200391.0"
# Longest wait for a process to end: a whole crawl is under a second of CPU, a loaded machine
# stretches that many times over; a run that hangs still fails.
PATIENCE = 300


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def crawl_args(url: str, db_path, *extra: str) -> list[str]:
    return ["crawl", url, str(db_path), "--delay", "0", "--timezone", "America/Chicago", "--retries", "1", *extra]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def one_error_line(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("smf-archive: error:")]
    assert len(errors) == 1, result.output


# --- bad input: exit 2, and no archive created ------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://[::1/index.php", "http://127.0.0.1:99999/index.php", "javascript:alert(1)", "file:///etc/passwd"]
)
def test_a_malformed_start_url_is_a_usage_error(runner, tmp_path, url):
    result = runner.invoke(main, crawl_args(url, tmp_path / "x.db"))
    assert result.exit_code == 2, result.output
    one_error_line(result)
    assert leftovers(tmp_path) == []


def test_a_binary_cookie_file_is_a_usage_error(runner, tmp_path):
    cookies = tmp_path / "cookies.bin"
    cookies.write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", tmp_path / "x.db", "--cookie-file", str(cookies)))
    assert result.exit_code == 2, result.output
    one_error_line(result)
    assert "not a cookie file" in result.output
    assert leftovers(tmp_path) == ["cookies.bin"]


def test_a_cookie_that_would_split_the_header_is_refused(runner, tmp_path):
    result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", tmp_path / "x.db",
                                            "--cookie", "a=b\r\nX-Evil: 1"))
    assert result.exit_code == 2, result.output
    one_error_line(result)


def test_a_log_file_that_cannot_be_opened_is_a_usage_error(runner, tmp_path):
    post = tmp_path / "post.txt"
    post.write_text("08MEXICO23\n")
    result = runner.invoke(main, ["split", str(post), "--log-file", "/nonexistent/x.log"])
    assert result.exit_code == 2, result.output
    one_error_line(result)
    post.unlink()
    result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", tmp_path / "x.db",
                                            "--log-file", "/nonexistent/x.log"))
    assert result.exit_code == 2, result.output
    assert leftovers(tmp_path) == []


# --- a run that could not start leaves nothing ------------------------------------------


def test_an_unreachable_forum_leaves_no_new_archive(runner, tmp_path):
    server = ReplayServer(SAMPLES / "smf20")
    url = server.base_url
    server.stop()
    result = runner.invoke(main, crawl_args(url, tmp_path / "a.db", "--timeout", "2"))
    assert result.exit_code == 4, result.output
    assert leftovers(tmp_path) == []


def test_an_unreachable_forum_keeps_an_existing_archive_and_records_the_run(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        assert runner.invoke(main, crawl_args(server.base_url, db_path, "--quiet")).exit_code == 0
        url = server.base_url
    result = runner.invoke(main, crawl_args(url, db_path, "--timeout", "2"))
    assert result.exit_code == 4, result.output
    db = sqlite3.connect(db_path)
    assert db.execute("select count(*) from posts").fetchone()[0] == 33
    assert [r[0] for r in db.execute("select status from runs order by id")] == ["ok", "failed"]


@pytest.mark.parametrize("version", ["smf20", "smf21"])
def test_a_maintenance_page_at_the_start_url_is_forum_down_exit_4(runner, tmp_path, version):
    with ReplayServer(SAMPLES / version, faults={"index.php": [("smf_error", "maintenance")]}) as server:
        result = runner.invoke(main, crawl_args(server.base_url, tmp_path / "a.db"))
    assert result.exit_code == 4, result.output
    assert "maintenance" in result.output
    assert leftovers(tmp_path) == []


def test_credentials_in_the_start_url_are_never_stored(runner, tmp_path):
    db_path = tmp_path / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        url = server.base_url.replace("http://", "http://alice:s3cret@")
        result = runner.invoke(main, crawl_args(url, db_path, "--quiet"))
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(db_path)
    assert db.execute("select url from forums").fetchall() == [(server.base_url,)]
    dump = "\n".join(str(row) for table in ("forums", "runs", "pages", "frontier")
                     for row in db.execute(f"select * from {table}"))
    assert "s3cret" not in dump and "alice" not in dump


# --- read-only commands never write -------------------------------------------------------


def test_stats_on_a_zero_byte_file_leaves_it_empty(runner, tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["stats", str(empty)])
    assert result.exit_code == 5, result.output
    one_error_line(result)
    assert empty.read_bytes() == b"" and leftovers(tmp_path) == ["empty.db"]


def test_stats_on_a_foreign_sqlite_file_changes_nothing(runner, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (text)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = runner.invoke(main, ["stats", str(other)])
    assert result.exit_code == 5, result.output
    assert other.read_bytes() == before


@pytest.fixture(scope="module")
def crawled_archive(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("crawled") / "a.db"
    with ReplayServer(SAMPLES / "smf20") as server:
        assert CliRunner().invoke(main, crawl_args(server.base_url, db_path, "--quiet")).exit_code == 0
    return db_path


def test_stats_of_an_old_archive_does_not_upgrade_it(runner, tmp_path, crawled_archive):
    db_path = tmp_path / "a.db"
    shutil.copy(crawled_archive, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("delete from schema_version where version > 1")  # as if made by an older release
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    result = runner.invoke(main, ["stats", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"posts": 33' in result.output
    assert db_path.read_bytes() == before


def _read_only_mount(source: Path, mount: Path, command: list[str]) -> subprocess.CompletedProcess:
    """Run `command` with `source` mounted read-only at `mount`, in a private mount namespace."""
    mount.mkdir()
    script = ('mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" || exit 99; shift 2; exec "$@"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(source), str(mount), *command],
                          capture_output=True, text=True, timeout=PATIENCE)


def _can_mount(tmp_path: Path) -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    (tmp_path / "probe-src").mkdir()
    return _read_only_mount(tmp_path / "probe-src", tmp_path / "probe", ["true"]).returncode == 0


def test_an_archive_on_read_only_media_is_readable_by_every_reading_command(tmp_path, crawled_archive):
    if not _can_mount(tmp_path):
        pytest.skip("needs root and unshare to mount a read-only medium")
    media = tmp_path / "media"
    media.mkdir()
    # As a crawl leaves it: WAL mode, its -wal and -shm removed on close.
    shutil.copy(crawled_archive, media / "a.db")
    conn = sqlite3.connect(media / "a.db")
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert leftovers(media) == ["a.db"]
    (media / "post.txt").write_text("Looks like 08MEXICO23 again.\n")
    before = (media / "a.db").read_bytes()
    ro = tmp_path / "ro"
    stats = _read_only_mount(media, ro, [CLI, "stats", str(ro / "a.db"), "--json"])
    assert stats.returncode == 0, stats.stderr
    assert '"posts": 33' in stats.stdout and "Traceback" not in stats.stderr
    ro.rmdir()
    split = _read_only_mount(media, ro, [CLI, "split", str(ro / "post.txt")])
    assert split.returncode == 0, split.stderr
    ro.rmdir()
    probe = ("import sys; from scraper.archive import archive_read_mode; print(archive_read_mode(sys.argv[1]))")
    served = _read_only_mount(media, ro, [sys.executable, "-c", probe, str(ro / "a.db")])
    assert served.returncode == 0 and served.stdout.strip() == "immutable", served.stderr
    ro.rmdir()
    crawl = _read_only_mount(media, ro, [CLI, "crawl", "http://127.0.0.1:9/index.php", str(ro / "a.db")])
    assert crawl.returncode == 5 and "Traceback" not in crawl.stderr, crawl.stderr
    assert (media / "a.db").read_bytes() == before and leftovers(media) == ["a.db", "post.txt"]


# --- one writer per archive file, whatever path reaches it --------------------------------


@pytest.mark.parametrize("how", ["symlink", "hardlink", "dotted-path"])
def test_the_lock_belongs_to_the_file_not_the_path(runner, tmp_path, how):
    real = tmp_path / "real.db"
    archive.open_archive(real).close()
    other = tmp_path / "other.db"
    if how == "symlink":
        other.symlink_to(real)
    elif how == "hardlink":
        os.link(real, other)
    else:
        (tmp_path / "sub").mkdir()
        other = tmp_path / "sub" / ".." / "real.db"
    before = real.read_bytes()
    with archive.lock_archive(real):
        result = runner.invoke(main, crawl_args("http://127.0.0.1:9/index.php", other))
    assert result.exit_code == 6, result.output
    assert "in use" in result.output
    assert real.read_bytes() == before


def test_a_planted_lock_symlink_is_never_written_through(runner, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "a.db.lock").symlink_to(victim)
    with ReplayServer(SAMPLES / "smf20") as server:
        result = runner.invoke(main, crawl_args(server.base_url, tmp_path / "a.db", "--quiet"))
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious\n"


def test_the_lock_names_the_holder(tmp_path):
    db_path = tmp_path / "a.db"
    archive.open_archive(db_path).close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from scraper import archive\n"
        "with archive.lock_archive(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)\n"), str(db_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ArchiveLocked, match=f"pid {holder.pid}"):
            with archive.lock_archive(db_path):
                pass
    finally:
        holder.kill()
        holder.wait()
    with archive.lock_archive(db_path):  # the kernel released the dead holder's lock
        pass


# --- demo ----------------------------------------------------------------------------------


def test_demo_refuses_an_existing_archive_unless_forced(runner, tmp_path, crawled_archive):
    db_path = tmp_path / "a.db"
    shutil.copy(crawled_archive, db_path)
    before = db_path.read_bytes()
    result = runner.invoke(main, ["demo", str(db_path), "--quiet"])
    assert result.exit_code == 2, result.output
    assert "--force" in result.output and db_path.read_bytes() == before
    with archive.lock_archive(db_path):
        locked = runner.invoke(main, ["demo", str(db_path), "--quiet", "--force"])
    assert locked.exit_code == 6, locked.output
    assert db_path.read_bytes() == before
    # A stale WAL of the old archive must not be applied to the new one.
    Path(f"{db_path}-wal").write_bytes(b"\x37\x7f\x06\x82" + os.urandom(4000))
    forced = runner.invoke(main, ["demo", str(db_path), "--quiet", "--force"])
    assert forced.exit_code == 0, forced.output
    db = sqlite3.connect(db_path)
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert db.execute("select count(*) from runs").fetchone() == (1,)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")) == []


# --- signals ---------------------------------------------------------------------------------


def start_crawl(url: str, db_path: Path, *extra: str) -> subprocess.Popen:
    args = [CLI, "crawl", url, str(db_path), "--timezone", "America/Chicago", "--delay", "0", "--retries", "1",
            "--quiet", *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=PATIENCE)
    return proc.returncode, out, err


def wait_for_request(server: ReplayServer, path: str, timeout: float = PATIENCE) -> None:
    end = time.monotonic() + timeout
    while server.request_count(path) == 0:
        assert time.monotonic() < end, f"no request for {path}"
        time.sleep(0.02)


def logged_at(log: Path, text: str) -> float:
    """When the crawl logged the first line holding `text`, by the log file's time stamps."""
    for line in log.read_text(encoding="utf-8").splitlines():
        if text in line:
            return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
    raise AssertionError(f"{text!r} not in the log:\n{log.read_text(encoding='utf-8')}")


def wait_for_log(log: Path, text: str, timeout: float = PATIENCE) -> None:
    end = time.monotonic() + timeout
    while not (log.exists() and text in log.read_text(encoding="utf-8")):
        assert time.monotonic() < end, f"{text!r} never logged"
        time.sleep(0.02)


def stop_took(log: Path) -> float:
    """Seconds from the first signal's handler to the crawl stopping, on the crawl's own clock."""
    return logged_at(log, "stopped: ") - logged_at(log, "SIGTERM: stopping")


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_after_a_stop_later_signals_find_the_command_exiting_and_are_ignored():
    from scraper.cli_run import stop_on_signals

    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with stop_on_signals() as should_stop:
            assert not should_stop()
        assert {sig: signal.getsignal(sig) for sig in before} == before  # no stop: restored
        with stop_on_signals() as should_stop:
            os.kill(os.getpid(), signal.SIGTERM)
            wait_until(should_stop)
            with pytest.raises(Interrupted, match="SIGINT received twice"):
                os.kill(os.getpid(), signal.SIGINT)
                wait_until(lambda: False)
        # A signal now (the run recorded, the command on its way to exit 7) is no traceback
        # (SIGINT) and no death by signal (SIGTERM).
        assert [signal.getsignal(sig) for sig in before] == [signal.SIG_IGN, signal.SIG_IGN]
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def wait_until(predicate, timeout: float = PATIENCE) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize("signals", [1, 2], ids=["once", "twice"])
def test_sigterm_mid_body_stops_within_a_second_and_the_next_run_finishes(tmp_path, signals):
    db_path, log = tmp_path / "a.db", tmp_path / "crawl.log"
    with ReplayServer(SAMPLES / "smf20", faults={TOPIC: [("slow", 1.0)]}) as server:
        # A byte a second: the page's body would take 8 hours, the timeout 10 minutes.
        proc = start_crawl(server.base_url, db_path, "--timeout", "600", "--log-file", str(log))
        wait_for_request(server, "/" + TOPIC)
        time.sleep(0.3)  # a few bytes into the body
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        if signals == 2:
            # The second once the first was handled (two pending signals are one), wherever
            # the run is by then: mid-read, recording the run, or exiting.
            wait_for_log(log, "SIGTERM: stopping")
            proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=PATIENCE)
        took = time.monotonic() - sent
        assert proc.returncode == 7, err
        assert "Traceback" not in err
        # The read ended within a second of the signal (the crawl's clock: a loaded machine's
        # process start-up and exit aside), and the process long before the timeout.
        assert stop_took(log) < 2.5, log.read_text()
        assert took < 120, took
        db = sqlite3.connect(db_path)
        assert db.execute("select status from runs").fetchall() == [("interrupted",)]
        assert db.execute("select state from frontier where url like '%topic=200391.0'").fetchone() == ("pending",)
        db.close()
        code, out, err = finish(start_crawl(server.base_url, db_path))
        assert code == 0, (out, err)
    db = sqlite3.connect(db_path)
    assert db.execute("select count(*) from posts").fetchone()[0] == 33


def test_max_time_ends_a_trickling_body(tmp_path):
    db_path, log = tmp_path / "a.db", tmp_path / "crawl.log"
    with ReplayServer(SAMPLES / "smf20", faults={TOPIC: [("slow", 1.0)]}) as server:
        # Started at the trickling topic, so that --max-time (counted from the run's start, after
        # the process's start-up) runs out in its body, not at a page before it.
        proc = start_crawl(server.url(TOPIC), db_path, "--timeout", "600", "--max-time", "4", "--log-file", str(log))
        out, err = finish(proc)[1:]
        assert server.request_count("/" + TOPIC) == 1
    assert proc.returncode == 7, err
    # Stopped mid-body ("stopped:"; between two pages it would say "stopping:"), and within
    # a second of the limit by the run's own clock, not after the 600 s timeout.
    assert "stopped: --max-time 4s reached" in log.read_text(encoding="utf-8")
    seconds = float(re.fullmatch(r"interrupted: .* in ([\d.]+)s", out.strip())[1])
    assert 4 <= seconds < 4 + 2.5, out
    db = sqlite3.connect(db_path)
    assert db.execute("select status from runs").fetchall() == [("interrupted",)]
    assert db.execute("select state from frontier where url like '%topic=200391.0'").fetchone() == ("pending",)


def test_sigterm_during_a_long_delay_stops_within_a_second(tmp_path):
    db_path, log = tmp_path / "a.db", tmp_path / "crawl.log"
    with ReplayServer(SAMPLES / "smf20") as server:
        assert finish(start_crawl(server.base_url, db_path))[0] == 0  # archived at --delay 0
        server.clear_requests()  # before the next run starts: its robots.txt request is seen
        slow = [CLI, "crawl", server.base_url, str(db_path), "--timezone", "America/Chicago", "--delay", "3600",
                "--full", "--quiet", "--log-file", str(log)]
        proc = subprocess.Popen(slow, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for_request(server, "/robots.txt")  # then an hour's wait before the board index
        time.sleep(1.0)  # robots.txt read: into the wait
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=PATIENCE)
        took = time.monotonic() - sent
        assert proc.returncode == 7, err
        assert stop_took(log) < 2.5, log.read_text()
        assert took < 120, took
        assert server.request_count("/index.php") == 0
    db = sqlite3.connect(db_path)
    assert [r[0] for r in db.execute("select status from runs order by id")] == ["ok", "interrupted"]
