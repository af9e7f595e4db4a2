"""Save one fetched page into the archive and queue what it leads to (inside its transaction).

A topic page filed under its real offset (a ``.msgN`` start URL, a redirect topic), the raw
page kept (or its failure, when an incomplete copy must not replace a complete one), the
parsed rows saved, the posts it changed related to cables, and the pages it links to handed
to the planner. ``crawl.Crawler`` calls ``PageSaver.save`` once per page, inside that page's
transaction; nothing here fetches.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import sqlite_utils

from . import archive
from .archive import bookkeeping, forum, nightly, polls
from .crawl_plan import CrawlPlanner
from .incremental import needs_whole_topic, neighbour_starts, page_bounds, topic_up_to_date
from .models import BoardIndex, MessageIndex, Page, ParsedPage, RunStats, TopicPage
from .relations import relate_posts
from .smf import topic_page_shortfall
from .urls import SmfUrl, build_url, parse_smf_url

log = logging.getLogger(__name__)

PAGE_KINDS = {BoardIndex: "board_index", MessageIndex: "message_index", TopicPage: "topic"}


class PageSaver:
    """Saves the pages of one run over one forum."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        root: str,
        forum_id: int,
        run_id: int,
        planner: CrawlPlanner,
        stats: RunStats,
        start_target: SmfUrl,
        full: bool,
    ) -> None:
        self.db = db
        self.root = root
        self.forum_id = forum_id
        self.run_id = run_id
        self.planner = planner
        self.stats = stats
        self.start_target = start_target
        self.full = full

    def save(self, entry: archive.FrontierEntry, page: Page, parsed: ParsedPage) -> None:
        """Save a parsed page and mark it done (inside the page's transaction)."""
        kind = PAGE_KINDS[type(parsed)]
        canonical = entry.url
        msg_range = None
        shortfall = None
        if isinstance(parsed, TopicPage):
            listed = forum.load_topic_holding(self.db, self.forum_id, parsed.topic.topic_id).listed_replies
            shortfall = topic_page_shortfall(parsed, listed_replies=listed)
            if shortfall is None:
                # Only a complete page bounds what its neighbours may mark deleted.
                msg_range = (min(p.msg_id for p in parsed.posts), max(p.msg_id for p in parsed.posts))
            asked = parse_smf_url(entry.url, root=self.root)
            landed = parse_smf_url(page.final_url, root=self.root) if page.final_url != page.url else None
            # Only an HTTP redirect to that very topic: a proxy serving another page is no move.
            redirected = (
                asked is not None and landed is not None and asked.id != parsed.topic.topic_id
                and landed.kind == "topic" and landed.id == parsed.topic.topic_id
            )
            if redirected:
                # A redirect topic (2.1) answered with the topic it points to: record it, and
                # file the page under the target so the target is not fetched again.
                polls.save_topic_redirect(self.db, self.forum_id, asked.id, parsed.topic.topic_id, seen_at=archive.utc_now_iso())
            if redirected or "msg" in entry.url.rsplit("?", 1)[-1]:
                # A .msgN start URL (or a redirect): file the page under its real offset.
                canonical = build_url(self.root, SmfUrl("topic", parsed.topic.topic_id, parsed.start))
                archive.frontier_add(self.db, url=canonical, forum_id=self.forum_id, kind="topic", run_id=self.run_id)
                bookkeeping.frontier_done(self.db, canonical, msg_range=msg_range)
        bookkeeping.frontier_done(self.db, entry.url, msg_range=msg_range)
        stored = page if page.url == canonical else replace(page, url=canonical)
        if shortfall is None or not bookkeeping.has_good_page(self.db, canonical):
            archive.save_page(self.db, stored, forum_id=self.forum_id, kind=kind, error=shortfall)
        else:
            # Its posts are saved below, but the complete body stored earlier stays what reparse reads.
            bookkeeping.save_page_failure(
                self.db, stored, forum_id=self.forum_id, run_id=self.run_id, kind="incomplete", error=shortfall
            )
        nightly.mark_verified(self.db, canonical, self.run_id)
        archive.save_forum(self.db, url=self.root, smf_version=parsed.smf_version)
        if isinstance(parsed, BoardIndex):
            archive.save_forum(self.db, url=self.root, title=parsed.forum_title)
            self.planner.plan_boards(parsed.boards)
            archive.save_board_index(self.db, self.forum_id, parsed)
        elif isinstance(parsed, MessageIndex):
            changed = self.planner.plan_topics(parsed)
            self.planner.plan_listing(parsed, changed)
            self.planner.plan_boards(parsed.child_boards)
            archive.save_message_index(self.db, self.forum_id, parsed)
        else:
            if shortfall is not None:
                log.warning("%s: %s; no deletion marks from it", page.url, shortfall)
            self._save_topic_page(parsed, complete=shortfall is None)

    def _save_topic_page(self, parsed: TopicPage, *, complete: bool) -> None:
        seen_at = archive.utc_now_iso()
        topic_id = parsed.topic.topic_id
        before, after = neighbour_starts(parsed)
        bounds = page_bounds(
            parsed,
            previous=self._walked_range(topic_id, before),
            following=self._walked_range(topic_id, after),
            listed_replies=forum.load_topic_holding(self.db, self.forum_id, topic_id).listed_replies,
        )
        if not complete:
            bounds = replace(bounds, complete=False)
        changes = forum.save_topic_page(self.db, self.forum_id, parsed, seen_at=seen_at, bounds=bounds)
        self.stats.new_posts += len(changes.new_msg_ids)
        self.stats.edited_posts += len(changes.edited_msg_ids)
        self.stats.deleted_posts += len(changes.deleted_msg_ids)
        if changes.changed_msg_ids:
            relate_posts(self.db, self.forum_id, changes.changed_msg_ids)
        starts = parsed.page_starts
        if len(starts) > 1:
            archive.save_topic_posts_per_page(self.db, self.forum_id, parsed.topic.topic_id, starts[1] - starts[0])
        topic_is_start = self.start_target.kind == "topic" and self.start_target.id == topic_id
        # A page refreshed, or one that brought the topic up to its listing: later pages are unchanged.
        follow = self.full or not topic_up_to_date(forum.load_topic_holding(self.db, self.forum_id, topic_id))
        for start in starts:
            # Later pages only: earlier ones were fetched already, or (incremental) are unchanged.
            if (start > parsed.start and follow) or topic_is_start:
                self.planner.enqueue(SmfUrl("topic", topic_id, start))
        if needs_whole_topic(parsed, forum.load_topic_holding(self.db, self.forum_id, topic_id)):
            # The guess was short (posts deleted and added): walk the pages not seen yet.
            log.info("topic %s: the archive disagrees with the reply count; fetching its other pages", topic_id)
            for start in starts:
                self.planner.enqueue(SmfUrl("topic", topic_id, start))

    def _walked_range(self, topic_id: int, start: int | None) -> tuple[int, int] | None:
        """The msg id range of a topic page fetched earlier in this walk, if it was."""
        if start is None:
            return None
        return bookkeeping.frontier_msg_range(self.db, build_url(self.root, SmfUrl("topic", topic_id, start)))
