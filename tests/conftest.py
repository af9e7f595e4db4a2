"""Shared fixtures: the sample forums replayed on 127.0.0.1 and crawled into archives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper import archive
from scraper.config import FetchConfig
from scraper.crawl import CrawlConfig, CrawlResult, crawl
from scraper.fetch import Fetcher
from scraper.replay import ReplayServer

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FORUM_TZ = "America/Chicago"
# Local replay: no politeness delay, quick retries.
FAST_FETCH = FetchConfig(delay=0.0, retries=3, backoff_initial=0.01, backoff_max=0.05, timeout=5.0)


def crawl_replay(db, server: ReplayServer, *, start: str | None = None, **options) -> CrawlResult:
    """Crawl a replay server into `db` with local-speed settings."""
    fetch = options.pop("fetch", FAST_FETCH)
    config = CrawlConfig(start_url=start or server.base_url, timezone=options.pop("timezone", FORUM_TZ), fetch=fetch, **options)
    with Fetcher(fetch, forum_url=server.base_url) as fetcher:
        return crawl(db, config, fetcher=fetcher)


@pytest.fixture(params=["smf20", "smf21"])
def version(request) -> str:
    return request.param


@pytest.fixture
def server(version) -> Iterator[ReplayServer]:
    with ReplayServer(SAMPLES / version) as replay:
        yield replay


@pytest.fixture(scope="session")
def crawled() -> Iterator[dict]:
    """Both sample forums crawled once per session: {version: (db, server_url, result)}."""
    out = {}
    servers = []
    for version in ("smf20", "smf21"):
        server = ReplayServer(SAMPLES / version)
        servers.append(server)
        db = archive.open_memory()
        result = crawl_replay(db, server)
        out[version] = (db, server.base_url, result)
    yield out
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def tune() -> list[dict]:
    """The tuning part of the real-cable corpus (the splitter tests' cables), loaded once."""
    import sys

    sys.path.insert(0, str(SAMPLES.parent / "bench"))
    import paste_corpus

    return paste_corpus.split_corpus(paste_corpus.load_corpus())["tune"]


@pytest.fixture(scope="session")
def half_a(tune) -> list[dict]:
    """The tuning part's half A (``bench/validation.py``): the only cables a splitter rule's
    test may be built from; half B and the held-out part are never looked at."""
    from validation import half_of  # (bench/, put on the path by ``tune``)

    return [c for c in tune if half_of(c["id"]) == "A"]
