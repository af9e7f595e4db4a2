"""Cut the message index's icon legend out of the tree before its rows are read.

Under the topic list every theme prints a legend of the row icons ("Locked Topic",
"Sticky Topic", with the same icons the rows use). A row whose closing tag is lost
(a proxy, a theme mod, markup broken in the page) swallows what follows it, legend
included: read as that row's icons, it would mark the topic locked and sticky, a
silent wrong value. The legend is never part of a row, so it is removed first.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser


def cut_out(tree: LexborHTMLParser, selector: str | None) -> None:
    """Remove every node ``selector`` matches (None: the layout has no legend to cut)."""
    if selector:
        for node in tree.css(selector):
            node.decompose()
