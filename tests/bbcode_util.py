"""Build what the page parser hands to split/relate from a post's BBCode source.

The page parser (another module) gives: the post's own text with quotes removed and
BBCode rendered (``[url=X]label[/url]`` -> "label" plus a link (X, label); bare URLs stay
as text and are links too), and each quote as (quoted_msg_id, text). SMF drops the one
newline that follows ``[/quote]`` (see samples/smf20 topic 200457), so this does too.
"""

from __future__ import annotations

import re

_QUOTE_OPEN_RE = re.compile(r"\[quote(?P<attrs>[^\]]*)\]", re.IGNORECASE)
_QUOTE_CLOSE = "[/quote]"
_MSG_RE = re.compile(r"link=topic=\d+\.msg(\d+)")
_URL_TAG_RE = re.compile(r"\[url=(?P<href>[^\]]+)\](?P<label>.*?)\[/url\]|\[url\](?P<bare>.*?)\[/url\]", re.S | re.I)
_OTHER_TAG_RE = re.compile(r"\[/?(?:b|i|u|s|code|color[^\]]*|size[^\]]*|font[^\]]*|center|left|right|pre|tt)\]", re.I)
_BARE_URL_RE = re.compile(r"(?<![=\]\w])https?://[^\s\[\]<>\"]+")


def render(bbcode: str) -> tuple[str, list[tuple[str, str]]]:
    """Render BBCode without quotes: (text, links)."""
    links: list[tuple[str, str]] = []
    out: list[str] = []
    pos = 0
    for m in _URL_TAG_RE.finditer(bbcode):
        out.append(bbcode[pos : m.start()])
        if m["href"] is not None:
            out.append(m["label"])
            links.append((m["href"], m["label"]))
        else:
            out.append(m["bare"])
            links.append((m["bare"], m["bare"]))
        pos = m.end()
    out.append(bbcode[pos:])
    text = _OTHER_TAG_RE.sub("", "".join(out))
    tagged = {h for h, _ in links}
    links += [(u, u) for u in _BARE_URL_RE.findall(text) if u not in tagged]
    return text, links


def convert(body: str) -> tuple[str, list[tuple[str, str]], list[tuple[int | None, str]]]:
    """Return (text, links, quotes) as the page parser would for ``body``."""
    quotes: list[tuple[int | None, str]] = []
    own: list[str] = []
    pos = 0
    while (m := _QUOTE_OPEN_RE.search(body, pos)) is not None:
        own.append(body[pos : m.start()])
        depth, j = 1, m.end()
        while depth and j < len(body):
            nxt_open = _QUOTE_OPEN_RE.search(body, j)
            nxt_close = body.lower().find(_QUOTE_CLOSE, j)
            if nxt_close == -1:
                j = len(body)
                break
            if nxt_open is not None and nxt_open.start() < nxt_close:
                depth, j = depth + 1, nxt_open.end()
            else:
                depth, j = depth - 1, nxt_close + len(_QUOTE_CLOSE)
        inner = body[m.end() : j - len(_QUOTE_CLOSE)] if not depth else body[m.end() :]
        msg = _MSG_RE.search(m["attrs"])
        quotes.append((int(msg[1]) if msg else None, render(inner)[0]))
        pos = j + 1 if body[j : j + 1] == "\n" else j
    own.append(body[pos:])
    text, links = render("".join(own))
    return text, links, quotes


def strip_bbcode(s: str) -> str:
    """Remove BBCode tags, keeping link labels (for comparing with the truth's commentary)."""
    return render(s)[0]
