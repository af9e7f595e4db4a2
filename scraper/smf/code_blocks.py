"""The code blocks of a stored post body, read again from its HTML as served.

The splitter takes a ``[code]`` block as the edges of a paste (``split.py``): a user who
wraps a cable in ``[code]`` has marked where it starts and ends. The archive keeps each
post's served HTML (``posts.body_html``), so the blocks are read from it when a post is
split again (``reparse``, a later run), as they were when it was fetched: from the body
without its quotes, 1.1's markup read as 2.0's.
"""

from __future__ import annotations

from .text import parse_body
from .topic11 import as_20_markup


def code_blocks_of(body_html: str | None) -> tuple[str, ...]:
    """The text of each code block of the post's own words (quotes left out), in order."""
    if not body_html or "code" not in body_html:
        return ()  # (a cheap test first: most posts have none)
    return parse_body(as_20_markup(body_html), parse_time=lambda _raw: None, base_url="").code_blocks
