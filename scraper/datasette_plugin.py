"""Datasette plugin for an archive: safe post HTML, and links between posts and cables.

Registered in code by `scraper.serve` (and by the tests) with
`datasette.plugins.pm.register`, never through an entry point, so installing
smf-archive changes nothing in other Datasette instances.

- `body_html` cells (posts, post_versions, any query) are the forum's HTML:
  sanitised with nh3 to harmless formatting tags. No script, style, iframe,
  form, image or event-handler attribute survives, links may only be http(s)
  or mailto and get rel="nofollow noopener noreferrer". Images are dropped
  too: opening the archive must not make the browser fetch from the forum or
  an image host.
- `msg_id` cells link to the post's row and to the post on the forum
  (`<forums.url>?topic=T.msgM#msgM`); on `posts`, also to the post's cables
  and versions (compound foreign keys, which Datasette does not follow).
- `cable_id`, `cables.id` and `ref_id` cells link to the cable's row and to
  the `cable_posts` canned query (every post that touches it).
- `topic_id`, `member_id` and `board_id` cells link to their rows and, for
  topics and members, to the `topic_timeline` and `member_posts` queries.
- Every connection to the archive is `query_only`: nothing served can write.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import markupsafe
import nh3
from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

# Formatting SMF's BBCode produces, minus anything that runs, loads or styles.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdo", "big", "blockquote", "br", "center", "cite", "code",
        "dd", "del", "dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "tt", "u", "ul", "var",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Dropped with their content, not just their tags.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
     "textarea", "select", "title"}
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

# Columns holding a cable ID, by table (None: any table, view or query).
CABLE_ID_COLUMNS = {"cable_id", "ref_id"}

CSS_PATH = "/-/smf-archive.css"
# Post bodies stay short in lists (scroll inside the cell) and whole on a row page.
STYLESHEET = """\
body.table td.col-body_html .smf-post-body,
body.query td.col-body_html .smf-post-body { max-height: 12em; overflow: auto; min-width: 24em; }
.smf-post-body pre { white-space: pre-wrap; }
.smf-links { white-space: nowrap; }
body.table .smf-row-only, body.query .smf-row-only { display: none; }
table.smf-row-vertical { width: 100%; table-layout: fixed; }
table.smf-row-vertical th { text-align: left; vertical-align: top; width: 18em; padding-right: 1em; white-space: normal; }
table.smf-row-vertical th::after {
  content: attr(data-column-description); display: block;
  font-weight: normal; font-size: 0.8em; color: #555;
}
table.smf-row-vertical td { white-space: pre-wrap; }
table.smf-row-vertical td.col-body_html { white-space: normal; }
dl.column-descriptions {
  display: grid; grid-template-columns: repeat(2, max-content minmax(12em, 1fr));
  column-gap: 0.8em; row-gap: 0.2em; font-size: 0.85em;
}
dl.column-descriptions dt { font-weight: bold; }
dl.column-descriptions dd { margin: 0; color: #444; }
@media only screen and (max-width: 800px) {
  dl.column-descriptions { grid-template-columns: max-content 1fr; }
}
"""

# A row page shows one row: turn Datasette's one-row table into "column | value"
# lines, each column with its description. Our script, not the forum's.
ROW_SCRIPT = """\
document.querySelectorAll("body.row table.rows-and-columns").forEach(function (table) {
  var heads = table.querySelectorAll("thead th");
  var rows = table.querySelectorAll("tbody tr");
  if (rows.length !== 1 || rows[0].children.length !== heads.length) return;
  var cells = Array.prototype.slice.call(rows[0].children);
  var body = document.createElement("tbody");
  heads.forEach(function (th, i) {
    var tr = document.createElement("tr");
    th.setAttribute("scope", "row");
    tr.appendChild(th);
    tr.appendChild(cells[i]);
    body.appendChild(tr);
  });
  table.replaceChild(body, table.tBodies[0]);
  table.deleteTHead();
  table.classList.add("smf-row-vertical");
});
"""

# datasette -> database -> {forum_id: forum url}
_forum_urls: weakref.WeakKeyDictionary[Any, dict[str, dict[int, str]]] = weakref.WeakKeyDictionary()


def sanitize_post_html(html: str, *, forum_url: str | None = None) -> str:
    """Return the forum's post HTML with only harmless formatting left."""
    relative: Any = ("rewrite_with_base", forum_url) if forum_url else "deny"
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        url_relative=relative,
    )


