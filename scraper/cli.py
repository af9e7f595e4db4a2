"""The `smf-archive` command: a thin click shell over the library.

Exit codes (cron wrappers act on these):

    0  done
    1  unexpected bug (a traceback is printed)
    2  usage error: bad arguments or input
    3  finished, but some pages failed (see the runs and run_errors tables)
    4  forum unreachable, not an SMF forum, or robots.txt refuses
    5  archive problem: unwritable, not an archive, or a newer schema
    6  archive locked by another running smf-archive
    7  stopped before the end (--max-requests, --max-time, SIGINT/SIGTERM);
       the next run resumes where this one stopped
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, archive
from .config import DEFAULT_DELAY, DEFAULT_RETRIES, DEFAULT_TIMEOUT, FetchConfig
from .cli_run import new_archive_removed_on_failure, stop_on_signals, without_credentials
from .errors import ArchiveError, ForumMoved, Interrupted, ScraperError, UsageError

log = logging.getLogger("scraper")

EXIT_OK, EXIT_PARTIAL, EXIT_STOPPED = 0, 3, 7
STATUS_EXIT = {"ok": EXIT_OK, "partial": EXIT_PARTIAL, "interrupted": EXIT_STOPPED}


# --- shared options ------------------------------------------------------------


def output_options(func: Callable) -> Callable:
    """--quiet, -v and --log-file, shared by every command."""

    @click.option("-q", "--quiet", is_flag=True, help="Print only a one-line summary; problems go to stderr.")
    @click.option("-v", "--verbose", count=True, help="Log progress (-v) or everything (-vv) to stderr.")
    @click.option("--log-file", type=click.Path(dir_okay=False, writable=True), help="Also append a log to this file.")
    @functools.wraps(func)
    def wrapper(*args, quiet: bool, verbose: int, log_file: str | None, **kwargs):
        with known_errors():
            setup_logging(quiet=quiet, verbose=verbose, log_file=log_file)
        return func(*args, quiet=quiet, **kwargs)

    return wrapper


def setup_logging(*, quiet: bool, verbose: int, log_file: str | None) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    root = logging.getLogger("scraper")
    root.handlers.clear()
    root.setLevel(logging.DEBUG)
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(level)
    stderr.setFormatter(logging.Formatter("smf-archive: %(levelname)s: %(message)s"))
    root.addHandler(stderr)
    if log_file:
        try:
            handler = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot open the log file {log_file}: {exc.strerror}") from exc
        handler.setLevel(logging.INFO)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)


def fail(error: ScraperError) -> None:
    """Print one line for a known error and exit with its code."""
    click.echo(f"smf-archive: error: {error}", err=True)
    sys.exit(error.exit_code)


@contextmanager
def known_errors() -> Iterator[None]:
    try:
        yield
    except ScraperError as error:
        fail(error)
    except Interrupted as stop:
        click.echo(f"smf-archive: stopped: {stop.reason}", err=True)
        sys.exit(EXIT_STOPPED)
    except sqlite3.Error as error:
        # Disk full, a read-only file, I/O errors: SQLite rolls the page back; say so plainly.
        fail(ArchiveError(f"archive error: {error} (the last page's transaction was rolled back)"))


class Progress:
    """A progress bar on a terminal (tqdm), silent elsewhere."""

    def __init__(self, *, enabled: bool, db) -> None:
        self.bar = None
        self.db = db
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit="page", file=sys.stderr, dynamic_ncols=True, leave=False)

    def __call__(self, url: str, stats) -> None:
        if self.bar is None:
            return
        self.bar.total = stats.pages_fetched + archive.frontier_pending_count(self.db)
        self.bar.set_postfix_str(f"{stats.new_posts} new posts, {stats.errors} errors", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --- commands ---------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smf-archive")
def main() -> None:
    """Archive Simple Machines Forum threads and the cables pasted into them.

    \b
    Exit codes: 0 done, 2 usage error, 3 some pages failed, 4 forum unreachable
    or not SMF, 5 archive problem, 6 archive locked, 7 stopped early (resumable).
    """


@main.command()
@click.argument("url")
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(dir_okay=False))
@click.option("--delay", type=click.FloatRange(min=0), default=DEFAULT_DELAY, show_default=True,
              help="Seconds between requests to the forum (0 for a local replay).")
@click.option("--timezone", "timezone_name", metavar="TZ",
              help="The forum's IANA timezone (e.g. America/Chicago). Default: remembered, else detected (page clock or RSS feed).")
@click.option("--time-format", metavar="STRFTIME",
              help="The forum's SMF time_format, e.g. '%d/%m/%Y %H:%M'. Default: remembered, else learned from the pages.")
@click.option("--full", is_flag=True, help="Re-fetch every topic page, to catch edits that do not bump a topic.")
@click.option("--refresh-days", type=click.IntRange(min=0), default=30, show_default=True, metavar="D",
              help="Also re-read the 1/D of topic pages verified least recently, so edits that bump nothing "
                   "are found within D nights (0: off).")
@click.option("--max-requests", type=click.IntRange(min=1), help="Stop after this many requests (resume next run).")
@click.option("--max-time", type=click.FloatRange(min=1), metavar="SECONDS", help="Stop after this long (resume next run).")
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_TIMEOUT, show_default=True, help="Seconds to wait for a response.")
@click.option("--retries", type=click.IntRange(min=1), default=DEFAULT_RETRIES, show_default=True, help="Attempts per page before it counts as failed.")
@click.option("--ignore-robots", is_flag=True, help="Do not fetch or obey robots.txt.")
@click.option("--contact", metavar="URL", help="A contact URL or address added to the User-Agent.")
@click.option("--cookie", "cookies", multiple=True, metavar="NAME=VALUE", help="A cookie for members-only boards (repeatable).")
@click.option("--cookie-file", type=click.Path(exists=True, dir_okay=False), help="cookies.txt or NAME=VALUE lines.")
@output_options
def crawl(url: str, archive_path: str, *, delay: float, timezone_name: str | None, time_format: str | None, full: bool,
          refresh_days: int, max_requests: int | None, max_time: float | None, timeout: float, retries: int,
          ignore_robots: bool, contact: str | None, cookies: tuple[str, ...], cookie_file: str | None,
          quiet: bool) -> None:
    """Crawl the forum, board or topic at URL into ARCHIVE (created if missing).

    A run over an archived forum fetches only what changed and resumes an
    interrupted run. Example:

        smf-archive crawl https://forum.example.org/index.php archive.db
    """
    from urllib.parse import urlsplit

    from .crawl import CrawlConfig
    from .crawl import crawl as run_crawl
    from .fetch import Fetcher, load_cookie_file, parse_cookie_pairs
    from .timezones import load_timezone
    from .urls import forum_root, parse_smf_url

    with known_errors():
        if time_format:
            from .smf.time_format import check_time_format

            check_time_format(time_format)  # refuse a format that cannot date a post before touching anything
        root = forum_root(url)
        url = without_credentials(url)
        if parse_smf_url(url, root=root) is None:
            raise UsageError(f"start URL is not a forum, board or topic page: {url} "
                             "(use the forum root, ?board=N.0 or ?topic=N.0)")
        if timezone_name:
            load_timezone(timezone_name)  # refuse an unknown zone before creating anything
        jar = parse_cookie_pairs("\n".join(cookies))
        if cookie_file:
            jar |= load_cookie_file(cookie_file, host=urlsplit(root).hostname)
        fetch_config = FetchConfig(delay=delay, timeout=timeout, retries=retries, contact=contact,
                                   obey_robots=not ignore_robots, cookies=jar)
        config = CrawlConfig(start_url=url, timezone=timezone_name, time_format=time_format, full=full,
                             max_requests=max_requests, max_time=max_time, refresh_days=refresh_days,
                             fetch=fetch_config)
        with archive.lock_archive(archive_path) as created, new_archive_removed_on_failure(archive_path, created):
            db = archive.open_archive(archive_path)
            progress = Progress(enabled=not quiet, db=db)
            try:
                with stop_on_signals() as should_stop, Fetcher(fetch_config, forum_url=root) as fetcher:
                    result = run_crawl(db, config, fetcher=fetcher, should_stop=should_stop, on_page=progress)
            except ForumMoved as moved:
                raise ForumMoved(old_url=moved.old_url, new_url=moved.new_url, archive=archive_path) from None
            finally:
                progress.close()
                db.close()  # before the lock is released (see lock_archive)
    click.echo(result.summary)
    sys.exit(STATUS_EXIT[result.status])


@main.command()
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(exists=True, dir_okay=False))
@click.option("--timezone", "timezone_name", metavar="TZ",
              help="Correct the forums' timezone (IANA name) first; times are then read again with it.")
@click.option("--time-format", metavar="STRFTIME",
              help="Correct the forums' SMF time_format (e.g. '%d/%m/%Y %H:%M') first; dates are then read again with it.")
@output_options
def reparse(archive_path: str, *, timezone_name: str | None, time_format: str | None, quiet: bool) -> None:
    """Rebuild every parsed table of ARCHIVE from its stored pages, with no network."""
    from .archive.forum_clock import set_time_format
    from .reparse import reparse_archive
    from .smf.time_format import check_time_format
    from .timezones import load_timezone

    with known_errors():
        if timezone_name:
            load_timezone(timezone_name)  # refuse an unknown zone before touching anything
        if time_format:
            check_time_format(time_format)
        with archive.lock_archive(archive_path, create=False):
            db = archive.open_archive(archive_path, create=False)
            try:
                if timezone_name:
                    archive.set_timezone(db, timezone_name)
                if time_format:
                    set_time_format(db, time_format)
                result = reparse_archive(db)
            finally:
                db.close()  # before the lock is released (see lock_archive)
    click.echo(result.summary)
    sys.exit(EXIT_PARTIAL if result.errors else EXIT_OK)


@main.command("move-forum")
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(exists=True, dir_okay=False))
@click.argument("old_url")
@click.argument("new_url")
@click.option("--json", "as_json", is_flag=True, help="Print what was re-pointed as JSON.")
@output_options
def move_forum(archive_path: str, old_url: str, new_url: str, *, as_json: bool, quiet: bool) -> None:
    """Re-point the forum archived at OLD_URL to NEW_URL (http to https, www., a moved path).

    Every stored page, board, topic and queued URL under the old address moves
    to the new one and everything archived is kept: the next crawl of NEW_URL
    continues the archive. Posts keep their links as the forum wrote them.

        smf-archive move-forum archive.db http://forum.example.org/index.php https://forum.example.org/index.php
    """
    from .archive.nightly import move_forum as run_move
    from .urls import forum_root

    with known_errors(), archive.lock_archive(archive_path, create=False):
        old, new = forum_root(old_url), forum_root(new_url)
        db = archive.open_archive(archive_path, create=False)
        try:
            moved = run_move(db, old_url=old, new_url=new)
        finally:
            db.close()  # before the lock is released (see lock_archive)
    if as_json:
        click.echo(json.dumps({"forum_id": moved.forum_id, "old_url": moved.old_url, "new_url": moved.new_url,
                               "rewritten": moved.rewritten}, indent=2))
        return
    pages = moved.rewritten.get("pages.url", 0)
    queued = moved.rewritten.get("frontier.url", 0)
    click.echo(f"moved forum {moved.forum_id} from {moved.old_url} to {moved.new_url}: "
               f"{pages} pages and {queued} queued URLs re-pointed")


@main.command()
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@output_options
def stats(archive_path: str, *, as_json: bool, quiet: bool) -> None:
    """Print what ARCHIVE holds: forums, topics, posts, cables, the last run."""
    from .report import archive_stats

    with known_errors():
        db = archive.open_archive_readonly(archive_path)  # never writes, works on read-only media
        try:
            figures = archive_stats(db)
        finally:
            db.close()
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        if isinstance(value, list):  # one line each, after their count
            click.echo(f"{key:>18}: {len(value)}")
            for item in value:
                click.echo(f"{'':>20}{item}")
            continue
        click.echo(f"{key:>18}: {value}")


@main.command()
@click.argument("archive_path", metavar="ARCHIVE", default="demo.db", type=click.Path(dir_okay=False))
@click.option("--smf-version", type=click.Choice(["2.0", "2.1"]), default="2.0", show_default=True,
              help="Which captured sample forum to replay.")
@click.option("--force", is_flag=True, help="Replace ARCHIVE if it exists (never while a crawl holds it).")
@output_options
def demo(archive_path: str, *, smf_version: str, force: bool, quiet: bool) -> None:
    """Replay the bundled sample forum on 127.0.0.1 and crawl it into ARCHIVE.

    No forum needed: this shows what a crawl stores. An existing ARCHIVE is
    refused unless --force is given.
    """
    from .demo import crawl_demo

    target = Path(archive_path)
    with known_errors():
        if target.is_dir() or not target.resolve().parent.is_dir():
            raise UsageError(f"cannot create the demo archive at {target}")
        existed = target.exists() or target.is_symlink()
        if existed and not force:
            raise UsageError(f"{target} exists: pass --force to replace it with the demo archive")
        # The writer lock of the archive, so no crawl can be writing to what is replaced.
        with archive.lock_archive(target) as created, new_archive_removed_on_failure(str(target), created):
            # Built beside the target and moved into place: a failed demo leaves no half archive.
            handle, temp = tempfile.mkstemp(prefix=".demo-", suffix=".db", dir=target.resolve().parent)
            os.close(handle)
            try:
                db = archive.open_archive(temp)
                try:
                    result, url = crawl_demo(db, smf_version=smf_version)
                    db.conn.execute("pragma wal_checkpoint(truncate)")
                    db.conn.execute("pragma journal_mode = delete")
                finally:
                    db.close()
                # The old archive's WAL and shared memory must not be read with the new file.
                for side in ("-wal", "-shm", "-journal"):
                    Path(f"{target.resolve()}{side}").unlink(missing_ok=True)
                os.replace(temp, target.resolve())
            finally:
                archive.remove_archive_files(temp)
    click.echo(result.summary)
    if not quiet:
        click.echo(f"\nCrawled the sample SMF {smf_version} forum (replayed at {url}) into {target}. Look at it:\n")
        click.echo(f"  sqlite3 {target} 'select author_name, posted_at, subject from posts order by posted_at'")
        click.echo(f"  sqlite3 {target} 'select cable_id, relation, msg_id from post_cables'")
        click.echo(f"  smf-archive stats {target}")
        click.echo(f"  smf-archive serve {target}    # browse it (pip install 'smf-archive[datasette]')")
    sys.exit(STATUS_EXIT[result.status])


@main.command()
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(exists=True, dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the archive in a web browser.")
@output_options
def serve(archive_path: str, *, host: str, port: int, open_browser: bool, quiet: bool) -> None:
    """Browse ARCHIVE with Datasette, read-only (pip install 'smf-archive[datasette]')."""
    from .serve import serve as run_datasette

    with known_errors():
        run_datasette(archive_path, host=host, port=port, open_browser=open_browser)


def read_input(source: str) -> str:
    """Text from a file, or from stdin for '-'."""
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from exc


def to_json(value) -> object:
    """Dataclasses, tuples, dates and datetimes as plain JSON values."""
    import dataclasses
    from datetime import date

    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat().replace("+00:00", "Z")
    return value


@main.command()
@click.argument("source", metavar="FILE|-")
@output_options
def split(source: str, *, quiet: bool) -> None:
    """Print one post's segments (commentary / cable) and parsed cables as JSON.

    FILE holds the post's text as the forum shows it (quotes removed); '-' reads stdin.
    """
    from .split import split_post

    with known_errors():
        text = read_input(source)
    segments = split_post(text)
    out = {
        "segments": [
            {"kind": s.kind, "start": s.start, "end": s.end, "text": text[s.start:s.end],
             "cable_id": s.cable.id if s.cable else None}
            for s in segments
        ],
        "cables": [to_json(s.cable) for s in segments if s.cable is not None],
    }
    click.echo(json.dumps(out, indent=2, ensure_ascii=False))


@main.command()
@click.argument("source", metavar="FILE|-")
@click.option("--year", type=click.IntRange(1966, 2010), help="The cable's year, when the text does not say it.")
@click.option("--id", "ref_id", metavar="ID", help="The cable's reference ID, when known from elsewhere (a URL).")
@output_options
def cable(source: str, *, year: int | None, ref_id: str | None, quiet: bool) -> None:
    """Print one cable's parsed record (ID, created, origin, REFs, TAGS, ...) as JSON."""
    from .cables import parse_cable

    with known_errors():
        text = read_input(source)
    click.echo(json.dumps(to_json(parse_cable(text, year=year, ref_id=ref_id)), indent=2, ensure_ascii=False))
