"""Incremental decisions: which boards, listing pages and topic pages a nightly run fetches.

Pure functions over what the forum lists and what the archive holds
(`archive.forum.TopicHolding`, `archive.nightly.BoardHolding`); the crawl
reads one and applies the other.

Boards. The board index shows each board's post and topic counts and last
post. A board whose three are unchanged costs no request (`plan_board` gives
None). A changed board is read from its first message-index page down to the
first page with no changed topic, or that ends with an unchanged one
(`listing_continues`; sticky topics are pinned on top of page 1, out of
last-post order, so they do not count), and
whole when its counts went down (a deletion or a move somewhere in it) or a
topic the archive saw listed in a page's range of last posts is gone from it
(`vanished_from`). Child boards listed on a board's page are planned the same
way: a parent's counts on the board index include its children's.

A topic is unchanged when the index lists as many posts as the archive holds
(not counting posts marked deleted) and the same last message. Otherwise:

- posts were only added (more listed, a newer last message): start at the
  page holding the last archived post; its pagination leads to the new pages;
- anything else (fewer listed, same count but another last message, more
  listed but the same last message): a deletion somewhere, so the whole topic.

A guess that turns out short is corrected when the topic's last page is
saved: if the archive then holds fewer or more posts than the index lists,
the topic's other pages are queued too (`needs_whole_topic`).
"""

from __future__ import annotations

from .archive.deletions import PageBounds
from .archive.forum import TopicHolding
from .archive.nightly import BoardHolding
from .models import Board, MessageIndex, TopicPage, TopicSummary

CHANGED, WHOLE = "changed", "whole"


def plan_board(listed: Board, held: BoardHolding | None, *, full: bool) -> str | None:
    """How to read a board's listing this walk: None (unchanged), CHANGED or WHOLE."""
    if full or held is None or None in (held.posts, held.topics):
        return WHOLE  # forced, a new board, or never listed with counts
    if listed.posts is None or listed.topics is None:
        return WHOLE  # the page does not show the counts: nothing to go on
    if listed.posts < held.posts or listed.topics < held.topics:
        return WHOLE
    same_last = listed.last_msg_id is None or listed.last_msg_id == held.last_msg_id
    if (listed.posts, listed.topics) == (held.posts, held.topics) and same_last:
        return None
    return CHANGED


def listing_continues(page: MessageIndex, changed_topic_ids: set[int]) -> bool:
    """After a listing page read from the top: can the next page hold changed topics?

    Topics are listed by last post, newest first, after the sticky ones: a
    topic with new posts moves to the top, so below an unchanged topic every
    topic is older and unchanged too. The walk stops after the first page
    that ends with an unchanged topic (which is also the first page with no
    changed topic, one page earlier when the changes end inside a page).
    """
    ordered = [t for t in page.topics if not t.sticky]
    if not ordered:
        return any(t.sticky for t in page.topics)  # a page of sticky topics only: look further
    return ordered[-1].topic_id in changed_topic_ids


def listed_range(page: MessageIndex) -> tuple[int, int | None] | None:
    """The range of last msg ids this listing page covers: (low, high); high None on the first page."""
    last = [t.last_msg_id for t in page.topics if not t.sticky and t.last_msg_id is not None]
    if not last:
        return None
    return min(last), (None if page.start == 0 else max(last))


def vanished_from(page: MessageIndex, listed_before: set[int]) -> set[int]:
    """Topics last seen listed in this page's range that the page no longer lists."""
    return listed_before - {t.topic_id for t in page.topics}


def first_page_to_fetch(summary: TopicSummary, held: TopicHolding, *, full: bool) -> int | None:
    """The first page offset that can hold posts the archive lacks, or None (unchanged)."""
    if full or not held.posts:
        return 0  # forced, new, or never fetched: the whole topic
    listed = summary.replies + 1 if summary.replies is not None else None
    last = summary.last_msg_id
    same_last = last is None or last == held.last_msg_id
    if listed == held.posts and same_last:
        return None
    if listed is None and same_last:
        return None  # the index does not say: nothing to go on until --full
    appended = (listed is None or listed > held.posts) and last is not None and last > (held.last_msg_id or 0)
    if not appended or not held.posts_per_page:
        return 0
    # The page holding the last archived post is the first that can hold new ones.
    per_page = held.posts_per_page
    return ((held.posts - 1) // per_page) * per_page


def neighbour_starts(page: TopicPage) -> tuple[int | None, int | None]:
    """The offsets of the pages before and after this one (None at either end)."""
    before = max((s for s in page.page_starts if s < page.start), default=None)
    after = min((s for s in page.page_starts if s > page.start), default=None)
    return before, after


def page_bounds(
    page: TopicPage,
    *,
    previous: tuple[int, int] | None,
    following: tuple[int, int] | None,
    listed_replies: int | None,
) -> PageBounds:
    """How far past its own posts a page may mark missing posts deleted.

    `previous` and `following` are the (first, last) msg ids of the
    neighbouring pages if they were fetched in this walk. The last page speaks
    for everything after its last post only if its last post is where the
    message index says the topic ends (or the index was never read).
    """
    _, after = neighbour_starts(page)
    last_position = page.posts[-1].position if page.posts else None
    topic_end = after is None and (listed_replies is None or last_position == listed_replies)
    return PageBounds(
        after=previous[1] if previous else None,
        before=following[0] if following else None,
        topic_end=topic_end,
    )


def needs_whole_topic(page: TopicPage, held: TopicHolding) -> bool:
    """After saving a topic's last page: does the archive still disagree with the index?"""
    _, after = neighbour_starts(page)
    if after is not None or held.listed_replies is None:
        return False
    return held.posts != held.listed_replies + 1


def topic_up_to_date(held: TopicHolding) -> bool:
    """Does the archive hold the topic as the message index last listed it (so later pages are unchanged)?"""
    if held.listed_replies is None or held.listed_last_msg_id is None:
        return False
    return held.posts == held.listed_replies + 1 and held.last_msg_id == held.listed_last_msg_id
