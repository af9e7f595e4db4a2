"""Serve captured SMF pages on 127.0.0.1, with faults on demand.

Used by the tests, the benchmarks and `smf-archive demo`. A sample directory holds
the captured files and a `manifest.json` (a list of {file, url, http_status,
content_type, note[, location]}); see `samples/smf20/manifest.json`; a captured
redirect (HTTP 301 with a `location`) is replayed with that Location. The captured pages hold
absolute links to the address they were captured from; every body served has that
base (scheme://host:port) rewritten to the server's own address.

Faults, one consumed per request to a path+query:

    ("status", 500|502|503|504)     that status with a small HTML body
    ("429", seconds_or_http_date)   429 with that Retry-After
    ("timeout", seconds)            wait that long before answering (longer than the client timeout)
    ("delay", seconds)              wait, then answer normally
    ("reset",)                      close the connection with a TCP RST, no response
    ("truncate", n_bytes)           declare the full Content-Length, send n bytes, close
    ("empty",)                      200 with an empty body
    ("encoding", charset[, "meta"]) re-encode the page; the charset goes in the Content-Type
                                    header, or (with "meta") only in the page's <meta>
    ("smf_error", kind[, status])   SMF's maintenance / "Connection Problems" page
                                    (kind "maintenance" or "database_error"), HTTP 200 unless
                                    a status is given (real SMF sends 503 + Retry-After: 3600)
    ("slow", bytes_per_second)      the headers at once, then the body trickling at that rate
    ("gzip", layers[, padding])     the page (plus `padding` spaces) gzipped `layers` times,
                                    each layer named in Content-Encoding: ("gzip", 2, 3 * 2**30)
                                    is a few KB that inflate to 3 GB
    ("redirect", location[, status]) a redirect (302 unless given) to `location`, as sent

`cookies_sent(path_query)` says which Cookie headers reached a path. `claim_charset=` makes
every HTML page's Content-Type claim that charset, its bytes unchanged (a misconfigured server).

Run by hand with `python -m scraper.replay DIR [--port N]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .replay_http import ReplayHTTPServer, gzip_layers, make_handler, path_and_query, status_page

log = logging.getLogger(__name__)

# Everything a robot may fetch except SMF's actions (login, search, print, feeds ...).
DEFAULT_ROBOTS_TXT = "User-agent: *\nDisallow: /index.php?action=\n"
DEFAULT: Any = object()  # sentinel: "use DEFAULT_ROBOTS_TXT"

Response = tuple[int, str, bytes | str] | tuple[int, str, bytes | str, Mapping[str, str]]
Override = Response | Callable[[str], Response]
Fault = tuple[Any, ...]

# SMF's queryless ("search engine friendly") URLs: index.php/topic,200457.15.html
SEF_PATH = re.compile(
    r"""^(?P<script>/[^?]*?\.php)/      # the script, then a slash
        (?P<pairs>[^?]+?)               # key,value pairs separated by slashes
        (?:\.html)?$                    # usually ended by .html
    """,
    re.VERBOSE,
)
# A query naming one page and nothing else: topic=200457.15 or board=102.0.
QUERY_PAGE = re.compile(r"^(?P<key>topic|board)=(?P<value>\d+\.\d+)$")
# Text that SMF prints itself, with no theme, when it cannot serve the forum
# (Sources/Errors.php: display_maintenance_message(), display_db_error(); 2.0 used an
# XHTML doctype). $mtitle and $mmessage are the defaults of SMF's Settings.php.
SMF_ERROR_TEXT = {
    "maintenance": (
        "Maintenance Mode",
        "Okay faithful users...we're attempting to restore an older backup of the database..."
        "news will be posted once we're back!",
    ),
    "database_error": (
        "Connection Problems",
        "Sorry, SMF was unable to connect to the database.  This may be caused by the server"
        " being busy.  Please try again later.",
    ),
}
DOCTYPE = {
    "2.0": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
    ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    '<html xmlns="http://www.w3.org/1999/xhtml">',
    "2.1": "<!DOCTYPE html>\n<html>",
}


def find_sample_dir(name: str) -> Path:
    """Return the directory of a bundled sample forum ("smf20" or "smf21")."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_samples" / name, here.parent / "samples" / name):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise FileNotFoundError(f"no sample forum named {name!r}")


