"""SMF 1.1 topic pages (default theme) -> TopicPage, as for 2.0/2.1; also what kind a 1.1 page is.

Selectors are in v11.py. 1.1 writes its bodies, quotes and code differently
from 2.x: a body is `<div class="post">` (the message id is on the subject
div before it), a quote `<div class="quoteheader">…</div><div class="quote">…</div>`,
code `<div class="codeheader">Code:</div><div class="code">…</div>`. Bodies are
cut from the page as served (stored as they are) and read by text.py after
their quote and code divs are rewritten to the 2.0 forms it knows. The
message index and board index are in index11.py.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import ForumErrorPage, UnexpectedLayout
from ..models import Attachment, Member, Post, Topic, TopicPage
from . import text as body_text
from .common import absolute, clean, href_of, linktree_board, member_ref, page_starts, to_int, topic_ref
from .moved import MOVED_ICON, notice_target
from .poll import parse_poll
from .times import parse_time
from .cut import body_end
from .topic import _KEYINFO, _LAST_EDIT, _READ_TIMES, _SIZE, _TOPIC_SUBJECT, css_within, signature_text
from .v11 import KIND_BOARD_INDEX, KIND_MESSAGE_INDEX, KIND_TOPIC, LAYOUT

# The subject div naming a message: a post's body (and signature) come after it, before the next one.
_SUBJECT = re.compile(r'id="subject_(?P<msg>\d+)"')
# A body's opening tag (the message id is on the subject div, not here).
_BODY_DIV = re.compile(r'<div\s+class="post"[^>]*>')
# Template markup never inside a body or signature: a body or signature that seems to span one
# swallowed it.
_LANDMARK = re.compile(
    r"""id="(?:subject|modified)_\d+"     # a post's subject div; the "Last Edit" cell after each body
      | <a\s+name="lastPost"              # the anchor after the last post
    """,
    re.VERBOSE,
)
# What the signature pass walks: each post's subject div, and the signatures after them.
_SIGNATURE_OR_SUBJECT = re.compile(
    r"""id="subject_(?P<msg>\d+)"            # a post begins: the signatures after it are its poster's
      | (?P<signature><div\s+class="signature"[^>]*>)   # a signature's opening tag
    """,
    re.VERBOSE,
)
_DIV = re.compile(r"<(?P<close>/?)div\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_LINE_BREAK = re.compile(r"</?p\b[^>]*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_POSTS_LINE = re.compile(r"^Posts:\s*(?P<n>\d[\d,.\s\xa0']*)$", re.IGNORECASE)
_NOT_BLURB = re.compile(r"^(?:Karma|Gender|Location|Age|Online|Offline)\b", re.IGNORECASE)
_ERROR_TITLE = "An Error Has Occurred!"
_OFF_LIMITS = "missing or off limits"


def kind_of(tree: LexborHTMLParser) -> str | None:
    """Return "topic", "message_index" or "board_index" for a 1.1 page (None: another page)."""
    if tree.css_first(KIND_TOPIC) is not None:
        return "topic"
    if tree.css_first(KIND_MESSAGE_INDEX) is not None:
        return "message_index"
    if tree.css_first(KIND_BOARD_INDEX) is not None:
        return "board_index"
    return None


def check_error_page(tree: LexborHTMLParser, url: str) -> None:
    """1.1's fatal-error table ("An Error Has Occurred!") carries no id: find it by its title."""
    for title in tree.css("tr.titlebg td, tr.catbg td"):
        if clean(title.text()) != _ERROR_TITLE:
            continue
        table = title.parent.parent if title.parent is not None else None
        message = clean(table.text()).removeprefix(_ERROR_TITLE).strip() if table is not None else ""
        kind = "missing_or_off_limits" if _OFF_LIMITS in message else "error"
        raise ForumErrorPage(url, kind, message)


# --- bodies -------------------------------------------------------------------


def cut_bodies(html: str) -> tuple[dict[int, str], str]:
    """Cut every `div.post` body out of a 1.1 topic page as served: (msg id -> inner HTML, skeleton).

    A body is looked for only between its post's subject div and the next
    post's (a body whose opening tag was lost is missing, never its
    neighbour's), and ends as 2.x bodies do (cut.body_end): at its
    matching </div>, unless that ends off the body's line with template
    markup in between, when the line (1.1 prints a body on one) is the
    witness. No user markup can then hold or hide the posts after it.
    """
    bodies: dict[int, str] = {}
    pieces: list[str] = []
    pos = 0
    subjects = list(_SUBJECT.finditer(html))
    for i, subject in enumerate(subjects):
        if subject.start() < pos:  # inside a body already cut (mangled page)
            continue
        limit = next((s.start() for s in subjects[i + 1 :] if s.start() > subject.end()), len(html))
        opening = _BODY_DIV.search(html, subject.end(), limit)
        if opening is None:
            continue  # its body is missing: the post is refused when read
        close = body_end(html, opening.end(), _LANDMARK)
        if close < 0:
            break
        bodies.setdefault(int(subject.group("msg")), html[opening.end() : close])
        pieces.append(html[pos : opening.end()])
        pos = close
    if not pieces:
        return bodies, html
    pieces.append(html[pos:])
    return bodies, "".join(pieces)


