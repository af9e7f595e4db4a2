"""Build "the next night" of a captured forum by editing copies of the real pages.

Every changed page is a string edit of a captured page (samples/smf20, smf21):
posts are cloned from a real post block, removed, or rewritten; message-index
rows are cloned and their counts bumped. `night_two(version)` returns the
overrides to give the replay server and what the archive should then show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from samples_util import SAMPLES

HTML = "text/html; charset=UTF-8"
TOPIC, BOARD = "index.php?topic={}", "index.php?board={}"
# A post's counter: 2.0 "Reply #20 on:", 2.1 'title="Reply #20 - ' and '<span class="page_number">#20</span>'.
COUNTER = re.compile(r"(Reply #|>#)(\d+)\b")


def read(version: str, name: str) -> str:
    return (SAMPLES / version / f"{name}.html").read_text(encoding="utf-8")


def topic_file(topic: str) -> str:
    return f"index.php__topic={topic}"


# --- topic pages ---------------------------------------------------------------


# SMF 1.1's default theme: every post is one row of the quickModForm table, opened on a line of
# its own; the row after the last post is an empty spacer row.
_ROW11 = re.compile(r'^\t<tr><td style="padding: 1px 1px 0 1px;">\n', re.MULTILINE)
_SPACER11 = re.compile(r'^\t<tr><td style="padding: 0 0 1px 0;"></td></tr>\n', re.MULTILINE)


def split_posts(html: str) -> tuple[str, list[str], str]:
    """Cut a topic page into (head, post blocks, tail); each block ends with its separator line.

    A 1.1 page (tables, no post separator) is cut at its post rows (split_posts11).
    """
    if "post_separator" not in html:
        return split_posts11(html)
    start = html.index('<div class="windowbg', html.index('id="quickModForm"'))
    cut = [m.end() for m in re.finditer(r'<hr class="post_separator"\s*/?>[^\n]*\n', html)]
    blocks, pos = [], start
    for end in cut:
        blocks.append(html[pos:end])
        pos = end
    return html[:start], blocks, html[pos:]


def split_posts11(html: str) -> tuple[str, list[str], str]:
    """Cut a 1.1 topic page into (head, post rows, tail): each block is one post's whole table row."""
    form = html.index('id="quickModForm"')
    starts = [m.start() for m in _ROW11.finditer(html, form)]
    end = _SPACER11.search(html, starts[-1]).start()
    blocks = [html[a:b] for a, b in zip(starts, [*starts[1:], end], strict=True)]
    return html[: starts[0]], blocks, html[end:]


def join_posts(head: str, blocks: list[str], tail: str) -> str:
    return head + "".join(blocks) + tail


def block_of(blocks: list[str], msg_id: int) -> int:
    return next(i for i, b in enumerate(blocks) if f'id="msg_{msg_id}"' in b)


def _body_span(block: str, msg_id: int) -> tuple[int, int]:
    """Start and end of a post body's inner HTML (balanced <div>s)."""
    opening = re.search(rf'<div class="inner"[^>]*id="msg_{msg_id}"[^>]*>', block)
    depth, pos = 1, opening.end()
    while True:
        close = block.index("</div", pos)
        nested = block.find("<div", pos, close)
        if nested >= 0:
            depth, pos = depth + 1, nested + 4
            continue
        depth -= 1
        if depth == 0:
            return opening.end(), close
        pos = close + 5


def with_body(block: str, msg_id: int, body_html: str) -> str:
    start, end = _body_span(block, msg_id)
    return block[:start] + body_html + block[end:]


def clone_post(block: str, *, old_id: int, new_id: int, position: int, body_html: str) -> str:
    """A new post from a real one: new msg id, counter and text, one day later."""
    out = block.replace(str(old_id), str(new_id))
    out = COUNTER.sub(lambda m: f"{m[1]}{position}", out)
    out = out.replace("February 16, 2011", "February 17, 2011").replace("Feb 16, 2011", "Feb 17, 2011")
    return with_body(out, new_id, body_html)


