"""The shape of a selector table: one instance per SMF version (see v20.py, v21.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    version: str
    # every page
    forum_title: str
    linktree_links: str
    # topic page (Display)
    post: str  # one post's wrapper
    post_author: str
    post_author_link: str
    post_info: str  # the <ul> under the poster's name
    post_subject: str
    post_time: str
    post_counter: str | None  # "#N" (2.1); 2.0 prints "Reply #N" in post_time
    post_modified: str
    post_body: str
    post_signature: str
    post_attachments: str
    topic_subject: str
    topic_views: str | None
    page_links: str
    # board index and child-board lists
    category: str
    board_row: str
    board_link: str
    board_description: str
    # message index
    topic_row: str  # the nodes a topic row can be (matched by nearest ancestor of its anchor: smf/rows.py)
    topic_link: str
    topic_starter: str
    topic_pages: str
    topic_stats: str
    topic_lastpost: str
    board_title: str | None
    # the icon legend under the topic list ("Locked Topic", "Sticky Topic"): never part of a row,
    # cut out before the rows are read so that a row left unclosed cannot take its icons
    topic_legend: str | None = None
    # a board row's "N Posts / N Topics" and "Last post" cells (None: not read, the board is always walked)
    board_stats: str | None = None
    board_lastpost: str | None = None
