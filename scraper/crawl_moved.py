"""The moved-forum check a run makes before it writes anything.

A start URL that is not an archived forum's own, but whose first page shows a forum the
archive holds (same title, boards, topics: `archive.nightly.find_same_forum`), stops the run
with `ForumMoved`, pointing to `smf-archive move-forum`: archiving it as a new forum would
split one forum's history in two.
"""

from __future__ import annotations

from datetime import UTC

import sqlite_utils

from .archive import nightly
from .errors import ForumMoved, ScraperError
from .models import Page
from .smf import parse_page


def refuse_moved_forum(db: sqlite_utils.Database, fetcher, *, root: str, url: str):
    """Raise `ForumMoved` if the page at ``url`` shows a forum archived at another address.

    Returns the fetcher the walk goes on with: when the page was fetched for the check, one
    that answers ``url`` with it once (the page is not fetched twice).
    """
    known = db.execute("select count(*), sum(url = ?) from forums", [root]).fetchone()
    if not known[0] or known[1]:
        return fetcher  # an empty archive, or this forum's own address
    try:
        page = fetcher.fetch(url)
        parsed = parse_page(page.text, url=page.url, now=page.fetched_at, tz=UTC)
    except ScraperError:
        return fetcher  # the walk meets the same failure and reports it
    old = nightly.find_same_forum(db, parsed, url=root)
    if old is not None:
        raise ForumMoved(old_url=old, new_url=root)
    return _Prefetched(fetcher, page)


class _Prefetched:
    """A fetcher that answers one URL with a page fetched already (the moved-forum check's)."""

    def __init__(self, fetcher, page: Page) -> None:
        self._fetcher = fetcher
        self._page: Page | None = page

    def fetch(self, url: str) -> Page:
        page, self._page = self._page, None
        if page is not None and page.url == url:
            return page
        return self._fetcher.fetch(url)

    def __getattr__(self, name: str):
        return getattr(self._fetcher, name)
