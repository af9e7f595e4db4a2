"""Bounded work per response and redirects that stay inside the forum, against the replay server.

A trickling body, a decompression bomb, a stop request mid-body or mid-sleep, a
huge Crawl-delay, and redirects to admin, logout and robots-disallowed pages.

Timing holds on a loaded machine: a stop comes once the server has seen the request it
must land in (not at a fixed moment), deadlines are generous unless a short one is what
is tested, and "at once" is measured from the stop against a wait many times longer.
"""

from __future__ import annotations

import gzip
import logging
import threading
import time
import tracemalloc
import zlib

import httpx
import pytest

from scraper.config import FetchConfig
from scraper.errors import FetchError, Interrupted, ResponseTooLarge
from scraper.fetch import Fetcher
from scraper.replay import ReplayServer, find_sample_dir

TOPIC = "/index.php?topic=200457.15"
PAGE_FILE = "index.php__topic=200457.15.html"


def quick(**overrides) -> FetchConfig:
    # A deadline a loaded machine always meets for a local page; tests of the deadline set their own.
    values = dict(delay=0.0, timeout=30.0, retries=1, backoff_initial=0.01, backoff_max=0.05)
    values.update(overrides)
    return FetchConfig(**values)


@pytest.fixture
def server():
    with ReplayServer(find_sample_dir("smf20")) as server:
        yield server


def expected_page(server) -> bytes:
    return server.rewrite((find_sample_dir("smf20") / PAGE_FILE).read_bytes())


def wait_until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def stop_once(ready) -> tuple[threading.Event, list[float], threading.Thread]:
    """A stop flag raised (as a signal handler would) 0.4 s after `ready()` holds; when it was raised."""
    flag, stopped_at = threading.Event(), []

    def stop() -> None:
        wait_until(ready)
        time.sleep(0.4)  # into the read or the wait that follows
        stopped_at.append(time.monotonic())
        flag.set()

    thread = threading.Thread(target=stop, daemon=True)
    thread.start()
    return flag, stopped_at, thread


# --- the deadline covers the whole response --------------------------------------


def test_a_body_trickling_at_one_byte_a_second_ends_at_the_deadline(server):
    server.add_faults(TOPIC, ("slow", 1.0), ("slow", 1.0))
    started = time.monotonic()
    with Fetcher(quick(timeout=1.0, retries=2)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url(TOPIC))
    elapsed = time.monotonic() - started
    # Each read gets a byte within a second, so a per-read timeout would never fire: the
    # body (~30 KB) would take 8 hours. Two attempts of one second each, then the error
    # (the bound leaves a loaded machine room: anything but the deadline takes hours).
    assert "timed out" in str(caught.value) and "after 2 attempts" in str(caught.value)
    assert server.request_count(TOPIC) == 2
    assert elapsed < 30, elapsed


def test_a_slow_but_steady_body_within_the_deadline_is_read_whole(server):
    # 200 KB/s: the page (~30 KB) arrives in well under the deadline, over many reads.
    server.add_faults(TOPIC, ("slow", 200_000.0))
    with Fetcher(quick(timeout=30.0)) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    assert page.body == expected_page(server)


# --- the size cap counts decoded bytes through every layer -------------------------


def test_double_gzip_is_decoded_layer_by_layer(server):
    server.add_faults(TOPIC, ("gzip", 2))
    with Fetcher(quick()) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    assert page.body == expected_page(server)
    assert "Quick Reply" in page.text or "</html>" in page.text


def test_a_double_gzip_bomb_stops_at_the_cap_without_inflating(server):
    # A few KB on the wire that inflate to 128 MB (the 2.9 GB, scaled down to keep
    # the server's one-off compression quick). The cap is 1 MB: far less must ever be held.
    server.add_faults(TOPIC, ("gzip", 2, 128 * 2**20))
    tracemalloc.start()
    try:
        with Fetcher(quick(max_response_bytes=2**20)) as fetcher, pytest.raises(ResponseTooLarge):
            fetcher.fetch(server.url(TOPIC))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak
    assert server.request_count(TOPIC) == 1  # too large is final, not retried


