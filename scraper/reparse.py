"""Rebuild the parsed tables from the stored raw pages, with no network.

After a parser or cable-grammar fix, `smf-archive reparse` redoes
parse -> save -> split for every page the archive holds. History is kept:
posts are rewritten in place (a parser fix is not an edit), post_versions and
deleted_seen_at stay as they were.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from . import archive
from .errors import ScraperError
from .models import BoardIndex, MessageIndex, TopicPage
from .archive.relations import reset_cable_metadata
from .relations import relate_all_posts
from .smf import parse_page
from .timezones import load_timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReparseResult:
    pages: int
    posts: int
    errors: int

    @property
    def summary(self) -> str:
        return f"reparsed {self.pages} pages, {self.posts} posts, {self.errors} errors"


def reparse_archive(db: sqlite_utils.Database) -> ReparseResult:
    """Parse every stored page again and re-run the splitter over every post."""
    forums = {row[0]: (row[1], row[2], row[3]) for row in db.execute("select id, url, timezone, time_format from forums")}
    pages = posts = errors = 0
    for stored in archive.load_pages(db):
        if stored.kind not in ("board_index", "message_index", "topic") or stored.forum_id not in forums:
            continue
        _, tz_name, time_format = forums[stored.forum_id]
        tz = load_timezone(tz_name) if tz_name else UTC
        # "Today at" means the day the server said it was when it sent the page.
        now = datetime.fromisoformat((stored.server_date or stored.fetched_at).replace("Z", "+00:00"))
        try:
            parsed = parse_page(stored.text, url=stored.url, now=now, tz=tz, time_format=time_format)
        except ScraperError as exc:
            log.error("cannot reparse %s: %s", stored.url, exc)
            errors += 1
            continue
        with db.atomic():
            if isinstance(parsed, BoardIndex):
                archive.save_board_index(db, stored.forum_id, parsed)
            elif isinstance(parsed, MessageIndex):
                archive.save_message_index(db, stored.forum_id, parsed)
            elif isinstance(parsed, TopicPage):
                archive.save_topic_page(db, stored.forum_id, parsed, seen_at=stored.fetched_at, reparse=True)
                posts += len(parsed.posts)
        pages += 1
    with db.atomic():
        # The cable rows are rebuilt from the copies with the current cable grammar.
        reset_cable_metadata(db)
    for forum_id in forums:
        relate_all_posts(db, forum_id)
    return ReparseResult(pages=pages, posts=posts, errors=errors)
