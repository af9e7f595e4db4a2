"""Save a topic page's posts: new ones, edits kept as versions, and their quotes, links, attachments.

A post is never overwritten without a trace: a changed text, subject or "Last Edit" adds a
row to post_versions (a re-read that differs only by a wrong charset repairs the row
instead), and a reparse rewrites rows in place (a parser fix is not an edit).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

from ..charset import repair_mojibake, same_but_for_charset
from ..models import Post
from ..urls import strip_session
from .shape import insert_rows, upsert_rows, utc_iso

POST_KEY = ("forum_id", "msg_id")


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