def forum_post_url(forum_url: str, topic_id: int, msg_id: int) -> str:
    """The post on the forum: `<forum url>?topic=T.msgM#msgM`."""
    base = forum_url.split("#", 1)[0].split("?", 1)[0]
    return f"{base}?topic={int(topic_id)}.msg{int(msg_id)}#msg{int(msg_id)}"


@hookimpl
def prepare_connection(conn, database, datasette):
    """Make every connection to a served archive refuse writes."""
    if not database.startswith("_"):
        conn.execute("pragma query_only = 1")


@hookimpl
def register_routes():
    return [(r"^/-/smf-archive\.css$", _stylesheet)]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(CSS_PATH)]


@hookimpl
def extra_body_script(template, datasette):
    return ROW_SCRIPT if template == "row.html" else ""


async def _stylesheet():
    return Response(STYLESHEET, content_type="text/css; charset=utf-8",
                    headers={"cache-control": "no-cache"})


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    raw = _unwrap(value)
    if raw is None or raw == "":
        return None
    if column == "body_html" and isinstance(raw, str):
        return _later(_render_body_html(row, raw, database, datasette))
    if column in ("msg_id", "quoted_msg_id", "first_seen_msg_id"):
        return _later(_render_msg_id(row, raw, column, table, database, datasette))
    if column in CABLE_ID_COLUMNS or (table in ("cables", "cable_stats") and column == "id"):
        return _later(_render_cable_id(raw, column, database, datasette))
    if column in ("topic_id", "quoted_topic_id"):
        return _render_forum_id_column("topic_id", row, raw, table, database, datasette)
    if column in ("member_id", "starter_member_id"):
        return _render_forum_id_column("member_id", row, raw, table, database, datasette)
    if column in ("board_id", "parent_board_id") and table not in ("boards",):
        return _render_board_id(row, raw, database, datasette)
    return None


# --- renderers ---------------------------------------------------------------


async def _render_body_html(row, html: str, database: str, datasette) -> markupsafe.Markup:
    forum_id = _int(_get(row, "forum_id"))
    forum_url = await _forum_url(datasette, database, forum_id)
    clean = sanitize_post_html(html, forum_url=forum_url)
    return markupsafe.Markup(f'<div class="smf-post-body">{clean}</div>')


async def _render_msg_id(row, msg_id, column: str, table: str | None, database: str, datasette):
    msg_id = _int(msg_id)
    if msg_id is None:
        return None
    forum_id = _int(_get(row, "forum_id"))
    if forum_id is None:
        forum_id = await _only_forum_id(datasette, database)
        if forum_id is None:
            return None
    topic_id = _int(_get(row, "topic_id")) if column == "msg_id" else None
    if column == "quoted_msg_id":
        topic_id = _int(_get(row, "quoted_topic_id"))
    db = datasette.get_database(database)
    if topic_id is None or table not in (None, "posts", "post_details", "cable_mentions"):
        found = await db.execute(
            "select topic_id from posts where forum_id = ? and msg_id = ?", [forum_id, msg_id]
        )
        first = found.first()
        if first is None:
            return None  # not archived: leave the number as it is
        topic_id = first[0]
    parts = [_link(_row_url(datasette, database, "posts", forum_id, msg_id), str(msg_id),
                   title="this post in the archive")]
    forum_url = await _forum_url(datasette, database, forum_id)
    if forum_url and topic_id is not None:
        parts.append(_link(forum_post_url(forum_url, topic_id, msg_id), "forum\u00a0\u2197",
                           title="this post on the forum", external=True))
    if table == "posts" and column == "msg_id":
        # Shown on the post's row page only (the stylesheet hides it in lists).
        where = {"forum_id": forum_id, "msg_id": msg_id}
        extra = _joined([
            _link(_table_url(datasette, database, "post_cables", where), "cables", title="cables this post touches"),
            _link(_table_url(datasette, database, "post_versions", where), "versions",
                  title="every version of this post"),
            _link(_table_url(datasette, database, "quotes", where), "quotes", title="quotes in this post"),
        ])
        return _joined(parts) + markupsafe.Markup('<span class="smf-row-only"> \u00b7 {}</span>').format(extra)
    return _joined(parts)


async def _render_cable_id(cable_id, column: str, database: str, datasette):
    cable_id = str(cable_id)
    db = datasette.get_database(database)
    found = (await db.execute("select subject from cables where id = ?", [cable_id])).first()
    if found is None:
        return None  # a reference to a cable the archive has not seen
    parts = [_link(_row_url(datasette, database, "cables", cable_id), cable_id, title=found[0] or "")]
    parts.append(_link(_query_url(datasette, database, "cable_posts", {"id": cable_id}), "posts",
                       title="every post that touches this cable"))
    if column == "id":
        parts.append(_link(_query_url(datasette, database, "cable_commentary", {"id": cable_id}),
                           "commentary", title="what users said about this cable"))
        parts.append(_link(_query_url(datasette, database, "cables_referencing", {"id": cable_id}),
                           "referenced by", title="cables that reference this cable"))
    return _joined(parts)


