"""Canonical SMF URLs, so no page is fetched twice and the crawl never leaves the forum.

SMF writes the same page many ways: `;` or `&` between parameters, a
PHPSESSID for cookieless guests, `#new` and `#msgN` fragments, `.msgN` and
`.new` jump forms, `prev_next` links to neighbouring topics, sort orders, and
the search-engine-friendly form `index.php/topic,200176.0.html`. Every page is
reduced to one of three canonical forms:

    ROOT                      the board index
    ROOT?board=ID.START       a message-index page
    ROOT?topic=ID.START       a topic page

where ROOT is the forum script's scheme+host+path (e.g. `https://f.org/index.php`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from .errors import UsageError

# Parameters that never change what a page shows (sessions, tracking, display).
IGNORED_PARAMS = frozenset({"phpsessid", "sesc", "prev_next", "imode", "wap", "wap2", "nowap", "theme"})

# "200176.0", "200176.15", "200176.msg1197124", "200176.new"
_ID_START = re.compile(
    r"""^(?P<id>\d+)
        (?:\.(?:
            (?P<start>\d+)          # a page offset
          | msg(?P<msg>\d+)         # jump to a message: the page is known only after fetching
          | (?P<new>new)            # jump to the first unread post
        ))?$""",
    re.VERBOSE,
)

# The cookie PHP's sessions use (session.name): a guest's is never kept.
SESSION_COOKIES = frozenset({"phpsessid"})
# A session parameter in a query: PHPSESSID=... (cookieless guests) or sesc=... (SMF 1.1's
# session check), with the separator that follows it, so the rest of the query is kept.
_SESSION_PARAM = re.compile(
    r"""(?:(?<=[?;&])|^)             # at the start of the query or after a separator
        (?:phpsessid|sesc)=[^&;#]*    # the session parameter and its value
        (?:&amp;|[&;])?               # the separator after it (HTML-escaped in hrefs)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# SEF form: index.php/topic,200176.0.html or index.php/board,102.15.html
_SEF = re.compile(r"^(?P<script>.*?\.php)/(?P<kind>topic|board),(?P<rest>[^/]+?)(?:\.html)?/?$")


@dataclass(frozen=True, slots=True)
class SmfUrl:
    kind: str  # "board_index", "message_index" or "topic"
    id: int | None = None
    start: int = 0
    msg: int | None = None  # for a `.msgN` jump whose page offset is unknown


def forum_root(url: str) -> str:
    """The forum script URL (scheme+host+path) for any page URL of the forum."""
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port  # "[::1" or a bad port raise here
    except ValueError as exc:
        raise UsageError(f"not a valid URL ({exc}): {url!r}") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UsageError(f"not an http(s) URL: {url!r}")
    # Never keep user:password@ (it would be stored and shown); IPv6 hosts keep their brackets.
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    path = parts.path or "/"
    sef = _SEF.match(path)
    if sef:
        path = sef.group("script")
    elif path.endswith("/"):
        path += "index.php"
    elif not path.endswith(".php"):
        path = path.rsplit("/", 1)[0] + "/index.php"
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))


def strip_session(url: str) -> str:
    """Drop PHPSESSID and sesc from a URL's query, keeping everything else as written.

    SMF writes the guest's session id into every link and into redirect
    Locations (`index.php?PHPSESSID=…;topic=200903.0`); no URL stored or
    fetched may carry one.
    """
    if "?" not in url:
        return url
    head, _, rest = url.partition("?")
    query, hash_, fragment = rest.partition("#")
    query = _SESSION_PARAM.sub("", query).rstrip("&;")
    if query.endswith("&amp"):
        query = query[: -len("&amp")]
    return f"{head}?{query}{hash_}{fragment}" if query else f"{head}{hash_}{fragment}"


def _params(query: str) -> dict[str, str]:
    # SMF joins parameters with ';' (its default) or '&'; keys are case-insensitive.
    pairs = parse_qsl(query.replace(";", "&"), keep_blank_values=True)
    return {k.lower(): v for k, v in pairs if k.lower() not in IGNORED_PARAMS}


def parse_smf_url(url: str, *, root: str) -> SmfUrl | None:
    """Classify a URL of this forum, or None if it is off-forum or not a page we walk."""
    absolute = urljoin(root, url.strip())
    parts = urlsplit(absolute)
    root_parts = urlsplit(root)
    if (parts.scheme.lower(), parts.netloc.lower()) != (root_parts.scheme, root_parts.netloc):
        return None
    path = parts.path
    params: dict[str, str]
    sef = _SEF.match(path)
    if sef:
        path = sef.group("script")
        params = {sef.group("kind"): sef.group("rest"), **_params(parts.query)}
    else:
        if path.endswith("/"):
            path += "index.php"
        params = _params(parts.query)
    if path != root_parts.path:
        return None
    if "action" in params:
        # login, register, search, profile, printpage, help, .xml ...: never walked.
        # SMF 2.1 with a portal may serve the board index at action=forum.
        return SmfUrl("board_index") if params["action"] == "forum" and len(params) == 1 else None
    for key, kind in (("topic", "topic"), ("board", "message_index")):
        if key in params:
            if len(params) > 1 and not set(params) <= {key, "all"}:
                return None  # sort orders, "all" views and other variants of a page we already walk
            if "all" in params:
                return None
            match = _ID_START.match(params[key])
            if not match:
                return None
            if match.group("msg"):
                return SmfUrl(kind, int(match.group("id")), 0, int(match.group("msg")))
            if match.group("new"):
                return None
            return SmfUrl(kind, int(match.group("id")), int(match.group("start") or 0))
    if not params:
        return SmfUrl("board_index")
    return None


def build_url(root: str, target: SmfUrl) -> str:
    """The canonical URL of a page."""
    if target.kind == "board_index":
        return root
    key = "topic" if target.kind == "topic" else "board"
    suffix = f"msg{target.msg}" if target.msg is not None else str(target.start)
    return f"{root}?{key}={target.id}.{suffix}"


def canonical_url(url: str, *, root: str) -> str | None:
    """The canonical form of a forum page URL, or None if it is not one we walk."""
    target = parse_smf_url(url, root=root)
    return build_url(root, target) if target else None


def rss_url(root: str) -> str:
    return f"{root}?action=.xml;type=rss"


def topic_msg_url(root: str, topic_id: int, msg_id: int) -> str:
    """Where a post lives on the forum (SMF resolves .msgN to the right page)."""
    return f"{root}?topic={topic_id}.msg{msg_id}#msg{msg_id}"
