"""Bounds on one response: a wall-clock deadline, a stop request, decoded size.

I/O helpers of `fetch.py` (the only other module that touches httpcore):

- `Guard` holds, per thread, the deadline of the response being fetched and a
  stop check (a signal, `--max-time`). `GuardedBackend` wraps httpcore's
  network backend so that every socket read waits in short slices and checks
  both between slices: a body sent at one byte a second ends at the deadline,
  and a stop request ends a read within `SLICE` seconds. httpx's own timeouts
  are per read, so they alone never bound a trickling body.
- `decode_layers` undoes the Content-Encoding layers of the raw body itself,
  each layer inflating at most `OUTPUT_STEP` bytes at a time, and stops as soon
  as the decoded total passes the size cap: a 7 KB double-gzip body that would
  inflate to gigabytes costs a few milliseconds. (httpx decodes each chunk
  whole, so a cap checked on its output comes too late.)
- `describe_transport_error` names a network failure in a few words for the record.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from .errors import Interrupted

# Longest single wait on a socket: how fast a stop request or a deadline is noticed.
SLICE = 0.2
# Most bytes one decoding layer produces per step (bounds memory whatever the ratio).
OUTPUT_STEP = 64 * 1024
# Content codings we ask for and undo (Accept-Encoding); "identity" is a no-op.
SUPPORTED_CODINGS = ("gzip", "deflate")


class DeadlinePassed(httpcore.ReadTimeout):
    """The response as a whole took longer than its deadline (an httpx timeout upstream)."""


class Guard:
    """Per-thread deadline of the current response, and what asks us to stop."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.stop_reason: Callable[[], str | None] = lambda: None
        self._local = threading.local()

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[float]:
        """Bound everything inside (connect, headers, body) to `seconds` from now."""
        previous = getattr(self._local, "deadline", None)
        end = self.clock() + seconds
        self._local.deadline = end if previous is None else min(previous, end)
        try:
            yield self._local.deadline
        finally:
            self._local.deadline = previous

    def check(self) -> None:
        """Raise Interrupted if asked to stop."""
        reason = self.stop_reason()
        if reason:
            raise Interrupted(reason)

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline in force)."""
        end = getattr(self._local, "deadline", None)
        return None if end is None else end - self.clock()

    def wait_budget(self, timeout: float | None) -> float | None:
        """The longest a socket operation may wait now, or raise if the deadline passed."""
        self.check()
        left = self.remaining()
        if left is not None and left <= 0:
            raise DeadlinePassed("the response took longer than its deadline")
        candidates = [t for t in (timeout, left) if t is not None]
        return min(candidates) if candidates else None


class GuardedStream(httpcore.NetworkStream):
    """A network stream whose reads wait in slices, checking the guard between them."""

    def __init__(self, inner: httpcore.NetworkStream, guard: Guard) -> None:
        self._inner = inner
        self._guard = guard

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        started = self._guard.clock()
        while True:
            budget = self._guard.wait_budget(None if timeout is None else timeout - (self._guard.clock() - started))
            if budget is not None and budget <= 0:
                raise httpcore.ReadTimeout("timed out")
            step = SLICE if budget is None else min(SLICE, budget)
            try:
                # A timed-out recv() consumes nothing, so reading again is safe.
                return self._inner.read(max_bytes, step)
            except httpcore.ReadTimeout:
                continue

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._guard.wait_budget(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._guard.wait_budget(timeout))
        return GuardedStream(inner, self._guard)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend with every connection's waits bounded by a Guard."""

    def __init__(self, inner: httpcore.NetworkBackend, guard: Guard) -> None:
        self._inner = inner
        self._guard = guard

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Iterable[Any] | None = None
                    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, self._guard.wait_budget(timeout), local_address, socket_options)
        return GuardedStream(stream, self._guard)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, self._guard.wait_budget(timeout), socket_options)
        return GuardedStream(stream, self._guard)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guard_transport(transport: Any, guard: Guard) -> bool:
    """Put a GuardedBackend under an httpx.HTTPTransport; False if it has no such pool.

    httpx does not expose the network backend, so this reaches into the
    transport's httpcore pool (tested against the pinned httpx/httpcore range).
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is None:
        return False
    if not isinstance(backend, GuardedBackend):
        pool._network_backend = GuardedBackend(backend, guard)
    return True


# --- content codings ----------------------------------------------------------


class TooLarge(Exception):
    """The decoded body passed the cap."""


class Undecodable(Exception):
    """A compressed layer is corrupt or cut short."""


def content_codings(header: str) -> list[str]:
    """The codings of a Content-Encoding header in the order to undo them (last applied first)."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    return [c for c in reversed(codings) if c != "identity"]


def _inflate(chunks: Iterable[bytes], coding: str) -> Iterator[bytes]:
    """Undo one gzip/deflate layer, producing at most OUTPUT_STEP bytes per step."""
    if coding in ("gzip", "x-gzip"):
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    else:  # "deflate": zlib-wrapped as the RFC says, or raw as some servers send
        decompressor = None
    pending = b""
    for chunk in chunks:
        data = chunk
        if decompressor is None:
            pending += data
            if len(pending) < 2:
                continue
            raw = (pending[0] & 0x0F) != 8 or (pending[0] << 8 | pending[1]) % 31 != 0
            decompressor = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
            data, pending = pending, b""
        while not decompressor.eof:  # what follows the end of the stream is ignored, as browsers do
            try:
                out = decompressor.decompress(data, OUTPUT_STEP)
            except zlib.error as exc:
                raise Undecodable(f"{coding}: {exc}") from exc
            data = decompressor.unconsumed_tail
            if out:
                yield out
            if not data and len(out) < OUTPUT_STEP:
                break  # all input used and no output held back: next chunk
    if decompressor is None:
        if pending:
            raise Undecodable(f"{coding}: stream cut short")
        return
    if not decompressor.eof:
        raise Undecodable(f"{coding}: stream cut short")


def decode_layers(raw: Iterable[bytes], header: str, *, limit: int) -> bytes:
    """Undo every Content-Encoding layer of a raw body; raise TooLarge past `limit` decoded bytes."""
    stream: Iterable[bytes] = raw
    for coding in content_codings(header):
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise Undecodable(f"unsupported Content-Encoding {coding!r}")
        stream = _inflate(stream, coding)
    parts: list[bytes] = []
    size = 0
    for part in stream:
        size += len(part)
        if size > limit:
            raise TooLarge(size)
        parts.append(part)
    return b"".join(parts)


def describe_transport_error(exc: httpx.TransportError) -> str:
    """A short reason for a network failure, for the page's error record and the log."""
    kind = {
        httpx.TimeoutException: "timed out",
        httpx.ConnectError: "could not connect",
        httpx.RemoteProtocolError: "connection closed early",
        httpx.ReadError: "read error",
    }
    label = next((text for cls, text in kind.items() if isinstance(exc, cls)), "network error")
    return f"{label}: {exc}" if str(exc) else label
