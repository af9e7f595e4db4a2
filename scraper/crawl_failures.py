"""Record the pages a run cannot use, so one bad page never ends the night.

A page that fails to fetch is marked failed and retried next run; one that
cannot be parsed or saved is kept apart (`page_failures`), never as content,
and quarantined once it failed `quarantine_after` times in a row, until the
listing of its topic or board changes (or `--full`). SMF's own error pages
(no access, not found) are recorded as such; a maintenance or database-error
page means the whole forum is down.
"""

from __future__ import annotations

import logging

import sqlite_utils

from . import archive
from .archive import bookkeeping
from .errors import ForumErrorPage
from .models import Page, RunStats
from .urls import parse_smf_url

log = logging.getLogger(__name__)

# Forum errors that say "the whole forum is down right now": stop the run, retry next night.
FORUM_DOWN_KINDS = frozenset({"maintenance", "database_error"})


class PageFailures:
    """Record one run's failed pages in the archive and in its stats."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        root: str,
        forum_id: int,
        run_id: int,
        start_url: str,
        stats: RunStats,
        quarantine_after: int,
    ) -> None:
        self.db = db
        self.root = root
        self.forum_id = forum_id
        self.run_id = run_id
        self.start_url = start_url  # never quarantined: without it a run has nothing to walk
        self.stats = stats
        self.quarantine_after = quarantine_after

    def fetch_failed(self, url: str, kind: str, message: str, *, status: int | None = None) -> None:
        """A page not fetched (or a forum down): recorded, and retried next run."""
        log.error("%s", message)
        self.stats.errors += 1
        self.stats.error_messages.append(message)
        archive.record_error(self.db, self.run_id, url=url, kind=kind, message=message, status=status)
        with self.db.atomic():
            archive.frontier_failed(self.db, url, message)

    def page_failed(self, entry: archive.FrontierEntry, page: Page, kind: str, message: str) -> None:
        """A page that cannot be used: kept apart, recorded, retried next run, quarantined if it keeps failing."""
        log.error("%s", message)
        self.stats.errors += 1
        self.stats.error_messages.append(message)
        is_start = entry.url == self.start_url
        with self.db.atomic():
            bookkeeping.save_page_failure(
                self.db, page, forum_id=self.forum_id, run_id=self.run_id, kind=kind, error=message
            )
            archive.record_error(self.db, self.run_id, url=entry.url, kind=kind, message=message)
            quarantined = bookkeeping.frontier_page_failed(
                self.db,
                entry.url,
                message,
                # The start page is never quarantined: without it a run has nothing to walk.
                limit=None if is_start else self.quarantine_after,
                listing=self._listing(entry),
            )
        if quarantined:
            log.error(
                "%s failed %d times in a row: quarantined (skipped until its listing changes, or --full)",
                entry.url,
                self.quarantine_after,
            )

    def forum_error(self, entry: archive.FrontierEntry, page: Page, exc: ForumErrorPage, *, any_success: bool) -> bool:
        """SMF's own error page: recorded and reported, never stored as content; True if the forum is down."""
        self.stats.forum_errors += 1
        if exc.kind in FORUM_DOWN_KINDS:
            # The whole forum is down: keep the frontier for the next run.
            self.fetch_failed(entry.url, "forum_error", str(exc))
            return True
        target = parse_smf_url(entry.url, root=self.root)
        with self.db.atomic():
            # Kept apart: a good page stored earlier for this URL stays what reparse reads.
            bookkeeping.save_page_failure(
                self.db, page, forum_id=self.forum_id, run_id=self.run_id, kind="forum_error", error=exc.kind
            )
            if target and target.kind == "topic" and exc.kind != "error":
                archive.save_topic_access(self.db, self.forum_id, target.id, exc.kind)
            elif target and target.kind == "message_index" and exc.kind != "error":
                archive.save_board_access(self.db, self.forum_id, target.id, exc.kind)
            archive.frontier_done(self.db, entry.url)
        message = str(exc)
        if any_success:
            log.warning("%s", message)  # one off-limits topic among many: worth a line, not a failure
        else:
            # The very page we were asked to crawl is refused: the run archived nothing.
            log.error("%s", message)
            self.stats.errors += 1
        self.stats.error_messages.append(message)
        archive.record_error(self.db, self.run_id, url=entry.url, kind="forum_error", message=message)
        return False

    def _listing(self, entry: archive.FrontierEntry) -> str | None:
        """What the forum last listed of the page's topic or board (its quarantine lasts while that holds)."""
        target = parse_smf_url(entry.url, root=self.root)
        if target is not None and target.kind == "topic":
            return bookkeeping.topic_listing(self.db, self.forum_id, target.id)
        if target is not None and target.kind == "message_index":
            return bookkeeping.board_listing(self.db, self.forum_id, target.id)
        return None
