"""A forum of many boards, topics and pages, built from edited copies of the real captured pages.

Every page is a string edit of a page captured from SMF 2.0 / 2.1 (samples/smf20,
smf21): the board index gets one cloned board row per board (counts and last
post set as SMF prints them), each message-index page is the captured listing
with its rows replaced by clones of a real row (ids, reply counts, last post,
page links, sticky class), each topic page is the captured page with its posts
replaced by clones of real post blocks. `Forum` is the model; change it (a
reply, a silent edit, a new topic) and render again for the next night.

    forum = Forum.build("smf20", boards={102: 25, 103: 25, 104: 10}, posts=(3, 20, 40))
    server.set_override(...) for each item of forum.render()
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nightly_util import (
    HTML,
    _board_span,
    _row_span,
    clone_post,
    read,
    split_posts,
    topic_file,
    topic_row,
    with_body,
    with_board_stats,
    with_new_board,
    with_replies,
)

PER_PAGE = 15  # posts per topic page, as the captured forum shows them
PER_LISTING = 20  # topics per message-index page (SMF's default)
SUBJECT = "SPP / NORTHCOM cables - discussion"
TEMPLATE_TOPIC, FIRST_POST, REPLY_POST = 200457, 1199010, 1199150


@dataclass
class Topic:
    topic_id: int
    board_id: int
    msg_ids: list[int]
    sticky: bool = False
    bodies: dict[int, str] = field(default_factory=dict)  # msg_id -> body HTML

    @property
    def starts(self) -> list[int]:
        return list(range(0, len(self.msg_ids), PER_PAGE))


@dataclass
class Forum:
    version: str
    boards: dict[int, str]  # board_id -> name, in board-index order
    topics: dict[int, Topic]
    children: dict[int, int] = field(default_factory=dict)  # child board_id -> parent board_id
    next_msg: int = 5_000_000

    @classmethod
    def build(cls, version: str, *, boards: dict[int, int], posts: tuple[int, ...] = (3, 20, 40),
              children: dict[int, int] | None = None, sticky: int = 1) -> Forum:
        """`boards` maps board id -> topic count; topic sizes cycle through `posts`; the first
        `sticky` topics of each board are sticky."""
        names = {b: "Wikileaks & Cablegate" if b == 102 else f"Board {b}" for b in boards}
        forum = cls(version=version, boards=names, topics={}, children=dict(children or {}))
        topic_id = 300000
        for board_id, count in boards.items():
            for n in range(count):
                topic = Topic(topic_id=topic_id, board_id=board_id, msg_ids=[], sticky=n < sticky)
                forum.topics[topic_id] = topic
                forum.reply(topic_id, posts[topic_id % len(posts)])
                topic_id += 1
        return forum

    # --- changes ---------------------------------------------------------------------

    def reply(self, topic_id: int, count: int = 1) -> list[int]:
        topic = self.topics[topic_id]
        new = list(range(self.next_msg, self.next_msg + count))
        self.next_msg += count
        topic.msg_ids.extend(new)
        return new

    def new_topic(self, board_id: int, posts: int) -> int:
        topic_id = max(self.topics) + 1
        self.topics[topic_id] = Topic(topic_id=topic_id, board_id=board_id, msg_ids=[])
        self.reply(topic_id, posts)
        return topic_id

    def edit(self, msg_id: int, body: str) -> None:
        """Change a post's text and nothing else: no listing shows it."""
        topic = next(t for t in self.topics.values() if msg_id in t.msg_ids)
        topic.bodies[msg_id] = body

    def topic_pages(self) -> int:
        return sum(len(t.starts) for t in self.topics.values())

    def board_ids(self, board_id: int) -> list[int]:
        """The board and every board below it."""
        out = [board_id]
        for child, parent in self.children.items():
            if parent == board_id:
                out += self.board_ids(child)
        return out

    # --- pages -------------------------------------------------------------------------

    def render(self) -> dict[str, tuple[int, str, bytes]]:
        """Replay overrides (path+query -> response) for every page of the forum."""
        pages: dict[str, str] = {"index.php": self._board_index()}
        for board_id in self.boards:
            listed = self._listed(board_id)
            starts = list(range(0, max(len(listed), 1), PER_LISTING))
            for start in starts:
                pages[f"index.php?board={board_id}.{start}"] = self._listing(board_id, listed, start, starts)
        for topic in self.topics.values():
            for start in topic.starts:
                pages[f"index.php?topic={topic.topic_id}.{start}"] = self._topic_page(topic, start)
        return {k: (200, HTML, v.encode("utf-8")) for k, v in pages.items()}

    def write_sample_dir(self, into: Path) -> Path:
        """A sample directory (files + manifest) serving this forum, for a replay server in its own process."""
        source = Path(__file__).resolve().parent.parent / "samples" / self.version
        if into.exists():
            shutil.rmtree(into)
        shutil.copytree(source, into)
        manifest = json.loads((into / "manifest.json").read_text())
        base = manifest[0]["url"].split("/index.php")[0]
        by_url = {e["url"]: e for e in manifest}
        for n, (key, (status, content_type, body)) in enumerate(self.render().items()):
            url = f"{base}/{key}"
            entry = by_url.get(url)
            if entry is None:
                entry = {"file": f"big-{n}.html", "url": url, "http_status": status, "content_type": content_type,
                         "captured_at": manifest[0]["captured_at"], "note": "big forum (tests/big_forum.py)"}
                manifest.append(entry)
            (into / entry["file"]).write_bytes(body)
        (into / "manifest.json").write_text(json.dumps(manifest, indent=1))
        return into

    def _listed(self, board_id: int) -> list[Topic]:
        """A board's topics as SMF lists them: sticky first, then by last post, newest first."""
        topics = [t for t in self.topics.values() if t.board_id == board_id]
        return sorted(topics, key=lambda t: (not t.sticky, -t.msg_ids[-1]))

    def _stats(self, board_id: int) -> tuple[int, int, tuple[int, int] | None]:
        """Posts, topics and last post of a board with its children (SMF counts them in the parent)."""
        topics = [t for t in self.topics.values() if t.board_id in self.board_ids(board_id)]
        if not topics:
            return 0, 0, None
        last = max(topics, key=lambda t: t.msg_ids[-1])
        return sum(len(t.msg_ids) for t in topics), len(topics), (last.topic_id, last.msg_ids[-1])

    def _board_row(self, index_html: str, board_id: int) -> str:
        posts, topics, last = self._stats(board_id)
        html = with_board_stats(index_html, self.version, board_id, posts=posts, topics=topics, last=last)
        start, end = _board_span(html, self.version, board_id)
        return html[start:end]

    def _board_index(self) -> str:
        html = read(self.version, "index.php")
        top = [b for b in self.boards if b not in self.children]
        for board_id in reversed(top):
            if board_id != 102:
                html = with_new_board(html, self.version, board_id, self.boards[board_id])
        if 102 not in top:
            start, end = _board_span(html, self.version, 102)
            html = html[:start] + html[end:]
        for board_id in top:
            start, end = _board_span(html, self.version, board_id)
            html = html[:start] + self._board_row(html, board_id) + self._child_links(board_id) + html[end:]
        return html

    def _child_links(self, parent: int) -> str:
        kids = [c for c, p in self.children.items() if p == parent]
        if not kids:
            return ""
        links = ", ".join(f'<a href="http://127.0.0.1:80{self.version[3:]}/index.php?board={c}.0">{self.boards[c]}</a>'
                          for c in kids)
        if self.version == "smf20":
            return (f'<tr id="board_{parent}_children"><td colspan="3" class="children windowbg">'
                    f"<strong>Child Boards</strong>: {links}</td></tr>\n")
        return f'<div id="board_{parent}_children" class="children"><p><strong>Child Boards</strong>: {links}</p></div>\n'

    def _child_box(self, parent: int) -> str:
        """The "Child Boards" table of a message index: board-index rows of the children."""
        kids = [c for c, p in self.children.items() if p == parent]
        if not kids:
            return ""
        index = read(self.version, "index.php")
        rows = ""
        for child in kids:
            cloned = with_new_board(index, self.version, child, self.boards[child])
            rows += self._board_row(cloned, child)
        if self.version == "smf20":
            return (f'<div class="tborder childboards" id="board_{parent}_childboards"><div class="cat_bar">'
                    f'<h3 class="catbg">Child Boards</h3></div><div class="table_frame"><table class="table_list">'
                    f'<tbody id="board_{parent}_children" class="content">\n{rows}</tbody></table></div></div>\n')
        return (f'<div class="boardindex_table" id="board_{parent}_childboards"><div class="main_container">'
                f'<div class="cat_bar"><h3 class="catbg">Child Boards</h3></div>'
                f'<div id="board_{parent}_children">\n{rows}</div></div></div>\n')

    def _listing(self, board_id: int, listed: list[Topic], start: int, starts: list[int]) -> str:
        html = read(self.version, "index.php__board=102.0")
        template = topic_row(html, self.version, TEMPLATE_TOPIC)
        # The board's own page links first: 2.1 rows carry a "Pages" list of their own.
        html = _with_pagination(html, self.version, f"board={board_id}", start, starts, PER_LISTING)
        spans = [_row_span(html, self.version, t) for t in (200457, 200391, 200176)]
        first, last = min(s for s, _ in spans), max(e for _, e in spans)
        rows = "".join(self._row(template, t) for t in listed[start:start + PER_LISTING])
        html = html[:first] + rows + html[last:]
        if start == 0:
            box = self._child_box(board_id)
            if box:
                at = html.index('<div class="pagesection">')
                html = html[:at] + box + html[at:]
        html = html.replace("board=102", f"board={board_id}").replace("board_102", f"board_{board_id}")
        html = html.replace("Wikileaks &amp; Cablegate", self.boards[board_id]).replace("Wikileaks & Cablegate", self.boards[board_id])
        return re.sub(rf'(<link rel="canonical" href="[^"]*\?board={board_id})\.0"', rf'\g<1>.{start}"', html)

    def _row(self, template: str, topic: Topic) -> str:
        last = topic.msg_ids[-1]
        row = template.replace(f"{TEMPLATE_TOPIC}.15#msg{REPLY_POST}", f"{TEMPLATE_TOPIC}.{topic.starts[-1]}#msg{last}")
        row = row.replace(str(REPLY_POST), str(last)).replace(str(FIRST_POST), str(topic.msg_ids[0]))
        row = with_replies(row, len(topic.msg_ids) - 1)
        cls = "navPages" if self.version == "smf20" else "nav_page"
        links = " ".join(f'<a class="{cls}" href="http://127.0.0.1:80{self.version[3:]}/index.php?topic={TEMPLATE_TOPIC}.{s}">{n + 1}</a>'
                         for n, s in enumerate(topic.starts)) if len(topic.starts) > 1 else ""
        row = re.sub(rf'(<a class="{cls}" href="[^"]*\?topic={TEMPLATE_TOPIC}\.\d+">\d+</a>\s*)+', links + " ", row, count=1)
        if topic.sticky:
            if self.version == "smf20":
                row = row.replace('class="subject windowbg2"', 'class="subject stickybg2"')
            else:
                row = row.replace('<div class="windowbg">', '<div class="windowbg sticky">', 1)
        return row.replace(SUBJECT, f"Topic {topic.topic_id}").replace(str(TEMPLATE_TOPIC), str(topic.topic_id))

    def _topic_page(self, topic: Topic, start: int) -> str:
        head0, blocks0, _ = split_posts(read(self.version, topic_file(f"{TEMPLATE_TOPIC}.0")))
        head, blocks, tail = split_posts(read(self.version, topic_file(f"{TEMPLATE_TOPIC}.15")))
        if start == 0:
            head = head0
        first_block = blocks0[0]
        reply_block = next(b for b in blocks if f'id="msg_{REPLY_POST}"' in b)
        out = []
        for position in range(start, min(start + PER_PAGE, len(topic.msg_ids))):
            msg_id = topic.msg_ids[position]
            source, old = (first_block, FIRST_POST) if position == 0 else (reply_block, REPLY_POST)
            body = topic.bodies.get(msg_id, f"Post {position} of topic {topic.topic_id}: reading the cables.")
            out.append(clone_post(source, old_id=old, new_id=msg_id, position=position, body_html=body))
        html = head + "".join(out) + tail
        html = _with_pagination(html, self.version, f"topic={TEMPLATE_TOPIC}", start, topic.starts, PER_PAGE)
        html = re.sub(rf'(<link rel="canonical" href="[^"]*\?topic={TEMPLATE_TOPIC})\.\d+"', rf'\g<1>.{start}"', html)
        html = html.replace(SUBJECT, f"Topic {topic.topic_id}").replace(str(TEMPLATE_TOPIC), str(topic.topic_id))
        name = self.boards[topic.board_id]
        html = html.replace("board=102", f"board={topic.board_id}").replace("board_102", f"board_{topic.board_id}")
        return html.replace("Wikileaks &amp; Cablegate", name).replace("Wikileaks & Cablegate", name)


def _with_pagination(html: str, version: str, ref: str, current: int, starts: list[int], step: int) -> str:
    """Rewrite every "Pages:" list of the page for these page offsets, `current` shown as current."""
    base = f"http://127.0.0.1:80{version[3:]}/index.php?{ref}"
    if version == "smf20":
        items = " ".join(f"[<strong>{n + 1}</strong>]" if s == current else f'<a class="navPages" href="{base}.{s}">{n + 1}</a>'
                         for n, s in enumerate(starts))
        out, count = re.subn(r'(<div class="pagelinks[^"]*">Pages: ).*?(</div>)', lambda m: m[1] + items + " " + m[2], html)
    else:
        items = " ".join(f'<span class="current_page">{n + 1}</span>' if s == current else f'<a class="nav_page" href="{base}.{s}">{n + 1}</a>'
                         for n, s in enumerate(starts))
        out, count = re.subn(r'(<span class="pages">Pages</span>).*', lambda m: m[1] + items + " ", html)
    assert count, "no page links"
    return out


__all__ = ["Forum", "PER_LISTING", "PER_PAGE", "Topic", "with_body"]
