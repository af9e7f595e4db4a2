"""Decide which pages an incremental run queues, from what the archive already holds.

A board listing is read when the board's counts or last post changed, from its
first page down to the first page with no changed topic; a topic is fetched
from the first page that can hold new posts; once the walk's changes are done,
the topic pages verified least recently are queued again (the refresh slice).
A quarantined page is tried again when the listing of its topic or board
changed. The decisions themselves are pure, in `incremental.py`; this module
reads the archive and fills the frontier.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import sqlite_utils

from . import archive
from .archive import bookkeeping, forum, nightly, polls
from .incremental import (
    WHOLE,
    first_page_to_fetch,
    listed_range,
    listing_continues,
    plan_board,
    vanished_from,
)
from .models import Board, MessageIndex
from .urls import SmfUrl, build_url, parse_smf_url

log = logging.getLogger(__name__)


class CrawlPlanner:
    """Queue the listing and topic pages of one run over one forum."""

    def __init__(self, db: sqlite_utils.Database, *, root: str, forum_id: int, run_id: int, full: bool) -> None:
        self.db = db
        self.root = root
        self.forum_id = forum_id
        self.run_id = run_id
        self.full = full  # --full: every board and topic page, whatever the archive holds

    def enqueue(self, target: SmfUrl) -> None:
        """Queue a page unless it is queued or was fetched in this walk."""
        url = build_url(self.root, target)
        archive.frontier_add(self.db, url=url, forum_id=self.forum_id, kind=target.kind, run_id=self.run_id)

    def plan_topics(self, index: MessageIndex) -> set[int]:
        """Queue the topics of a message-index page that are new or changed; return their ids.

        Compared with what the archive holds (not with the last listing), so a
        run killed between the listing and the topic still fetches it later.
        """
        quarantined = self._quarantined("topic")
        changed = set()
        for summary in index.topics:
            self._release_changed(quarantined, summary.topic_id, bookkeeping.listing_key(summary.replies, summary.last_msg_id))
            if not self.full and polls.is_unchanged_redirect(
                self.db, self.forum_id, summary.topic_id, replies=summary.replies, last_msg_id=summary.last_msg_id
            ):
                continue  # a redirect topic listed as when it was followed: nothing new behind it
            held = forum.load_topic_holding(self.db, self.forum_id, summary.topic_id)
            start = first_page_to_fetch(summary, held, full=self.full)
            if start is not None:
                changed.add(summary.topic_id)
                # Not again if fetched in this walk (a topic listed twice, a mix-up of pages).
                self.enqueue(SmfUrl("topic", summary.topic_id, start))
        return changed

    def plan_boards(self, boards: Iterable[Board]) -> None:
        """Queue the listing of every board whose counts or last post changed (before saving them).

        A child board the board index lists without counts is planned from its
        parent's page, which shows them (a parent's counts include its children's).
        """
        quarantined = self._quarantined("message_index")
        for board in boards:
            self._release_changed(
                quarantined, board.board_id, bookkeeping.listing_key(board.posts, board.topics, board.last_msg_id)
            )
            held = nightly.load_board_holding(self.db, self.forum_id, board.board_id)
            if board.posts is None and board.parent_board_id is not None and held and held.posts is not None:
                continue
            plan = plan_board(board, held, full=self.full)
            if plan is None:
                continue
            nightly.save_board_read_whole(self.db, self.forum_id, board.board_id, plan == WHOLE)
            self.enqueue(SmfUrl("message_index", board.board_id, 0))

    def plan_listing(self, index: MessageIndex, changed: set[int]) -> None:
        """Queue the board's next listing pages: all of them, the next one, or none."""
        board_id = index.board.board_id
        held = nightly.load_board_holding(self.db, self.forum_id, board_id)
        whole = self.full or held is None or held.read_whole or held.posts is None
        span = listed_range(index)
        if not whole and span is not None:
            before = nightly.listed_topics_between(self.db, self.forum_id, board_id, *span)
            gone = vanished_from(index, before)
            if gone:
                log.info("board %s: topics %s are no longer listed; reading the whole board", board_id, sorted(gone))
                nightly.save_board_read_whole(self.db, self.forum_id, board_id, True)
                whole = True
        if whole:
            for start in index.page_starts:
                self.enqueue(SmfUrl("message_index", board_id, start))
        elif listing_continues(index, changed):
            following = [start for start in index.page_starts if start > index.start]
            if following:
                self.enqueue(SmfUrl("message_index", board_id, min(following)))

    def queue_refresh_slice(self, *, days: int) -> bool:
        """Queue the topic pages verified least recently, about 1/`days` of them; True if any."""
        urls = nightly.refresh_slice(self.db, self.forum_id, days=days)
        with self.db.atomic():
            for url in urls:
                archive.frontier_add(self.db, url=url, forum_id=self.forum_id, kind="topic", run_id=self.run_id)
        if urls:
            log.info("refresh: re-reading %d topic pages verified least recently", len(urls))
        return bool(urls)

    def _quarantined(self, kind: str) -> dict[int, list[tuple[str, str | None]]]:
        """Quarantined pages of a kind by topic or board id: [(url, the listing when quarantined)]."""
        out: dict[int, list[tuple[str, str | None]]] = {}
        for held in bookkeeping.frontier_quarantined(self.db, self.forum_id):
            target = parse_smf_url(held.url, root=self.root)
            if target is not None and target.kind == kind:
                out.setdefault(target.id, []).append((held.url, held.listing))
        return out

    def _release_changed(self, quarantined: dict, item_id: int, listing: str) -> None:
        """Try the quarantined pages of a topic or board again when its listing changed."""
        if set(listing.split("/")) == {"-"}:
            return  # listed without counts: nothing to compare
        for page_url, held_listing in quarantined.get(item_id, ()):
            if held_listing != listing:
                log.info("%s: its listing changed; trying the quarantined page again", page_url)
                bookkeeping.frontier_release(self.db, page_url, run_id=self.run_id)
