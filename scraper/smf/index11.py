"""SMF 1.1 message index and board index (default theme) -> MessageIndex, BoardIndex.

1.1 prints replies and views as bare numbers in their own cells, and its
board rows carry no id: the board link's `name="bN"` does. Selectors: v11.py.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import UnexpectedLayout
from ..models import Board, BoardIndex, MessageIndex, TopicSummary
from .common import absolute, board_ref, clean, href_of, linktree_board, member_ref, msg_ref, page_starts, to_int, topic_ref
from .index import board_counts
from .legend import cut_out
from .rows import ANCHOR, topic_rows
from .times import parse_time
from .v11 import LAYOUT, TOPIC_VIEWS_CELL

_LINE_BREAK = re.compile(r"</?p\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_CATEGORY_NAME = re.compile(r"^\d+$")
_CHILD_BOARDS = re.compile(r"(?:Child|Parent)\s+Boards?:", re.IGNORECASE)


def _text(node: LexborNode | None) -> str:
    return clean(node.text()) if node is not None else ""



def _row_of(node: LexborNode) -> LexborNode | None:
    while node is not None and node.tag != "tr":
        node = node.parent
    return node


def parse_message_index(
    tree: LexborHTMLParser, html: str, *, url: str, now: datetime, tz: ZoneInfo, time_format: str | None = None
) -> MessageIndex:
    ref = board_ref(url)
    crumb_id, crumb_name = linktree_board(tree, LAYOUT.linktree_links)
    board_id = ref[0] if ref else crumb_id
    if board_id is None:
        raise UnexpectedLayout(url, "message index without a board id")
    start = ref[1] if ref else 0
    topics = []
    cut_out(tree, LAYOUT.topic_legend)
    for row in topic_rows(tree, LAYOUT.topic_row):  # each without the rows a broken one holds
        summary = _topic_summary(row, row.css_first(ANCHOR), board_id=board_id, url=url, now=now, tz=tz,
                                 time_format=time_format)
        if summary is not None:
            topics.append(summary)
    children = [b for b in _board_rows(tree, url=url, category_id=None, category=None, parent=board_id) if b.board_id != board_id]
    return MessageIndex(
        url=url,
        smf_version=LAYOUT.version,
        board=Board(board_id=board_id, name=crumb_name or "", url=absolute(f"index.php?board={board_id}.0", url)),
        start=start,
        child_boards=tuple(children),
        topics=tuple(topics),
        page_starts=page_starts(tree, links_css=LAYOUT.page_links, current=start, ref="board", html=html),
    )


def _topic_summary(
    row: LexborNode, span: LexborNode, *, board_id: int, url: str, now: datetime, tz: ZoneInfo,
    time_format: str | None = None,
) -> TopicSummary | None:
    link = span.css_first("a")
    ref = topic_ref(href_of(link)) if link is not None else None
    if ref is None:
        return None
    starter_cell = row.css_first(LAYOUT.topic_starter)
    starter_link = starter_cell.css_first('a[href*="action=profile"]') if starter_cell is not None else None
    last = row.css_first(LAYOUT.topic_lastpost)
    last_raw = None
    if last is not None:
        last_raw = clean(html_lib.unescape(_TAG.sub(" ", _LINE_BREAK.split(last.html or "", maxsplit=1)[0]))) or None
    last_msg_id = None
    for a in row.css(f"{LAYOUT.topic_lastpost.split(' ')[0]} a"):
        last_msg_id = last_msg_id or msg_ref(href_of(a))
    icons = " ".join(
        [row.attributes.get("class") or ""]
        + [td.attributes.get("class") or "" for td in row.css("td")]
        + [img.attributes.get("src") or "" for img in row.css("img")]
    )
    pages = sorted({r[1] for a in row.css(LAYOUT.topic_pages) if (r := topic_ref(href_of(a))) and r[1] is not None})
    return TopicSummary(
        topic_id=ref[0],
        board_id=board_id,
        subject=clean(link.text()),
        url=absolute(href_of(link), url),
        replies=to_int(_text(row.css_first(LAYOUT.topic_stats))),
        views=to_int(_text(row.css_first(TOPIC_VIEWS_CELL))),
        starter_name=_text(starter_cell) or None,
        starter_member_id=member_ref(href_of(starter_link)) if starter_link is not None else None,
        last_msg_id=last_msg_id,
        last_post_at=parse_time(last_raw, tz=tz, now=now, fmt=time_format) if last_raw else None,
        last_post_at_raw=last_raw,
        page_starts=tuple(pages),
        sticky="sticky" in icons,  # quick_sticky.gif, windowbg3
        locked="lock" in icons,  # quick_lock.gif
        first_msg_id=to_int(span.attributes.get("id") or ""),
    )


def _board_rows(container, *, url: str, category_id: int | None, category: str | None, parent: int | None) -> list[Board]:
    """Board rows (their link named "bN"), each followed by its child boards."""
    out: list[Board] = []
    for link in container.css(LAYOUT.board_link):
        found = board_ref(href_of(link))
        row = _row_of(link)
        if found is None or row is None:
            continue
        cell = link.parent.parent if link.parent is not None else None
        description = None
        children: list[Board] = []
        if cell is not None:
            text = clean(cell.text())
            name = clean(link.text())
            rest = text[len(name):].strip() if text.startswith(name) else text
            description = _CHILD_BOARDS.split(rest, maxsplit=1)[0].strip() or None
            for child in cell.css("a"):
                child_ref = board_ref(href_of(child))
                if child is link or child_ref is None or child_ref[0] == found[0]:
                    continue
                children.append(Board(board_id=child_ref[0], name=clean(child.text()), parent_board_id=found[0],
                                      category_id=category_id, category=category, url=absolute(href_of(child), url)))
        posts, topics, last_msg_id = board_counts(row, LAYOUT)
        out.append(Board(board_id=found[0], name=clean(link.text()), parent_board_id=parent, category_id=category_id,
                         category=category, description=description, url=absolute(href_of(link), url),
                         posts=posts, topics=topics, last_msg_id=last_msg_id))
        out.extend(children)
    seen: dict[int, Board] = {}
    for board in out:
        seen.setdefault(board.board_id, board)
    return list(seen.values())


def parse_board_index(tree: LexborHTMLParser, html: str, *, url: str) -> BoardIndex:
    boards: list[Board] = []
    for header in tree.css(LAYOUT.category):
        anchor = header.css_first("a[name]")
        name = anchor.attributes.get("name") or "" if anchor is not None else ""
        category_id = int(name) if _CATEGORY_NAME.match(name) else None
        box = header.parent
        if box is None:
            continue
        boards.extend(_board_rows(box, url=url, category_id=category_id, category=_text(anchor) or None, parent=None))
    if not boards and tree.css_first(LAYOUT.board_link) is not None:
        raise UnexpectedLayout(url, "board index boards outside any category")
    title = tree.css_first(LAYOUT.forum_title)
    seen: dict[int, Board] = {}
    for board in boards:
        seen.setdefault(board.board_id, board)
    return BoardIndex(url=url, forum_title=_text(title), smf_version=LAYOUT.version, boards=tuple(seen.values()))