def with_last_edit(block: str, version: str, msg_id: int) -> str:
    """Fill the post's (empty) "Last Edit" slot as that SMF version prints it."""
    if version == "smf20":
        slot = re.compile(rf'(<div class="smalltext modified" id="modified_{msg_id}">)\s*(</div>)')
        line = "&#171; <em>Last Edit: February 17, 2011, 09:15:00 am by birther truther tenther</em> &#187;"
    else:
        slot = re.compile(rf'(<span class="smalltext modified floatright" id="modified_{msg_id}">)\s*(</span>)')
        line = '<span class="lastedit">Last Edit</span>: Feb 17, 2011, 09:15 AM by birther truther tenther'
    out, n = slot.subn(lambda m: m[1] + line + m[2], block)
    assert n == 1, "no empty Last Edit slot"
    return out


def add_page_link(html: str, version: str, topic_id: int, start: int, label: int) -> str:
    """Add a link to page `label` of the topic after each numbered link to one of its pages."""
    cls = "navPages" if version == "smf20" else "nav_page"
    pattern = re.compile(rf'(<a class="{cls}" href="([^"]*?)\?topic={topic_id}\.\d+">\d+</a>)(?!\s*<a class="{cls}" href="[^"]*?\?topic={topic_id}\.\d+">\d)')
    out, n = pattern.subn(lambda m: f'{m[1]} <a class="{cls}" href="{m[2]}?topic={topic_id}.{start}">{label}</a>', html)
    assert n, "no page links"
    return out


# --- message index and board index ---------------------------------------------


def _row_span(html: str, version: str, topic_id: int) -> tuple[int, int]:
    at = html.index(f"?topic={topic_id}.0\">")
    opener, closer = ("<tr>", "</tr>") if version == "smf20" else ('<div class="windowbg">', "<!-- $topic[css_class] -->")
    start = html.rindex(opener, 0, at)
    end = html.index(closer, at) + len(closer)
    return start, end + (1 if html[end] == "\n" else 0)


def topic_row(html: str, version: str, topic_id: int) -> str:
    start, end = _row_span(html, version, topic_id)
    return html[start:end]


def without_row(html: str, version: str, topic_id: int) -> str:
    start, end = _row_span(html, version, topic_id)
    return html[:start] + html[end:]


def replace_row(html: str, version: str, topic_id: int, row: str) -> str:
    start, end = _row_span(html, version, topic_id)
    return html[:start] + row + html[end:]


def insert_row_first(html: str, version: str, row: str) -> str:
    first = min(_row_span(html, version, t)[0] for t in re.findall(r"\?topic=(\d+)\.0\">", html))
    return html[:first] + row + html[first:]


def with_replies(row: str, replies: int) -> str:
    return re.sub(r"(\d[\d,]*)( Replies)|(Replies: )(\d[\d,]*)",
                  lambda m: f"{replies}{m[2]}" if m[2] else f"{m[3]}{replies}", row, count=1)


def with_last_post(row: str, topic_id: int, old: str, new: str) -> str:
    """Point the row's "last post" link elsewhere: old/new are "START#msgID"."""
    out = row.replace(f"?topic={topic_id}.{old}", f"?topic={topic_id}.{new}")
    assert out != row
    return out


def with_board_pages(row: str, version: str, topic_id: int, start: int, label: int) -> str:
    cls = "navPages" if version == "smf20" else "nav_page"
    pattern = re.compile(rf'(<a class="{cls}" href="([^"]*?)\?topic={topic_id}\.15">2</a>)')
    out, n = pattern.subn(lambda m: f'{m[1]} <a class="{cls}" href="{m[2]}?topic={topic_id}.{start}">{label}</a>', row)
    assert n == 1
    return out


def with_new_board(index_html: str, version: str, board_id: int, name: str) -> str:
    """Add a board to the board index, cloned from board 102."""
    if version == "smf20":
        start = index_html.index('<tr id="board_102"')
        end = index_html.index("</tr>", start) + len("</tr>\n")
    else:
        start = index_html.index('<div id="board_102"')
        end = index_html.index("<!-- #board_[id] -->", start) + len("<!-- #board_[id] -->\n")
    block = index_html[start:end]
    clone = (block.replace("board=102.", f"board={board_id}.").replace("board_102", f"board_{board_id}")
             .replace("b102", f"b{board_id}").replace("Wikileaks &amp; Cablegate", name)
             .replace("Wikileaks & Cablegate", name))
    return index_html[:end] + clone + index_html[end:]


