"""Structural fuzz of real SMF pages: mutate, parse, judge (tests/test_fuzz_structure.py, bench/fuzz.py).

A mutation is one edit a broken proxy, a corrupt disk or an attacker could
make to a captured topic page (SMF 1.1, 2.0 and 2.1): a corrupted tag,
NUL bytes, deep nesting, a duplicated, dropped or swapped post block,
unbalanced markup in a post, in a poster's signature or in the page around
the posts. A page is cut into its post blocks where its theme starts each
post (nightly_util.split_posts: 2.x's post separators, 1.1's table rows).
Each mutation knows which posts it touched (the blocks its edit overlaps),
so the judge can say honestly what the parser must still give:

- it raises nothing but ScraperError (else: a crash);
- it returns within the time bound (else: a hang);
- when it returns a topic page that passes the completeness checks
  (smf.topic_page_shortfall, with the reply count the message index lists),
  every post the mutation did not touch is there, unchanged (else: a
  silent loss). A page that is refused, or read but found short, is fine:
  the crawl then keeps what it had and marks nothing deleted.
"""

from __future__ import annotations

import random
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from nightly_util import split_posts
from samples_util import CAPTURED_AT, FORUM_TZ, FUZZ_VERSIONS, page, topic_page

from scraper.errors import ScraperError
from scraper.models import TopicPage
from scraper.smf import parse_page, topic_page_shortfall

PAGES = ("200176.0", "200391.0", "200457.0", "200457.15")


def listed_replies(version: str) -> dict[int, int]:
    """Reply counts as the board's message index lists them (what the crawl checks against)."""
    html, url = page(version, "index.php__board=102.0.html")
    index = parse_page(html, url=url, now=CAPTURED_AT, tz=FORUM_TZ)
    return {t.topic_id: t.replies for t in index.topics}


def post_marker(version: str, msg: int) -> str:
    """What names a post in its block: 2.x's body id, 1.1's subject div (its body carries no id)."""
    return f'id="subject_{msg}"' if version == "smf11" else f'id="msg_{msg}"'


# Where a post's own text starts: right after its body's opening tag (2.1 indents it on the next line).
_BODY_OPENING = {
    "smf11": r'id="subject_{msg}".*?<div class="post"[^>]*>',
    "smf20": r'id="msg_{msg}"[^>]*>',
    "smf21": r'id="msg_{msg}"[^>]*>\n[\t ]*',
}


def body_opening(version: str, html: str, msg: int) -> re.Match:
    return re.search(_BODY_OPENING[version].format(msg=msg), html, re.DOTALL)


@dataclass(frozen=True)
class Original:
    version: str
    name: str
    html: str
    url: str
    head: str
    blocks: tuple[str, ...]
    tail: str
    page: TopicPage
    listed_replies: int

    def block_spans(self) -> list[tuple[int, int, int]]:
        """(start, end, msg_id) of each post block in the original page."""
        out, pos = [], len(self.head)
        for block, post in zip(self.blocks, self.page.posts, strict=True):
            out.append((pos, pos + len(block), post.msg_id))
            pos += len(block)
        return out


def load_originals() -> list[Original]:
    out = []
    for version in FUZZ_VERSIONS:
        replies = listed_replies(version)
        for name in PAGES:
            html, url = topic_page(version, name)
            head, blocks, tail = split_posts(html)
            parsed = parse_page(html, url=url, now=CAPTURED_AT, tz=FORUM_TZ)
            assert all(post_marker(version, p.msg_id) in b for p, b in zip(parsed.posts, blocks, strict=True))
            listed = replies[parsed.topic.topic_id]
            assert topic_page_shortfall(parsed, listed_replies=listed) is None, (version, name)
            out.append(Original(version, name, html, url, head, tuple(blocks), tail, parsed, listed))
    return out


@dataclass(frozen=True)
class Case:
    original: Original
    op: str
    html: str
    touched: frozenset[int]  # msg ids whose blocks the edit overlaps


def _touched(original: Original, start: int, end: int) -> frozenset[int]:
    """Posts whose block overlaps original[start:end] (an insertion at start: end == start)."""
    return frozenset(
        msg for s, e, msg in original.block_spans() if start < e and (end > s or (start == end and start > s))
    )


