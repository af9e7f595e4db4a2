"""Save parsed forum pages: boards, topics, members, posts and their versions.

Upserts are keyed on the forum's own ids, so saving the same page twice
changes nothing. A post is never overwritten without a trace: a changed text,
subject or "Last Edit" adds a row to post_versions, and a post gone from a
re-fetched page is marked with deleted_seen_at, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from ..charset import repair_mojibake, same_but_for_charset
from ..models import Board, BoardIndex, MessageIndex, Post, TopicPage, TopicSummary
from .deletions import PageBounds, mark_missing_posts
from .polls import save_topic_extras
from ..urls import strip_session
from .shape import insert_rows, upsert_rows, utc_iso

BOARD_KEY = ("forum_id", "board_id")
TOPIC_KEY = ("forum_id", "topic_id")
POST_KEY = ("forum_id", "msg_id")



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
    upsert_rows(
        db,
        "members",
        [
            {
                "forum_id": forum_id,
                "member_id": member.member_id,
                "name": member.name,
                "post_group": member.post_group,
                "post_count": member.post_count,
                "personal_text": member.personal_text,
            }
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


def post_row(forum_id: int, post: Post) -> dict:
    return {
        "forum_id": forum_id,
        "msg_id": post.msg_id,
        "topic_id": post.topic_id,
        "position": post.position,
        "subject": post.subject,
        "member_id": post.member_id,
        "author_name": post.author_name,
        "posted_at": utc_iso(post.posted_at),
        "posted_at_raw": post.posted_at_raw,
        "edited_at": utc_iso(post.edited_at),
        "edited_at_raw": post.edited_at_raw,
        "edited_by": post.edited_by,
        "body_html": post.body_html,
        "body_text": post.body_text,
        "signature": post.signature,
    }


def save_post(db: sqlite_utils.Database, forum_id: int, post: Post, *, seen_at: str) -> str:
    """Upsert one post; return "new", "edited" or "unchanged"."""
    new, edited = save_posts(db, forum_id, (post,), seen_at=seen_at)
    return "new" if new else "edited" if edited else "unchanged"


def save_posts(
    db: sqlite_utils.Database,
    forum_id: int,
    posts: tuple[Post, ...],
    *,
    seen_at: str,
    reparse: bool = False,
    repaired: list[int] | None = None,
) -> tuple[list[int], list[int]]:
    """Upsert a page's posts in a few batched statements; return (new, edited) msg ids.

    A post whose text, subject or "Last Edit" changed is an edit: the new
    version is added to post_versions (the first version was added when the
    post was first seen). With `reparse`, posts are rewritten in place. A post
    stored garbled by a wrong charset and now read right is rewritten in place
    too, its versions repaired; its msg id is added to `repaired`.
    """
    if not posts:
        return [], []
    ids = [p.msg_id for p in posts]
    marks = ",".join("?" * len(ids))
    old = {
        row[0]: row[1:]
        for row in db.execute(
            f"select msg_id, body_text, subject, edited_at, deleted_seen_at, body_html, posted_at from posts"
            f" where forum_id = ? and msg_id in ({marks})",
            [forum_id, *ids],
        )
    }
    new: list[int] = []
    edited: list[int] = []
    garbled_rows: list[tuple[int, str, dict]] = []  # (msg id, garbled text, row) read right at last
    full_rows: list[dict] = []  # new, edited, repaired or re-parsed: every column
    moved_rows: list[dict] = []  # unchanged: only what moves without an edit
    for post in posts:
        row = post_row(forum_id, post)
        before = old.get(post.msg_id)
        if before is not None:
            _keep_known_times(row, posted_at=before[5], edited_at=before[2])
        if before is not None and before[3] is not None:
            row["deleted_seen_at"] = None  # it is back
        if before is None:
            new.append(post.msg_id)
            row["first_seen_at"] = seen_at
            row.setdefault("deleted_seen_at", None)
            full_rows.append(row)
        elif reparse:
            row.setdefault("deleted_seen_at", before[3])
            full_rows.append(row)
        elif tuple(before[:3]) != (row["body_text"], row["subject"], row["edited_at"]):
            row.setdefault("deleted_seen_at", before[3])
            full_rows.append(row)
            if _garbled_before(before, row):
                garbled_rows.append((post.msg_id, before[0], row))  # stored with a wrong charset: not an edit
            else:
                edited.append(post.msg_id)
        elif before[4] != row["body_html"] and same_but_for_charset(before[4], row["body_html"]):
            # Only a quote or the HTML was stored garbled by a wrong charset: repair in place.
            row.setdefault("deleted_seen_at", before[3])
            full_rows.append(row)
            garbled_rows.append((post.msg_id, before[0], row))
        else:
            # Same content: keep the stored HTML (links may carry session ids).
            moved = {k: row[k] for k in _MOVING_COLUMNS}
            moved["deleted_seen_at"] = row.get("deleted_seen_at", before[3])
            moved_rows.append(moved)
    upsert_rows(db, "posts", full_rows + moved_rows, POST_KEY)
    versioned = [r for r in full_rows if r["msg_id"] in set(new) | set(edited)]
    latest = _latest_version_times(db, forum_id, [r["msg_id"] for r in versioned])
    insert_rows(
        db,
        "post_versions",
        [
            {
                "forum_id": forum_id,
                "msg_id": r["msg_id"],
                "seen_at": _after(seen_at, latest.get(r["msg_id"])),
                "edited_at": r["edited_at"],
                "edited_by": r["edited_by"],
                "subject": r["subject"],
                "body_html": r["body_html"],
                "body_text": r["body_text"],
            }
            for r in versioned
        ],
    )
    for msg_id, garbled, row in garbled_rows:
        if repaired is not None:
            repaired.append(msg_id)
        _repair_cables_of(db, forum_id, msg_id)
        # Its versions were stored garbled too: repair them in place, as the post.
        db.execute(
            "update post_versions set body_text = ?, body_html = ?, subject = ?"
            " where forum_id = ? and msg_id = ? and body_text = ?",
            [row["body_text"], row["body_html"], row["subject"], forum_id, msg_id, garbled],
        )
    rewritten = {r["msg_id"] for r in full_rows}
    save_post_parts(db, forum_id, tuple(p for p in posts if p.msg_id in rewritten))
    return new, edited


def _repair_cables_of(db: sqlite_utils.Database, forum_id: int, msg_id: int) -> None:
    """The cables a garbled post gave their best copy: repair them, and let the post refill them.

    Every field of such a cable was parsed from the garbled text (the copy may even have been
    cut short there), so its completeness is cleared: relating the repaired post then fills
    the whole row again from its copy. Cables whose best copy came from another post keep it.
    """
    rows = db.execute(
        "select cables.id, cables.text, cables.subject from cables"
        " join cable_copies on cable_copies.cable_id = cables.id"
        " where cable_copies.forum_id = ? and cable_copies.msg_id = ?"
        # A copy as complete as the cable's best may be that best copy; a lesser one is not.
        " and cable_copies.completeness is cables.completeness",
        [forum_id, msg_id],
    ).fetchall()
    for cable_id, text, subject in rows:
        fixed = (repair_mojibake(text) if text else text, repair_mojibake(subject) if subject else subject)
        db.execute("update cables set text = ?, subject = ?, completeness = null where id = ?", [*fixed, cable_id])


def _garbled_before(before: tuple, row: dict) -> bool:
    """Was the stored post this one read with a wrong charset (UTF-8 as windows-1252)?"""
    return (
        before[2] == row["edited_at"]
        and (before[0], before[1]) != (row["body_text"], row["subject"])
        and same_but_for_charset(before[0], row["body_text"])
        and same_but_for_charset(before[1], row["subject"])
    )


def _keep_known_times(row: dict, *, posted_at: str | None, edited_at: str | None) -> None:
    """A time printed but no longer read (a changed or mangled format) keeps the stored value."""
    if row["posted_at"] is None and posted_at is not None:
        row["posted_at"] = posted_at
    if row["edited_at"] is None and row["edited_at_raw"] is not None and edited_at is not None:
        row["edited_at"] = edited_at


def _latest_version_times(db: sqlite_utils.Database, forum_id: int, msg_ids: list[int]) -> dict[int, str]:
    if not msg_ids:
        return {}
    marks = ",".join("?" * len(msg_ids))
    return dict(db.execute(
        f"select msg_id, max(seen_at) from post_versions where forum_id = ? and msg_id in ({marks}) group by msg_id",
        [forum_id, *msg_ids],
    ).fetchall())


def _after(seen_at: str, latest: str | None) -> str:
    """seen_at, or one second past the newest version when an edit lands within its second.

    seen_at is part of the key: two versions in one second must never overwrite each other.
    """
    if latest is None or seen_at > latest:
        return seen_at
    later = datetime.strptime(latest, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) + timedelta(seconds=1)
    return utc_iso(later) or seen_at


# Columns that change without an edit: a deletion above shifts positions.
_MOVING_COLUMNS = ("forum_id", "msg_id", "topic_id", "position", "member_id", "author_name", "signature")


def save_post_parts(db: sqlite_utils.Database, forum_id: int, posts: tuple[Post, ...]) -> None:
    """Replace these posts' quotes, links and attachments with the ones parsed now."""
    if not posts:
        return
    ids = [p.msg_id for p in posts]
    marks = ",".join("?" * len(ids))
    for table in ("quotes", "links", "attachments"):
        db.execute(f"delete from {table} where forum_id = ? and msg_id in ({marks})", [forum_id, *ids])
    insert_rows(db, "quotes", [
        {
            "forum_id": forum_id,
            "msg_id": post.msg_id,
            "seq": seq,
            "quoted_msg_id": q.quoted_msg_id,
            "quoted_topic_id": q.quoted_topic_id,
            "quoted_author": q.quoted_author,
            "quoted_at": utc_iso(q.quoted_at),
            "quoted_at_raw": q.quoted_at_raw,
            "depth": q.depth,
            "text": q.text,
        }
        for post in posts
        for seq, q in enumerate(post.quotes)
    ])
    insert_rows(db, "links", [
        {"forum_id": forum_id, "msg_id": post.msg_id, "seq": seq, "href": strip_session(link.href), "label": link.label}
        for post in posts
        for seq, link in enumerate(post.links)
    ])
    insert_rows(db, "attachments", [
        {"forum_id": forum_id, "msg_id": post.msg_id, "seq": seq, "url": a.url, "name": a.name, "size_text": a.size_text}
        for post in posts
        for seq, a in enumerate(post.attachments)
    ])


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
