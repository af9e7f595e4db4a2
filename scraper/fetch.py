"""Fetch forum pages politely: one httpx client, robots.txt, delays, retries, charsets.

The only module that imports httpx and tenacity (with its I/O helpers
`fetch_guard.py` and `fetch_robots.py`). `Fetcher.fetch(url)` returns a `models.Page` or raises a
`FetchError` (never an httpx exception); a stop request raises `Interrupted`.

Decisions worth knowing:
- robots.txt is fetched once per host (scheme+host+port), with one attempt
  (`fetch_robots.py`). A 4xx (including 404) allows everything. A 5xx or a network
  failure also allows everything, with a warning: treating a broken robots.txt as
  "disallow all" would end the night on one bad response. A Crawl-delay longer than
  ours is obeyed up to `crawl_delay_cap`, with a warning.
- Redirects are followed by hand, hop by hop, and every hop is a request (counted,
  delayed). A hop is followed only to a page the crawler itself would walk: the
  same scheme, host and port, the forum's script, no `action=` page, allowed by
  robots.txt. Anything else raises FetchError; nothing is sent there.
- The user's cookies, and any the forum set, go only to the forum's own pages
  (its origin and script path), never to robots.txt or anywhere else.
- Every response has a wall-clock deadline (`timeout`), connect to last byte; the
  body is decoded here, layer by layer, under the size cap (see fetch_guard.py).
  Waits (delay, Crawl-delay, backoff, Retry-After) and socket reads end within a
  fraction of a second of a stop request.
- Proxy variables and .netrc are ignored (`trust_env=False`): a cron job should
  behave the same whatever shell starts it.
"""

from __future__ import annotations

import http.cookiejar
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
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
from .charset import decode_body
from .config import FetchConfig
from .cookies import NoSessionCookies, load_cookie_file, parse_cookie_pairs
from .errors import FetchError, ResponseTooLarge, RobotsDisallowed, UsageError
from .fetch_robots import RobotsRules
from .fetch_guard import SLICE, DeadlinePassed, Guard, TooLarge, Undecodable, decode_layers, describe_transport_error, guard_transport
from .http_dates import parse_http_date, parse_retry_after
from .models import Page
from .urls import forum_root, parse_smf_url, strip_session

log = logging.getLogger(__name__)

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Only codings decode_layers undoes (no br/zstd, even when their libraries are installed).
ACCEPT_ENCODING = "gzip, deflate"

__all__ = ["Fetcher", "decode_body", "load_cookie_file", "origin_of", "parse_cookie_pairs", "parse_retry_after"]


