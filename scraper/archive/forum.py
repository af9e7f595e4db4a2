"""Save parsed forum pages: boards, topics and members (their posts: ``posts.py``).

Upserts are keyed on the forum's own ids, so saving the same page twice
changes nothing. A post is never overwritten without a trace: a changed text,
subject or "Last Edit" adds a row to post_versions, and a post gone from a
re-fetched page is marked with deleted_seen_at, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from ..models import Board, BoardIndex, MessageIndex, TopicPage, TopicSummary
from .deletions import PageBounds, mark_missing_posts
from .polls import save_topic_extras
from .posts import save_posts
from .shape import upsert_rows, utc_iso

BOARD_KEY = ("forum_id", "board_id")
TOPIC_KEY = ("forum_id", "topic_id")



@dataclass(frozen=True, slots=True, kw_only=True)
class TopicHolding:
    """What the archive holds of a topic, for the incremental decision."""

    posts: int  # posts not marked deleted
    last_msg_id: int | None
    posts_per_page: int | None
    listed_replies: int | None  # as the message index last showed it
    listed_last_msg_id: int | None = None  # as the message index last showed it


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicPageChanges:
    """What saving one topic page changed, for the run summary."""

    new_msg_ids: tuple[int, ...] = ()
    edited_msg_ids: tuple[int, ...] = ()
    deleted_msg_ids: tuple[int, ...] = ()
    repaired_msg_ids: tuple[int, ...] = ()  # stored with a wrong charset, now read right: not edits

    @property
    def changed_msg_ids(self) -> tuple[int, ...]:
        return self.new_msg_ids + self.edited_msg_ids + self.repaired_msg_ids


def save_forum(
    db: sqlite_utils.Database,
    *,
    url: str,
    title: str | None = None,
    smf_version: str | None = None,
    timezone: str | None = None,
    crawled_at: str | None = None,
) -> int:
    """Insert or update the forum row and return its id."""
    row = db.execute("select id, first_crawled_at from forums where url = ?", [url]).fetchone()
    values = {"url": url}
    for key, value in (("title", title), ("smf_version", smf_version), ("timezone", timezone)):
        if value is not None:
            values[key] = value
    if crawled_at:
        values["last_crawled_at"] = crawled_at
    if row is None:
        values["first_crawled_at"] = crawled_at
        return int(db["forums"].insert(values).last_pk)
    db["forums"].update(row[0], values)
    return int(row[0])


def set_timezone(db: sqlite_utils.Database, timezone: str) -> None:
    """Set the timezone of every forum in the archive (before a reparse)."""
    with db.atomic():
        db.execute("update forums set timezone = ?", [timezone])


def known(row: dict) -> dict:
    """The row without its unknown values.

    Pages know different parts of a board or topic (a child-board link, a
    listing, the topic page itself): an upsert never overwrites a known value
    with an unknown one.
    """
    return {k: v for k, v in row.items() if v is not None}


def board_row(forum_id: int, board: Board) -> dict:
    row = {
        "forum_id": forum_id,
        "board_id": board.board_id,
        "name": board.name,
        "parent_board_id": board.parent_board_id,
        "category_id": board.category_id,
        "category": board.category,
        "description": board.description,
        "url": board.url,
        "posts": board.posts,
        "topics": board.topics,
        "last_msg_id": board.last_msg_id,
    }
    return known(row)


def save_board_index(db: sqlite_utils.Database, forum_id: int, index: BoardIndex) -> None:
    for board in index.boards:
        save_board_index_entry(db, forum_id, board)


def save_board_access(db: sqlite_utils.Database, forum_id: int, board_id: int, access: str) -> None:
    upsert_rows(db, "boards", [{"forum_id": forum_id, "board_id": board_id, "access": access}], BOARD_KEY)


def topic_summary_row(forum_id: int, topic: TopicSummary) -> dict:
    row = {
        "forum_id": forum_id,
        "topic_id": topic.topic_id,
        "board_id": topic.board_id,
        "subject": topic.subject,
        "views": topic.views,
        "replies": topic.replies,
        "starter_name": topic.starter_name,
        "starter_member_id": topic.starter_member_id,
        "last_msg_id": topic.last_msg_id,
        "last_post_at": utc_iso(topic.last_post_at),
        "url": topic.url,
        "sticky": int(topic.sticky),
    }
    return known(row)


def save_message_index(db: sqlite_utils.Database, forum_id: int, index: MessageIndex) -> None:
    save_board_index_entry(db, forum_id, index.board)
    for child in index.child_boards:
        save_board_index_entry(db, forum_id, child)
    for topic in index.topics:
        upsert_rows(db, "topics", [topic_summary_row(forum_id, topic)], TOPIC_KEY)


def save_board_index_entry(db: sqlite_utils.Database, forum_id: int, board: Board) -> None:
    upsert_rows(db, "boards", [board_row(forum_id, board)], BOARD_KEY)


def save_topic_access(db: sqlite_utils.Database, forum_id: int, topic_id: int, access: str) -> None:
    upsert_rows(db, "topics", [{"forum_id": forum_id, "topic_id": topic_id, "access": access}], TOPIC_KEY)


def save_topic_page(
    db: sqlite_utils.Database,
    forum_id: int,
    page: TopicPage,
    *,
    seen_at: str,
    reparse: bool = False,
    bounds: PageBounds | None = None,
) -> TopicPageChanges:
    """Save one topic page (call inside the page's transaction).

    With `reparse`, the page is an old one parsed again: posts are rewritten
    in place (a parser fix is not an edit) and nothing is marked deleted.
    `bounds` widens deletion marks past the page's own posts (see PageBounds).
    """
    topic = page.topic
    topic_row = {
        "forum_id": forum_id,
        "topic_id": topic.topic_id,
        "board_id": topic.board_id,
        "subject": topic.subject,
        "views": topic.views,
        "replies": topic.replies,
        "access": "public",
        "last_crawled_at": seen_at,
    }
    exists = db.execute(
        "select views from topics where forum_id = ? and topic_id = ?", [forum_id, topic.topic_id]
    ).fetchone()
    if not exists:
        topic_row["first_seen_at"] = seen_at
    elif exists[0] is not None:
        # The message index's count is the one to keep: a topic page counts our own visit.
        topic_row.pop("views")
    upsert_rows(db, "topics", [known(topic_row)], TOPIC_KEY)
    if topic.board_id is not None:
        # A crawl started at a topic URL may not have seen the board yet.
        board = {"forum_id": forum_id, "board_id": topic.board_id, "name": page.board_name}
        upsert_rows(db, "boards", [known(board)], BOARD_KEY)
    # known(): a page whose poster column came out mangled (no group, count or text) never
    # blanks what an earlier page said of the member.
    upsert_rows(
        db,
        "members",
        [
            known({
                "forum_id": forum_id,
                "member_id": member.member_id,
                "name": member.name,
                "post_group": member.post_group,
                "post_count": member.post_count,
                "personal_text": member.personal_text,
            })
            for member in page.members
        ],
        ("forum_id", "member_id"),
    )
    save_topic_extras(db, forum_id, page, seen_at=seen_at)
    repaired: list[int] = []
    new, edited = save_posts(db, forum_id, page.posts, seen_at=seen_at, reparse=reparse, repaired=repaired)
    deleted = () if reparse else mark_missing_posts(db, forum_id, page, seen_at=seen_at, bounds=bounds)
    return TopicPageChanges(
        new_msg_ids=tuple(new), edited_msg_ids=tuple(edited), deleted_msg_ids=deleted,
        repaired_msg_ids=tuple(repaired),
    )


def load_topic_holding(db: sqlite_utils.Database, forum_id: int, topic_id: int) -> TopicHolding:
    """Count what the archive holds of a topic (posts not marked deleted)."""
    held, last_msg_id = db.execute(
        "select count(*), max(msg_id) from posts where forum_id = ? and topic_id = ? and deleted_seen_at is null",
        [forum_id, topic_id],
    ).fetchone()
    row = db.execute(
        "select posts_per_page, replies, last_msg_id from topics where forum_id = ? and topic_id = ?",
        [forum_id, topic_id],
    ).fetchone()
    return TopicHolding(
        posts=int(held or 0),
        last_msg_id=last_msg_id,
        posts_per_page=row[0] if row else None,
        listed_replies=row[1] if row else None,
        listed_last_msg_id=row[2] if row else None,
    )


def save_topic_posts_per_page(db: sqlite_utils.Database, forum_id: int, topic_id: int, per_page: int) -> None:
    """Remember the forum's posts-per-page setting as this topic shows it."""
    if per_page > 0:
        db["topics"].update((forum_id, topic_id), {"posts_per_page": per_page})
