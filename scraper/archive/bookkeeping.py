"""Raw pages, runs, run errors and the persistent crawl frontier."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from ..models import Page, RunStats
from .shape import upsert_rows, utc_iso, utc_now_iso


# --- raw pages -------------------------------------------------------------


def save_page(
    db: sqlite_utils.Database,
    page: Page,
    *,
    forum_id: int | None,
    kind: str,
    error: str | None = None,
) -> bool:
    """Store a raw page (compressed); return True when its bytes changed."""
    digest = hashlib.sha256(page.body).hexdigest()
    old = db.execute("select sha256 from pages where url = ?", [page.url]).fetchone()
    changed = old is None or old[0] != digest
    row = {
        "url": page.url,
        "forum_id": forum_id,
        "final_url": page.final_url,
        "status": page.status,
        "content_type": page.content_type,
        "encoding": page.encoding,
        "kind": kind,
        "fetched_at": utc_iso(page.fetched_at),
        "server_date": utc_iso(page.server_date),
        "sha256": digest,
        "error": error,
    }
    if changed:
        # Compressing is the costliest step of saving a page: skip it when the bytes are the same.
        row["body"] = zlib.compress(page.body, 6)
    upsert_rows(db, "pages", [row], ("url",))
    return changed


def has_good_page(db: sqlite_utils.Database, url: str) -> bool:
    """True when `pages` holds a body for the URL that was read whole."""
    row = db.execute("select error from pages where url = ? and body is not null", [url]).fetchone()
    return row is not None and row[0] is None


FAILURES_KEPT = 5  # responses kept per URL in page_failures


def save_page_failure(
    db: sqlite_utils.Database,
    page: Page,
    *,
    forum_id: int | None,
    run_id: int | None,
    kind: str,
    error: str,
) -> None:
    """Keep a response that could not be used apart from `pages` (once per URL and body)."""
    digest = hashlib.sha256(page.body).hexdigest()
    row = {
        "url": page.url,
        "forum_id": forum_id,
        "run_id": run_id,
        "fetched_at": utc_iso(page.fetched_at),
        "status": page.status,
        "content_type": page.content_type,
        "encoding": page.encoding,
        "kind": kind,
        "error": error,
        "sha256": digest,
    }
    seen = db.execute("select 1 from page_failures where url = ? and sha256 = ?", [page.url, digest]).fetchone()
    if seen is None:
        row["body"] = zlib.compress(page.body, 6)
    upsert_rows(db, "page_failures", [row], ("url", "sha256"))
    # A page that fails night after night with new bytes (its "Today at" times move) keeps its latest few.
    db.execute(
        "delete from page_failures where url = ? and id not in"
        " (select id from page_failures where url = ? order by fetched_at desc, id desc limit ?)",
        [page.url, page.url, FAILURES_KEPT],
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredPage:
    url: str
    forum_id: int | None
    kind: str | None
    fetched_at: str
    encoding: str | None
    body: bytes
    server_date: str | None = None  # the server's Date header (UTC), when it sent one

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")


def load_pages(db: sqlite_utils.Database) -> Iterator[StoredPage]:
    """Stored pages in the order they were first fetched, one in memory at a time.

    The rowids are read first so that callers may write while iterating (an
    open SELECT on the same connection would lock the tables they write).
    """
    rowids = [r[0] for r in db.execute("select rowid from pages order by rowid")]
    for rowid in rowids:
        row = db.execute(
            "select url, forum_id, kind, fetched_at, encoding, body, server_date from pages where rowid = ?", [rowid]
        ).fetchone()
        if row is None:
            continue
        yield StoredPage(
            url=row[0],
            forum_id=row[1],
            kind=row[2],
            fetched_at=row[3],
            encoding=row[4],
            body=zlib.decompress(row[5]) if row[5] is not None else b"",
            server_date=row[6],
        )


# --- runs ----------------------------------------------------------------------


def start_run(db: sqlite_utils.Database, *, start_url: str | None, mode: str) -> int:
    """Open a run row; runs still 'running' died without finishing (the caller holds the lock)."""
    with db.atomic():
        db.execute(
            "update runs set status = 'killed', summary = 'killed: the process died before finishing'"
            " where status = 'running'"
        )
        return int(
            db["runs"]
            .insert({"started_at": utc_now_iso(), "start_url": start_url, "mode": mode, "status": "running"})
            .last_pk
        )


def record_error(
    db: sqlite_utils.Database,
    run_id: int,
    *,
    url: str | None,
    kind: str,
    message: str,
    status: int | None = None,
) -> None:
    with db.atomic():
        db["run_errors"].insert(
            {"run_id": run_id, "url": url, "kind": kind, "status": status, "message": message, "at": utc_now_iso()}
        )


def finish_run(db: sqlite_utils.Database, run_id: int, stats: RunStats, *, status: str, summary: str) -> None:
    with db.atomic():
        db["runs"].update(
            run_id,
            {
                "finished_at": utc_now_iso(),
                "pages_fetched": stats.pages_fetched,
                "requests": stats.requests,
                "new_posts": stats.new_posts,
                "edited_posts": stats.edited_posts,
                "deleted_posts": stats.deleted_posts,
                "errors": stats.errors,
                "status": status,
                "summary": summary,
            },
        )
    # Let SQLite refresh its planner statistics where the run changed a lot (cheap).
    db.execute("pragma optimize")


# --- frontier --------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontierEntry:
    url: str
    forum_id: int
    kind: str
    attempts: int


def frontier_add(db: sqlite_utils.Database, *, url: str, forum_id: int, kind: str, run_id: int) -> bool:
    """Queue a URL unless it is already known; return True when it was added."""
    seq = db.execute("select coalesce(max(seq), 0) + 1 from frontier").fetchone()[0]
    cursor = db.execute(
        "insert or ignore into frontier (url, forum_id, kind, seq, state, attempts, run_id)"
        " values (?, ?, ?, ?, 'pending', 0, ?)",
        [url, forum_id, kind, seq, run_id],
    )
    return cursor.rowcount > 0


def frontier_requeue(db: sqlite_utils.Database, *, url: str, forum_id: int, kind: str, run_id: int) -> None:
    """Queue a URL again even if it was done (a changed topic, a new run)."""
    if not frontier_add(db, url=url, forum_id=forum_id, kind=kind, run_id=run_id):
        seq = db.execute("select coalesce(max(seq), 0) + 1 from frontier").fetchone()[0]
        db.execute(
            "update frontier set state = 'pending', seq = ?, run_id = ? where url = ?"
            " and state not in ('pending', 'quarantined')",
            [seq, run_id, url],
        )


def frontier_next(db: sqlite_utils.Database, forum_id: int) -> FrontierEntry | None:
    row = db.execute(
        "select url, forum_id, kind, attempts from frontier where forum_id = ? and state = 'pending'"
        " order by seq limit 1",
        [forum_id],
    ).fetchone()
    if row is None:
        return None
    return FrontierEntry(url=row[0], forum_id=row[1], kind=row[2], attempts=row[3])


def frontier_done(
    db: sqlite_utils.Database, url: str, *, msg_range: tuple[int, int] | None = None
) -> None:
    """Mark a URL fetched in this walk; a complete topic page also keeps its first and last msg id."""
    first, last = msg_range or (None, None)
    db.execute(
        "update frontier set state = 'done', last_error = null, failures = 0, quarantined_at = null,"
        " quarantine_listing = null, first_msg_id = ?, last_msg_id = ? where url = ?",
        [first, last, url],
    )


def frontier_msg_range(db: sqlite_utils.Database, url: str) -> tuple[int, int] | None:
    """The (first, last) msg id of a topic page fetched earlier in this walk, else None."""
    row = db.execute(
        "select first_msg_id, last_msg_id from frontier where url = ? and state = 'done'"
        " and first_msg_id is not null",
        [url],
    ).fetchone()
    return (row[0], row[1]) if row else None


def frontier_failed(db: sqlite_utils.Database, url: str, error: str) -> None:
    db.execute(
        "update frontier set state = 'failed', attempts = attempts + 1, last_error = ? where url = ?",
        [error, url],
    )


def frontier_page_failed(
    db: sqlite_utils.Database, url: str, error: str, *, limit: int, listing: str | None
) -> bool:
    """Count a failure to parse or save the page; quarantine it at `limit`. True when quarantined.

    `listing` is what the message index shows of the page's topic now: the
    quarantine lasts until it shows something else (see frontier_release).
    """
    db.execute(
        "update frontier set attempts = attempts + 1, failures = failures + 1, last_error = ?,"
        " state = case when failures + 1 >= ? then 'quarantined' else 'failed' end,"
        " quarantined_at = case when failures + 1 >= ? then ? end,"
        " quarantine_listing = case when failures + 1 >= ? then ? end"
        " where url = ?",
        [error, limit, limit, utc_now_iso(), limit, listing, url],
    )
    row = db.execute("select state from frontier where url = ?", [url]).fetchone()
    return row is not None and row[0] == "quarantined"


def listing_key(*counts: int | None) -> str:
    """A listing as one comparable string: a topic's (replies, last msg id) in a message
    index, a board's (posts, topics, last msg id) in the board index."""
    return "/".join("-" if n is None else str(n) for n in counts)