def _candidates(path_query: str) -> list[str]:
    """Return the keys a request may match: as sent, & as ;, SEF as query, / as /index.php."""
    keys = [path_query]
    path, _, query = path_query.partition("?")
    if "&" in query:
        keys.append(f"{path}?{query.replace('&', ';')}")
    if match := SEF_PATH.match(path):
        pairs = [p.replace(",", "=", 1) for p in match["pairs"].split("/") if p]
        sef_query = ";".join(pairs + ([query.replace("&", ";")] if query else []))
        keys.append(f"{match['script']}?{sef_query}")
    elif path.endswith(".php") and (only := QUERY_PAGE.match(query)):
        # SMF with queryless URLs on still answers ?topic=N.S: serve its SEF capture.
        keys.append(f"{path}/{only['key']},{only['value']}.html")
    if path == "/":
        keys.extend(f"/index.php{key[1:]}" for key in list(keys))
    return keys


class ReplayServer:
    """A ThreadingHTTPServer on 127.0.0.1 (port 0) serving one sample forum."""

    def __init__(
        self,
        sample_dir: str | Path,
        *,
        faults: Mapping[str, Iterable[Fault]] | None = None,
        overrides: Mapping[str, Override] | None = None,
        robots_txt: str | None = DEFAULT,
        claim_charset: str | None = None,
        port: int = 0,
        guest_session: str | None = None,
    ) -> None:
        self.sample_dir = Path(sample_dir)
        entries = json.loads((self.sample_dir / "manifest.json").read_text(encoding="utf-8"))
        bases = {f"{urlsplit(e['url']).scheme}://{urlsplit(e['url']).netloc}" for e in entries}
        if len(bases) != 1:
            raise ValueError(f"manifest mixes several sites: {sorted(bases)}")
        self.captured_base = bases.pop()
        self._pages = {
            path_and_query(e["url"]): (e["http_status"], e["content_type"], self.sample_dir / e["file"])
            for e in entries
        }
        # Captured redirects (a 2.1 redirect topic answers 301): their Location, as captured.
        self._locations = {path_and_query(e["url"]): e["location"] for e in entries if e.get("location")}
        self.smf_version = self._guess_smf_version()
        self.robots_txt = DEFAULT_ROBOTS_TXT if robots_txt is DEFAULT else robots_txt
        # A misconfigured server: every HTML page's header claims this charset, bytes unchanged.
        self.claim_charset = claim_charset
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._log: list[tuple[str, str]] = []
        # As SMF does for a guest: a PHPSESSID cookie set with every answer (None: none).
        self.guest_session = guest_session
        self._cookies: list[str] = []  # the Cookie header of every request ("" when none)
        self._faults: dict[str, list[Fault]] = {}
        self._overrides: dict[str, Override] = {}
        self._httpd = ReplayHTTPServer(("127.0.0.1", port), make_handler(self))
        self.port: int = self._httpd.server_address[1]
        self.root = f"http://127.0.0.1:{self.port}/"
        self.base_url = f"{self.root}index.php"
        # Bound and listening, not yet answering: faults (whose bodies are rewritten for this
        # port) are queued before the first request can be served.
        for key, value in (overrides or {}).items():
            self.set_override(key, value)
        for key, queue in (faults or {}).items():
            self.add_faults(key, *queue)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
            name=f"replay-{self.port}",
        )
        self._thread.start()

    # --- lifecycle ----------------------------------------------------------

    def __enter__(self) -> ReplayServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving; slow faults in progress are cut short."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # --- what tests change and inspect ------------------------------------

    def url(self, path_query: str) -> str:
        """Return the absolute URL of a path+query on this server."""
        return self.root + path_and_query(path_query).lstrip("/")

    @property
    def requests(self) -> tuple[tuple[str, str], ...]:
        """Every request so far, in order, as (method, path+query)."""
        with self._lock:
            return tuple(self._log)

    @property
    def request_cookies(self) -> tuple[str, ...]:
        """The Cookie header of every request so far, in order ("" when none was sent)."""
        with self._lock:
            return tuple(self._cookies)

    def request_count(self, path_query: str) -> int:
        key = path_and_query(path_query)
        with self._lock:
            return sum(1 for _, seen in self._log if seen == key)

    def clear_requests(self) -> None:
        with self._lock:
            self._log.clear()
            self._cookies.clear()

    def cookies_sent(self, path_query: str | None = None) -> list[str | None]:
        """The Cookie header of every request (to `path_query`, if given), in order; None: none."""
        key = None if path_query is None else path_and_query(path_query)
        with self._lock:
            return [cookie or None for (_, seen), cookie in zip(self._log, self._cookies) if key in (None, seen)]

    def set_override(self, path_query: str, response: Override) -> None:
        """Answer path+query with (status, content_type, body[, headers]) or callable(path_query)."""
        with self._lock:
            self._overrides[path_and_query(path_query)] = response

    def clear_overrides(self) -> None:
        with self._lock:
            self._overrides.clear()

    def add_faults(self, path_query: str, *faults: Fault) -> None:
        """Queue faults for path+query; each later request consumes one."""
        for fault in faults:
            _check_fault(fault)
        for fault in faults:
            if fault[0] == "gzip":
                # Compressed now, not when asked: a bomb's padding takes a second of CPU, many
                # seconds on a loaded machine, and the client's deadline would run out first.
                body = self.resolve(path_and_query(path_query))[2]
                gzip_layers(body, int(fault[1]), int(fault[2]) if fault[2:] else 0)
        with self._lock:
            self._faults.setdefault(path_and_query(path_query), []).extend(tuple(f) for f in faults)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending_faults(self, path_query: str) -> int:
        with self._lock:
            return len(self._faults.get(path_and_query(path_query), ()))

    # --- serving ----------------------------------------------------------------

    def rewrite(self, body: bytes) -> bytes:
        """Point every absolute link at this server instead of the captured site."""
        old, new = self.captured_base.encode(), f"http://127.0.0.1:{self.port}".encode()
        escaped_old, escaped_new = old.replace(b"/", b"\\/"), new.replace(b"/", b"\\/")
        return body.replace(old, new).replace(escaped_old, escaped_new)

    def record_request(self, method: str, path_query: str, cookie: str = "") -> Fault | None:
        with self._lock:
            self._log.append((method, path_query))
            self._cookies.append(cookie)
            for key in _candidates(path_query):
                if queue := self._faults.get(key):
                    return queue.pop(0)
        return None

    def resolve(self, path_query: str) -> tuple[int, str, bytes, dict[str, str]]:
        """Return (status, content_type, body, extra headers) for a request, faults aside."""
        with self._lock:
            keys = [k for k in _candidates(path_query) if k in self._overrides]
            override = self._overrides[keys[0]] if keys else None
        if override is not None:
            answer = override(path_query) if callable(override) else override
            status, content_type, body, *rest = answer
            if isinstance(body, str):
                body = body.encode(_charset_of(content_type) or "utf-8", "xmlcharrefreplace")
            return status, content_type, self.rewrite(body), dict(rest[0]) if rest else {}
        if path_query.partition("?")[0] == "/robots.txt":
            if self.robots_txt is None:
                return 404, "text/html; charset=UTF-8", status_page(404), {}
            return 200, "text/plain; charset=UTF-8", self.robots_txt.encode(), {}
        for key in _candidates(path_query):
            if key in self._pages:
                status, content_type, path = self._pages[key]
                headers = {}
                if key in self._locations:
                    headers["Location"] = self.rewrite(self._locations[key].encode()).decode()
                return status, content_type, self.rewrite(path.read_bytes()), headers
        return 404, "text/html; charset=UTF-8", status_page(404), {}

    def smf_error_page(self, kind: str) -> bytes:
        title, message = SMF_ERROR_TEXT[kind]
        robots = '<meta name="robots" content="noindex"%s>' % (" /" if self.smf_version == "2.0" else "")
        return (
            f"{DOCTYPE[self.smf_version]}\n\t<head>\n\t\t{robots}\n\t\t<title>{title}</title>\n"
            f"\t</head>\n\t<body>\n\t\t<h3>{title}</h3>\n\t\t{message}\n\t</body>\n</html>"
        ).encode()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; return False if the server is stopping."""
        return not self._stopping.wait(seconds)

    def _guess_smf_version(self) -> str:
        index = self._pages.get("/index.php")
        text = index[2].read_bytes()[-20000:] if index else b""
        return "2.1" if b"SMF 2.1" in text or b'<meta charset="UTF-8">' in text else "2.0"


def _charset_of(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match[1] if match else None


def _check_fault(fault: Fault) -> None:
    kinds = {"status", "429", "timeout", "delay", "reset", "truncate", "empty", "encoding", "smf_error",
             "slow", "gzip", "redirect"}
    if not fault or fault[0] not in kinds:
        raise ValueError(f"unknown fault {fault!r}; expected one of {sorted(kinds)}")
    if fault[0] == "smf_error" and fault[1] not in SMF_ERROR_TEXT:
        raise ValueError(f"unknown SMF error page {fault[1]!r}")


def main(argv: list[str] | None = None) -> None:
    """Serve a sample directory until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m scraper.replay", description=main.__doc__)
    parser.add_argument("sample_dir", help="directory with manifest.json, or smf20 / smf21")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    args = parser.parse_args(argv)
    directory = Path(args.sample_dir)
    if not (directory / "manifest.json").is_file():
        directory = find_sample_dir(args.sample_dir)
    with ReplayServer(directory, port=args.port) as server:
        print(f"Serving {directory} at {server.base_url} (Ctrl-C to stop)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
