"""Pure: cut post bodies and signatures out of a 2.x topic page as served (1.1: topic11.py reuses the end rule).

The tree is built from what is left (the skeleton): no user markup can then
match a template selector or unbalance the page around the posts. Where a
body or signature ends is the subtle part (body_end): its matching </div>,
unless the template's own line structure says the match ran short or long.
"""

from __future__ import annotations

import re

# The body as served: <div class="inner" ... id="msg_N"> up to its matching </div>.
_BODY_OPEN = re.compile(r"<div\s+class=\"inner\"[^>]*?\bid=\"msg_(?P<msg>\d+)\"[^>]*>")
# The poster's signature (2.0 and 2.1 alike): its own div, printed on its own line(s) like a body.
_SIGNATURE_OPEN = re.compile(r"<div\s+class=\"signature\"\s+id=\"msg_(?P<msg>\d+)_signature\"[^>]*>")


def _closing_div(html: str, pos: int) -> int:
    """Return the index of the </div> matching a <div> opened before `pos` (-1: none).

    Linear: the next </div> is looked up again only once passed (66,000 unclosed
    <div> before it would otherwise be rescanned once each).
    """
    depth = 1
    close = html.find("</div", pos)
    while close >= 0:
        opening = html.find("<div", pos, close)
        if opening >= 0:
            depth += 1
            pos = opening + 4
            continue
        depth -= 1
        if depth == 0:
            return close
        pos = close + 5
        close = html.find("</div", pos)
    return -1


# Where an SMF body's line ends: SMF turns every newline of a post into <br />, so the
# body as served never holds a raw newline; the template then closes the body's <div>.
_BODY_LEAD = re.compile(r"\n[\t ]*")  # 2.1 indents the body on its own line
_BODY_TAIL = re.compile(r"\n[\t ]*</div")  # ... and closes it on the next
# Template markup that is never inside a body: a body that seems to span it swallowed it.
_TEMPLATE_LANDMARK = re.compile(
    r"""<hr\s+class="post_separator"                    # between two posts
      | <div\s+class="inner"[^>]*?\bid="msg_\d+"        # the next post's body
      | <div\s+class="(?:under_message|moderatorbar)"   # what follows a body in its own post (2.0, 2.1)
    """,
    re.VERBOSE,
)


# Only end tags, whitespace and 2.1's comments naming what they close: template closers, no content.
_ONLY_CLOSERS = re.compile(
    r"""(?: \s                    # one whitespace character (never \s+ in a repeat: no backtracking)
          | </[A-Za-z]+\s*>       # an end tag
          | <!--[^>]*-->          # 2.1's "<!-- .post_wrapper -->"
        )*""",
    re.VERBOSE,
)


def _line_end(html: str, pos: int) -> int:
    """The </div> that ends a body opened just before `pos`, by the template's line (-1: none)."""
    lead = _BODY_LEAD.match(html, pos)
    newline = html.find("\n", lead.end() if lead else pos)
    if newline < 0:
        return -1
    if html.startswith("</div>", newline - 6):  # 2.0: BODY</div> then the newline
        return newline - 6
    tail = _BODY_TAIL.match(html, newline)  # 2.1: BODY, newline, indentation, </div>
    return tail.end() - len("</div") if tail else -1


_ANY_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>")


def _closes_unopened(html: str, start: int, end: int) -> bool:
    """True when html[start:end] has an end tag for an element it did not open."""
    open_count: dict[str, int] = {}
    for m in _ANY_TAG.finditer(html, start, end):
        name = m.group("name").lower()
        if not m.group("close"):
            open_count[name] = open_count.get(name, 0) + 1
        elif open_count.get(name):
            open_count[name] -= 1
        else:
            return True
    return False


def body_end(html: str, pos: int, landmark: re.Pattern[str] = _TEMPLATE_LANDMARK) -> int:
    """Where the body opened just before `pos` ends (-1: it never does).

    Matching <div>s is exact for what SMF renders, but a body with unbalanced
    markup would end early (a stray </div>: the rest of it, then its
    neighbours, fall into the page's structure) or late (an unclosed <div>:
    it swallows the next posts). The template's own line structure is then
    the better witness: a match is kept only when it ends on the body's
    line (or earlier, when the rest of the line closes nothing it did not
    open), or after it without swallowing the next post.
    """
    balanced = _closing_div(html, pos)
    by_line = _line_end(html, pos)
    if by_line < 0 or balanced == by_line:
        return balanced
    if balanced < 0:
        return by_line  # never closed: an unclosed <div> in it
    if balanced < by_line:
        # Closed before its line ends: by a stray </div> (then an end tag on the rest of the
        # line, up to the line's own </div>, closes what it never opened), or template
        # markup follows on the line.
        stray = _closes_unopened(html, balanced + len("</div>"), by_line + len("</div>"))
        return by_line if stray else balanced
    if landmark.search(html, by_line, balanced):
        return by_line  # an unclosed <div> would swallow the next post
    if _ONLY_CLOSERS.fullmatch(html, by_line + len("</div>"), balanced):
        return by_line  # ... or the template's closers after it (and unbalance the page)
    return balanced  # a body that holds newlines (a modded forum): the matching </div>


def cut_bodies(html: str) -> tuple[dict[int, str], str]:
    """Cut every post body out of the page exactly as served.

    Returns the bodies (msg id -> inner HTML) and the page without them: the
    tree is built from that skeleton, a quarter of a cable thread's size, and
    no user markup can then match a template selector, nor (see body_end)
    unbalance the page around it.
    """
    return _cut(html, _BODY_OPEN)


def cut_signatures(skeleton: str) -> tuple[dict[int, str], str]:
    """Cut every signature out of a skeleton as bodies are (msg id -> inner HTML, skeleton).

    A signature is the member's own markup, as hostile as a post's (a modded
    forum, HTML allowed in signatures): left in the skeleton, a stray
    </div> there would close the post around it, an unclosed one hold the
    next posts.
    """
    if 'class="signature"' not in skeleton:  # rare: most pages have none
        return {}, skeleton
    return _cut(skeleton, _SIGNATURE_OPEN)


def _cut(html: str, opening: re.Pattern[str]) -> tuple[dict[int, str], str]:
    bodies: dict[int, str] = {}
    pieces: list[str] = []
    pos = search_from = 0
    while (m := opening.search(html, search_from)) is not None:
        search_from = m.end()
        if m.start() < pos:  # nested in a body already cut (mangled page)
            continue
        close = body_end(html, m.end())
        if close < 0:
            break
        bodies.setdefault(int(m.group("msg")), html[m.end() : close])
        pieces.append(html[pos : m.end()])
        pos = close
        # Resume after the body's last ">", not rescanning it: an opening tag that
        # starts before that ">" ends by it (no ">" inside), so would be skipped anyway.
        search_from = max(search_from, html.rfind(">", search_from, close) + 1)
    if not pieces:
        return bodies, html
    pieces.append(html[pos:])
    return bodies, "".join(pieces)