def test_a_bomb_under_one_layer_of_gzip_is_refused_too(server):
    server.add_faults(TOPIC, ("gzip", 1, 64 * 2**20))
    with Fetcher(quick(max_response_bytes=2**20)) as fetcher, pytest.raises(ResponseTooLarge):
        fetcher.fetch(server.url(TOPIC))


def test_deflate_zlib_and_raw_and_a_cut_gzip_stream():
    html = b"<html><body>" + "caf\u00e9 ".encode() * 2000 + b"</body></html>"
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {
        "/zlib": (zlib.compress(html), "deflate"),
        "/raw": (raw.compress(html) + raw.flush(), "deflate"),
        "/cut": (gzip.compress(html)[:-20], "gzip"),
        "/br": (html, "br"),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        body, coding = bodies[request.url.path]
        return httpx.Response(200, headers={"Content-Encoding": coding, "Content-Type": "text/html"},
                              stream=httpx.ByteStream(body))

    with Fetcher(quick(), transport=httpx.MockTransport(handler)) as fetcher:
        assert fetcher.fetch("http://forum.example/zlib").body == html
        assert fetcher.fetch("http://forum.example/raw").body == html
        for path in ("/cut", "/br"):
            with pytest.raises(FetchError, match="undecodable response"):
                fetcher.fetch("http://forum.example" + path)


def test_we_ask_only_for_codings_we_decode(server):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Accept-Encoding"))
        return httpx.Response(404)

    with Fetcher(quick(obey_robots=False), transport=httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(FetchError):
            fetcher.fetch("http://forum.example/index.php")
    assert seen == ["gzip, deflate"]


# --- a stop request ends a read or a wait within a second ---------------------------


def test_a_stop_request_ends_a_trickling_body_at_once(server):
    # A byte every 20 s: a read that only looked at the stop when a byte came would end
    # 20 s after it; a read that waits in slices ends within one slice (0.2 s).
    server.add_faults(TOPIC, ("slow", 0.05))
    flag, stopped_at, stopper = stop_once(lambda: server.request_count(TOPIC) == 1)
    with Fetcher(quick(timeout=120.0)) as fetcher:
        fetcher.interrupt_when(lambda: "SIGTERM" if flag.is_set() else None)
        with pytest.raises(Interrupted, match="SIGTERM"):
            fetcher.fetch(server.url(TOPIC))
    ended = time.monotonic()
    stopper.join()
    assert ended - stopped_at[0] < 5, ended - stopped_at[0]


@pytest.mark.parametrize("wait", ["delay", "crawl-delay", "retry-after"])
def test_a_stop_request_ends_a_long_wait_at_once(wait):
    robots = "User-agent: *\nCrawl-delay: 120\n" if wait == "crawl-delay" else "User-agent: *\nDisallow:\n"
    config = quick(delay=120.0 if wait == "delay" else 0.0, retries=2, retry_after_cap=300.0)
    with ReplayServer(find_sample_dir("smf20"), robots_txt=robots) as server, Fetcher(config) as fetcher:
        if wait == "retry-after":
            server.add_faults(TOPIC, ("429", 120))
        # robots.txt, then a 120 s wait before the page (or before its second attempt). The
        # stop comes once the server has answered the request before that wait.
        last = TOPIC if wait == "retry-after" else "/robots.txt"
        flag, stopped_at, stopper = stop_once(lambda: server.request_count(last) == 1)
        fetcher.interrupt_when(lambda: "SIGINT" if flag.is_set() else None)
        with pytest.raises(Interrupted):
            fetcher.fetch(server.url(TOPIC))
        ended = time.monotonic()
        stopper.join()
        assert server.request_count(TOPIC) == (1 if wait == "retry-after" else 0)
    # The wait (120 s) ends at the next of its 0.2 s slices; the bound leaves a loaded machine room.
    assert ended - stopped_at[0] < 5, ended - stopped_at[0]


def test_a_huge_crawl_delay_is_capped_with_a_warning(caplog):
    class Clock:
        now, sleeps = 1000.0, []

        def __call__(self) -> float:
            return self.now

        def sleep(self, seconds: float) -> None:
            self.sleeps.append(seconds)
            self.now += seconds

    clock = Clock()
    robots = "User-agent: *\nCrawl-delay: 86400\n"
    with ReplayServer(find_sample_dir("smf20"), robots_txt=robots) as server:
        with caplog.at_level(logging.WARNING, logger="scraper.fetch"):
            with Fetcher(quick(delay=1.0, crawl_delay_cap=30.0), sleep=clock.sleep, clock=clock) as fetcher:
                fetcher.fetch(server.url(TOPIC))
                fetcher.fetch(server.url(TOPIC))
    assert clock.sleeps == [30.0, 30.0]  # robots -> page -> page, each gap capped
    assert "Crawl-delay 86400" in caplog.text and "30" in caplog.text


# --- redirects stay inside the forum, and so do cookies ------------------------------


ROBOTS = "User-agent: *\nDisallow: /index.php?action=\nDisallow: /index.php?topic=200391\n"


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("/private/admin.php?do=delete", "leaves the forum's pages"),
        ("/index.php?action=logout;sesc=abc", "leaves the forum's pages"),
        ("/index.php?topic=200391.0", "robots.txt disallows"),
        ("/index.php?action=profile;u=1", "leaves the forum's pages"),
        ("http://localhost:{port}/index.php?topic=200457.0", "leaves the forum"),
    ],
    ids=["admin", "logout", "robots", "profile", "other-host"],
)
def test_a_redirect_out_of_the_forums_pages_is_refused_and_nothing_is_sent(location, why):
    with ReplayServer(find_sample_dir("smf20"), robots_txt=ROBOTS) as server:
        server.add_faults(TOPIC, ("redirect", location.format(port=server.port)))
        config = quick(cookies={"SMFCookie11": "member-secret"})
        with Fetcher(config, forum_url=server.base_url) as fetcher, pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url(TOPIC))
        assert why in str(caught.value) and caught.value.status == 302
        assert [path for _, path in server.requests] == ["/robots.txt", TOPIC]
        # The cookie went to the forum page asked for, never to robots.txt.
        assert server.cookies_sent() == [None, "SMFCookie11=member-secret"]


