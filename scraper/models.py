"""Frozen dataclasses that flow one way: fetch -> parse -> split -> archive.

Every stage returns new objects and never changes its input. Ids are the
forum's own (`board_id`, `topic_id`, `msg_id`, `member_id`); datetimes are
aware and in UTC; collections are tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

frozen = dataclass(frozen=True, slots=True, kw_only=True)


# --- fetch ------------------------------------------------------------------


@frozen
class Page:
    """One HTTP response as fetched, before any parsing."""

    url: str  # canonical URL that was asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes  # raw bytes as served (kept in the archive)
    text: str  # decoded with the charset the server or the page declared
    encoding: str
    fetched_at: datetime
    server_date: datetime | None = None  # the server's Date header: its clock, for "Today at"


# --- parse: forum structure -----------------------------------------------


@frozen
class Board:
    board_id: int
    name: str
    parent_board_id: int | None = None
    category_id: int | None = None
    category: str | None = None
    description: str | None = None
    url: str | None = None
    # As the board index (or the parent board's child-board list) shows them; None if not shown.
    posts: int | None = None
    topics: int | None = None
    last_msg_id: int | None = None


@frozen
class Member:
    member_id: int
    name: str
    post_group: str | None = None
    post_count: int | None = None
    personal_text: str | None = None
    member_group: str | None = None  # an assigned group ("Global Moderator"), if shown


@frozen
class TopicSummary:
    """A topic as listed on a message-index page (what incremental runs compare)."""

    topic_id: int
    board_id: int
    subject: str
    url: str
    replies: int | None = None
    views: int | None = None
    starter_name: str | None = None
    starter_member_id: int | None = None
    last_msg_id: int | None = None
    last_post_at: datetime | None = None
    last_post_at_raw: str | None = None
    # Start offsets of every page of the topic the index links to ("Pages: 1 2 3").
    page_starts: tuple[int, ...] = ()
    sticky: bool = False
    locked: bool = False
    first_msg_id: int | None = None


@frozen
class Topic:
    topic_id: int
    board_id: int | None
    subject: str
    views: int | None = None
    replies: int | None = None


@frozen
class Link:
    href: str
    label: str


@frozen
class Quote:
    """A [quote] block inside a post, kept apart from the post's own text."""

    quoted_author: str | None
    quoted_msg_id: int | None  # from the quote header link (topic=N.msgM)
    quoted_topic_id: int | None
    quoted_at: datetime | None
    quoted_at_raw: str | None
    text: str
    html: str
    depth: int = 1  # 1 = quote in the post, 2 = quote inside that quote, ...
    links: tuple[Link, ...] = ()  # links in the quote's own text


@frozen
class Attachment:
    url: str
    name: str
    size_text: str | None = None


@frozen
class Post:
    msg_id: int
    topic_id: int
    position: int  # 0-based "Reply #N"
    subject: str
    author_name: str
    member_id: int | None  # None for a guest
    posted_at: datetime | None
    posted_at_raw: str
    edited_at: datetime | None = None
    edited_at_raw: str | None = None
    edited_by: str | None = None
    body_html: str = ""  # the post's inner HTML as served
    # The post's own text: entities decoded, <br> as newline, quotes removed.
    body_text: str = ""
    quotes: tuple[Quote, ...] = ()
    code_blocks: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    signature: str | None = None


@frozen
class PollOption:
    label: str
    votes: int | None = None  # None where the forum hides the results


@frozen
class Poll:
    """A topic's poll as the page shows it."""

    question: str
    options: tuple[PollOption, ...]
    voters: int | None = None  # "Total Members Voted: 5" / "Total Voters: 5"
    closed: bool = False  # "Voting closed" or a locked poll
    expires_at: datetime | None = None  # "Voting closes: <date>"
    expires_at_raw: str | None = None


@frozen
class BoardIndex:
    """The forum's front page: categories and boards."""

    url: str
    forum_title: str
    smf_version: str  # "2.0" or "2.1"
    boards: tuple[Board, ...]
    utc_offset: timedelta | None = None  # the zone the page was rendered in, if it says


@frozen
class MessageIndex:
    """One page of a board's topic list."""

    url: str
    smf_version: str
    board: Board
    start: int  # this page's offset
    child_boards: tuple[Board, ...]
    topics: tuple[TopicSummary, ...]
    page_starts: tuple[int, ...]  # offsets of every page of this board
    utc_offset: timedelta | None = None


@frozen
class TopicPage:
    """One page of a topic."""

    url: str
    smf_version: str
    topic: Topic
    start: int
    posts: tuple[Post, ...]
    members: tuple[Member, ...]
    page_starts: tuple[int, ...]  # offsets of every page of this topic
    board_name: str | None = None
    utc_offset: timedelta | None = None
    poll: Poll | None = None
    # A "MOVED:" (or merged) notice left behind: the topic its first post points to.
    moved_to_topic_id: int | None = None


ParsedPage = BoardIndex | MessageIndex | TopicPage


# --- crawl ----------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class RunStats:
    """Counters for one run (mutable: the crawl adds to it as it goes)."""

    pages_fetched: int = 0
    requests: int = 0
    new_posts: int = 0
    edited_posts: int = 0
    deleted_posts: int = 0
    new_topics: int = 0
    errors: int = 0
    forum_errors: int = 0
    error_messages: list[str] = field(default_factory=list)