def cut_signatures(skeleton: str) -> tuple[dict[int, str], str]:
    """Cut each poster's signature out of a 1.1 skeleton as bodies are: (msg id -> inner HTML, skeleton).

    1.1's signature div carries no id: it is the poster's of the post whose
    subject div came last before it. A member's markup there is as hostile
    as a post's (cut.cut_signatures).
    """
    if 'class="signature"' not in skeleton:
        return {}, skeleton
    signatures: dict[int, str] = {}
    pieces: list[str] = []
    pos = 0
    msg = None
    for m in _SIGNATURE_OR_SUBJECT.finditer(skeleton):
        if m.start() < pos:
            continue
        if not m.group("signature"):
            msg = int(m.group("msg"))
            continue
        close = body_end(skeleton, m.end(), _LANDMARK)
        if close < 0 or msg is None:
            continue
        signatures.setdefault(msg, skeleton[m.end() : close])
        pieces.append(skeleton[pos : m.end()])
        pos = close
    if not pieces:
        return signatures, skeleton
    pieces.append(skeleton[pos:])
    return signatures, "".join(pieces)


def as_20_markup(body: str) -> str:
    """Rewrite 1.1's quote and code divs into the 2.0 markup text.py reads (for reading only)."""
    if 'class="quote' not in body and 'class="code' not in body:
        return body
    out: list[str] = []
    stack: list[str] = []  # the closing tag each open div gets
    pos = 0
    for m in _DIV.finditer(body):
        out.append(body[pos : m.start()])
        pos = m.end()
        if m.group("close"):
            out.append(stack.pop() if stack else m.group(0))
            continue
        attrs = m.group("attrs")
        if re.search(r'class="quote"', attrs):
            out.append('<blockquote class="bbc_standard_quote">')
            stack.append("</blockquote>")
        elif re.search(r'class="code"', attrs):
            out.append('<code class="bbc_code">')
            stack.append("</code>")
        elif re.search(r'class="codeheader"', attrs):
            out.append(m.group(0))
            stack.append("</div>")
        else:
            out.append(m.group(0))
            stack.append("</div>")
    out.append(body[pos:])
    return "".join(out)


# --- topic pages ------------------------------------------------------------------


def parse_topic(
    tree: LexborHTMLParser, html: str, *, bodies: dict[int, str], url: str, now: datetime, tz: ZoneInfo,
    time_format: str | None = None, signatures: dict[int, str] | None = None,
) -> TopicPage:
    ref = topic_ref(url)
    board_id, board_name = linktree_board(tree, LAYOUT.linktree_links)

    def when(raw: str) -> datetime | None:
        return parse_time(raw, tz=tz, now=now, fmt=time_format)

    posts: list[Post] = []
    members: dict[int, Member] = {}
    for cell in tree.css(LAYOUT.post):
        post, member = _parse_post(cell, bodies, signatures or {}, url=url, topic_hint=ref, when=when)
        posts.append(post)
        if member is not None:
            members.setdefault(member.member_id, member)
    if not posts:
        raise UnexpectedLayout(url, "topic page without posts")
    topic_id = ref[0] if ref else posts[0].topic_id
    start = ref[1] if ref and ref[1] is not None else 0
    first = tree.css_first(LAYOUT.post)
    moved_icon = first is not None and first.css_first(MOVED_ICON) is not None
    subject, views = _topic_subject(tree)
    return TopicPage(
        url=url,
        smf_version=LAYOUT.version,
        topic=Topic(topic_id=topic_id, board_id=board_id, subject=subject or posts[0].subject, views=views),
        start=start,
        posts=tuple(p if p.topic_id == topic_id else _in_topic(p, topic_id) for p in posts),
        members=tuple(members.values()),
        page_starts=page_starts(tree, links_css=LAYOUT.page_links, current=start, ref="topic", html=html),
        board_name=board_name,
        poll=parse_poll(tree, when=when),
        moved_to_topic_id=notice_target(posts[0], topic_id=topic_id, moved_icon=moved_icon),
    )


