"""Mutated real pages: parse_page raises only ScraperError subclasses, never returns junk."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samples_util import CAPTURED_AT, FORUM_TZ, VERSIONS, page
from scraper.errors import ScraperError
from scraper.models import TopicPage
from scraper.smf import parse_page

NAMES = (
    "index.php.html",
    "index.php__board=102.0.html",
    "index.php__topic=200391.0.html",
    "index.php__topic=200457.15.html",
    "index.php__topic=999999.0.html",
)
PAGES = [page(v, n) for v in VERSIONS for n in NAMES]


@st.composite
def mutated(draw) -> tuple[str, str]:
    html, url = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 4))):
        size = len(html)
        a = draw(st.integers(0, size))
        b = draw(st.integers(a, min(size, a + 2000)))
        op = draw(st.sampled_from(["truncate", "delete", "duplicate", "insert"]))
        if op == "truncate":
            html = html[:a]
        elif op == "delete":
            html = html[:a] + html[b:]
        elif op == "duplicate":
            html = html[:b] + html[a:b] + html[b:]
        else:
            junk = draw(st.binary(max_size=40)).decode("latin-1")
            html = html[:a] + junk + html[a:]
    return html, url


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_pages_raise_only_scraper_errors(case):
    html, url = case
    try:
        result = parse_page(html, url=url, now=CAPTURED_AT, tz=FORUM_TZ)
    except ScraperError:
        return
    if isinstance(result, TopicPage):
        assert result.posts
        for post in result.posts:
            assert post.author_name.strip()
            assert post.msg_id > 0
