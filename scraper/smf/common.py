"""Small helpers shared by the page parsers: ids from URLs, numbers, page links."""

from __future__ import annotations

import html as html_lib
import math
import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..urls import strip_session

# topic=200457.15 / topic=200457.msg1199150 / topic=200457.0;all, or the search-engine-
# friendly index.php/topic,200457.15.html
_TOPIC_REF = re.compile(
    r"""(?:[?;&]topic=|\.php/topic,)(?P<topic>\d+)   # the topic id, query or SEF form
    (?:\.(?:(?P<start>\d+)|msg(?P<msg>\d+)))?   # .start or .msgN
    """,
    re.VERBOSE,
)
_BOARD_REF = re.compile(r"(?:[?;&]board=|\.php/board,)(?P<board>\d+)(?:\.(?P<start>\d+))?")
_MEMBER_REF = re.compile(r"[?;&]action=profile;(?:.*;)?u=(?P<member>\d+)")
_MSG_REF = re.compile(r"(?:[?;&]msg=|#msg|\.msg)(?P<msg>\d+)")
# A number as SMF's number_format prints it: "1,312", "20.706", "1 045".
_NUMBER = re.compile(r"\d[\d,.\s\xa0']*")
_NON_DIGIT = re.compile(r"\D")
# expandPages(this, 'base', firstStart, lastStart, perPage): the "..." in page lists.
_EXPAND_PAGES = re.compile(r"expandPages\(this,\s*'[^']*',\s*(\d+),\s*(\d+),\s*(\d+)\)")


def topic_ref(href: str) -> tuple[int, int | None, int | None] | None:
    """Return (topic_id, start, msg_id) from a topic link, or None."""
    m = _TOPIC_REF.search(href)
    if not m:
        return None
    start = int(m.group("start")) if m.group("start") else None
    msg = int(m.group("msg")) if m.group("msg") else None
    return int(m.group("topic")), start, msg


def board_ref(href: str) -> tuple[int, int] | None:
    """Return (board_id, start) from a board link, or None (action links are not boards)."""
    if "action=" in href:
        return None
    m = _BOARD_REF.search(href)
    if not m:
        return None
    return int(m.group("board")), int(m.group("start") or 0)


def member_ref(href: str) -> int | None:
    m = _MEMBER_REF.search(href)
    return int(m.group("member")) if m else None


def msg_ref(href: str) -> int | None:
    m = _MSG_REF.search(href)
    return int(m.group("msg")) if m else None


def to_int(text: str | None) -> int | None:
    """Read the first number in `text`, ignoring thousands separators."""
    if not text:
        return None
    m = _NUMBER.search(text)
    if not m:
        return None
    digits = _NON_DIGIT.sub("", m.group(0))
    return int(digits) if digits else None


def clean(text: str | None) -> str:
    """Collapse whitespace (NBSP included) in template text such as names and labels."""
    if not text:
        return ""
    return " ".join(text.replace("\xa0", " ").split())


def absolute(href: str, base: str) -> str:
    """The link as an absolute URL, without the guest session id SMF writes into links."""
    url = urljoin(base, html_lib.unescape(href)) if "&" in href else urljoin(base, href)
    return strip_session(url)


def href_of(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return node.attributes.get("href") or ""


def canonical(tree: LexborHTMLParser) -> str:
    return href_of(tree.css_first('link[rel="canonical"]'))


def page_starts(
    tree: LexborHTMLParser, *, links_css: str, current: int, ref: str, html: str
) -> tuple[int, ...]:
    """Return the start offset of every page, from the page's own pagination.

    Items per page is a forum setting: it is read from the links (their
    common step, or expandPages' argument when SMF elided pages as "...").
    """
    starts = {current}
    for node in tree.css(links_css):
        href = href_of(node)
        found = topic_ref(href) if ref == "topic" else board_ref(href)
        if found is None:
            continue
        start = found[1]
        if isinstance(start, int):
            starts.add(start)
    step = 0
    last = max(starts)
    for m in _EXPAND_PAGES.finditer(html):
        step = int(m.group(3))
        last = max(last, int(m.group(2)))
    if not step:
        for value in starts:
            step = math.gcd(step, value)
    if step <= 0:
        return tuple(sorted(starts))
    filled = set(range(0, last + 1, step))
    if starts <= filled:
        return tuple(sorted(filled))
    return tuple(sorted(starts))


def linktree_board(tree: LexborHTMLParser, css: str) -> tuple[int | None, str | None]:
    """Return (board_id, board_name) of the deepest board in the breadcrumb."""
    board_id = name = None
    for node in tree.css(css):
        found = board_ref(href_of(node))
        if found:
            board_id, name = found[0], clean(node.text())
    return board_id, name