def topic_listing(db: sqlite_utils.Database, forum_id: int, topic_id: int) -> str | None:
    """The topic's listing as the message index last showed it (None: never listed)."""
    row = db.execute(
        "select replies, last_msg_id from topics where forum_id = ? and topic_id = ?", [forum_id, topic_id]
    ).fetchone()
    return listing_key(row[0], row[1]) if row else None


def board_listing(db: sqlite_utils.Database, forum_id: int, board_id: int) -> str | None:
    """The board's listing as the board index last showed it (None: never listed)."""
    row = db.execute(
        "select posts, topics, last_msg_id from boards where forum_id = ? and board_id = ?", [forum_id, board_id]
    ).fetchone()
    return listing_key(row[0], row[1], row[2]) if row else None


@dataclass(frozen=True, slots=True, kw_only=True)
class QuarantinedPage:
    url: str
    kind: str
    failures: int
    quarantined_at: str | None
    listing: str | None
    last_error: str | None


def frontier_quarantined(db: sqlite_utils.Database, forum_id: int | None = None) -> list[QuarantinedPage]:
    """Pages skipped after failing again and again, for one forum or (None) all."""
    sql = (
        "select url, kind, failures, quarantined_at, quarantine_listing, last_error from frontier"
        " where state = 'quarantined'"
    )
    params: list = []
    if forum_id is not None:
        sql += " and forum_id = ?"
        params.append(forum_id)
    return [
        QuarantinedPage(url=r[0], kind=r[1], failures=r[2], quarantined_at=r[3], listing=r[4], last_error=r[5])
        for r in db.execute(sql + " order by seq", params).fetchall()
    ]


