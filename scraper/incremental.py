"""Incremental decisions: which topic pages a nightly run fetches, and what a page may mark deleted.

Pure functions over what the message index lists and what the archive holds
(`archive.forum.TopicHolding`); the crawl reads one and applies the other.

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
from .models import TopicPage, TopicSummary


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
