"""Run control for the CLI: signals that stop a crawl, and no trace of a run that could not start."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import archive
from .errors import Interrupted, ScraperError

log = logging.getLogger("scraper")


@contextmanager
def stop_on_signals() -> Iterator[Callable[[], bool]]:
    """SIGINT/SIGTERM stop the crawl: the first within a second, the second at once.

    The first sets a flag that every wait and socket read checks (the page being
    fetched stays pending). A second one raises Interrupted wherever the crawl
    is, mid-parse or mid-save: the page's transaction rolls back, the run is
    recorded as interrupted and the command exits 7. Later ones are ignored so
    the run's record can be written, and so are any that come while the command
    exits after a stop (no traceback, no death by signal: it still exits 7).
    """
    signals = {"count": 0}

    def handler(signum, _frame) -> None:
        signals["count"] += 1
        name = signal.Signals(signum).name
        if signals["count"] == 1:
            log.warning("%s: stopping (the next run resumes here); send it again to stop at once", name)
        elif signals["count"] == 2:
            raise Interrupted(f"{name} received twice")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield lambda: signals["count"] > 0
    finally:
        for sig, old in previous.items():
            signal.signal(sig, signal.SIG_IGN if signals["count"] else old)


def without_credentials(url: str) -> str:
    """The URL without user:password@ (never sent, stored or shown); forum_root checked it parses."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    if "@" not in parts.netloc:
        return url.strip()
    log.warning("the user:password in the start URL is ignored (use --cookie for a members-only forum)")
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


@contextmanager
def new_archive_removed_on_failure(path: str, created: bool) -> Iterator[None]:
    """A run that could not start leaves nothing behind: remove the archive it created.

    "Could not start": an error (not a stop) before any page was stored, such as
    an unreachable forum, a site that is not SMF, or a refused start page.
    """
    try:
        yield
    except (ScraperError, sqlite3.Error):
        if created and _stores_no_pages(path):
            archive.remove_archive_files(path)
        raise


def _stores_no_pages(path: str) -> bool:
    try:
        conn = sqlite3.connect(f"file:{urllib.parse.quote(str(Path(path).resolve()))}?mode=ro", uri=True)
        try:
            return conn.execute("select count(*) from pages").fetchone()[0] == 0
        finally:
            conn.close()
    except sqlite3.Error:
        return os.path.getsize(path) == 0 if os.path.exists(path) else False