def _board_span(index_html: str, version: str, board_id: int) -> tuple[int, int]:
    if version == "smf20":
        start = index_html.index(f'<tr id="board_{board_id}"')
        return start, index_html.index("</tr>", start) + len("</tr>\n")
    start = index_html.index(f'<div id="board_{board_id}"')
    return start, index_html.index("<!-- #board_[id] -->", start) + len("<!-- #board_[id] -->\n")


def with_board_stats(index_html: str, version: str, board_id: int, *, posts: int, topics: int,
                     last: tuple[int, int] | None = None) -> str:
    """Set a board row's post and topic counts and (topic id, msg id) of its last post, as SMF prints them."""
    start, end = _board_span(index_html, version, board_id)
    block = index_html[start:end]
    if version == "smf20":
        out, n = re.subn(r"\d[\d,]* Posts <br />(\s*)\d[\d,]* Topics", lambda m: f"{posts} Posts <br />{m[1]}{topics} Topics", block)
    else:
        out, n = re.subn(r"Posts: \d[\d,]*<br>Topics: \d[\d,]*", f"Posts: {posts}<br>Topics: {topics}", block)
    assert n == 1, "no board stats"
    if last is not None:
        out, n = re.subn(r"\?topic=\d+\.msg\d+#new", f"?topic={last[0]}.msg{last[1]}#new", out)
        assert n == 1, "no last post link"
    return index_html[:start] + out + index_html[end:]


def as_board(html: str, board_id: int, name: str) -> str:
    """A page re-homed on another board: links, ids and the breadcrumb name."""
    return (html.replace("board=102", f"board={board_id}").replace("board_102", f"board_{board_id}")
            .replace("Wikileaks &amp; Cablegate", name).replace("Wikileaks & Cablegate", name))


# --- the second night -----------------------------------------------------------

NEW_BOARD, NEW_BOARD_NAME = 103, "Cable Archive"
GROWN, LAST_OF_GROWN, GROWN_PER_PAGE = 200457, 1199150, 15
SHRUNK, DELETED, SHRUNK_NEW_LAST = 200391, 1198602, 1198540
EDITED = 1199122  # on 200457.15: it quotes a pasted cable paragraph
MOVED = 200176
NEW_TOPIC, NEW_TOPIC_FIRST_MSG = 200500, 1199600
EDITED_BODY = ("Edited: I quoted the wrong paragraph. The one that matters is in 08MEXICO23, "
               "not the anti-piracy visit.")


@dataclass(frozen=True)
class Night:
    overrides: dict[str, tuple[int, str, bytes]]
    new_msg_ids: tuple[int, ...]
    edited_msg_ids: tuple[int, ...]
    deleted_msg_ids: tuple[int, ...]
    requests: tuple[str, ...]  # path+query of every request night 2 should make, in any order
    new_topic_msg_ids: tuple[int, ...] = field(default=())


