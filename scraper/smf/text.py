"""A post body's served HTML -> its own text, quotes, code blocks and links.

Works on the raw HTML string (cut from the page as served) with a few
compiled regexes and a tag-depth scan: far cheaper than walking thousands of
<br> nodes of a pasted cable in Python.

Quote markup, as SMF's parse_bbc renders `[quote]`:
  2.0  <div class="quoteheader"><div class="topslice_quote">HEADER</div></div>
       <blockquote class="bbc_standard_quote">...</blockquote>
       <div class="quotefooter"><div class="botslice_quote"></div></div>
  2.1  <blockquote class="bbc_standard_quote"><cite>HEADER</cite>...</blockquote>
HEADER is "Quote from: NAME on DATE" (a link to topic=T.msgM#msgM when the
quote has one), "Quote from: NAME" or plain "Quote".
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from ..models import Link, Quote
from .common import topic_ref

TimeParser = Callable[[str], datetime | None]

# Where a quote starts: the 2.0 header div, or the blockquote itself (2.1).
_QUOTE_START = re.compile(
    r"""<div\s+class="quoteheader"[^>]*>   # 2.0 header
    | <blockquote\b[^>]*>                   # 2.1 (or a 2.0 header-less quote)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_BLOCKQUOTE_TAG = re.compile(r"<(/?)blockquote\b[^>]*>", re.IGNORECASE)
_BLOCKQUOTE_OPEN = re.compile(r"\s*<blockquote\b[^>]*>", re.IGNORECASE)
_QUOTE_FOOTER = re.compile(r"\s*<div\s+class=\"quotefooter\"[^>]*>", re.IGNORECASE)
_CITE = re.compile(r"^\s*<cite>(?P<header>.*?)</cite>", re.IGNORECASE | re.DOTALL)