def test_a_redirect_to_another_forum_page_is_followed_with_the_cookie():
    with ReplayServer(find_sample_dir("smf20"), robots_txt=ROBOTS) as server:
        server.add_faults("/index.php?topic=200457.msg1", ("redirect", "/index.php?topic=200457.15#msg1", 301))
        config = quick(cookies={"SMFCookie11": "member-secret"})
        with Fetcher(config, forum_url=server.base_url) as fetcher:
            page = fetcher.fetch(server.url("/index.php?topic=200457.msg1"))
    assert page.final_url == server.url(TOPIC) + "#msg1" and page.body == expected_page(server)
    assert server.cookies_sent(TOPIC) == ["SMFCookie11=member-secret"]


def test_cookies_stay_off_other_ports_and_scripts_of_the_host():
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("Cookie")))
        return httpx.Response(200, html="<html>ok</html>")

    forum = "http://forum.example/smf/index.php"
    config = quick(cookies={"SMFCookie11": "secret"}, obey_robots=False)
    with Fetcher(config, forum_url=forum, transport=httpx.MockTransport(handler)) as fetcher:
        for url in (forum + "?topic=1.0", forum + "/topic,1.0.html", "http://forum.example:8080/smf/index.php",
                    "http://forum.example/blog/index.php", "https://forum.example/smf/index.php"):
            fetcher.fetch(url)
    assert [cookie for _, cookie in seen] == ["SMFCookie11=secret", "SMFCookie11=secret", None, None, None]
