"""Nightly bookkeeping: boards as last listed, the refresh slice, a forum at a new address.

    load_board_holding   a board's counts as last listed, for the skip decision
    refresh_slice        the topic pages verified least recently (--refresh-days)
    find_same_forum      an archived forum that a page at another address matches
    move_forum           re-point an archived forum to a new address, keeping everything
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from ..errors import ArchiveError, UsageError
from ..models import BoardIndex, MessageIndex, ParsedPage, TopicPage

# Columns holding URLs of a forum's own pages, rewritten by move_forum (table, column).
# Post content (links.href, attachments.url, body_html) is kept as the forum served it.
URL_COLUMNS = (
    ("pages", "url"),
    ("pages", "final_url"),
    ("frontier", "url"),
    ("page_failures", "url"),
    ("boards", "url"),
    ("topics", "url"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BoardHolding:
    """A board as the archive last saw it listed (None: never listed with counts)."""

    posts: int | None
    topics: int | None
    last_msg_id: int | None
    read_whole: bool = False


def load_board_holding(db: sqlite_utils.Database, forum_id: int, board_id: int) -> BoardHolding | None:
    row = db.execute(
        "select posts, topics, last_msg_id, read_whole from boards where forum_id = ? and board_id = ?",
        [forum_id, board_id],
    ).fetchone()
    if row is None:
        return None
    return BoardHolding(posts=row[0], topics=row[1], last_msg_id=row[2], read_whole=bool(row[3]))


def save_board_read_whole(db: sqlite_utils.Database, forum_id: int, board_id: int, whole: bool) -> None:
    """Say how this walk reads the board's listing (the row exists: saved with the listing)."""
    db.execute(
        "insert into boards (forum_id, board_id, read_whole) values (?, ?, ?)"
        " on conflict (forum_id, board_id) do update set read_whole = excluded.read_whole",
        [forum_id, board_id, int(whole)],
    )


def listed_topics_between(
    db: sqlite_utils.Database, forum_id: int, board_id: int, low: int, high: int | None
) -> set[int]:
    """Non-sticky topics the archive last saw listed in the board with a last msg id in [low, high]."""
    sql = (
        "select topic_id from topics where forum_id = ? and board_id = ? and last_msg_id >= ?"
        " and coalesce(sticky, 0) = 0"
    )
    params: list = [forum_id, board_id, low]
    if high is not None:
        sql += " and last_msg_id <= ?"
        params.append(high)
    return {row[0] for row in db.execute(sql, params)}


# --- verification and the refresh slice -------------------------------------------


def mark_verified(db: sqlite_utils.Database, url: str, run_id: int) -> None:
    """A page read in this run counts as verified (call after saving it)."""
    db.execute("update pages set verified_run_id = ? where url = ?", [run_id, url])


def refresh_slice(db: sqlite_utils.Database, forum_id: int, *, days: int) -> list[str]:
    """The topic pages verified least recently, ceil(1/days) of the forum's topic pages.

    Run once a night, every stored topic page is re-read within `days` nights:
    a page fetched for any reason counts as verified (its verified_run_id is
    that run's), and pages already in this walk's frontier are left out.
    """
    if days <= 0:
        return []
    # Pages stored short of posts (pages.error) too: re-reading them is how they get whole.
    # Quarantined pages stay in the frontier, so they are left out below.
    where = "forum_id = ? and kind = 'topic'"
    total = db.execute(f"select count(*) from pages where {where}", [forum_id]).fetchone()[0]
    if not total:
        return []
    size = math.ceil(total / days)
    rows = db.execute(
        f"select url from pages where {where}"
        " and url not in (select url from frontier where forum_id = ?)"
        # NULLs first (pages stored before verification was kept); the index serves the order.
        " order by verified_run_id limit ?",
        [forum_id, forum_id, size],
    ).fetchall()
    return [row[0] for row in rows]


# --- a forum at a new address -----------------------------------------------------


