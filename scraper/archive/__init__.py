"""The archive: the only package that knows column names (sqlite-utils).

    shape.py        open, schema + migrations, FTS, views
    access.py       the one-writer lock (on the file itself), read-only opening
    forum.py        boards, topics, members
    posts.py        posts, post versions, quotes, links, attachments
    polls.py        a topic's poll, redirect topics
    deletions.py    deletion marks from re-fetched topic pages
    nightly.py      board counts, the refresh slice, a forum at a new address
    relations.py    commentary, segments, cable copies, cables
    forum_clock.py  the forum's timezone and time_format as remembered
    bookkeeping.py  raw pages, runs, run errors, the crawl frontier
"""

from .bookkeeping import (
    FrontierEntry,
    StoredPage,
    finish_run,
    frontier_add,
    frontier_clear_done,
    frontier_done,
    frontier_failed,
    frontier_next,
    frontier_pending_count,
    frontier_requeue,
    frontier_reset_failed,
    load_pages,
    record_error,
    save_page,
    start_run,
)
from .forum import (
    TopicPageChanges,
    save_board_access,
    save_board_index,
    save_forum,
    save_message_index,
    save_topic_access,
    save_topic_page,
    save_topic_posts_per_page,
    set_timezone,
)
from .posts import save_post
from .access import archive_read_mode, lock_archive, open_archive_readonly, remove_archive_files
from .shape import (
    SCHEMA_VERSION,
    ensure_shape,
    open_archive,
    open_memory,
    utc_iso,
    utc_now_iso,
)

__all__ = [
    "SCHEMA_VERSION",
    "archive_read_mode",
    "FrontierEntry",
    "StoredPage",
    "TopicPageChanges",
    "ensure_shape",
    "finish_run",
    "frontier_add",
    "frontier_clear_done",
    "frontier_done",
    "frontier_failed",
    "frontier_next",
    "frontier_pending_count",
    "frontier_requeue",
    "frontier_reset_failed",
    "load_pages",
    "lock_archive",
    "open_archive",
    "open_archive_readonly",
    "open_memory",
    "record_error",
    "remove_archive_files",
    "save_board_access",
    "save_board_index",
    "save_forum",
    "save_message_index",
    "save_page",
    "save_post",
    "save_topic_access",
    "save_topic_page",
    "save_topic_posts_per_page",
    "set_timezone",
    "start_run",
    "utc_iso",
    "utc_now_iso",
]
