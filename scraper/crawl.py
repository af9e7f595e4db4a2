"""Walk a forum into the archive: the frontier, incremental decisions, one transaction per page.

The frontier lives in the archive (`frontier` table), so a run killed at any
moment resumes where it stopped. Each fetched page is saved — raw bytes,
parsed rows, newly discovered URLs and its frontier state — in one
transaction: a crash never leaves half a page.

A run over a forum already archived re-reads the board index, reads only the
boards whose counts or last post changed (from their first listing page down
to the first page with no changed topic), and fetches only the topics whose
reply count or last message changed, from the first page that can hold new
posts; then it re-reads the topic pages verified least recently, about 1/D
of them a night (`--refresh-days D`), so silent edits are found within D
nights (the decisions are in `incremental.py`; `crawl_plan.py` turns them
into frontier rows; `crawl_save.py` saves each page and hands its links to the planner).

A page that cannot be fetched, parsed or saved is recorded and the walk goes
on (`crawl_failures.py`: retried next run, quarantined if it keeps failing);
an SMF maintenance page stops the run.

A start URL that is not an archived forum's but whose first page matches one
(same title, boards, topics: the forum moved) stops the run before anything
is written, pointing to `smf-archive move-forum` (`crawl_moved.py`).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo

import sqlite_utils

from . import archive
from .archive import bookkeeping
from .archive.forum_clock import load_forum_clock, save_forum_clock
from .config import FetchConfig
from .errors import (
    ArchiveError,
    FetchError,
    ForumErrorPage,
    HostilePage,
    Interrupted,
    NotSMF,
    ScraperError,
    UnexpectedLayout,
    UsageError,
)
from .models import Page, RunStats
from .relations import relate_unresolved
from .crawl_failures import PageFailures
from .crawl_moved import refuse_moved_forum
from .crawl_plan import CrawlPlanner
from .crawl_save import PAGE_KINDS, PageSaver
from .forum_clock import ForumClock, page_now
from .smf import parse_page
from .smf.time_format import check_time_format
from .urls import build_url, forum_root, parse_smf_url, rss_url

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlConfig:
    start_url: str
    timezone: str | None = None  # IANA name; None: remembered or detected
    time_format: str | None = None  # the forum's strftime time_format; None: remembered or learned
    full: bool = False  # re-fetch every topic page (catches silent edits)
    max_requests: int | None = None
    max_time: float | None = None  # seconds
    # Re-read the least recently verified 1/D of the topic pages each run (0: never).
    refresh_days: int = 30
    fetch: FetchConfig = field(default_factory=FetchConfig)
    quarantine_after: int = 3  # failures to parse or save a page, in a row, before it is skipped


@dataclass(slots=True, kw_only=True)
class CrawlResult:
    run_id: int
    forum_id: int
    status: str  # ok / partial / interrupted / failed
    stats: RunStats
    seconds: float

    @property
    def summary(self) -> str:
        s = self.stats
        return (
            f"{self.status}: {s.pages_fetched} pages, {s.requests} requests, {s.new_posts} new posts, "
            f"{s.edited_posts} edited, {s.deleted_posts} deleted, {s.errors} errors in {self.seconds:.1f}s"
        )


class Crawler:
    """One run over one forum. Use `crawl()` unless you need the pieces."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        config: CrawlConfig,
        *,
        fetcher,
        should_stop: Callable[[], bool] = lambda: False,
        on_page: Callable[[str, RunStats], None] | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.fetcher = fetcher
        self.should_stop = should_stop
        self.on_page = on_page
        self.root = forum_root(config.start_url)
        target = parse_smf_url(config.start_url, root=self.root)
        if target is None:
            raise UsageError(
                f"start URL is not a forum, board or topic page: {config.start_url} "
                "(use the forum root, ?board=N.0 or ?topic=N.0)"
            )
        self.start_target = target
        if config.time_format is not None:
            check_time_format(config.time_format)
        self.stats = RunStats()
        self.clock: ForumClock | None = None
        self.forum_id = 0
        self.run_id = 0
        self.forum_down = False
        self.any_success = False
        self.refreshed = False

    # --- the run ------------------------------------------------------------

    def run(self) -> CrawlResult:
        started = time.monotonic()
        now = archive.utc_now_iso()
        # Stop before writing anything if the start page shows a forum archived at another
        # address; the page is fetched once and the walk uses it as its first page.
        self.fetcher = refuse_moved_forum(self.db, self.fetcher, root=self.root, url=build_url(self.root, self.start_target))
        with self.db.atomic():
            self.forum_id = archive.save_forum(self.db, url=self.root, crawled_at=now)
        self.run_id = archive.start_run(self.db, start_url=self.config.start_url, mode="full" if self.config.full else "crawl")
        self.planner = CrawlPlanner(
            self.db, root=self.root, forum_id=self.forum_id, run_id=self.run_id, full=self.config.full
        )
        self.saver = PageSaver(
            self.db,
            root=self.root,
            forum_id=self.forum_id,
            run_id=self.run_id,
            planner=self.planner,
            stats=self.stats,
            start_target=self.start_target,
            full=self.config.full,
        )
        self.failures = PageFailures(
            self.db,
            root=self.root,
            forum_id=self.forum_id,
            run_id=self.run_id,
            start_url=build_url(self.root, self.start_target),
            stats=self.stats,
            quarantine_after=self.config.quarantine_after,
        )
        self._load_timezone()
        self._seed_frontier()
        status = "ok"
        if hasattr(self.fetcher, "interrupt_when"):
            # A signal or --max-time ends a request or a wait within a second, not after it.
            self.fetcher.interrupt_when(lambda: self._stop_reason(started))
        try:
            while True:
                if self.should_stop():
                    status = "interrupted"
                    break
                if self._over_budget(started):
                    status = "interrupted"
                    break
                entry = archive.frontier_next(self.db, self.forum_id)
                if entry is None:
                    if self._queue_refresh():
                        continue
                    break
                self._visit(entry)
                if self.forum_down:
                    break
            with self.db.atomic():
                relate_unresolved(self.db, self.forum_id)
        except Interrupted as stop:
            # Mid-request, mid-wait, or a second signal mid-page (its transaction rolled
            # back): the page stays pending and the next run resumes with it.
            status = "interrupted"
            log.warning("stopped: %s", stop.reason)
        except BaseException:
            status = "failed"  # the forum is unreachable, or a bug: the frontier is kept
            raise
        finally:
            try:
                result = self._finish(status, started)
            except Interrupted:  # a second signal (raised once) landed mid-record, rolled back
                result = self._finish(status, started)
        return result

    def _finish(self, status: str, started: float) -> CrawlResult:
        """Record the end of the run in `runs` and return its result."""
        self.stats.requests = self._requests()
        if status == "ok" and (self.stats.errors or self.forum_down):
            status = "partial"
        result = CrawlResult(
            run_id=self.run_id,
            forum_id=self.forum_id,
            status=status,
            stats=self.stats,
            seconds=time.monotonic() - started,
        )
        archive.finish_run(self.db, self.run_id, self.stats, status=status, summary=result.summary)
        return result

    def _requests(self) -> int:
        return int(getattr(self.fetcher, "requests_total", 0))

    def _stop_reason(self, started: float) -> str | None:
        """Why the run must stop now (a signal, --max-time), or None."""
        if self.should_stop():
            return "a stop was requested (SIGINT/SIGTERM)"
        max_time = self.config.max_time
        if max_time is not None and time.monotonic() - started >= max_time:
            return f"--max-time {max_time:g}s reached"
        return None

    def _over_budget(self, started: float) -> bool:
        cfg = self.config
        if cfg.max_requests is not None and self._requests() >= cfg.max_requests:
            log.info("stopping: --max-requests %s reached", cfg.max_requests)
            return True
        if cfg.max_time is not None and time.monotonic() - started >= cfg.max_time:
            log.info("stopping: --max-time %ss reached", cfg.max_time)
            return True
        return False

    def _queue_refresh(self) -> bool:
        """Once the walk's changes are done, queue the refresh slice; True if pages were added."""
        if self.refreshed or self.config.full or self.start_target.kind != "board_index":
            return False
        self.refreshed = True
        return self.planner.queue_refresh_slice(days=self.config.refresh_days)

    def _seed_frontier(self) -> None:
        """Resume an unfinished walk, else start a new one; either way retry failed pages.

        A walk is one pass over the forum, perhaps over several runs: its
        'done' rows say what was fetched in it, and stay until it is finished.
        """
        with self.db.atomic():
            pending = archive.frontier_pending_count(self.db, self.forum_id)
            if self.config.full:
                for held in bookkeeping.frontier_quarantined(self.db, self.forum_id):
                    log.info("--full: trying the quarantined page %s again", held.url)
                    bookkeeping.frontier_release(self.db, held.url, run_id=self.run_id)
            retried = archive.frontier_reset_failed(self.db, self.forum_id)
            if retried:
                log.info("retrying %d pages that failed in an earlier run", retried)
            if pending:
                log.info("resuming the frontier of an interrupted run (%d pages left)", pending)
                return
            archive.frontier_clear_done(self.db, self.forum_id)
            url = build_url(self.root, self.start_target)
            archive.frontier_requeue(
                self.db, url=url, forum_id=self.forum_id, kind=self.start_target.kind, run_id=self.run_id
            )

    # --- timezone -------------------------------------------------------------

    def _load_timezone(self) -> None:
        """Given (--timezone, --time-format) wins over remembered; what is missing is learned."""
        zone, time_format = load_forum_clock(self.db, self.forum_id)
        zone = self.config.timezone or zone
        time_format = self.config.time_format or time_format
        self.clock = ForumClock(zone=zone, time_format=time_format,
                                read_rss=lambda: self.fetcher.fetch(rss_url(self.root)).text)
        with self.db.atomic():
            save_forum_clock(self.db, self.forum_id, timezone=self.config.timezone,
                             time_format=self.config.time_format)

    def _read_clock(self, page: Page) -> tuple[tzinfo, str | None]:
        """The zone and format to read `page` with; what was learned from it is remembered."""
        tz, time_format = self.clock.settle(page)
        if self.clock.learned:
            with self.db.atomic():
                save_forum_clock(self.db, self.forum_id, **self.clock.learned)
            self.clock.learned.clear()
        return tz, time_format

    # --- one page -------------------------------------------------------------

    def _visit(self, entry: archive.FrontierEntry) -> None:
        url = entry.url
        try:
            page = self.fetcher.fetch(url)
        except FetchError as exc:
            self.failures.fetch_failed(url, "fetch", str(exc), status=exc.status)
            if exc.retry_after is not None:
                # Maintenance, overload or a ban: the forum asks us to stay away. Stop the
                # run; the frontier keeps what is left for the next one.
                self.forum_down = True
            if not self.any_success and entry.kind == self.start_target.kind and url == build_url(self.root, self.start_target):
                raise  # the forum itself is unreachable: nothing to archive
            return
        self.stats.pages_fetched += 1
        try:
            tz, time_format = self._read_clock(page)
            parsed = parse_page(page.text, url=page.url, now=page_now(page), tz=tz, time_format=time_format)
            self.clock.check(parsed)
        except ForumErrorPage as exc:
            if self.failures.forum_error(entry, page, exc, any_success=self.any_success):
                self.forum_down = True
                if not self.any_success:
                    raise  # down from the first page: unreachable, as a refused connection (exit 4)
            return
        except NotSMF as exc:
            if not self.any_success:
                raise
            self.failures.page_failed(entry, page, "layout", str(exc))
            return
        except HostilePage as exc:
            self.failures.page_failed(entry, page, "hostile", str(exc))
            return
        except UnexpectedLayout as exc:
            self.failures.page_failed(entry, page, "layout", str(exc))
            return
        except (ScraperError, sqlite3.Error):
            raise  # the forum is gone (a fetch of the RSS feed), or the archive: not this page
        except Exception as exc:  # a bug the page's content triggers: that page only
            log.debug("parsing %s failed", url, exc_info=True)
            self.failures.page_failed(entry, page, "parse", f"unexpected {type(exc).__name__} reading {url}: {exc}")
            return
        served = PAGE_KINDS[type(parsed)]
        if served != entry.kind:
            # A cache or proxy answering with another page: following its links would loop.
            self.failures.page_failed(entry, page, "layout", f"expected a {entry.kind} page, got a {served}: {url}")
            return
        try:
            with self.db.atomic():  # rolled back whole if anything below fails
                self.saver.save(entry, page, parsed)
        except (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.ProgrammingError) as exc:
            # The page's content breaks a constraint (a repeated post, an absurd value).
            self.failures.page_failed(entry, page, "save", f"cannot save {url}: {type(exc).__name__}: {exc}")
            return
        except sqlite3.Error as exc:
            # Disk full, a read-only or corrupt file: the archive, not the page.
            raise ArchiveError(f"archive error: {exc} (the last page's transaction was rolled back)") from exc
        except ScraperError:
            raise
        except Exception as exc:
            log.debug("saving %s failed", url, exc_info=True)
            self.failures.page_failed(entry, page, "save", f"unexpected {type(exc).__name__} saving {url}: {exc}")
            return
        self.any_success = True
        if self.on_page:
            self.on_page(url, self.stats)

def crawl(
    db: sqlite_utils.Database,
    config: CrawlConfig,
    *,
    fetcher,
    should_stop: Callable[[], bool] = lambda: False,
    on_page: Callable[[str, RunStats], None] | None = None,
) -> CrawlResult:
    """Run one crawl of `config.start_url` into `db` with `fetcher`."""
    return Crawler(db, config, fetcher=fetcher, should_stop=should_stop, on_page=on_page).run()


__all__ = ["CrawlConfig", "CrawlResult", "Crawler", "ScraperError", "crawl"]
