"""Fetch forum pages politely: one httpx client, robots.txt, delays, retries, charsets.

The only module that imports httpx and tenacity. `Fetcher.fetch(url)` returns a
`models.Page` or raises a `FetchError` (never an httpx exception).

Decisions worth knowing:
- robots.txt is fetched once per host (scheme+host+port), with one attempt. A 4xx
  (including 404) allows everything. A 5xx or a network failure also allows
  everything, with a warning: we archive a forum we were asked to archive, and a
  forum that is down will fail the page requests that follow anyway; treating a
  broken robots.txt as "disallow all" would end the night on one bad response.
- Redirects are followed by hand, hop by hop, and every hop is a request (counted,
  delayed). A hop to another scheme or host raises FetchError; nothing is sent there.
- Proxy variables and .netrc are ignored (`trust_env=False`): a cron job should
  behave the same whatever shell starts it.
"""

from __future__ import annotations

import codecs
import http.cookiejar
import logging
import re
import threading
import time
import urllib.robotparser
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from . import config as defaults
from .config import FetchConfig
from .errors import FetchError, ResponseTooLarge, RobotsDisallowed, UsageError
from .models import Page
from .urls import SESSION_COOKIES, strip_session

log = logging.getLogger(__name__)

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SNIFF_BYTES = 2048  # how much of a page is searched for a <meta> charset
# A charset declared inside the document.
DECLARED_CHARSET = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)  # <meta charset=x>, or content="..; charset=x"
       | <\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)      # <?xml encoding="x"?> of an RSS feed
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The first line of a Netscape/Mozilla cookies.txt (what MozillaCookieJar insists on).
NETSCAPE_MAGIC = re.compile(r"#( Netscape)? HTTP Cookie File")
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Labels browsers decode as windows-1252 (the WHATWG Encoding Standard).
WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "cp819"}
)


class _NoSessionCookies(http.cookiejar.DefaultCookiePolicy):
    """Refuse the guest session cookie the forum sets (PHPSESSID).

    Kept, it makes SMF serve pages in another form (links rewritten around the
    session); the cookies given with --cookie are set directly and still sent.
    """

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        if cookie.name.lower() in SESSION_COOKIES:
            return False
        return super().set_ok(cookie, request)