def signature_slot(version: str, html: str, msg: int) -> tuple[int, str, str]:
    """Where the theme prints a post's signature, and the markup around it (Display.template.php).

    None of the captured posters has one, so the fuzz writes it where each
    version's default theme would: 1.1 under an <hr> after the Last Edit
    table, 2.0 after the report links in the moderator bar, 2.1 first in the
    moderator bar, on lines of its own.
    """
    if version == "smf11":
        at = html.index("</tr></table>", html.index(f'id="modified_{msg}"')) + len("</tr></table>")
        return at, '\n\t\t\t\t\t\t\t<hr width="100%" size="1" class="hrcolor" />\n\t\t\t\t\t\t\t<div class="signature">', "</div>"
    if version == "smf20":
        links = html.index('<div class="smalltext reportlinks">', html.index(f'id="modified_{msg}"'))
        at = html.index("</div>", links) + len("</div>")
        return at, f'\n\t\t\t\t\t\t\t<div class="signature" id="msg_{msg}_signature">', "</div>"
    bar = '<div class="moderatorbar">'
    at = html.index(bar, html.index(f'id="msg_{msg}"')) + len(bar)
    return (at, f'\n\t\t\t\t\t\t\t<div class="signature" id="msg_{msg}_signature">\n\t\t\t\t\t\t\t\t',
            "\n\t\t\t\t\t\t\t</div>")


JUNK_IN_TAG = ["\x00" * 10, "\ufffd" * 4, "x", " <", "=\"", "\x00<div>"]
# Markup that is not closed, or closes what it did not open; the last two are lookalikes of the
# template markup that names a post (2.x's body, 1.1's subject div and body).
UNBALANCED = ["</div>" * 3, "<div>" * 3, "</div></td></tr></table>", "</blockquote></div>", "<div>" * 20, "<table><tr><td>",
              "</form></div></div>", "<!--", "<script>", "</html>", "<div class=\"inner\" id=\"msg_1\">",
              "<div style=\"font-weight: bold;\" id=\"subject_1\"><div class=\"post\">"]

# What a signature with markup of its own (a modded forum, HTML allowed in signatures) can hold:
# the template's closers of 2.x and 1.1 posts, openers that would hold the next post.
SIGNATURE_JUNK = [*UNBALANCED, "</td></tr></table></td></tr></table>", "</td></tr></table>" * 4,
                  "</div>" * 8, "<table><tr><td><div>", "<td><div>" * 5]
# A quoted quote as each version prints it (1.1: a header div, then the quote's div).
QUOTE_MARKUP = {
    "smf11": ('<div class="quoteheader">Quote</div><div class="quote">', "</div>"),
    "smf20": ('<blockquote class="bbc_standard_quote">', "</blockquote>"),
    "smf21": ('<blockquote class="bbc_standard_quote">', "</blockquote>"),
}

OPS = ("corrupt_tag", "nul_bytes", "deep_nesting", "deep_quotes", "unbalanced_in_body", "unbalanced_outside",
       "hostile_signature", "drop_tag_char", "duplicate_block", "drop_block", "swap_blocks")


