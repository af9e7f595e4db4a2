"""Link posts to cables: run the pure splitter over posts and save what it finds.

Order matters and cannot be chosen: a crawl meets a topic that quotes a
cable before the topic where the cable was pasted. So after relating some
posts, the posts that quote them (or hold hint-identified excerpts of the
same cables) are related again, and posts whose excerpts had no ID yet get
another chance at the end of each run. The result is the same as relating
every post in msg order, which is what `reparse` does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import sqlite_utils

from .archive import relations as store
from .relate import relate_post
from .smf.code_blocks import code_blocks_of

log = logging.getLogger(__name__)


def relate_posts(db: sqlite_utils.Database, forum_id: int, msg_ids: Iterable[int]) -> None:
    """Split each post into commentary and cables, save it, then refresh posts quoting it."""
    done: set[int] = set()
    batch = sorted(set(msg_ids))
    # Two rounds: the posts themselves, then the posts that quote them or hold
    # excerpts of the same cables identified only by a hint: the copies just
    # saved may identify them by their text, as a crawl in msg order would have.
    for _ in range(2):
        for msg_id in batch:
            relate_one(db, forum_id, msg_id)
        done.update(batch)
        followers = store.quoting_msg_ids(db, forum_id, batch) + store.hinted_copy_msg_ids(db, forum_id, batch)
        batch = sorted({m for m in followers if m not in done})
        if not batch:
            break


def relate_unresolved(db: sqlite_utils.Database, forum_id: int) -> None:
    """Try again for posts whose excerpts had no cable ID (a later paste may give it)."""
    for msg_id in store.unresolved_msg_ids(db, forum_id):
        relate_one(db, forum_id, msg_id)


def relate_all_posts(db: sqlite_utils.Database, forum_id: int) -> None:
    """Re-run the splitter over every post of a forum, oldest first."""
    msg_ids = [r[0] for r in db.execute("select msg_id from posts where forum_id = ? order by msg_id", [forum_id])]
    for msg_id in msg_ids:
        relate_one(db, forum_id, msg_id)
    relate_unresolved(db, forum_id)


def relate_one(db: sqlite_utils.Database, forum_id: int, msg_id: int) -> None:
    post = store.load_post_for_split(db, forum_id, msg_id)
    if post is None:
        return
    msg_copies = {
        quoted: store.load_msg_copies(db, forum_id, quoted) for quoted, _ in post.quotes if quoted is not None
    }

    code_blocks = code_blocks_of(post.body_html)  # a paste ends in the [code] block it was put in

    def known(cable_id: str) -> list[str]:
        return store.load_cable_copy_texts(db, cable_id)

    found = relate_post(
        post.text, links=post.links, quotes=post.quotes, subject=post.subject, known=known, msg_copies=msg_copies,
        code_blocks=code_blocks,
    )
    unresolved = [c for c in found.copies if c.cable_id is None and not c.quoted]
    if unresolved:
        # An excerpt with no ID and no single ID named in the post: look for the
        # cable among every copy in the archive that shares its rare words.
        candidates: dict[str, list[str]] = {}
        for copy in unresolved:
            for cable_id, texts in store.find_candidate_copies(db, copy.text).items():
                candidates.setdefault(cable_id, []).extend(texts)
        if candidates:
            found = relate_post(
                post.text, links=post.links, quotes=post.quotes, subject=post.subject,
                known=candidates, msg_copies=msg_copies, code_blocks=code_blocks,
            )
    store.save_post_cables(db, forum_id, msg_id, found)