# An id column that links to its own row and to a canned query about it.
_ID_LINKS = {
    "topic_id": ("topics", "the topic", "topic_timeline", "topic_id", "timeline",
                 "every post of this topic in order"),
    "member_id": ("members", "the member", "member_posts", "member", "posts",
                  "this member's posts and the cables they brought"),
}


def _render_forum_id_column(column: str, row, value, table: str | None, database: str, datasette):
    """A topic_id or member_id: its row (unless we are on it) and its canned query."""
    target, row_title, query, param, label, query_title = _ID_LINKS[column]
    value = _int(value)
    forum_id = _int(_get(row, "forum_id"))
    if value is None or forum_id is None:
        return None
    if table != target:
        first = _link(_row_url(datasette, database, target, forum_id, value), str(value), title=row_title)
    else:
        first = markupsafe.escape(str(value))
    return _joined([first, _link(_query_url(datasette, database, query, {param: value}), label, title=query_title)])


def _render_board_id(row, board_id, database: str, datasette):
    board_id = _int(board_id)
    forum_id = _int(_get(row, "forum_id"))
    if board_id is None or forum_id is None:
        return None
    return _link(_row_url(datasette, database, "boards", forum_id, board_id), str(board_id), title="the board")


# --- helpers -------------------------------------------------------------------


def _later(coro: Awaitable[Any]) -> Callable[[], Awaitable[Any]]:
    # Datasette awaits what render_cell returns (await_me_maybe).
    async def inner():
        return await coro

    return inner


def _unwrap(value):
    # Datasette hands expanded foreign keys over as {"value": ..., "label": ...}.
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    return value


def _get(row, key: str):
    try:
        keys = row.keys()
    except AttributeError:
        return None
    return _unwrap(row[key]) if key in keys else None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


async def _forum_urls_for(datasette, database: str, *, refresh: bool = False) -> dict[int, str]:
    per_db = _forum_urls.setdefault(datasette, {})
    if refresh or database not in per_db:
        db = datasette.get_database(database)
        try:
            rows = (await db.execute("select id, url from forums")).rows
        except Exception:  # not an archive: no forums table
            rows = []
        per_db[database] = {int(r[0]): url for r in rows if (url := safe_forum_url(r[1]))}
    return per_db[database]


def safe_forum_url(url: object) -> str | None:
    """A stored forum URL fit to link to: http(s) with a host, credentials dropped; else None.

    `forums.url` is data like any other: a `javascript:` URL there must never become a link.
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or any(c in url for c in "\"\'<> \t\r\n"):
        return None
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, ""))


async def _forum_url(datasette, database: str, forum_id: int | None) -> str | None:
    if forum_id is None:
        forum_id = await _only_forum_id(datasette, database)
        if forum_id is None:
            return None
    urls = await _forum_urls_for(datasette, database)
    if forum_id not in urls:  # a forum added since the cache was filled
        urls = await _forum_urls_for(datasette, database, refresh=True)
    return urls.get(forum_id)


async def _only_forum_id(datasette, database: str) -> int | None:
    urls = await _forum_urls_for(datasette, database)
    return next(iter(urls)) if len(urls) == 1 else None


def _row_url(datasette, database: str, table: str, *pks) -> str:
    row_path = ",".join(tilde_encode(str(pk)) for pk in pks)
    return datasette.urls.row(database, table, row_path)


def _table_url(datasette, database: str, table: str, where: dict[str, Any]) -> str:
    return f"{datasette.urls.table(database, table)}?{urlencode(where)}"


def _query_url(datasette, database: str, query: str, params: dict[str, Any]) -> str:
    return f"{datasette.urls.query(database, query)}?{urlencode(params)}"


def _link(href: str, text: str, *, title: str = "", external: bool = False) -> markupsafe.Markup:
    rel = f' rel="{LINK_REL}"' if external else ""
    title_attr = markupsafe.Markup(' title="{}"').format(title) if title else ""
    return markupsafe.Markup('<a href="{}"{}{}>{}</a>').format(href, markupsafe.Markup(title_attr),
                                                              markupsafe.Markup(rel), text)


def _joined(parts: list) -> markupsafe.Markup:
    joined = markupsafe.Markup(" \u00b7 ").join(parts)
    return markupsafe.Markup('<span class="smf-links">{}</span>').format(joined)
