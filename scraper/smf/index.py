"""The board index (front page) and a board's message index."""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import UnexpectedLayout
from ..models import Board, BoardIndex, MessageIndex, TopicSummary
from .common import (
    absolute,
    board_ref,
    canonical,
    clean,
    href_of,
    linktree_board,
    member_ref,
    msg_ref,
    page_starts,
    to_int,
    topic_ref,
)
from .layout import Layout
from .legend import cut_out
from .rows import topic_rows
from .times import detect_page_utc_offset, parse_time

_BOARD_ROW_ID = re.compile(r"^board_(\d+)$")
_CATEGORY_ID = re.compile(r"^category_(\d+)$")
# 2.1 "Replies: 20 Views: 1,312" (label first), 2.0 "20 Replies 1,312 Views" (label after).
_REPLIES = (re.compile(r"Replies:\s*(?P<n>\d[\d,.\xa0']*)", re.I), re.compile(r"(?P<n>\d[\d,.\xa0']*)\s*Repl", re.I))
_VIEWS = (re.compile(r"Views:\s*(?P<n>\d[\d,.\xa0']*)", re.I), re.compile(r"(?P<n>\d[\d,.\xa0']*)\s*Views", re.I))
# A board's stats cell: 2.1 "Posts: 33 Topics: 3" (label first), 2.0 "33 Posts 3 Topics" (label after).
_POSTS = (re.compile(r"Posts:\s*(?P<n>\d[\d,.\xa0']*)", re.I), re.compile(r"(?P<n>\d[\d,.\xa0']*)\s*Posts", re.I))
_TOPICS = (re.compile(r"Topics:\s*(?P<n>\d[\d,.\xa0']*)", re.I), re.compile(r"(?P<n>\d[\d,.\xa0']*)\s*Topics", re.I))
_STARTED_BY = re.compile(r"Started\s+by\s+(?P<name>.+?)\s*(?:«|$)", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")


def forum_title(tree: LexborHTMLParser, layout: Layout) -> str:
    node = tree.css_first(layout.forum_title) or tree.css_first("title")
    return clean(node.text()) if node is not None else ""


def _board(
    row: LexborNode, layout: Layout, *, url: str, category_id: int | None, category: str | None,
    parent: int | None,
) -> Board | None:
    m = _BOARD_ROW_ID.match(row.attributes.get("id") or "")
    link = row.css_first(layout.board_link)
    if m is None or link is None:
        return None
    description = row.css_first(layout.board_description)
    posts, topics, last_msg_id = board_counts(row, layout)
    return Board(
        board_id=int(m.group(1)),
        name=clean(link.text()),
        parent_board_id=parent,
        category_id=category_id,
        category=category,
        description=clean(description.text()) or None if description is not None else None,
        url=absolute(href_of(link), url),
        posts=posts,
        topics=topics,
        last_msg_id=last_msg_id,
    )


def board_counts(row: LexborNode, layout: Layout) -> tuple[int | None, int | None, int | None]:
    """A board row's post count, topic count and last post's msg id (None where not shown)."""
    stats = row.css_first(layout.board_stats) if layout.board_stats else None
    stats_text = clean(stats.text()) if stats is not None else ""
    last_box = row.css_first(layout.board_lastpost) if layout.board_lastpost else None
    last_msg_id = None
    for a in last_box.css("a") if last_box is not None else ():
        last_msg_id = last_msg_id or msg_ref(href_of(a))
    return _count(_POSTS, stats_text), _count(_TOPICS, stats_text), last_msg_id


def _boards_under(
    container: LexborNode | LexborHTMLParser, layout: Layout, *, url: str,
    category_id: int | None, category: str | None, parent: int | None,
) -> list[Board]:
    """Board rows of a container, each followed by its child boards (SMF's "Child Boards:")."""
    out: list[Board] = []
    for row in container.css(layout.board_row):
        board = _board(row, layout, url=url, category_id=category_id, category=category, parent=parent)
        if board is None:
            continue
        out.append(board)
        children = container.css_first(f"#board_{board.board_id}_children")
        if children is None:
            continue
        seen = set()
        for link in children.css("a"):
            ref = board_ref(href_of(link))
            name = clean(link.text())
            if ref is None or not name or ref[0] in seen or ref[0] == board.board_id:
                continue
            seen.add(ref[0])
            out.append(
                Board(
                    board_id=ref[0], name=name, parent_board_id=board.board_id,
                    category_id=category_id, category=category, url=absolute(href_of(link), url),
                )
            )
    return out


def parse_board_index(tree: LexborHTMLParser, html: str, layout: Layout, *, url: str) -> BoardIndex:
    boards: list[Board] = []
    for header in tree.css(layout.category):
        m = _CATEGORY_ID.match(header.attributes.get("id") or "")
        if m is None:
            continue
        category_id = int(m.group(1))
        name_node = header.css_first("h3")
        category = clean(name_node.text()) if name_node is not None else None
        container = tree.css_first(f"#category_{category_id}_boards")
        if container is not None:
            boards.extend(
                _boards_under(container, layout, url=url, category_id=category_id, category=category, parent=None)
            )
    if not boards and tree.css_first(layout.board_row) is not None:
        raise UnexpectedLayout(url, "board index boards outside any category")
    return BoardIndex(
        url=url, forum_title=forum_title(tree, layout), smf_version=layout.version,
        boards=tuple(_dedupe(boards)), utc_offset=detect_page_utc_offset(html),
    )


def _dedupe(boards: list[Board]) -> list[Board]:
    seen: dict[int, Board] = {}
    for board in boards:
        seen.setdefault(board.board_id, board)
    return list(seen.values())


def parse_message_index(
    tree: LexborHTMLParser, html: str, layout: Layout, *, url: str, now: datetime, tz: ZoneInfo,
    time_format: str | None = None,
) -> MessageIndex:
    ref = board_ref(canonical(tree)) or board_ref(url)
    crumb_id, crumb_name = linktree_board(tree, layout.linktree_links)
    board_id = ref[0] if ref else crumb_id
    if board_id is None:
        raise UnexpectedLayout(url, "message index without a board id")
    title = tree.css_first(layout.board_title) if layout.board_title else None
    name = clean(title.text()) if title is not None else crumb_name or ""
    board = Board(board_id=board_id, name=name, url=absolute(f"index.php?board={board_id}.0", url))
    start = ref[1] if ref else 0
    children_box = tree.css_first(f"#board_{board_id}_childboards")
    children = (
        _boards_under(children_box, layout, url=url, category_id=None, category=None, parent=board_id)
        if children_box is not None else []
    )
    topics = []
    cut_out(tree, layout.topic_legend)
    for row in topic_rows(tree, layout.topic_row):  # each without the rows a broken one holds
        topic = _topic_summary(row, layout, board_id=board_id, url=url, now=now, tz=tz, fmt=time_format)
        if topic is not None:
            topics.append(topic)
    return MessageIndex(
        url=url, smf_version=layout.version, board=board, start=start,
        child_boards=tuple(b for b in _dedupe(children) if b.board_id != board_id),
        topics=tuple(topics),
        page_starts=page_starts(tree, links_css=layout.page_links, current=start, ref="board", html=html),
        utc_offset=detect_page_utc_offset(html, fmt=time_format),
    )


def _topic_summary(
    row: LexborNode, layout: Layout, *, board_id: int, url: str, now: datetime, tz: ZoneInfo,
    fmt: str | None = None,
) -> TopicSummary | None:
    link = row.css_first(layout.topic_link)
    if link is None:
        return None
    ref = topic_ref(href_of(link))
    if ref is None:
        return None
    span_id = link.parent.attributes.get("id") if link.parent is not None else None
    starter_box = row.css_first(layout.topic_starter)
    starter_link = starter_box.css_first('a[href*="action=profile"]') if starter_box is not None else None
    starter = clean(starter_link.text()) if starter_link is not None else None
    if starter is None and starter_box is not None:
        m = _STARTED_BY.search(clean(starter_box.text()))
        starter = m.group("name") if m else None
    stats = clean(row.css_first(layout.topic_stats).text()) if row.css_first(layout.topic_stats) else ""
    last_msg_id = last_raw = None
    last_box = row.css_first(layout.topic_lastpost)
    if last_box is not None:
        for a in last_box.css("a"):
            last_msg_id = last_msg_id or msg_ref(href_of(a))
        # The time is the text before the first <br> ("<date><br>by <name>").
        first_line = _BR.split(last_box.html or "", maxsplit=1)[0]
        last_raw = clean(_TAG.sub(" ", first_line.split(">", 1)[1] if ">" in first_line else first_line))
        last_raw = clean(html_lib.unescape(last_raw)) or None
    classes = " ".join(
        filter(None, [row.attributes.get("class") or ""] + [td.attributes.get("class") or "" for td in row.css("td")])
    )
    icons = " ".join(n.attributes.get("class") or n.attributes.get("id") or n.attributes.get("src") or ""
                     for n in row.css("span.main_icons, img"))
    pages = []
    for a in row.css(layout.topic_pages):
        page_ref = topic_ref(href_of(a))
        if page_ref and page_ref[1] is not None:
            pages.append(page_ref[1])
    return TopicSummary(
        topic_id=ref[0],
        board_id=board_id,
        subject=clean(link.text()),
        url=absolute(href_of(link), url),
        replies=_count(_REPLIES, stats),
        views=_count(_VIEWS, stats),
        starter_name=starter,
        starter_member_id=member_ref(href_of(starter_link)) if starter_link is not None else None,
        last_msg_id=last_msg_id,
        last_post_at=parse_time(last_raw, tz=tz, now=now, fmt=fmt) if last_raw else None,
        last_post_at_raw=last_raw,
        page_starts=tuple(sorted(set(pages))),
        sticky="sticky" in f"{classes} {icons}",  # 2.0 stickybg / quick_sticky.gif, 2.1 .sticky
        locked="lock" in f"{classes} {icons}",  # 2.0 lockedbg / quick_lock.gif, 2.1 .locked
        first_msg_id=to_int(span_id) if span_id else None,
    )


def _count(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    for pattern in patterns:
        m = pattern.search(text)
        if m:
            return to_int(m.group("n"))
    return None
