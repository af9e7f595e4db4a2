"""Shared pieces of the `smf-archive` commands: output options, logging, errors to exit codes, progress."""

from __future__ import annotations

import functools
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from . import archive
from .errors import ArchiveError, Interrupted, ScraperError, UsageError

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
