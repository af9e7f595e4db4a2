"""Link posts to cables: run the splitter over changed posts and save what it finds."""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils


def relate_posts(db: sqlite_utils.Database, forum_id: int, msg_ids: Iterable[int]) -> None:
    """Split each post into commentary and cables and save its cable relations."""
    # Filled in when the splitter lands (issue 3).
    return None


def relate_all_posts(db: sqlite_utils.Database, forum_id: int) -> None:
    """Re-run the splitter over every post of a forum, oldest first."""
    msg_ids = [row[0] for row in db.execute("select msg_id from posts where forum_id = ? order by msg_id", [forum_id])]
    relate_posts(db, forum_id, msg_ids)