class _Transient(Exception):
    """A failure worth another attempt (network trouble, 429/5xx, empty or cut body)."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


def origin_of(url: str) -> str:
    """Return scheme://host[:port] of an http(s) URL, lower-cased (no user:password@)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # "http://[::1/x": an unclosed IPv6 bracket, a bad port
        raise FetchError(url, f"invalid URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(url, "not an http(s) URL")
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


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
        # Real time sleeps in slices so that a stop request ends a long wait at once.
        self._sliced_sleep = sleep is time.sleep
        self._guard = Guard()  # real time: socket waits are real whatever clock paces requests
        if transport is None:
            transport = httpx.HTTPTransport(trust_env=False)
            if not guard_transport(transport, self._guard):  # pragma: no cover - an httpx change
                log.warning("cannot bound socket waits with this httpx: deadlines are per read")
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": self.config.full_user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING},
            timeout=httpx.Timeout(self.config.timeout),
            follow_redirects=False,
            trust_env=False,
            cookies=http.cookiejar.CookieJar(policy=NoSessionCookies()),
        )
        self.requests_total = 0
        self.requests_by_url: Counter[str] = Counter()
        self.forum_origin: str | None = None
        self.forum_root: str | None = None
        self._lock = threading.Lock()  # counters, per-host state
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}
        self._robots = RobotsRules(
            user_agent=self.config.user_agent,
            delay=self.config.delay,
            crawl_delay_cap=self.config.crawl_delay_cap,
            fetch_robots_txt=self._robots_txt,
        )
        if forum_url:
            self._set_forum(forum_url)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # --- public -------------------------------------------------------------

    def interrupt_when(self, reason: Callable[[], str | None]) -> None:
        """Raise Interrupted(reason) from any wait or read once `reason()` says why."""
        self._guard.stop_reason = reason

    def fetch(self, url: str) -> Page:
        """Return the page at `url`, after robots.txt, delay and retries."""
        origin = origin_of(url)
        if self.forum_origin is None:
            self._set_forum(url)
        if self.config.obey_robots and not self._robots.allows(origin, url):
            raise RobotsDisallowed(url)
        retrying = Retrying(
            stop=stop_after_attempt(max(1, self.config.retries)),
            wait=self._wait,
            retry=retry_if_exception(self._worth_retrying),
            sleep=self._pause,
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

    def _fetch_once(self, url: str, origin: str, *, robots_txt: bool = False) -> Page:
        request = self._request(url)
        for _ in range(self.config.max_redirects + 1):
            with self._turn(origin), self._guard.deadline(self.config.timeout):
                response = self._send(request)
                try:
                    if not response.has_redirect_location:
                        return self._read_page(url, response)
                    target = str(response.next_request.url) if response.next_request else ""
                    refusal = self._redirect_refusal(target, origin, robots_txt=robots_txt)
                    if refusal:
                        where = response.headers.get("Location", "")
                        raise FetchError(url, f"{refusal} (to {where})", status=response.status_code)
                    log.debug("%s redirects to %s", request.url, target)
                    # SMF writes the guest's PHPSESSID into Locations: never request one.
                    target = strip_session(target)
                finally:
                    response.close()
            request = self._request(target)
        raise FetchError(url, f"more than {self.config.max_redirects} redirects")

    def _request(self, url: str) -> httpx.Request:
        """A GET with our headers; cookies only if the URL is one of the forum's own pages."""
        try:
            request = self._client.build_request("GET", url)
        except (httpx.InvalidURL, ValueError) as exc:
            raise FetchError(url, f"invalid URL ({exc})") from exc
        if not self._in_forum(url):
            request.headers.pop("Cookie", None)
        return request

    def _in_forum(self, url: str) -> bool:
        """Is `url` on the forum's origin and under its script path (where its cookies belong)?"""
        if self.forum_root is None:
            return False
        try:
            if origin_of(url) != self.forum_origin:
                return False
        except FetchError:
            return False
        path, root_path = urlsplit(url).path, urlsplit(self.forum_root).path
        return path == root_path or path.startswith(root_path + "/")  # the script, or its SEF paths

    def _redirect_refusal(self, target: str, origin: str, *, robots_txt: bool) -> str | None:
        """Why a redirect to `target` is not followed, or None to follow it."""
        try:
            if not target or origin_of(target) != origin:
                return "redirect leaves the forum"
        except FetchError:
            return "redirect leaves the forum"
        if robots_txt:
            return None  # robots.txt may move within its host (RFC 9309)
        if self.forum_root is None or parse_smf_url(target, root=self.forum_root) is None:
            # Another script, an action= page (logout, admin, search): not a page we walk.
            return "redirect leaves the forum's pages"
        if self.config.obey_robots and not self._robots.allows(origin, target):
            return "redirect to a page robots.txt disallows"
        return None

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
            raise _Transient(describe_transport_error(exc)) from exc

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
        """Read and decode the body under the deadline and the size cap (raw and decoded).

        A cut-off or undecodable body, or one slower than the deadline, is transient.
        """
        limit = self.config.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(url, limit)
        status = response.status_code
        chunks, coding = self._raw_chunks(response), response.headers.get("Content-Encoding", "")
        if response.is_stream_consumed:  # a test transport's response made from bytes: decoded already
            chunks, coding = iter([response.content]), ""
        try:
            return decode_layers(chunks, coding, limit=limit)
        except TooLarge:
            raise ResponseTooLarge(url, limit) from None
        except Undecodable as exc:  # a gzip stream cut short, a coding we did not ask for
            raise _Transient(f"undecodable response ({exc})", status=status) from exc
        except DeadlinePassed as exc:
            raise _Transient(f"timed out: the response took longer than {self.config.timeout:g}s", status=status) from exc
        except httpx.TimeoutException as exc:
            raise _Transient(f"timed out: {exc}", status=status) from exc
        except httpx.TransportError as exc:  # Content-Length not met, connection cut
            raise _Transient(f"truncated response ({describe_transport_error(exc)})", status=status) from exc

    def _raw_chunks(self, response: httpx.Response) -> Iterator[bytes]:
        """The body as received, checking the cap and the guard between chunks."""
        limit, size = self.config.max_response_bytes, 0
        for chunk in response.iter_raw():
            size += len(chunk)
            if size > limit:
                raise TooLarge(size)
            self._guard.wait_budget(None)  # the deadline and a stop request, on any transport
            yield chunk
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

    def _pause(self, seconds: float) -> None:
        """Wait `seconds`, ending at once (Interrupted) when asked to stop."""
        end = self._clock() + seconds
        while True:
            self._guard.check()
            left = end - self._clock()
            if left <= 0:
                return
            self._sleep(min(left, SLICE) if self._sliced_sleep else left)

    @contextmanager
    def _turn(self, origin: str) -> Iterator[None]:
        """Hold the host for one request, at least `delay` after the previous one ended."""
        with self._lock:
            lock = self._host_locks.setdefault(origin, threading.Lock())
        with lock:
            last = self._last_end.get(origin)
            if last is not None:
                gap = self._robots.delay_for(origin) - (self._clock() - last)
                if gap > 0:
                    self._pause(gap)
            try:
                yield
            finally:
                self._last_end[origin] = self._clock()

    def _robots_txt(self, url: str, origin: str) -> Page:
        """One attempt at robots.txt (RobotsRules reads it): a transient failure is a FetchError."""
        try:
            return self._fetch_once(url, origin, robots_txt=True)
        except _Transient as exc:
            raise FetchError(url, exc.message, status=exc.status) from exc

    def _set_forum(self, url: str) -> None:
        """Make `url`'s forum the one whose pages get the configured cookies (and nothing else)."""
        self.forum_origin = origin_of(url)
        try:
            self.forum_root = forum_root(url)
        except UsageError as exc:
            raise FetchError(url, str(exc)) from exc
        host = urlsplit(url).hostname or ""
        for name, value in self.config.cookies.items():
            self._client.cookies.set(name, value, domain=host, path="/")