def mutate(original: Original, rng: random.Random, op: str | None = None) -> Case:
    """One random structural mutation of a real page (of kind `op`, else any)."""
    html = original.html
    spans = original.block_spans()
    if op is None:
        op = rng.choice([o for o in OPS if len(spans) > 1 or not o.endswith(("_block", "_blocks"))])
    if op == "corrupt_tag":
        tags = [m.start() for m in re.finditer(r"<[a-zA-Z]", html)]
        at = rng.choice(tags) + rng.randint(1, 4)
        return Case(original, op, html[:at] + rng.choice(JUNK_IN_TAG) + html[at:], _touched(original, at, at))
    if op == "nul_bytes":
        at = rng.randrange(len(html))
        return Case(original, op, html[:at] + "\x00" * rng.randint(1, 20) + html[at:], _touched(original, at, at))
    if op == "drop_tag_char":
        chars = [m.start() for m in re.finditer(r"[<>]", html)]
        at = rng.choice(chars)
        return Case(original, op, html[:at] + html[at + 1 :], _touched(original, at, at + 1))
    if op == "deep_nesting":
        at = rng.choice([m.start() for m in re.finditer(r"<div\b", html)])
        depth = rng.choice([50, 300, 5_000, 66_000])
        return Case(original, op, html[:at] + "<div>" * depth + html[at:], _touched(original, at, at))
    if op in ("deep_quotes", "unbalanced_in_body"):
        block = rng.randrange(len(spans))
        msg = spans[block][2]
        # Where a user's text is: after the body's opening (and 2.1's indentation), on its line.
        opening = body_opening(original.version, html, msg)
        at = rng.randint(opening.end(), html.index("\n", opening.end()) - len("</div>"))
        at = html.rfind(">", opening.end() - 1, at + 1) + 1 or opening.end()  # between tags, not inside one
        if op == "deep_quotes":
            n = rng.choice([10, 200, 1_200])
            quote, unquote = QUOTE_MARKUP[original.version]
            insert = (quote * n) + "deep" + (unquote * rng.choice([0, n]))
        else:
            insert = rng.choice(UNBALANCED)
        return Case(original, op, html[:at] + insert + html[at:], frozenset({msg}))
    if op == "hostile_signature":
        msg = spans[rng.randrange(len(spans))][2]
        at, before, after = signature_slot(original.version, html, msg)
        signature = before + "Audit the Fed<br />" + rng.choice(SIGNATURE_JUNK) + "Ron Paul 2012" + after
        return Case(original, op, html[:at] + signature + html[at:], frozenset({msg}))
    if op == "unbalanced_outside":
        # Between two blocks or in the page chrome, never inside a post.
        cuts = [len(original.head)] + [e for _, e, _ in spans] + [len(html) - len(original.tail) // 2]
        at = rng.choice(cuts)
        return Case(original, op, html[:at] + rng.choice(UNBALANCED) + html[at:], frozenset())
    blocks = list(original.blocks)
    ids = [msg for _, _, msg in spans]
    i, j = rng.sample(range(len(blocks)), 2)
    if op == "duplicate_block":
        blocks.insert(j, blocks[i])
        touched = {ids[i]}
    elif op == "drop_block":
        del blocks[i]
        touched = {ids[i]}
    else:
        blocks[i], blocks[j] = blocks[j], blocks[i]
        touched = {ids[i], ids[j]}
    return Case(original, op, original.head + "".join(blocks) + original.tail, frozenset(touched))


class Hang(Exception):
    pass


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread once `seconds` pass (a parser stuck in a loop)."""

    def alarm(_signum, _frame):
        raise Hang(f"no answer in {seconds}s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _key(post) -> tuple:
    """What an untouched post must keep: who, when, where, what it says, and what hangs under it."""
    return (post.msg_id, post.position, post.author_name, post.member_id, post.posted_at, post.edited_at,
            post.body_text, post.quotes, post.subject, post.signature, post.attachments)


@dataclass(frozen=True)
class Verdict:
    outcome: str  # refused / short / complete / crash / hang / silent_loss
    detail: str
    seconds: float


def parse_bounded(html: str, url: str, *, bound: float) -> tuple[object, float]:
    """Parse a mutated page within ``bound`` seconds: (the page, or the Verdict of a hang, a
    refusal or a crash; the seconds it took). Shared by this judge and fuzz_listings'."""
    started = time.perf_counter()
    try:
        with time_bound(bound):
            result = parse_page(html, url=url, now=CAPTURED_AT, tz=FORUM_TZ)
    except Hang as exc:
        return Verdict("hang", str(exc), time.perf_counter() - started), time.perf_counter() - started
    except ScraperError as exc:
        return Verdict("refused", str(exc), time.perf_counter() - started), time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - exactly what the fuzz looks for
        return Verdict("crash", f"{type(exc).__name__}: {exc}", time.perf_counter() - started), time.perf_counter() - started
    return result, time.perf_counter() - started


def judge(case: Case, *, bound: float) -> Verdict:
    """Parse a mutated page and say what happened (see the module docstring)."""
    result, seconds = parse_bounded(case.html, case.original.url, bound=bound)
    if isinstance(result, Verdict):
        return result
    if not isinstance(result, TopicPage):
        return Verdict("refused", f"read as a {type(result).__name__}", seconds)
    shortfall = topic_page_shortfall(result, listed_replies=case.original.listed_replies)
    if shortfall is not None:
        return Verdict("short", shortfall, seconds)
    got = {p.msg_id: _key(p) for p in result.posts}
    lost = [p.msg_id for p in case.original.page.posts if p.msg_id not in case.touched and got.get(p.msg_id) != _key(p)]
    if lost:
        return Verdict("silent_loss", f"complete, yet posts {lost} are missing or changed", seconds)
    return Verdict("complete", "", seconds)
