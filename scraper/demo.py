"""The built-in demo: replay the bundled sample forum on 127.0.0.1 and crawl it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from .config import FetchConfig
from .crawl import CrawlConfig, CrawlResult, crawl
from .fetch import Fetcher
from .models import RunStats
from .replay import ReplayServer, find_sample_dir

# The sample forums were captured from installations running in this zone.
SAMPLE_TIMEZONE = "America/Chicago"
SAMPLE_VERSIONS = {"2.0": "smf20", "2.1": "smf21"}


def crawl_demo(
    db: sqlite_utils.Database,
    *,
    smf_version: str = "2.0",
    on_page: Callable[[str, RunStats], None] | None = None,
) -> tuple[CrawlResult, str]:
    """Serve the bundled sample forum and crawl it into `db`; return the result and its URL."""
    sample: Path = find_sample_dir(SAMPLE_VERSIONS[smf_version])
    with ReplayServer(sample) as server:
        config = CrawlConfig(
            start_url=server.base_url,
            timezone=SAMPLE_TIMEZONE,
            fetch=FetchConfig(delay=0.0, retries=2, backoff_initial=0.05, backoff_max=0.2),
        )
        with Fetcher(config.fetch, forum_url=server.base_url) as fetcher:
            result = crawl(db, config, fetcher=fetcher, on_page=on_page)
        return result, server.base_url
