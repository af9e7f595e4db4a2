"""Pure: refuse pathological HTML before a tree is built from it.

lexbor (and every HTML5 tree builder) does work per start tag that grows
with the depth of the open-element stack: 66,000 unclosed <div> take it
minutes. `check_structure` walks the tags once, in linear time and memory,
keeping an approximate open-element stack (void elements and elements whose
end tag is optional never count, a stray end tag is ignored, an end tag
closes up to its open element as HTML5 does), and raises HostilePage past
MAX_DEPTH. A real SMF page is about 30 deep once its post bodies are cut out.
"""

from __future__ import annotations

import re

from ..errors import HostilePage

# Far past any theme (SMF 2.0 and 2.1 skeletons are ~30 deep), far below what makes lexbor slow.
MAX_DEPTH = 256

# A tag's start: "<" or "</" then its name; the rest of the tag is found with str.find,
# so an unterminated tag never makes the scan rescan the page.
_TAG_START = re.compile(
    r"""<(?:
        (?P<comment>!--)                       # a comment, skipped to its end
      | (?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)   # a start or end tag
    )""",
    re.VERBOSE,
)
# Elements that never hold children.
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# Elements whose end tag may be left out (closed by a sibling or the parent): never deep.
_OPTIONAL_END = frozenset(
    "html head body p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc".split()
)
# Elements whose content is text up to their end tag.
_RAW_TEXT = {
    name: re.compile(rf"</{name}\b", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext")
}
# Inside these, "<x/>" closes itself (SVG and MathML); elsewhere it is an open tag.
_FOREIGN = frozenset({"svg", "math"})


def max_depth(html: str, *, limit: int = MAX_DEPTH) -> int:
    """The deepest approximate element nesting of `html`, counting up to `limit + 1`."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    foreign = 0
    deepest = 0
    pos = 0
    size = len(html)
    while pos < size:
        m = _TAG_START.search(html, pos)
        if m is None:
            break
        if m.group("comment"):
            end = html.find("-->", m.end())
            pos = size if end < 0 else end + 3
            continue
        end = html.find(">", m.end())
        if end < 0:
            break  # the rest of the page is one unterminated tag: no element opens
        pos = end + 1
        name = m.group("name").lower()
        if m.group("close"):
            if open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top in _FOREIGN:
                        foreign -= 1
                    if top == name:
                        break
            continue
        if name in _VOID or name in _OPTIONAL_END:
            continue
        if foreign and html[end - 1] == "/":
            continue
        raw = _RAW_TEXT.get(name)
        if raw is not None:
            closing = raw.search(html, pos)
            pos = size if closing is None else closing.start()
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if name in _FOREIGN:
            foreign += 1
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > limit:
                break
    return deepest


def check_structure(html: str, url: str) -> None:
    """Raise HostilePage when elements nest deeper than MAX_DEPTH."""
    depth = max_depth(html)
    if depth > MAX_DEPTH:
        raise HostilePage(url, f"elements nested more than {MAX_DEPTH} deep")