def _same_text(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def find_same_forum(db: sqlite_utils.Database, page: ParsedPage, *, url: str) -> str | None:
    """The URL of an archived forum (at another address) that this page shows, else None.

    The evidence is the forum's own ids: on the board index the title and the
    boards (ids and names; with a single board, also a last post the archive
    holds); on a message index the board and its topics; on a topic page the
    topic and its posts.
    """
    for forum_id, forum_url, title in db.execute("select id, url, title from forums where url != ?", [url]).fetchall():
        if _matches(db, forum_id, title, page):
            return forum_url
    return None


def _matches(db: sqlite_utils.Database, forum_id: int, title: str | None, page: ParsedPage) -> bool:
    if isinstance(page, BoardIndex):
        if not page.boards or not title or not _same_text(title, page.forum_title):
            return False
        names = dict(db.execute("select board_id, name from boards where forum_id = ?", [forum_id]).fetchall())
        same = [b for b in page.boards if b.board_id in names and _same_text(names[b.board_id], b.name)]
        if len(same) < max(1, math.ceil(0.8 * len(page.boards))):
            return False
        if len(same) >= 2:
            return True
        last = [b.last_msg_id for b in page.boards if b.last_msg_id is not None]
        return bool(last) and _held(db, "posts", "msg_id", forum_id, last) > 0
    if isinstance(page, MessageIndex):
        known = db.execute(
            "select 1 from boards where forum_id = ? and board_id = ?", [forum_id, page.board.board_id]
        ).fetchone()
        ids = [t.topic_id for t in page.topics]
        return bool(known) and bool(ids) and 2 * _held(db, "topics", "topic_id", forum_id, ids) >= len(ids)
    if isinstance(page, TopicPage):
        ids = [p.msg_id for p in page.posts]
        held = db.execute(
            f"select count(*) from posts where forum_id = ? and topic_id = ? and msg_id in ({','.join('?' * len(ids))})",
            [forum_id, page.topic.topic_id, *ids],
        ).fetchone()[0] if ids else 0
        return 2 * held >= len(ids) > 0
    return False


def _held(db: sqlite_utils.Database, table: str, column: str, forum_id: int, ids: list[int]) -> int:
    marks = ",".join("?" * len(ids))
    return int(db.execute(
        f"select count(*) from {table} where forum_id = ? and {column} in ({marks})", [forum_id, *ids]
    ).fetchone()[0])


@dataclass(frozen=True, slots=True, kw_only=True)
class ForumMove:
    forum_id: int
    old_url: str
    new_url: str
    rewritten: dict[str, int]  # "table.column" -> rows re-pointed


def move_forum(db: sqlite_utils.Database, *, old_url: str, new_url: str) -> ForumMove:
    """Re-point the forum archived at `old_url` (a forum root) to `new_url`, in one transaction.

    forums.url and every stored URL of the forum's pages that starts with the
    old root (pages, frontier, boards, topics) move to the new root; nothing
    else changes, so the next crawl at the new address continues the archive.
    """
    if old_url == new_url:
        raise UsageError(f"OLD_URL and NEW_URL are the same forum: {old_url}")
    row = db.execute("select id from forums where url = ?", [old_url]).fetchone()
    if row is None:
        archived = ", ".join(r[0] for r in db.execute("select url from forums order by id")) or "none"
        raise UsageError(f"no forum is archived at {old_url} (archived: {archived})")
    if db.execute("select 1 from forums where url = ?", [new_url]).fetchone():
        raise UsageError(f"a forum is already archived at {new_url}: nothing moved")
    forum_id = int(row[0])
    rewritten: dict[str, int] = {}
    cut = len(old_url) + 1
    # The old root, then the end of the URL or a separator ("index.php5" is another script).
    starts = "(substr({c}, 1, ?) = ? and (length({c}) = ? or substr({c}, ?, 1) in ('?', '/', '#', ';', '&')))"
    try:
        with db.atomic():
            db.execute("update forums set url = ? where id = ?", [new_url, forum_id])
            for table, column in URL_COLUMNS:
                cursor = db.execute(
                    f"update {table} set {column} = ? || substr({column}, ?)"
                    f" where forum_id = ? and {starts.format(c=column)}",
                    [new_url, cut, forum_id, len(old_url), old_url, len(old_url), cut],
                )
                rewritten[f"{table}.{column}"] = cursor.rowcount
    except sqlite3.IntegrityError as exc:  # a page at the new address is already stored
        raise ArchiveError(f"cannot move {old_url} to {new_url}: {exc} (nothing moved)") from exc
    return ForumMove(forum_id=forum_id, old_url=old_url, new_url=new_url, rewritten=rewritten)
