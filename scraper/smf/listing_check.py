"""Check a listing read from the tree against the rows its raw HTML holds.

Markup broken around the rows (an unclosed <script> or comment, a tag cut in two)
can hide whole rows from the parser while the page still looks whole. Every theme
names a topic row by its first post's ``<span id="msg_N">`` and a board row by its
link's ``name="bN"`` (1.1, 2.0) or ``id="bN"`` (2.1); subjects, names and
descriptions are escaped by SMF, so these come from the template alone. A listing
that lost any of them is refused (UnexpectedLayout): the crawl plans nothing from a
page it could not read whole, and re-reads it on the next run.
"""

from __future__ import annotations

import re

from ..errors import UnexpectedLayout
from ..models import BoardIndex, MessageIndex

_TOPIC_ROW_RE = re.compile(r"""<span\s+id=["']?msg_([0-9]+)""", re.IGNORECASE)
_BOARD_ROW_RE = re.compile(r"""<a\b[^>]*?\s(?:name|id)=["']?b([0-9]+)["'\s>]""", re.IGNORECASE)


def check_rows_read(result: BoardIndex | MessageIndex, html: str, url: str) -> None:
    """Raise UnexpectedLayout if a row the page's HTML holds is missing from ``result``."""
    if isinstance(result, MessageIndex):
        listed = {int(n) for n in _TOPIC_ROW_RE.findall(html)}
        read = {t.first_msg_id for t in result.topics}
        what = "topic"
    else:
        listed = {int(n) for n in _BOARD_ROW_RE.findall(html)}
        read = {b.board_id for b in result.boards}
        what = "board"
    missing = listed - read
    if missing:
        raise UnexpectedLayout(
            url, f"{len(missing)} of the {len(listed)} {what} rows in the page could not be read (markup broken around them)"
        )
