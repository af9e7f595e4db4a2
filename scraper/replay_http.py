"""The replay server's HTTP side: one handler per request, answering with the page or its fault.

``replay.ReplayServer`` holds the captured pages, overrides and faults; this module turns one
request into bytes on the wire (a status page, a re-encoded or gzipped body, a trickle, a TCP
reset), the way a real server or a broken one would send them.
"""

from __future__ import annotations

import functools
import gzip
import logging
import re
import socket
import struct
import sys
import time
import zlib
from datetime import datetime
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .replay import ReplayServer

log = logging.getLogger(__name__)

# A charset declared in <meta charset=...>, <meta http-equiv ... charset=...> or <?xml encoding=...?>.
DECLARED_CHARSET = re.compile(
    rb"""(<meta\b[^>]*?charset\s*=\s*["']?     # HTML: <meta charset="x"> or content="...; charset=x"
         |<\?xml\b[^>]*?encoding\s*=\s*["'])     # XML declaration of a feed
        ([A-Za-z0-9_.:-]+)""",
    re.VERBOSE | re.IGNORECASE,
)


def path_and_query(target: str) -> str:
    """Return a request target as /path?query (no scheme, host or fragment)."""
    parts = urlsplit(target)
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    return f"{path}?{parts.query}" if parts.query else path


def status_page(status: int) -> bytes:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return (
        f"<html><head><title>{status} {phrase}</title></head>"
        f"<body><h1>{status} {phrase}</h1></body></html>\n"
    ).encode()


@functools.lru_cache(maxsize=8)
def gzip_layers(body: bytes, layers: int, padding: int) -> bytes:
    """`body` and `padding` spaces, gzipped `layers` times (made once per set of arguments)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [compressor.compress(body)]
    block = b" " * (1 << 20)
    for start in range(0, padding, len(block)):
        parts.append(compressor.compress(block[: min(len(block), padding - start)]))
    parts.append(compressor.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = gzip.compress(data, 9, mtime=0)
    return data


def reencode(body: bytes, charset: str) -> bytes:
    """Re-encode a UTF-8 page in `charset` and say so in its <meta> / XML declaration."""
    relabelled = DECLARED_CHARSET.sub(lambda m: m[1] + charset.encode(), body)
    return relabelled.decode("utf-8", "replace").encode(charset, "xmlcharrefreplace")


class ReplayHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log instead of printing; a client hanging up mid-request is routine here."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            log.debug("client %s went away: %s", client_address, error)
        else:
            log.exception("replay server error answering %s", client_address)


def make_handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_ReplayHandler):
        replay = server

    return Handler


class _ReplayHandler(BaseHTTPRequestHandler):
    replay: ReplayServer
    protocol_version = "HTTP/1.1"  # keep-alive, as real forums do
    timeout = 30  # an idle keep-alive connection never holds a thread for long
    server_version = "Apache"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # the request log is self.replay.requests

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        path_query = path_and_query(self.path)
        fault = self.replay.record_request(self.command, path_query, self.headers.get("Cookie", ""))
        kind = fault[0] if fault else None
        if kind in ("timeout", "delay") and not self.replay.wait(float(fault[1])):
            return self._reset()
        if kind == "reset":
            return self._reset()
        status, content_type, body, headers = self.replay.resolve(path_query)
        if self.replay.claim_charset and content_type.startswith("text/html"):
            content_type = f"text/html; charset={self.replay.claim_charset}"
        if kind == "status":
            status = int(fault[1])
            content_type, body = "text/html; charset=UTF-8", status_page(status)
        elif kind == "429":
            retry_after = fault[1]
            if isinstance(retry_after, datetime):
                retry_after = format_datetime(retry_after, usegmt=True)
            status, content_type, body = 429, "text/html; charset=UTF-8", status_page(429)
            headers["Retry-After"] = str(retry_after)
        elif kind == "empty":
            status, body = 200, b""
        elif kind == "encoding":
            charset = fault[1]
            body = reencode(body, charset)
            mime = content_type.split(";")[0].strip()
            content_type = f"{mime}; charset={charset}" if fault[2:] != ("meta",) else mime
        elif kind == "smf_error":
            status, content_type = int(fault[2]) if fault[2:] else 200, "text/html; charset=UTF-8"
            body = self.replay.smf_error_page(fault[1])
            if status == 503:
                headers["Retry-After"] = "3600"
        elif kind == "gzip":
            body = gzip_layers(body, int(fault[1]), int(fault[2]) if fault[2:] else 0)
            headers["Content-Encoding"] = ", ".join(["gzip"] * int(fault[1]))
        elif kind == "redirect":
            status, content_type, body = int(fault[2]) if fault[2:] else 302, "text/html; charset=UTF-8", b""
            headers["Location"] = str(fault[1])
        if "Date" in headers:
            # A server whose clock says another day (the page's "Today at" means that day).
            self.log_request(status)
            self.send_response_only(status)
            self.send_header("Server", self.version_string())
        else:
            self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.replay.guest_session:
            self.send_header("Set-Cookie", f"PHPSESSID={self.replay.guest_session}; path=/")
        if kind == "truncate":
            self.send_header("Connection", "close")
            self.close_connection = True
            body = body[: int(fault[1])]
        try:
            self.end_headers()
            if head:
                return
            if kind == "slow":
                self._trickle(body, float(fault[1]))
            else:
                self.wfile.write(body)
        except OSError:  # the client gave up (e.g. after a "timeout" fault)
            self.close_connection = True

    def _trickle(self, body: bytes, rate: float) -> None:
        """Send the body at `rate` bytes a second until done or stopped.

        Byte n is due n / rate seconds after the headers; every write sends what is due (at
        least one byte), so a fast trickle costs a write per wake-up, not one per byte, and
        keeps its rate on a loaded machine.
        """
        started = time.monotonic()
        sent = 0
        while sent < len(body):
            due = min(len(body), max(sent + 1, int((time.monotonic() - started) * rate) + 1))
            self.wfile.write(body[sent:due])
            self.wfile.flush()
            sent = due
            if sent < len(body) and not self.replay.wait(max(0.0, started + sent / rate - time.monotonic())):
                self.close_connection = True
                return

    def _reset(self) -> None:
        """Drop the connection with a TCP RST and no response."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        # The stream objects keep the descriptor open until the handler finishes; the
        # server's shutdown(SHUT_WR) then fails on the closed socket, so no FIN goes first.
        self.connection.close()
