"""Find a message index's topic rows by the anchors that name them, and read each row alone.

Every theme names a topic row by its first post's ``<span id="msg_N">`` (the same anchor
``listing_check`` counts in the raw HTML). A row whose closing tag is lost (a proxy cutting a
tag, a theme mod, broken markup in a subject) does not end where it should: the parser nests
the rows after it inside it. Read by a selector for the container's children, those rows are
missed and the page is refused; read as they stand, the open row takes their page links and
last post for its own (a silent wrong value). So a row is found from its anchor (the nearest
ancestor that has a row's shape), and read without the rows nested in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from selectolax.lexbor import LexborHTMLParser, LexborNode

ANCHOR = 'span[id^="msg_"]'


def topic_rows(tree: LexborHTMLParser, row_shape: str) -> Iterator[LexborNode]:
    """The page's topic rows in page order, each read alone (``alone``): for each anchor, its
    nearest ancestor among the nodes ``row_shape`` selects (``#messageindex tr``: a nested
    row is still one of them, where ``> tr`` would miss it)."""
    shaped = {n.mem_id for n in tree.css(row_shape)}
    seen: set[int] = set()
    for anchor in tree.css(ANCHOR):
        row = _row_of(anchor, shaped)
        if row is not None and row.mem_id not in seen:
            seen.add(row.mem_id)
            yield alone(row, shaped)


def alone(row: LexborNode, shaped: set[int]) -> LexborNode:
    """``row`` itself, or, when rows are nested in it (or it in one), a copy of it without them.

    Its own anchor is its first: the rows nested in it come after its own text in the page.
    A second anchor with no row of its own (the parser dropped that row's element) cannot be
    told apart: it is left, and its topic is then missing from the listing, which
    ``listing_check`` refuses.
    """
    anchors = row.css(ANCHOR)
    if len(anchors) <= 1:
        # The usual case: nothing copied. A row nested in another is copied all the same:
        # a selector matches through its ancestors ("span.topic_pages a" would take the
        # row's own subject link for a page link under the broken row's page links).
        return row if _row_of(row, shaped) is None else row.clone()
    paths: dict[tuple[int, ...], None] = {}
    for anchor in anchors[1:]:
        nested = _row_of(anchor, shaped)
        if nested is None or nested.mem_id == row.mem_id:
            continue  # no row of its own: left in (see above)
        if (outer := _row_of(nested, shaped)) is not None and outer.mem_id == row.mem_id:
            paths[_path(row, nested)] = None  # (a row nested deeper goes with the one holding it)
    # The copy's nodes are new ones: the nested rows are found in it by their place in the
    # original, all of them before any is cut out.
    copy = row.clone()
    for node in [_follow(copy, path) for path in paths]:
        node.decompose()
    return copy


def _row_of(node: LexborNode, shaped: set[int]) -> LexborNode | None:
    """The nearest ancestor of ``node`` among the row-shaped nodes."""
    node = node.parent
    while node is not None:
        if node.mem_id in shaped:
            return node
        node = node.parent
    return None


def _path(top: LexborNode, node: LexborNode) -> tuple[int, ...]:
    """Where ``node`` is under ``top``: the index among its parent's children at each level."""
    steps = []
    while node.mem_id != top.mem_id:
        parent = node.parent
        steps.append(next(i for i, child in enumerate(parent.iter(include_text=True)) if child.mem_id == node.mem_id))
        node = parent
    return tuple(reversed(steps))


def _follow(node: LexborNode, path: tuple[int, ...]) -> LexborNode:
    for i in path:
        node = next(islice(node.iter(include_text=True), i, None))
    return node