class _Transient(Exception):
    """A failure worth another attempt (network trouble, 429/5xx, empty or cut body)."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of an http(s) URL, lower-cased."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http(s) URL")
    return f"{parts.scheme}://{parts.netloc.lower()}"


class Fetcher:
    """Fetch pages from a forum, one request at a time per host."""

    def __init__(
        self,
        config: FetchConfig | None = None,
        *,
        forum_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": self.config.full_user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=_NoSessionCookies()),
        )
        self.requests_total = 0
        self.requests_by_url: Counter[str] = Counter()
        self.forum_origin: str | None = None
        self._lock = threading.Lock()  # counters, per-host state
        self._robots_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        if forum_url:
            self._set_forum(forum_url)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # --- public -------------------------------------------------------------

    def fetch(self, url: str) -> Page:
        """Return the page at `url`, after robots.txt, delay and retries."""
        origin = origin_of(url)
        if self.forum_origin is None:
            self._set_forum(url)
        if self.config.obey_robots:
            robots = self._robots_for(origin)
            if robots is not None and not robots.can_fetch(self.config.user_agent, url):
                raise RobotsDisallowed(url)
        retrying = Retrying(
            stop=stop_after_attempt(max(1, self.config.retries)),
            wait=self._wait,
            retry=retry_if_exception(self._worth_retrying),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._fetch_once(url, origin)
        except _Transient as exc:
            if not self._worth_retrying(exc):
                raise FetchError(
                    url, f"{exc.message}: the server asks to come back in {exc.retry_after:.0f}s",
                    status=exc.status, retry_after=exc.retry_after,
                ) from exc
            attempts = max(1, self.config.retries)
            raise FetchError(url, f"{exc.message} (after {attempts} attempts)", status=exc.status) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    # --- one attempt ------------------------------------------------------

    def _fetch_once(self, url: str, origin: str) -> Page:
        try:
            request = self._client.build_request("GET", url)
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"invalid URL ({exc})") from exc
        for _ in range(self.config.max_redirects + 1):
            with self._turn(origin):
                response = self._send(request)
                try:
                    if not response.has_redirect_location:
                        return self._read_page(url, response)
                    target = response.next_request
                    if target is None or origin_of(str(target.url)) != origin:
                        where = response.headers.get("Location", "")
                        status = response.status_code
                        raise FetchError(url, f"redirect leaves the forum (to {where})", status=status)
                    log.debug("%s redirects to %s", request.url, target.url)
                    # SMF writes the guest's PHPSESSID into Locations: never request one.
                    request = self._client.build_request("GET", strip_session(str(target.url)))
                finally:
                    response.close()
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    def _send(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests_total += 1
            self.requests_by_url[str(request.url)] += 1
        log.debug("GET %s", request.url)
        try:
            return self._client.send(request, stream=True)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(str(request.url), f"cannot request: {exc}") from exc
        except httpx.TransportError as exc:
            raise _Transient(_describe(exc)) from exc

    def _read_page(self, url: str, response: httpx.Response) -> Page:
        status = response.status_code
        if status in defaults.RETRY_STATUSES:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise _Transient(f"HTTP {status}", status=status, retry_after=retry_after)
        if not 200 <= status < 300:
            raise FetchError(url, f"HTTP {status}", status=status)
        body = self._read_body(url, response)
        if not body:
            raise _Transient("empty response", status=status)
        content_type = response.headers.get("Content-Type", "")
        text, encoding = decode_body(body, content_type)
        return Page(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=content_type,
            body=body,
            text=text,
            encoding=encoding,
            fetched_at=datetime.now(timezone.utc),
            server_date=parse_http_date(response.headers.get("Date")),
        )

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        """Read the body, stopping past the size cap; a cut-off body is transient."""
        limit = self.config.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(url, limit)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise ResponseTooLarge(url, limit)
                chunks.append(chunk)
        except httpx.TransportError as exc:  # Content-Length not met, connection cut
            raise _Transient(f"truncated response ({_describe(exc)})", status=response.status_code) from exc
        except httpx.DecodingError as exc:  # a gzip stream cut short
            raise _Transient(f"undecodable response ({exc})", status=response.status_code) from exc
        return b"".join(chunks)

    # --- retries --------------------------------------------------------------

    def _worth_retrying(self, exc: BaseException) -> bool:
        """Transient, unless the server asks us to wait longer than the cap.

        SMF answers maintenance mode and database trouble with 503 and
        Retry-After: 3600. Waiting an hour per page helps nobody: give up at
        once so the crawl can end the night and try again tomorrow.
        """
        if not isinstance(exc, _Transient):
            return False
        return exc.retry_after is None or exc.retry_after <= self.config.retry_after_cap

    def _wait(self, state: RetryCallState) -> float:
        """Wait what Retry-After asks (capped), else jittered exponential backoff."""
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return min(exc.retry_after, self.config.retry_after_cap)
        backoff = wait_random_exponential(
            multiplier=self.config.backoff_initial,
            min=self.config.backoff_initial,
            max=self.config.backoff_max,
        )
        return backoff(state)

    def _log_retry(self, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        # INFO, not WARNING: a retry that succeeds is no problem for cron; a final failure is.
        log.info("attempt %d failed (%s); retrying in %.1fs", state.attempt_number, exc, wait)

    # --- politeness -------------------------------------------------------

    @contextmanager
    def _turn(self, origin: str) -> Iterator[None]:
        """Hold the host for one request, at least `delay` after the previous one ended."""
        with self._lock:
            lock = self._host_locks.setdefault(origin, threading.Lock())
        with lock:
            last = self._last_end.get(origin)
            if last is not None:
                gap = self._delay.get(origin, self.config.delay) - (self._clock() - last)
                if gap > 0:
                    self._sleep(gap)
            try:
                yield
            finally:
                self._last_end[origin] = self._clock()

    def _robots_for(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """Return the parsed robots.txt of a host (None: everything allowed)."""
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = self._fetch_robots(origin)
            return self._robots[origin]

    def _fetch_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        url = f"{origin}/robots.txt"
        try:
            page = self._fetch_once(url, origin)
        except (FetchError, _Transient) as exc:
            status = exc.status
            if status is not None and (400 <= status < 500 or status == 200):  # 200: an empty file
                log.info("no robots.txt rules at %s (HTTP %s): everything allowed", origin, status)
            else:
                log.warning("robots.txt at %s unavailable (%s): allowing everything", origin, exc)
            return None
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(page.text.splitlines())
        crawl_delay = parser.crawl_delay(self.config.user_agent)
        if crawl_delay is not None and float(crawl_delay) > self.config.delay:
            log.info("robots.txt at %s asks for Crawl-delay %s", origin, crawl_delay)
            self._delay[origin] = float(crawl_delay)
        return parser

    def _set_forum(self, url: str) -> None:
        """Make `url`'s host the forum: the configured cookies go to it and nowhere else."""
        self.forum_origin = origin_of(url)
        host = urlsplit(url).hostname or ""
        for name, value in self.config.cookies.items():
            self._client.cookies.set(name, value, domain=host, path="/")


