"""Save what a topic is besides its posts: its poll, and whether it only points elsewhere.

A "MOVED:" notice keeps its post (kind 'notice'); a 2.1 redirect topic, which
answers HTTP 301, has none (kind 'redirect'). Either way `topics.moved_to_topic_id`
names the real topic, and the discussion views leave the notice's posts out.
"""

from __future__ import annotations

import sqlite_utils

from ..models import TopicPage
from .shape import insert_rows, upsert_rows, utc_iso

TOPIC_KEY = ("forum_id", "topic_id")


def save_topic_extras(db: sqlite_utils.Database, forum_id: int, page: TopicPage, *, seen_at: str) -> None:
    """Record a topic page's notice target and poll (inside the page's transaction)."""
    topic_id = page.topic.topic_id
    if page.moved_to_topic_id is not None:
        row = {"forum_id": forum_id, "topic_id": topic_id, "moved_to_topic_id": page.moved_to_topic_id, "moved_kind": "notice"}
        upsert_rows(db, "topics", [row], TOPIC_KEY)
    if page.poll is not None:
        save_poll(db, forum_id, page, seen_at=seen_at)


def save_poll(db: sqlite_utils.Database, forum_id: int, page: TopicPage, *, seen_at: str) -> None:
    poll = page.poll
    assert poll is not None
    topic_id = page.topic.topic_id
    upsert_rows(db, "polls", [{
        "forum_id": forum_id,
        "topic_id": topic_id,
        "question": poll.question,
        "voters": poll.voters,
        "closed": int(poll.closed),
        "expires_at": utc_iso(poll.expires_at),
        "expires_at_raw": poll.expires_at_raw,
        "seen_at": seen_at,
    }], TOPIC_KEY)
    db.execute("delete from poll_options where forum_id = ? and topic_id = ?", [forum_id, topic_id])
    insert_rows(db, "poll_options", [
        {"forum_id": forum_id, "topic_id": topic_id, "seq": seq, "label": option.label, "votes": option.votes}
        for seq, option in enumerate(poll.options)
    ])


def save_topic_redirect(db: sqlite_utils.Database, forum_id: int, topic_id: int, to_topic_id: int, *, seen_at: str) -> None:
    """A topic that answered with a redirect to another topic (2.1's redirect topics)."""
    upsert_rows(db, "topics", [{
        "forum_id": forum_id,
        "topic_id": topic_id,
        "moved_to_topic_id": to_topic_id,
        "moved_kind": "redirect",
        "access": "public",
        "last_crawled_at": seen_at,
    }], TOPIC_KEY)


def is_unchanged_redirect(db: sqlite_utils.Database, forum_id: int, topic_id: int, *, replies: int | None, last_msg_id: int | None) -> bool:
    """Is this a redirect topic listed as it was when it was followed? Then it is not fetched again."""
    row = db.execute(
        "select moved_kind, replies, last_msg_id from topics where forum_id = ? and topic_id = ?", [forum_id, topic_id]
    ).fetchone()
    return bool(row) and row[0] == "redirect" and (row[1], row[2]) == (replies, last_msg_id)