def frontier_release(db: sqlite_utils.Database, url: str, *, run_id: int) -> None:
    """Give a quarantined page one more try in this walk (its failure count is kept)."""
    seq = db.execute("select coalesce(max(seq), 0) + 1 from frontier").fetchone()[0]
    db.execute(
        "update frontier set state = 'pending', seq = ?, run_id = ?, quarantined_at = null,"
        " quarantine_listing = null where url = ? and state = 'quarantined'",
        [seq, run_id, url],
    )


def frontier_pending_count(db: sqlite_utils.Database, forum_id: int | None = None) -> int:
    """Pages still to fetch, for one forum or (None) for the whole archive."""
    if forum_id is None:
        return int(db.execute("select count(*) from frontier where state = 'pending'").fetchone()[0])
    return int(
        db.execute("select count(*) from frontier where forum_id = ? and state = 'pending'", [forum_id]).fetchone()[0]
    )


def frontier_reset_failed(db: sqlite_utils.Database, forum_id: int) -> int:
    """Give pages that failed in an earlier run another chance."""
    return db.execute(
        "update frontier set state = 'pending' where forum_id = ? and state = 'failed'", [forum_id]
    ).rowcount


def frontier_clear_done(db: sqlite_utils.Database, forum_id: int) -> None:
    """Forget finished entries, so a new run walks the forum again."""
    db.execute("delete from frontier where forum_id = ? and state = 'done'", [forum_id])
