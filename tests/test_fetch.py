"""The fetcher: real HTTP against the replay server, and MockTransport unit tests."""

from __future__ import annotations

import logging
import socket
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.config import USER_AGENT, FetchConfig
from scraper.errors import FetchError, ResponseTooLarge, RobotsDisallowed, UsageError
from scraper.fetch import Fetcher, decode_body, load_cookie_file, parse_cookie_pairs, parse_retry_after
from scraper.replay import ReplayServer, find_sample_dir

TOPIC = "/index.php?topic=200457.15"
ACTION = "/index.php?action=printpage;topic=200176.0"


class FakeClock:
    """A monotonic clock that only moves when something sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def quick(**overrides) -> FetchConfig:
    """A config for tests: no delay, short backoff (the clock is fake anyway)."""
    values = dict(delay=0.0, timeout=5.0, retries=4, backoff_initial=0.5, backoff_max=2.0)
    values.update(overrides)
    return FetchConfig(**values)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server():
    with ReplayServer(find_sample_dir("smf20")) as server:
        yield server


def fetcher_for(config: FetchConfig, clock: FakeClock, **kwargs) -> Fetcher:
    return Fetcher(config, sleep=clock.sleep, clock=clock, **kwargs)


# --- against the replay server -------------------------------------------------


def test_fetches_a_page_as_served(server, clock):
    with fetcher_for(quick(), clock) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    expected = (find_sample_dir("smf20") / "index.php__topic=200457.15.html").read_bytes()
    expected = server.rewrite(expected)
    assert page.status == 200 and page.body == expected
    assert page.text == expected.decode("utf-8") and page.encoding == "utf-8"
    assert page.url == page.final_url == server.url(TOPIC)
    assert page.content_type == "text/html; charset=UTF-8"
    assert page.fetched_at.tzinfo is not None
    assert fetcher.requests_total == 2  # robots.txt, then the page
    assert fetcher.requests_by_url == {server.url("/robots.txt"): 1, server.url(TOPIC): 1}


def test_robots_is_fetched_once_and_obeyed(server, clock):
    with fetcher_for(quick(), clock) as fetcher:
        fetcher.fetch(server.url(TOPIC))
        fetcher.fetch(server.url("/index.php?board=102.0"))
        with pytest.raises(RobotsDisallowed) as caught:
            fetcher.fetch(server.url(ACTION))
    assert caught.value.url == server.url(ACTION)
    assert server.request_count("/robots.txt") == 1
    assert server.request_count(ACTION) == 0


def test_robots_rules_for_our_user_agent(clock):
    robots = "User-agent: smf-archive\nDisallow: /index.php?topic=\n\nUser-agent: *\nDisallow: /\n"
    with ReplayServer(find_sample_dir("smf20"), robots_txt=robots) as server, fetcher_for(quick(), clock) as fetcher:
        assert fetcher.fetch(server.url("/index.php?board=102.0")).status == 200
        with pytest.raises(RobotsDisallowed):
            fetcher.fetch(server.url(TOPIC))


def test_robots_can_be_ignored(server, clock):
    with fetcher_for(quick(obey_robots=False), clock) as fetcher:
        assert fetcher.fetch(server.url(ACTION)).status == 200
    assert server.request_count("/robots.txt") == 0


def test_missing_robots_allows_everything(clock):
    with ReplayServer(find_sample_dir("smf21"), robots_txt=None) as server, fetcher_for(quick(), clock) as fetcher:
        assert fetcher.fetch(server.url(ACTION)).status == 200
        assert server.requests == (("GET", "/robots.txt"), ("GET", ACTION))


def test_robots_5xx_allows_everything_with_a_warning(server, clock, caplog):
    server.add_faults("/robots.txt", ("status", 503))
    with caplog.at_level(logging.WARNING, logger="scraper.fetch"), fetcher_for(quick(), clock) as fetcher:
        assert fetcher.fetch(server.url(ACTION)).status == 200
        fetcher.fetch(server.url(TOPIC))
    assert "robots.txt" in caplog.text and "allowing everything" in caplog.text
    assert server.request_count("/robots.txt") == 1  # not retried, not re-fetched


def test_crawl_delay_longer_than_ours_is_honoured(clock):
    robots = "User-agent: *\nCrawl-delay: 5\n"
    with ReplayServer(find_sample_dir("smf20"), robots_txt=robots) as server:
        with fetcher_for(quick(delay=1.0), clock) as fetcher:
            fetcher.fetch(server.url(TOPIC))
            fetcher.fetch(server.url(TOPIC))
    assert clock.sleeps == [5.0, 5.0]  # robots -> page -> page


def test_delay_between_requests_to_the_same_host(server, clock):
    with fetcher_for(quick(delay=2.0, obey_robots=False), clock) as fetcher:
        fetcher.fetch(server.url(TOPIC))
        assert clock.sleeps == []  # the first request does not wait
        clock.now += 0.5  # parsing took half a second
        fetcher.fetch(server.url("/index.php?board=102.0"))
    assert clock.sleeps == [pytest.approx(1.5)]  # measured from the end of the previous request


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(server, clock, status):
    server.add_faults(TOPIC, ("status", status), ("status", status))
    with fetcher_for(quick(), clock) as fetcher:
        assert fetcher.fetch(server.url(TOPIC)).status == 200
    assert server.request_count(TOPIC) == 3
    assert len(clock.sleeps) == 2 and all(0.5 <= s <= 2.0 for s in clock.sleeps)  # jittered backoff


@pytest.mark.parametrize(
    "fault", [("reset",), ("timeout", 60.0), ("truncate", 200), ("empty",)], ids=lambda f: f[0]
)
def test_network_faults_are_retried(server, clock, fault):
    server.add_faults(TOPIC, fault)
    # The deadline is real time: long enough for the retry to arrive whole on a loaded machine,
    # and the "timeout" fault far longer, so that the first attempt can only time out.
    with fetcher_for(quick(timeout=5.0), clock) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    assert page.body.endswith(b"</html>")
    assert server.request_count(TOPIC) == 2


@pytest.mark.parametrize(
    ("fault", "message"),
    [(("status", 503), "HTTP 503"), (("empty",), "empty response"), (("reset",), "read error"),
     (("truncate", 10), "truncated response")],
    ids=["503", "empty", "reset", "truncate"],
)
def test_retries_are_bounded_then_fetch_error(server, clock, fault, message):
    server.add_faults(TOPIC, *[fault] * 10)
    with fetcher_for(quick(retries=3), clock) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url(TOPIC))
    assert server.request_count(TOPIC) == 3
    assert message in str(caught.value) and "after 3 attempts" in str(caught.value)
    assert caught.value.status == (503 if fault[0] == "status" else 200 if fault[0] in ("empty", "truncate") else None)
    assert not isinstance(caught.value.__cause__, httpx.HTTPError)  # translated, chained below
    assert type(caught.value) is FetchError


def test_retry_after_seconds_is_honoured(server, clock):
    server.add_faults(TOPIC, ("429", 7))
    with fetcher_for(quick(), clock) as fetcher:
        fetcher.fetch(server.url(TOPIC))
    assert clock.sleeps == [7.0]


def test_retry_after_beyond_the_cap_gives_up_at_once(server, clock):
    # Waiting longer than the cap helps nobody: fail now, keep the page for the next run.
    server.add_faults(TOPIC, ("429", 1000))
    with fetcher_for(quick(retry_after_cap=30.0), clock) as fetcher:
        with pytest.raises(FetchError) as raised:
            fetcher.fetch(server.url(TOPIC))
    assert raised.value.status == 429 and raised.value.retry_after == 1000
    assert clock.sleeps == []
    assert server.request_count(TOPIC) == 1


def test_retry_after_http_date_is_honoured(server, clock):
    soon = datetime.now(timezone.utc) + timedelta(seconds=40)
    later = datetime.now(timezone.utc) + timedelta(hours=2)
    server.add_faults(TOPIC, ("429", soon), ("429", later))
    with fetcher_for(quick(retry_after_cap=60.0), clock) as fetcher:
        with pytest.raises(FetchError) as raised:
            fetcher.fetch(server.url(TOPIC))
    assert clock.sleeps[0] == pytest.approx(40, abs=2)
    assert len(clock.sleeps) == 1  # two hours is past the cap: no second wait
    assert raised.value.retry_after == pytest.approx(7200, abs=5)


def test_smf_maintenance_503_gives_up_at_once(server, clock):
    # Real SMF answers maintenance and database errors with 503 + Retry-After: 3600.
    server.add_faults(TOPIC, ("smf_error", "maintenance", 503))
    with fetcher_for(quick(retry_after_cap=120.0), clock) as fetcher:
        with pytest.raises(FetchError) as raised:
            fetcher.fetch(server.url(TOPIC))
    assert raised.value.status == 503 and raised.value.retry_after == 3600
    assert clock.sleeps == []


def test_smf_error_page_with_200_is_returned_for_the_parser(server, clock):
    server.add_faults(TOPIC, ("smf_error", "database_error"))
    with fetcher_for(quick(), clock) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    assert "Connection Problems" in page.text


@pytest.mark.parametrize(("status", "path"), [(404, "/index.php?topic=1.0"), (403, TOPIC), (410, TOPIC)])
def test_client_errors_are_not_retried(server, clock, status, path):
    if path == TOPIC:
        server.set_override(TOPIC, (status, "text/html", "<h1>no</h1>"))
    with fetcher_for(quick(), clock) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url(path))
    assert caught.value.status == status
    assert server.request_count(path) == 1 and clock.sleeps == []


def test_unreachable_host_is_a_fetch_error(clock):
    with socket.socket() as sock:  # a port on 127.0.0.1 nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with fetcher_for(quick(retries=2, obey_robots=False), clock) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(f"http://127.0.0.1:{port}/index.php")
    assert "could not connect" in str(caught.value) and fetcher.requests_total == 2
    assert caught.value.status is None


@pytest.mark.parametrize("variant", [("encoding", "windows-1252"), ("encoding", "windows-1252", "meta")])
def test_windows_1252_page_is_decoded(server, clock, variant):
    original = server.rewrite((find_sample_dir("smf20") / "index.php__topic=200457.15.html").read_bytes())
    server.add_faults(TOPIC, variant)
    with fetcher_for(quick(), clock) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    assert page.encoding == "windows-1252"
    assert page.text == original.decode("utf-8").replace("charset=UTF-8", "charset=windows-1252")
    assert "¶" in page.text


def test_latin1_declared_page_is_read_as_windows_1252(server, clock):
    html = "<html><head></head><body>café \u201cquoted\u201d \u2013 ok</body></html>".encode("cp1252")
    server.set_override(TOPIC, (200, "text/html; charset=ISO-8859-1", html))
    with fetcher_for(quick(), clock) as fetcher:
        page = fetcher.fetch(server.url(TOPIC))
    assert page.encoding == "windows-1252"
    assert "café \u201cquoted\u201d \u2013 ok" in page.text


def test_size_cap(server, clock):
    with fetcher_for(quick(max_response_bytes=1000), clock) as fetcher, pytest.raises(ResponseTooLarge):
        fetcher.fetch(server.url(TOPIC))
    assert server.request_count(TOPIC) == 1


# --- MockTransport ---------------------------------------------------------------

FORUM = "https://forum.example/index.php"


class Recorder:
    """A MockTransport handler that records every request and answers from a table."""

    def __init__(self, routes: dict[str, httpx.Response] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.routes = routes or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return self.routes.get(str(request.url), httpx.Response(200, html="<html>ok</html>"))

    def cookies_sent(self) -> list[tuple[str, str | None]]:
        return [(r.url.host, r.headers.get("Cookie")) for r in self.requests]


def test_user_agent_and_contact_are_sent(clock):
    recorder = Recorder()
    config = quick(contact="https://example.org/archive-contact")
    with fetcher_for(config, clock, transport=httpx.MockTransport(recorder)) as fetcher:
        fetcher.fetch(FORUM)
    agents = {r.headers["User-Agent"] for r in recorder.requests}
    assert agents == {f"{USER_AGENT} contact: https://example.org/archive-contact"}
    assert USER_AGENT.startswith("smf-archive/")


def test_cookies_go_to_the_forum_host_only(clock):
    recorder = Recorder()
    config = quick(cookies={"SMFCookie11": "secret"}, obey_robots=False)
    transport = httpx.MockTransport(recorder)
    with fetcher_for(config, clock, transport=transport, forum_url=FORUM) as fetcher:
        fetcher.fetch(FORUM)
        fetcher.fetch("https://other.example/page")
    assert recorder.cookies_sent() == [("forum.example", "SMFCookie11=secret"), ("other.example", None)]


def test_cookies_for_an_ip_address_forum(clock):
    recorder = Recorder()
    config = quick(cookies={"SMFCookie11": "secret"}, obey_robots=False)
    forum = "http://127.0.0.1:8020/index.php"
    with fetcher_for(config, clock, transport=httpx.MockTransport(recorder), forum_url=forum) as fetcher:
        fetcher.fetch(forum)
        fetcher.fetch("http://127.0.0.2:8020/index.php")
    assert recorder.cookies_sent() == [("127.0.0.1", "SMFCookie11=secret"), ("127.0.0.2", None)]


def test_same_site_redirect_is_followed_with_cookies(clock):
    target = "https://forum.example/index.php?topic=5.0"
    recorder = Recorder({FORUM + "?topic=5.msg9": httpx.Response(301, headers={"Location": target})})
    config = quick(cookies={"a": "b"}, obey_robots=False, delay=1.0)
    with fetcher_for(config, clock, transport=httpx.MockTransport(recorder), forum_url=FORUM) as fetcher:
        page = fetcher.fetch(FORUM + "?topic=5.msg9")
    assert page.url == FORUM + "?topic=5.msg9" and page.final_url == target
    assert recorder.cookies_sent() == [("forum.example", "a=b"), ("forum.example", "a=b")]
    assert fetcher.requests_total == 2 and clock.sleeps == [1.0]  # each hop is a polite request


@pytest.mark.parametrize("location", ["https://evil.example/steal", "http://forum.example/index.php", "//evil.example/x"])
def test_off_site_redirect_is_refused_and_nothing_is_sent_there(clock, location):
    recorder = Recorder({FORUM: httpx.Response(302, headers={"Location": location})})
    config = quick(cookies={"a": "b"}, obey_robots=False)
    with fetcher_for(config, clock, transport=httpx.MockTransport(recorder), forum_url=FORUM) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(FORUM)
    assert "redirect leaves the forum" in str(caught.value) and caught.value.status == 302
    assert [str(r.url) for r in recorder.requests] == [FORUM]


def test_redirect_loop_ends(clock):
    recorder = Recorder({FORUM: httpx.Response(302, headers={"Location": FORUM})})
    with fetcher_for(quick(obey_robots=False, max_redirects=3), clock, transport=httpx.MockTransport(recorder)) as f:
        with pytest.raises(FetchError, match="more than 3 redirects"):
            f.fetch(FORUM)
    assert len(recorder.requests) == 4


def test_size_cap_without_content_length(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"x" * 600] * 5), headers={"Content-Type": "text/html"})

    with fetcher_for(quick(obey_robots=False, max_response_bytes=2000), clock,
                     transport=httpx.MockTransport(handler)) as fetcher:
        with pytest.raises(ResponseTooLarge):
            fetcher.fetch(FORUM)


def test_hosts_have_separate_delays(clock):
    recorder = Recorder()
    with fetcher_for(quick(obey_robots=False, delay=3.0), clock, transport=httpx.MockTransport(recorder)) as fetcher:
        fetcher.fetch(FORUM)
        fetcher.fetch("https://other.example/")
        assert clock.sleeps == []
        fetcher.fetch(FORUM)
    assert clock.sleeps == [3.0]


def test_non_http_and_invalid_urls_are_fetch_errors(clock):
    transport = httpx.MockTransport(Recorder())
    with fetcher_for(quick(obey_robots=False), clock, transport=transport) as fetcher:
        with pytest.raises(FetchError, match="not an http"):
            fetcher.fetch("ftp://forum.example/index.php")
        with pytest.raises(FetchError, match="invalid URL"):
            fetcher.fetch("https://forum.example/index.php?topic=1\x00")


# --- helpers -------------------------------------------------------------------------


def test_parse_retry_after():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        (b"plain ascii", "", "utf-8"),
        ("caf\u00e9".encode(), "text/html", "utf-8"),
        ("caf\u00e9 \u2019".encode("cp1252"), "text/html", "windows-1252"),  # invalid UTF-8 -> fallback
        (b'<meta charset="iso-8859-1"><p>caf\xe9', "text/html", "windows-1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15" />\xa4', "text/html", "iso8859-15"),
        (b'<?xml version="1.0" encoding="windows-1251"?><rss>\xc0</rss>', "application/rss+xml", "cp1251"),
        (b'<meta charset="utf-8">caf\xe9', "text/html; charset=latin1", "windows-1252"),  # the header wins
        (b'<meta charset="bogus-charset">caf\xc3\xa9', "text/html", "utf-8"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "text/html; charset=windows-1252", "utf-8"),  # a BOM wins
    ],
)
def test_decode_body(body, content_type, encoding):
    text, used = decode_body(body, content_type)
    assert used == encoding
    assert "\ufffd" not in text


@given(st.binary(max_size=3000), st.sampled_from(["", "text/html", "text/html; charset=nope", "text/html; charset=utf-8"]))
def test_decode_body_never_fails(body, content_type):
    text, used = decode_body(body, content_type)
    assert isinstance(text, str) and used


def test_load_cookie_file_netscape_format(tmp_path):
    path = tmp_path / "cookies.txt"
    path.write_text(
        "# Netscape HTTP Cookie File\n"
        ".forum.example\tTRUE\t/\tFALSE\t0\tSMFCookie11\tabc\n"
        "forum.example\tFALSE\t/\tFALSE\t0\tPHPSESSID\tdef\n"
        ".bank.example\tTRUE\t/\tTRUE\t0\tsession\tsecret\n"
    )
    assert load_cookie_file(path) == {"SMFCookie11": "abc", "PHPSESSID": "def", "session": "secret"}
    assert load_cookie_file(path, host="forum.example") == {"SMFCookie11": "abc", "PHPSESSID": "def"}


def test_load_cookie_file_name_value_lines(tmp_path):
    path = tmp_path / "cookies"
    path.write_text("# comment\nSMFCookie11=abc\n\nPHPSESSID=def; theme=2\n")
    assert load_cookie_file(path) == {"SMFCookie11": "abc", "PHPSESSID": "def", "theme": "2"}
    with pytest.raises(UsageError):
        load_cookie_file(tmp_path / "missing.txt")
    with pytest.raises(UsageError):
        parse_cookie_pairs("no equals sign")
    headerless = tmp_path / "headerless.txt"
    headerless.write_text(".forum.example\tTRUE\t/\tFALSE\t0\tSMFCookie11\tabc\n")
    with pytest.raises(UsageError, match="Netscape HTTP Cookie File"):
        load_cookie_file(headerless)