def _in_topic(post: Post, topic_id: int) -> Post:
    return replace(post, topic_id=topic_id)


def _topic_subject(tree: LexborHTMLParser) -> tuple[str | None, int | None]:
    node = tree.css_first(LAYOUT.topic_subject)
    if node is None:
        return None, None
    text = clean(node.text())
    views = _READ_TIMES.search(text)
    m = _TOPIC_SUBJECT.search(text)
    return (clean(m.group("subject")) if m else text) or None, to_int(views.group("views")) if views else None


def _text(node: LexborNode | None) -> str:
    return clean(node.text()) if node is not None else ""


def _parse_post(
    cell: LexborNode, bodies: dict[int, str], signatures: dict[int, str], *, url: str, topic_hint, when
) -> tuple[Post, Member | None]:
    subject_div = cell.css_first('div[id^="subject_"]')
    msg_id = to_int(subject_div.attributes.get("id") or "") if subject_div is not None else None
    if not msg_id:
        raise UnexpectedLayout(url, "a post without its message id")
    author_link = cell.css_first(LAYOUT.post_author_link)
    author = _text(author_link) or _text(cell.css_first(LAYOUT.post_author))
    if not author:
        raise UnexpectedLayout(url, f"post {msg_id} without an author")
    member_id = member_ref(href_of(author_link)) if author_link is not None else None
    subject_node = css_within(cell, LAYOUT.post_subject)
    topic = topic_ref(href_of(subject_node)) or topic_hint
    time_text = _text(cell.css_first(LAYOUT.post_time))
    m = _KEYINFO.search(time_text)
    posted_raw = clean(m.group("time")) if m else time_text
    position = int(m.group("counter")) if m and m.group("counter") else 0
    edited_at = edited_raw = edited_by = None
    edit = _LAST_EDIT.search(_text(cell.css_first(LAYOUT.post_modified)))
    if edit:
        edited_raw, edited_by = clean(edit.group("time")), clean(edit.group("name"))
        edited_at = when(edited_raw)
    raw = bodies.get(msg_id)
    if raw is None:
        raise UnexpectedLayout(url, f"post {msg_id} body not found")
    body = body_text.parse_body(as_20_markup(raw), parse_time=when, base_url=url)
    signature = cell.css_first(LAYOUT.post_signature)
    post = Post(
        msg_id=msg_id,
        topic_id=topic[0] if topic else 0,
        position=position,
        subject=_text(subject_node),
        author_name=author,
        member_id=member_id,
        posted_at=when(posted_raw),
        posted_at_raw=posted_raw,
        edited_at=edited_at,
        edited_at_raw=edited_raw,
        edited_by=edited_by,
        body_html=raw,
        body_text=body.text,
        quotes=tuple(body.quotes),
        code_blocks=body.code_blocks,
        links=body.links,
        attachments=_attachments(cell, url),
        signature=signature_text(signature, signatures.get(msg_id)),
    )
    member = _member(cell, member_id, author) if member_id is not None else None
    return post, member


def _member(cell: LexborNode, member_id: int, name: str) -> Member:
    """The poster's lines: group(s), stars, "Posts: N", then the personal text."""
    info = cell.css_first(LAYOUT.post_info)
    lines = [clean(html_lib.unescape(_TAG.sub("", part))) for part in _LINE_BREAK.split(info.html or "")] if info is not None else []
    lines = [line for line in lines if line]
    groups: list[str] = []
    post_count = personal = None
    for line in lines:
        posts = _POSTS_LINE.match(line)
        if posts:
            post_count = to_int(posts.group("n"))
        elif post_count is None:
            groups.append(line)
        elif personal is None and not _NOT_BLURB.match(line):
            personal = line
    return Member(
        member_id=member_id,
        name=name,
        post_group=groups[-1] if groups else None,
        post_count=post_count,
        personal_text=personal,
        member_group=groups[-2] if len(groups) > 1 else None,
    )


def _attachments(cell: LexborNode, url: str) -> tuple[Attachment, ...]:
    """Files under the post: `name (size - downloaded N times.)`, thumbnails (`;image`) aside."""
    out = []
    for link in cell.css(LAYOUT.post_attachments):
        href = href_of(link)
        name = clean(link.text())
        if not name or ";image" in href:
            continue
        after = link.next
        size = _SIZE.search(after.text_content or "") if after is not None and after.text_content else None
        out.append(Attachment(url=absolute(href, url), name=name, size_text=size.group("size") if size else None))
    return tuple(out)