# The "Code: [Select]" bar above a code block (2.0 and 2.1 both: no nested divs).
_CODE_HEADER = re.compile(r"<div\s+class=\"codeheader\"[^>]*>.*?</div>", re.IGNORECASE | re.DOTALL)
_CODE_BLOCK = re.compile(r"<code\s+class=\"bbc_code\"[^>]*>(?P<code>.*?)</code>", re.IGNORECASE | re.DOTALL)
# Smileys are images: their text is the alt (":)").
_SMILEY = re.compile(r"<img\b[^>]*\bclass=\"smiley\"[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt=\"(?P<alt>[^\"]*)\"", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Block ends that SMF does not follow with a <br>: list items and rules.
_BLOCK_END = re.compile(r"</li>|<hr\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_LINK = re.compile(
    r"""<a\s[^>]*?\bhref="(?P<href>[^"]*)"[^>]*>   # an anchor with an href
    (?P<label>.*?)</a>                             # its label (may hold tags)
    """,
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
_HREF = re.compile(r"\bhref=\"(?P<href>[^\"]*)\"", re.IGNORECASE)
# 2.1 wraps the post in template indentation: "\n\t\t\t\t\t\t\t\t\t" ... "\n\t\t\t\t\t\t\t\t".
# Users' text never holds a raw newline (SMF turns it into <br>), so this is only the template's.
_TEMPLATE_LEAD = re.compile(r"^\n[\t ]*")
_TEMPLATE_TAIL = re.compile(r"\n[\t ]*$")
_QUOTE_HEADER_TEXT = re.compile(r"^Quote\s+from:\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def trim_template_whitespace(fragment: str) -> str:
    """Drop the theme's indentation around a 2.1 post body, never the user's text."""
    fragment = _TEMPLATE_LEAD.sub("", fragment, count=1)
    # _TEMPLATE_TAIL only matches whitespace up to the end: search just the trailing run.
    cut = len(fragment.rstrip("\n\t "))
    return fragment[:cut] + _TEMPLATE_TAIL.sub("", fragment[cut:], count=1)


# Entities SMF itself writes (htmlspecialchars, &nbsp; for runs of spaces); "&amp;" goes
# last so "&amp;lt;" stays "&lt;". Anything else: html.unescape.
_COMMON_ENTITIES = {"&nbsp;": "\xa0", "&#039;": "'", "&#39;": "'", "&quot;": '"', "&lt;": "<", "&gt;": ">"}
_COMMON_ENTITY = re.compile(r"(&(?:nbsp|\#0?39|quot|lt|gt);)")
_OTHER_ENTITY = re.compile(r"&(?!amp;)[#A-Za-z]")
# _TAG with a group, so that split() keeps the tags.
_TAG_SPLIT = re.compile(f"({_TAG.pattern})", re.DOTALL)
# What a tag turns into in the text, memoised as tags are met (see _tag_text): a body's
# few distinct tags ("</a>", "<strong>") repeat across posts and pages.
_TAG_TEXT: dict[str, str] = {"<br />": "\n", "<br>": "\n", "</li>": "\n"}
_TAG_TEXT_LIMIT = 4096


def html_to_text(fragment: str) -> str:
    """Decode a body fragment: <br> -> newline, tags dropped, entities decoded (NBSP kept)."""
    if "<" in fragment:
        if "codeheader" in fragment:
            fragment = _CODE_HEADER.sub("", fragment)
        if "smiley" in fragment:
            fragment = _SMILEY.sub(_smiley_alt, fragment)
        # A pasted cable is thousands of <br />: str.replace is the cheapest way past them.
        fragment = fragment.replace("<br />", "\n").replace("<br>", "\n")
        if "<" in fragment:
            fragment = _drop_tags(fragment)
    return _decode_entities(fragment)


def _decode_entities(fragment: str) -> str:
    """Decode the entities of tag-free text (NBSP kept as U+00A0)."""
    if "&" not in fragment:
        return fragment
    # The entities are independent (no replacement holds "&"), so their order is free:
    # the run-of-spaces &nbsp; first with the cheap str.replace, then the rest in one split.
    fragment = fragment.replace("&nbsp;", "\xa0")
    if "&" not in fragment:
        return fragment
    parts = _COMMON_ENTITY.split(fragment)
    if len(parts) > 1:
        parts[1::2] = [_COMMON_ENTITIES[entity] for entity in parts[1::2]]
        fragment = "".join(parts)
        if "&" not in fragment:  # every "&" was one of those: nothing else to decode
            return fragment
    if _OTHER_ENTITY.search(fragment):
        return html_lib.unescape(fragment)
    return fragment.replace("&amp;", "&")


def _drop_tags(fragment: str) -> str:
    """Drop every tag, turning the line-breaking ones (<br>, </li>, <hr>) into newlines.

    One split of the fragment at its tags, each tag looked up once. It gives
    what the step-by-step substitutions (_drop_tags_stepwise) give as long as
    no tag holds a stray "<" and there are no comments; otherwise, and for the
    odd spellings whose fate depends on the rest of the fragment, the steps run.
    """
    parts = _TAG_SPLIT.split(fragment)
    texts = _tag_texts(parts)
    if texts is None:
        return _drop_tags_stepwise(fragment)
    parts[1::2] = texts
    return "".join(parts)


def _tag_texts(parts: list[str]) -> list[str] | None:
    """The text of each tag in a _TAG_SPLIT result (None: a tag needs the stepwise path)."""
    texts = []
    for tag in parts[1::2]:
        text = _TAG_TEXT.get(tag)
        if text is None:
            text = _tag_text(tag)
            if text is None:
                return None
        texts.append(text)
    return texts


def _tag_text(tag: str) -> str | None:
    """What one tag becomes (None: it depends on the rest of the fragment)."""
    if tag.startswith("<!--") or "<" in tag[1:]:
        return None
    if _BR.fullmatch(tag):
        # The stepwise path only applies _BR when "<br" or "<BR" is present.
        text = "\n" if tag.startswith(("<br", "<BR")) else None
    elif _BLOCK_END.fullmatch(tag):
        # ... and _BLOCK_END only when "</li" or "<hr" is.
        text = "\n" if tag.startswith(("</li", "<hr")) else None
    else:
        text = ""
    if text is not None:
        if len(_TAG_TEXT) >= _TAG_TEXT_LIMIT:  # user markup varies: keep the cache bounded
            _TAG_TEXT.clear()
        _TAG_TEXT[tag] = text
    return text


def _drop_tags_stepwise(fragment: str) -> str:
    """The reference: odd <br> spellings, block ends, then every tag or comment."""
    if "<br" in fragment or "<BR" in fragment:
        fragment = _BR.sub("\n", fragment)
    if "</li" in fragment or "<hr" in fragment:
        fragment = _BLOCK_END.sub("\n", fragment)
    if "<" in fragment:
        fragment = _TAG.sub("", fragment)
    return fragment


def _smiley_alt(m: re.Match[str]) -> str:
    alt = _ALT.search(m.group(0))
    return alt.group("alt") if alt else ""


def _match_close(fragment: str, pos: int, tag: re.Pattern[str]) -> tuple[int, int] | None:
    """Return (start, end) of the tag closing the one opened just before `pos`."""
    depth = 1
    for m in tag.finditer(fragment, pos):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.start(), m.end()
        else:
            depth += 1
    return None


def split_quotes(fragment: str, *, parse_time: TimeParser, base_url: str) -> tuple[str, list[Quote]]:
    """Return the fragment with its quotes cut out, and the quotes (outer before inner).

    Iterative (an explicit stack, never recursion on the page's structure):
    a post with a thousand nested quotes is read like one with two. Quotes
    deeper than MAX_QUOTE_DEPTH stay in the text of the deepest one kept.
    """
    own, children = _quote_level(fragment)
    quotes: list[Quote] = []
    # Pending quotes, next on top: (header, body, depth); pre-order as the page shows them.
    stack = [(header, body, 1) for header, body in reversed(children)]
    while stack:
        header, body, depth = stack.pop()
        if depth < MAX_QUOTE_DEPTH:
            inner_own, inner = _quote_level(body)
            stack.extend((h, b, depth + 1) for h, b in reversed(inner))
        else:
            inner_own = body
        quotes.append(_quote(header, body, inner_own, depth, parse_time, base_url))
    return own, quotes


# Deeper quotes are not cut out of the one at this depth (real threads nest a dozen at most).
MAX_QUOTE_DEPTH = 64


def _quote_level(fragment: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut the outermost quotes of a fragment: (the rest, [(header, body), ...])."""
    if "quoteheader" not in fragment and "<blockquote" not in fragment:
        return fragment, []
    own: list[str] = []
    found: list[tuple[str, str]] = []
    pos = 0
    while True:
        m = _QUOTE_START.search(fragment, pos)
        if m is None:
            break
        own.append(fragment[pos : m.start()])
        header = ""
        if m.group(0).lower().startswith("<div"):
            closed = _match_close(fragment, m.end(), _DIV_TAG)
            if closed is None:  # truncated page: the rest is all quote
                pos = len(fragment)
                break
            header = fragment[m.end() : closed[0]]
            opening = _BLOCKQUOTE_OPEN.match(fragment, closed[1])
            if opening is None:  # a header with no quote body: drop the header only
                pos = closed[1]
                continue
            body_start = opening.end()
        else:
            body_start = m.end()
        closed = _match_close(fragment, body_start, _BLOCKQUOTE_TAG)
        body_end, end = closed if closed else (len(fragment), len(fragment))
        body = fragment[body_start:body_end]
        cite = _CITE.match(body)
        if cite:
            header = cite.group("header")
            body = body[cite.end() :]
        footer = _QUOTE_FOOTER.match(fragment, end)
        if footer:
            footer_closed = _match_close(fragment, footer.end(), _DIV_TAG)
            end = footer_closed[1] if footer_closed else len(fragment)
        found.append((header, body))
        pos = end
    own.append(fragment[pos:])
    return "".join(own), found


def _quote(
    header: str, body: str, own: str, depth: int, parse_time: TimeParser, base_url: str
) -> Quote:
    author = quoted_at_raw = None
    quoted_at = None
    topic_id = msg_id = None
    href = _HREF.search(header)
    if href:
        ref = topic_ref(html_lib.unescape(href.group("href")))
        if ref:
            topic_id, _, msg_id = ref
    label = " ".join(html_to_text(header).replace("\xa0", " ").split())
    m = _QUOTE_HEADER_TEXT.match(label)
    if m:
        author, quoted_at_raw, quoted_at = _author_and_date(m.group("rest"), parse_time)
    return Quote(
        quoted_author=author,
        quoted_msg_id=msg_id,
        quoted_topic_id=topic_id,
        quoted_at=quoted_at,
        quoted_at_raw=quoted_at_raw,
        text=html_to_text(own),
        html=body,
        depth=depth,
        links=links_in(own, base_url=base_url),
    )


def _author_and_date(
    rest: str, parse_time: TimeParser
) -> tuple[str | None, str | None, datetime | None]:
    # "NAME on DATE": a name may itself contain " on ", so split at the last
    # " on " whose right-hand side reads as a time.
    parts = rest.split(" on ")
    for i in range(len(parts) - 1, 0, -1):
        raw = " on ".join(parts[i:])
        when = parse_time(raw)
        if when is not None:
            return " on ".join(parts[:i]) or None, raw, when
    return rest or None, None, None


def code_blocks_in(fragment: str) -> tuple[str, ...]:
    if "bbc_code" not in fragment:
        return ()
    return tuple(html_to_text(m.group("code")) for m in _CODE_BLOCK.finditer(fragment))


def links_in(fragment: str, *, base_url: str, code_header: bool = True) -> tuple[Link, ...]:
    """Every <a href> of the fragment with its label (code-header buttons excluded).

    code_header=False: the caller knows there is no code header to cut.
    """
    if "<a" not in fragment:
        return ()
    if code_header and "codeheader" in fragment:
        fragment = _CODE_HEADER.sub("", fragment)
    out = []
    for m in _LINK.finditer(fragment):
        href = m.group("href")
        if "&" in href:
            href = html_lib.unescape(href)
        if not href or href.startswith("javascript:"):
            continue
        if not href.startswith(("http://", "https://")):
            href = urljoin(base_url, href)
        label = m.group("label")
        if "<" in label or "&" in label:
            label = html_to_text(label)
        out.append(Link(href=href, label=" ".join(label.split())))
    return tuple(out)


# The opening tags that the body regexes above need, to tell in one short search
# over a body's tags (not its whole text) that a feature is absent.
_CODE_HEADER_OPEN = re.compile(r"<div\s+class=\"codeheader\"[^>]*>", re.IGNORECASE)
_CODE_OPEN = re.compile(r"<code\s+class=\"bbc_code\"[^>]*>", re.IGNORECASE)
_LINK_OPEN = re.compile(r"<a\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BodyParts:
    own: str  # the body without its quotes
    quotes: list[Quote]
    text: str
    code_blocks: tuple[str, ...]
    links: tuple[Link, ...]


def parse_body(raw: str, *, parse_time: TimeParser, base_url: str) -> BodyParts:
    """Read a post body: split_quotes, then html_to_text, code_blocks_in and links_in of the rest.

    The same results with fewer passes over a long body: once its <br>s are
    replaced, the few tags left are split out once; they give the text, and a
    search of those tags alone shows which rarer features (quotes, code,
    smileys, links) need their own pass. That holds when every "<" starts a
    clean tag (no "<" inside a tag, no comment); otherwise each step runs.
    """
    if "<" in raw:
        # One replace for the spelling the body uses (2.0 "<br />", 2.1 "<br>"); any
        # other <br> is one of the tags below.
        first = raw.find("<br")
        lines = raw.replace("<br>" if raw.startswith("<br>", first) else "<br />", "\n")
        parts = _TAG_SPLIT.split(lines)
        texts = _tag_texts(parts) if "<" not in parts[-1] else None
        if texts is not None:
            tags = "".join(parts[1::2])
            if not _QUOTE_START.search(tags):
                code_header = _CODE_HEADER_OPEN.search(tags) is not None
                if code_header or _SMILEY.search(tags):
                    text = html_to_text(raw)
                else:
                    parts[1::2] = texts
                    text = _decode_entities("".join(parts))
                links = links_in(raw, base_url=base_url, code_header=code_header) if _LINK_OPEN.search(tags) else ()
                code_blocks = code_blocks_in(raw) if _CODE_OPEN.search(tags) else ()
                return BodyParts(own=raw, quotes=[], text=text, code_blocks=code_blocks, links=links)
    own, quotes = split_quotes(raw, parse_time=parse_time, base_url=base_url)
    return BodyParts(
        own=own,
        quotes=quotes,
        text=html_to_text(own),
        code_blocks=code_blocks_in(own),
        links=links_in(own, base_url=base_url),
    )
