"""Deletion marks: which archived posts a re-fetched topic page says are gone.

A post is never deleted from the archive: it gets posts.deleted_seen_at.
Only a whole page may say a post is gone, and only for the msg ids it
covers (see PageBounds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlite_utils

from ..models import TopicPage

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class PageBounds:
    """How far past its own posts a whole topic page speaks for the topic.

    Posts are shown in msg id order, so a post the archive holds whose id
    lies between the first and last id on a page, and that the page no longer
    shows, was deleted. The same holds up to the last id of the previous page
    (`after`) and the first id of the next page (`before`) when those pages
    were fetched in the same walk, and past the last post on the topic's last
    page (`topic_end`).
    """

    after: int | None = None
    before: int | None = None
    topic_end: bool = False
    # False: the page failed the completeness checks (smf.topic_page_shortfall): it marks nothing.
    complete: bool = True


def mark_missing_posts(
    db: sqlite_utils.Database,
    forum_id: int,
    page: TopicPage,
    *,
    seen_at: str,
    bounds: PageBounds | None = None,
) -> tuple[int, ...]:
    """Mark posts that should be on this page but are not; return their msg ids.

    Only a whole page speaks: SMF numbers the posts of a page start, start+1,
    ... with no gap, and every page but the last holds posts-per-page of them.
    A page that breaks this (a block dropped by a proxy, a mangled page) marks
    nothing, whatever its ids say.
    """
    bounds = bounds or PageBounds()
    if not bounds.complete or not page.posts or not page_is_whole(page, topic_end=bounds.topic_end):
        return ()
    ids = [p.msg_id for p in page.posts]
    low = bounds.after if bounds.after is not None and bounds.after < min(ids) else min(ids)
    if bounds.topic_end:
        high = None
    elif bounds.before is not None and bounds.before > max(ids):
        high = bounds.before
    else:
        high = max(ids)
    sql = (
        "select msg_id from posts where forum_id = ? and topic_id = ? and msg_id > ?"
        " and deleted_seen_at is null"
    )
    params: list = [forum_id, page.topic.topic_id, low]
    if high is not None:
        sql += " and msg_id < ?"
        params.append(high)
    present = set(ids)
    gone = tuple(r[0] for r in db.execute(sql, params).fetchall() if r[0] not in present)
    for msg_id in gone:
        db["posts"].update((forum_id, msg_id), {"deleted_seen_at": seen_at})
    return gone


def page_is_whole(page: TopicPage, *, topic_end: bool) -> bool:
    """True when the page shows an unbroken run of positions, as SMF renders it."""
    positions = [p.position for p in page.posts]
    if positions != list(range(page.start, page.start + len(positions))):
        log.warning("%s: posts are not numbered %d.. without gaps; no deletion marks from it", page.url, page.start)
        return False
    starts = page.page_starts
    if not topic_end and len(starts) > 1 and len(positions) != starts[1] - starts[0]:
        log.warning("%s: fewer posts than a full page; no deletion marks from it", page.url)
        return False
    return True