def _describe(exc: httpx.TransportError) -> str:
    kind = {
        httpx.TimeoutException: "timed out",
        httpx.ConnectError: "could not connect",
        httpx.RemoteProtocolError: "connection closed early",
        httpx.ReadError: "read error",
    }
    label = next((text for cls, text in kind.items() if isinstance(exc, cls)), "network error")
    return f"{label}: {exc}" if str(exc) else label


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP `Date` header ("Tue, 15 Feb 2011 20:00:00 GMT") as aware UTC, or None."""
    try:
        when = parsedate_to_datetime(value.strip()) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Return the seconds a Retry-After header asks for (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _codec(label: str | bytes | None) -> str | None:
    """Return the codec to use for a charset label, or None if Python does not know it."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "replace")
    label = label.strip().lower()
    if label in WINDOWS_1252_LABELS:
        return "windows-1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"cp1252": "windows-1252", "utf-8": "utf-8"}.get(name, name)


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a page: BOM, then HTTP charset, then <meta>/<?xml?>, then UTF-8 or windows-1252.

    Returns (text, encoding used). ISO-8859-1 and ASCII are read as windows-1252, as
    browsers do: old SMF forums declare latin-1 and serve curly quotes from 0x80-0x9F.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    header = HEADER_CHARSET.search(content_type)
    declared = _codec(header[1] if header else None)
    if declared is None and (meta := DECLARED_CHARSET.search(body[:SNIFF_BYTES])):
        declared = _codec(meta[1] or meta[2])
    if declared in ("utf-16", "utf-32"):  # a <meta> cannot truly say this in an ASCII-compatible page
        declared = None
    if declared is not None:
        return body.decode(declared, "replace"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("windows-1252", "replace"), "windows-1252"


def parse_cookie_pairs(text: str) -> dict[str, str]:
    """Read NAME=VALUE cookies, one a line or `;`-separated; `#` lines are comments."""
    cookies: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for pair in line.split(";"):
            name, sep, value = pair.strip().partition("=")
            if not sep or not name.strip():
                raise UsageError(f"not a NAME=VALUE cookie: {pair.strip()!r}")
            cookies[name.strip()] = value.strip()
    return cookies


def load_cookie_file(path: str | Path, *, host: str | None = None) -> dict[str, str]:
    """Read cookies from a Netscape/Mozilla cookies.txt or from NAME=VALUE lines.

    With `host`, a cookies.txt keeps only the cookies whose domain matches it, so a
    browser export never sends other sites' cookies to the forum.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read cookie file {path}: {exc.strerror}") from exc
    if not NETSCAPE_MAGIC.match(text):
        if any(line.count("\t") == 6 for line in text.splitlines()):
            raise UsageError(f"{path}: a cookies.txt must start with '# Netscape HTTP Cookie File'")
        return parse_cookie_pairs(text)
    jar = http.cookiejar.MozillaCookieJar(str(path))
    try:
        jar.load(ignore_discard=True, ignore_expires=True)
    except (OSError, http.cookiejar.LoadError) as exc:
        raise UsageError(f"cannot read cookie file {path}: {exc}") from exc
    wanted = (host or "").lower()

    def matches(domain: str) -> bool:
        domain = domain.lstrip(".").lower()
        return not wanted or wanted == domain or wanted.endswith("." + domain)

    return {cookie.name: cookie.value or "" for cookie in jar if matches(cookie.domain)}
