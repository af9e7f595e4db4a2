"""A topic page (SMF's Display action) -> TopicPage with its posts and posters."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..errors import UnexpectedLayout
from ..models import Attachment, Member, Post, Topic, TopicPage
from . import text as body_text
from .common import absolute, canonical, clean, href_of, linktree_board, member_ref, page_starts, to_int, topic_ref
from .layout import Layout
from .moved import MOVED_ICON, notice_target
from .poll import parse_poll
from .times import detect_page_utc_offset, parse_time

# 2.0 keyinfo: "« Reply #3 on: February 13, 2011, 10:20:36 am »" (no "Reply #" on the first post).
_KEYINFO = re.compile(
    r"""(?:Reply\s*\#(?P<counter>\d+)\s*)?   # position, absent for the topic's first post
    on:\s*(?P<time>.*?)\s*»?\s*$             # the time as printed
    """,
    re.VERBOSE | re.DOTALL,
)
_LAST_EDIT = re.compile(
    r"""Last\s+Edit:?\s*(?P<time>.+?)      # the edit time (it never contains " by ")
    \s+by\s+(?P<name>.+?)                  # the editor's name
    \s*(?:»|Reason:|$)                     # 2.0 closes with », 2.1 may add a reason
    """,
    re.VERBOSE | re.DOTALL,
)
_READ_TIMES = re.compile(r"\(Read\s+(?P<views>[\d,.\s\xa0']+?)\s+times\)")
_TOPIC_SUBJECT = re.compile(r"Topic:\s*(?P<subject>.*?)\s*(?:\(Read\s+[\d,.\s\xa0']+\s+times\))?\s*$", re.DOTALL)
_SIZE = re.compile(r"\(?(?P<size>\d[\d.,]*\s*[kKMG]i?B)\b")



def parse_topic(
    tree: LexborHTMLParser,
    html: str,
    layout: Layout,
    *,
    bodies: dict[int, str],
    url: str,
    now: datetime,
    tz: ZoneInfo,
    time_format: str | None = None,
    signatures: dict[int, str] | None = None,
) -> TopicPage:
    canon = canonical(tree)
    ref = topic_ref(canon) or topic_ref(url)
    board_id, board_name = linktree_board(tree, layout.linktree_links)

    def when(raw: str) -> datetime | None:
        return parse_time(raw, tz=tz, now=now, fmt=time_format)

    posts: list[Post] = []
    members: dict[int, Member] = {}
    for wrapper in tree.css(layout.post):
        post, member = _parse_post(wrapper, layout, bodies, url=url, topic_hint=ref, when=when, signatures=signatures or {})
        posts.append(post)
        if member is not None and member.member_id not in members:
            members[member.member_id] = member
    if not posts:
        raise UnexpectedLayout(url, "topic page without posts")
    posts = without_repeats(posts, url)
    topic_id = ref[0] if ref else posts[0].topic_id
    posts = [p if p.topic_id == topic_id else _with_topic(p, topic_id) for p in posts]
    start = ref[1] if ref and ref[1] is not None else 0
    first = tree.css_first(layout.post)
    moved_icon = first is not None and first.css_first(MOVED_ICON) is not None
    subject, views = _topic_subject(tree, layout)
    return TopicPage(
        url=url,
        smf_version=layout.version,
        topic=Topic(topic_id=topic_id, board_id=board_id, subject=subject or posts[0].subject, views=views),
        start=start,
        posts=tuple(posts),
        members=tuple(members.values()),
        page_starts=page_starts(tree, links_css=layout.page_links, current=start, ref="topic", html=html),
        board_name=board_name,
        poll=parse_poll(tree, when=when),
        moved_to_topic_id=notice_target(posts[0], topic_id=topic_id, moved_icon=moved_icon),
        utc_offset=detect_page_utc_offset(html, fmt=time_format),
    )


def without_repeats(posts: list[Post], url: str) -> list[Post]:
    """Drop a post block served twice (a proxy or cache repeating it); refuse two different ones."""
    seen: dict[int, Post] = {}
    out = []
    for post in posts:
        first = seen.setdefault(post.msg_id, post)
        if first is post:
            out.append(post)
        elif first != post:
            raise UnexpectedLayout(url, f"post {post.msg_id} appears twice with different content")
    return out


def topic_page_shortfall(page: TopicPage, *, listed_replies: int | None) -> str | None:
    """Why a topic page is not complete, or None when it is.

    SMF numbers a page's posts start, start+1, ... with no gap; every page
    but the last holds posts-per-page of them (the offset of the next page
    minus its own); the last ends at the reply count the message index lists.
    A page short of that lost posts on the way (a proxy, a corrupt tag, a
    hostile post): its posts are still saved, but it may not say that any
    other post is gone, nor bound what a neighbouring page says.
    """
    positions = [p.position for p in page.posts]
    if positions != list(range(page.start, page.start + len(positions))):
        return f"posts are not numbered {page.start}.. without gaps"
    following = min((s for s in page.page_starts if s > page.start), default=None)
    if following is not None and len(positions) != following - page.start:
        return f"{len(positions)} posts where a full page holds {following - page.start}"
    if following is None and listed_replies is not None and positions and positions[-1] < listed_replies:
        return f"ends at reply #{positions[-1]} where the topic lists {listed_replies} replies"
    return None


def _with_topic(post: Post, topic_id: int) -> Post:
    return replace(post, topic_id=topic_id)


def _topic_subject(tree: LexborHTMLParser, layout: Layout) -> tuple[str | None, int | None]:
    views = None
    if layout.topic_views:
        node = tree.css_first(layout.topic_views)
        if node is not None:
            m = _READ_TIMES.search(node.text())
            views = to_int(m.group("views")) if m else None
    node = tree.css_first(layout.topic_subject)
    if node is not None:
        text = clean(node.text())
        m = _TOPIC_SUBJECT.search(text)
        return (clean(m.group("subject")) if m else text) or None, views
    return None, views


def css_within(node: LexborNode, selector: str) -> LexborNode | None:
    """The first match of a descendant selector ("A B") with every step inside `node`.

    lexbor matches `A B` under a node when B is in it even if A is one of its
    ancestors: markup wrapped around the posts (a subject-id div a proxy or
    attacker left open before them) would make any link in a post its
    subject. Each step is looked up inside the match of the one before.
    """
    found: LexborNode | None = node
    for step in selector.split():
        found = found.css_first(step)
        if found is None:
            return None
    return found


def _text(node: LexborNode | None) -> str:
    return clean(node.text()) if node is not None else ""


def _parse_post(
    wrapper: LexborNode,
    layout: Layout,
    bodies: dict[int, str],
    *,
    url: str,
    topic_hint: tuple[int, int | None, int | None] | None,
    when,
    signatures: dict[int, str],
) -> tuple[Post, Member | None]:
    body_node = wrapper.css_first(layout.post_body)
    msg_id = to_int((body_node.attributes.get("id") or "") if body_node is not None else "")
    if not msg_id:
        raise UnexpectedLayout(url, "a post without its message id")
    author_link = wrapper.css_first(layout.post_author_link)
    author = _text(author_link) or _text(wrapper.css_first(layout.post_author))
    if not author:
        raise UnexpectedLayout(url, f"post {msg_id} without an author")
    member_id = member_ref(href_of(author_link)) if author_link is not None else None

    subject_node = css_within(wrapper, layout.post_subject)
    subject = _text(subject_node)
    topic = topic_ref(href_of(subject_node)) or topic_hint
    time_text = _text(wrapper.css_first(layout.post_time))
    if layout.post_counter is None:
        m = _KEYINFO.search(time_text)
        posted_raw = clean(m.group("time")) if m else time_text
        position = int(m.group("counter")) if m and m.group("counter") else 0
    else:
        posted_raw = time_text
        position = to_int(_text(wrapper.css_first(layout.post_counter))) or 0
    edited_at = edited_raw = edited_by = None
    modified = wrapper.css_first(layout.post_modified)
    if modified is not None:
        m = _LAST_EDIT.search(clean(modified.text()))
        if m:
            edited_raw, edited_by = clean(m.group("time")), clean(m.group("name"))
            edited_at = when(edited_raw)

    raw = bodies.get(msg_id)
    if raw is None:
        raise UnexpectedLayout(url, f"post {msg_id} body not found")
    raw = body_text.trim_template_whitespace(raw)
    body = body_text.parse_body(raw, parse_time=when, base_url=url)
    # Signatures and attachments are rare: one query (each costs ~3 µs) tells both are absent.
    extras = wrapper.css_first(f"{layout.post_signature}, {layout.post_attachments}") is not None
    signature = wrapper.css_first(layout.post_signature) if extras else None
    post = Post(
        msg_id=msg_id,
        topic_id=topic[0] if topic else 0,
        position=position,
        subject=subject,
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
        attachments=_attachments(wrapper, layout, url) if extras else (),
        signature=signature_text(signature, signatures.get(msg_id)),
    )
    member = None
    if member_id is not None:
        member = Member(
            member_id=member_id,
            name=author,
            post_group=_text(wrapper.css_first(f"{layout.post_info} li.postgroup")) or None,
            post_count=to_int(_text(wrapper.css_first(f"{layout.post_info} li.postcount"))),
            personal_text=_text(wrapper.css_first(f"{layout.post_info} li.blurb")) or None,
            member_group=_text(wrapper.css_first(f"{layout.post_info} li.membergroup")) or None,
        )
    return post, member


def signature_text(node: LexborNode | None, cut: str | None) -> str | None:
    """A post's signature as text: the HTML cut out of the skeleton (cut_signatures), else the node's."""
    if node is None:
        return None
    return body_text.html_to_text(cut if cut is not None else node.html or "").strip()


def _attachments(wrapper: LexborNode, layout: Layout, url: str) -> tuple[Attachment, ...]:
    """Files under the post: the dlattach links that carry a name (not the thumbnails)."""
    box = wrapper.css_first(layout.post_attachments)
    if box is None:
        return ()
    out = []
    for link in box.css('a[href*="action=dlattach"]'):
        href = href_of(link)
        name = clean(link.text())
        if not name or ";image" in href:
            continue
        after = link.next
        tail = after.text_content if after is not None and after.text_content else ""
        if not tail and after is not None and after.tag == "br":
            nxt = after.next
            tail = nxt.text_content if nxt is not None and nxt.text_content else ""
        size = _SIZE.search(tail or "")
        out.append(Attachment(url=absolute(href, url), name=name, size_text=size.group("size") if size else None))
    return tuple(out)
