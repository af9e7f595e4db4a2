"""Pure SMF page parser: HTML string in, frozen dataclasses out.

    parse_page(html, url=..., now=..., tz=..., time_format=None) -> BoardIndex | MessageIndex | TopicPage

Supports SMF 1.1 (default theme), 2.0 (default "Curve" theme) and 2.1 (default
theme); the version is read from the page. Selectors live in one table per
version (v11.py, v20.py, v21.py); 1.1's table-only pages are read by topic11.py,
index11.py. No I/O, no clock: `now` (the server's clock for the page), `tz` and
the forum's strftime `time_format` (None: SMF's English defaults) are arguments.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser

from ..errors import ScraperError, UnexpectedLayout
from ..models import BoardIndex, MessageIndex, TopicPage
from .detect import check_error_page, detect_kind, detect_layout, is_smf11
from . import index11, topic11
from .index import parse_board_index, parse_message_index
from .listing_check import check_rows_read
from .structure import check_structure
from .times import detect_page_utc_offset, detect_timezone_offset, parse_rss_times, parse_time
from .cut import cut_bodies, cut_signatures
from .topic import parse_topic, topic_page_shortfall, without_repeats

__all__ = [
    "detect_page_utc_offset",
    "detect_timezone_offset",
    "parse_page",
    "parse_rss_times",
    "parse_time",
    "topic_page_shortfall",
]

log = logging.getLogger(__name__)


def _ends_complete(html: str) -> bool:
    """Every SMF theme ends its pages with </html>; a truncated body does not."""
    return "</html>" in html[-4096:].lower()


def parse_page(
    html: str, *, url: str, now: datetime, tz: ZoneInfo, time_format: str | None = None
) -> BoardIndex | MessageIndex | TopicPage:
    """Parse one SMF page, telling its kind and SMF version from the page itself.

    Raises ForumErrorPage for SMF's own error pages (served with HTTP 200),
    NotSMF for a page that is not SMF, and UnexpectedLayout for an SMF page
    that cannot be read (never a silently empty topic).
    """
    try:
        if "\x00" in html:
            # Never part of a page (SMF strips it from input); inside a tag name it would
            # turn <div> into an unknown element and unbalance the page around it.
            html = html.replace("\x00", "")
        if is_smf11(html):
            return _parse_page11(html, url=url, now=now, tz=tz, time_format=time_format)
        bodies, skeleton = cut_bodies(html)
        signatures, skeleton = cut_signatures(skeleton)
        # Before the tree: lexbor's work grows with nesting depth (66k unclosed <div>: minutes).
        check_structure(skeleton, url)
        tree = LexborHTMLParser(skeleton)
        check_error_page(tree, skeleton, url)
        layout = detect_layout(tree, skeleton, url)
        if layout.version == "1.1":  # 1.1 with its copyright themed away
            return _parse_page11(html, url=url, now=now, tz=tz, time_format=time_format)
        kind = detect_kind(tree)
        if not _ends_complete(html):
            # A body cut short but served as complete (a proxy, a killed PHP
            # worker): parsing it would drop posts silently.
            raise UnexpectedLayout(url, "page ends early (no closing </html>): truncated response")
        if kind == "topic":
            return parse_topic(tree, skeleton, layout, bodies=bodies, url=url, now=now, tz=tz, time_format=time_format,
                               signatures=signatures)
        if kind == "message_index":
            return _checked(parse_message_index(tree, skeleton, layout, url=url, now=now, tz=tz, time_format=time_format),
                            html, url)
        if kind == "board_index":
            return _checked(parse_board_index(tree, skeleton, layout, url=url), html, url)
        raise UnexpectedLayout(url, "not a board index, message index or topic page")
    except ScraperError:
        raise
    except (ValueError, IndexError, KeyError, AttributeError, TypeError, OverflowError) as exc:
        # A page mangled in a way no selector foresaw: report it as unreadable.
        log.debug("parse failed for %s", url, exc_info=True)
        raise UnexpectedLayout(url, f"{type(exc).__name__}: {exc}") from exc


def _checked(listing: BoardIndex | MessageIndex, html: str, url: str) -> BoardIndex | MessageIndex:
    """The listing, once every row its HTML holds is known to be in it (listing_check.py).

    Checked against the page as served, not the skeleton: a post body's opening tag where no
    listing has one would have cut rows out of the skeleton before the tree was built.
    """
    check_rows_read(listing, html, url)
    return listing


def _parse_page11(
    html: str, *, url: str, now: datetime, tz: ZoneInfo, time_format: str | None
) -> BoardIndex | MessageIndex | TopicPage:
    """An SMF 1.1 page: its bodies are cut and its kinds told apart its own way (topic11.py, index11.py)."""
    bodies, skeleton = topic11.cut_bodies(html)
    signatures, skeleton = topic11.cut_signatures(skeleton)
    check_structure(skeleton, url)
    tree = LexborHTMLParser(skeleton)
    check_error_page(tree, skeleton, url)
    topic11.check_error_page(tree, url)
    kind = topic11.kind_of(tree)
    if not _ends_complete(html):
        raise UnexpectedLayout(url, "page ends early (no closing </html>): truncated response")
    if kind == "topic":
        page = topic11.parse_topic(tree, skeleton, bodies=bodies, signatures=signatures, url=url, now=now, tz=tz,
                                   time_format=time_format)
        posts = without_repeats(list(page.posts), url)
        return page if len(posts) == len(page.posts) else replace(page, posts=tuple(posts))
    if kind == "message_index":
        return _checked(index11.parse_message_index(tree, skeleton, url=url, now=now, tz=tz, time_format=time_format),
                        html, url)
    if kind == "board_index":
        return _checked(index11.parse_board_index(tree, skeleton, url=url), html, url)
    raise UnexpectedLayout(url, "not a board index, message index or topic page")