def night_two(version: str) -> Night:
    """The forum one night later: replies opening a new page, an edit, a deletion, a new and a moved topic."""
    out: dict[str, str] = {}
    new_ids: list[int] = []

    # 200457: nine replies fill page 2, two more open page 3; post 1199122 is edited.
    head, blocks, tail = split_posts(read(version, topic_file("200457.15")))
    source = blocks[block_of(blocks, LAST_OF_GROWN)]
    i = block_of(blocks, EDITED)
    blocks[i] = with_last_edit(with_body(blocks[i], EDITED, EDITED_BODY), version, EDITED)

    def reply(n: int) -> str:
        msg_id = LAST_OF_GROWN + 1 + n
        new_ids.append(msg_id)
        return clone_post(source, old_id=LAST_OF_GROWN, new_id=msg_id, position=21 + n,
                          body_html=f"Night two reply {n + 1}: still reading the SPP cables.")

    page2 = join_posts(head, blocks + [reply(n) for n in range(9)], tail)
    page3 = join_posts(head, [reply(n) for n in range(9, 11)], tail)
    page3 = page3.replace(f"?topic={GROWN}.15\"", f"?topic={GROWN}.30\"")  # canonical, forms
    page3 = re.sub(r"\[<strong>2</strong>\]|<span class=\"current_page\">2</span>",
                   lambda m: f'<a class="{"navPages" if version == "smf20" else "nav_page"}" '
                             f'href="http://127.0.0.1:80{version[3:]}/index.php?topic={GROWN}.15">2</a>'
                             + (" [<strong>3</strong>]" if version == "smf20" else ' <span class="current_page">3</span>'),
                   page3)
    out[f"{GROWN}.15"] = add_page_link(page2, version, GROWN, 30, 3)
    out[f"{GROWN}.30"] = page3
    out[f"{GROWN}.0"] = add_page_link(read(version, topic_file("200457.0")), version, GROWN, 30, 3)
    last_new = new_ids[-1]

    # 200391: its last post is deleted.
    head, blocks, tail = split_posts(read(version, topic_file("200391.0")))
    del blocks[block_of(blocks, DELETED)]
    out[f"{SHRUNK}.0"] = join_posts(head, blocks, tail)

    # 200500: a new topic, a copy of 200391 with new ids.
    original = read(version, topic_file("200391.0"))
    old_ids = sorted({int(m) for m in re.findall(r'id="msg_(\d+)"', original)})
    id_map = {old: NEW_TOPIC_FIRST_MSG + n for n, old in enumerate(old_ids)}
    copy = original.replace(str(SHRUNK), str(NEW_TOPIC))
    for old, new in id_map.items():
        copy = copy.replace(str(old), str(new))
    copy = copy.replace("Cablegate mirror keeps timing out - anyone else?", "Mirror list for the cables (night two)")
    out[f"{NEW_TOPIC}.0"] = copy

    # 200176: moved to a new board 103.
    out[f"{MOVED}.0"] = as_board(read(version, topic_file("200176.0")), NEW_BOARD, NEW_BOARD_NAME)

    # Message indexes and the board index.
    index = read(version, "index.php__board=102.0")
    grown = with_last_post(with_replies(topic_row(index, version, GROWN), 31), GROWN,
                           f"15#msg{LAST_OF_GROWN}", f"30#msg{last_new}")
    grown = with_board_pages(grown, version, GROWN, 30, 3)
    shrunk = with_last_post(with_replies(topic_row(index, version, SHRUNK), 2), SHRUNK,
                            f"0#msg{DELETED}", f"0#msg{SHRUNK_NEW_LAST}")
    new_row = topic_row(index, version, SHRUNK).replace(str(SHRUNK), str(NEW_TOPIC))
    for old, new in id_map.items():
        new_row = new_row.replace(str(old), str(new))
    new_row = new_row.replace("Cablegate mirror keeps timing out - anyone else?", "Mirror list for the cables (night two)")
    moved_row = topic_row(index, version, MOVED)
    board102 = replace_row(replace_row(index, version, GROWN, grown), version, SHRUNK, shrunk)
    board102 = insert_row_first(without_row(board102, version, MOVED), version, new_row)
    board103 = as_board(index, NEW_BOARD, NEW_BOARD_NAME)
    for topic in (GROWN, SHRUNK):
        board103 = without_row(board103, version, topic)
    assert moved_row and f"?topic={MOVED}.0" in board103

    overrides = {TOPIC.format(k): v for k, v in out.items()}
    overrides[BOARD.format("102.0")] = board102
    overrides[BOARD.format(f"{NEW_BOARD}.0")] = board103
    board_index = with_new_board(read(version, "index.php"), version, NEW_BOARD, NEW_BOARD_NAME)
    # 102: +11 replies, -1 deleted, +4 in the new topic, -8 moved out with 200176 (-1 topic, +1 new).
    board_index = with_board_stats(board_index, version, 102, posts=33 + 11 - 1 + 4 - 8, topics=3, last=(GROWN, last_new))
    overrides["index.php"] = with_board_stats(board_index, version, NEW_BOARD, posts=8, topics=1, last=(MOVED, 1197301))
    requests = (
        "/robots.txt", "/index.php", "/index.php?board=102.0", f"/index.php?board={NEW_BOARD}.0",
        f"/index.php?topic={GROWN}.15", f"/index.php?topic={GROWN}.30",
        f"/index.php?topic={SHRUNK}.0", f"/index.php?topic={NEW_TOPIC}.0",
    )
    return Night(
        overrides={k: (200, HTML, v.encode("utf-8")) for k, v in overrides.items()},
        new_msg_ids=tuple(new_ids),
        edited_msg_ids=(EDITED,),
        deleted_msg_ids=(DELETED,),
        requests=requests,
        new_topic_msg_ids=tuple(id_map.values()),
    )
