"""The archive: the only package that knows column names (sqlite-utils).

    shape.py        open, schema + migrations, FTS, views, the writer lock
    forum.py        boards, topics, members, posts and post versions
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
    save_post,
    save_topic_access,
    save_topic_page,
    save_topic_posts_per_page,
    set_timezone,
)
from .shape import (
    SCHEMA_VERSION,
    ensure_shape,
    lock_archive,
    open_archive,
    open_memory,
    utc_iso,
    utc_now_iso,
)

__all__ = [
    "SCHEMA_VERSION",
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
    "open_memory",
    "record_error",
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
