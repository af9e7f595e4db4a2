"""Structural fuzz of real SMF listing pages: the board index and the message index.

The crawl plans a night from these pages: which boards changed, which topics
are new or have new replies, how many replies a topic page must show to be
complete (smf.topic_page_shortfall), and which topics vanished. A mutation
here is one edit a broken proxy or an attacker could make to a captured
listing page (SMF 1.1, 2.0, 2.1; the plain and the moved-topic/poll forums):
a corrupted tag, NUL bytes, deep nesting, unbalanced markup in a row or
around the rows, a duplicated, dropped or swapped row. Each mutation knows
which rows it touched, so the judge can say what the parser must still give:

- it raises nothing but ScraperError (else: a crash), and returns in time
  (else: a hang);
- when it returns the listing, every row the edit did not touch is there
  with every value it had (else: a silent loss: a topic or a board the
  crawl would skip, or plan from a wrong reply count);
- a page that cannot be read whole is refused (ScraperError): the crawl then
  plans nothing from it and reads it again on the next run.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from fuzz_pages import JUNK_IN_TAG, UNBALANCED, Verdict, parse_bounded
from samples_util import CAPTURED_AT, FORUM_TZ, page

from scraper.models import BoardIndex, MessageIndex
from scraper.smf import parse_page

# (sample folder, page): the message index of the cablegate board and each forum's board index.
LISTINGS = tuple(
    (folder, name)
    for version in ("smf11", "smf20", "smf21")
    for folder in (version, f"{version}-moved-poll")
    for name in ("index.php__board=102.0.html", "index.php.html")
)

# Where each theme starts a row: the topic or board's own table row or div (Display templates).
_TOPIC_ROW = {"smf11": "<tr", "smf20": "<tr", "smf21": '<div class="windowbg'}
_BOARD_ROW = {"smf11": "<tr", "smf20": "<tr id=\"board_", "smf21": '<div id="board_'}
# What closes the list after its last row.
_LIST_END = {"smf11": re.compile(r"</tbody>|</table>"), "smf20": re.compile(r"</tbody>|</table>"),
             "smf21": re.compile(r"</div><!-- #(?:topic_container|category_\[id\]_boards) -->")}


@dataclass(frozen=True)
class Listing:
    folder: str
    version: str
    name: str
    html: str
    url: str
    parsed: MessageIndex | BoardIndex
    rows: tuple[tuple[int, int, int], ...]  # (start, end, topic or board id), in page order


def _rows_of(result) -> dict[int, object]:
    """Each row's values, by topic or board id. A board's category name is left out: it is
    printed once in the category's header, not in the row (an edit there is no row's loss),
    and the crawl plans nothing from it."""
    if isinstance(result, MessageIndex):
        return {t.topic_id: t for t in result.topics}
    return {b.board_id: replace(b, category=None) for b in result.boards}


def _row_spans(version: str, html: str, parsed) -> tuple[tuple[int, int, int], ...]:
    """Cut the list into its rows: from each row's opening tag to the next one's (the last: to the list's end)."""
    if isinstance(parsed, MessageIndex):
        opener, anchors = _TOPIC_ROW[version], [(t.topic_id, f'id="msg_{t.first_msg_id}"') for t in parsed.topics]
    else:
        opener, anchors = _BOARD_ROW[version], [(b.board_id, f'name="b{b.board_id}"' if version != "smf21"
                                                  else f'id="b{b.board_id}"') for b in parsed.boards]
    starts = []
    for row_id, anchor in anchors:
        at = html.index(anchor)
        starts.append((html.rindex(opener, 0, at), row_id))
    starts.sort()
    end = _LIST_END[version].search(html, starts[-1][0]).start()
    bounds = [s for s, _ in starts[1:]] + [end]
    return tuple((s, e, row_id) for (s, row_id), e in zip(starts, bounds, strict=True))


def load_listings() -> list[Listing]:
    out = []
    for folder, name in LISTINGS:
        html, url = page(folder, name)
        parsed = parse_page(html, url=url, now=CAPTURED_AT, tz=FORUM_TZ)
        rows = _row_spans(folder.split("-")[0], html, parsed)
        out.append(Listing(folder, folder.split("-")[0], name, html, url, parsed, rows))
    return out


@dataclass(frozen=True)
class ListingCase:
    listing: Listing
    op: str
    html: str
    touched: frozenset[int]  # ids of the rows the edit overlaps


OPS = ("corrupt_tag", "nul_bytes", "drop_tag_char", "deep_nesting", "unbalanced_in_row", "unbalanced_outside",
       "duplicate_row", "drop_row", "swap_rows")


def _touched(listing: Listing, start: int, end: int) -> frozenset[int]:
    return frozenset(r for s, e, r in listing.rows if start < e and (end > s or (start == end and start > s)))


def mutate_listing(listing: Listing, rng: random.Random, op: str | None = None) -> ListingCase:
    """One random structural mutation of a real listing page (of kind `op`, else any)."""
    html, rows = listing.html, listing.rows
    if op is None:
        op = rng.choice([o for o in OPS if len(rows) > 1 or not o.endswith(("_row", "_rows"))])
    if op == "corrupt_tag":
        at = rng.choice([m.start() for m in re.finditer(r"<[a-zA-Z]", html)]) + rng.randint(1, 4)
        return ListingCase(listing, op, html[:at] + rng.choice(JUNK_IN_TAG) + html[at:], _touched(listing, at, at))
    if op == "nul_bytes":
        at = rng.randrange(len(html))
        return ListingCase(listing, op, html[:at] + "\x00" * rng.randint(1, 20) + html[at:], _touched(listing, at, at))
    if op == "drop_tag_char":
        at = rng.choice([m.start() for m in re.finditer(r"[<>]", html)])
        return ListingCase(listing, op, html[:at] + html[at + 1 :], _touched(listing, at, at + 1))
    if op == "deep_nesting":
        at = rng.choice([m.start() for m in re.finditer(r"<(?:div|td)\b", html)])
        insert = "<div>" * rng.choice([50, 300, 5_000, 66_000])
        return ListingCase(listing, op, html[:at] + insert + html[at:], _touched(listing, at, at))
    if op == "unbalanced_in_row":
        start, end, row_id = rows[rng.randrange(len(rows))]
        # Between two tags of the row: where a subject, a board description or a poster's name is printed.
        at = rng.choice([m.end() for m in re.finditer(r">", html[:end]) if m.end() > start] or [start + 1])
        return ListingCase(listing, op, html[:at] + rng.choice(UNBALANCED) + html[at:], frozenset({row_id}))
    if op == "unbalanced_outside":
        cuts = [rows[0][0], *(e for _, e, _ in rows)]
        at = rng.choice(cuts)
        return ListingCase(listing, op, html[:at] + rng.choice(UNBALANCED) + html[at:], frozenset())
    blocks = [html[s:e] for s, e, _ in rows]
    ids = [r for _, _, r in rows]
    i, j = rng.sample(range(len(blocks)), 2)
    if op == "duplicate_row":
        blocks.insert(j, blocks[i])
        touched = {ids[i]}
    elif op == "drop_row":
        del blocks[i]
        touched = {ids[i]}
    else:
        blocks[i], blocks[j] = blocks[j], blocks[i]
        touched = {ids[i], ids[j]}
    head, tail = html[: rows[0][0]], html[rows[-1][1] :]
    return ListingCase(listing, op, head + "".join(blocks) + tail, frozenset(touched))


def judge_listing(case: ListingCase, *, bound: float) -> Verdict:
    """Parse a mutated listing page and say what happened (see the module docstring):
    refused / complete / crash / hang / silent_loss."""
    result, seconds = parse_bounded(case.html, case.listing.url, bound=bound)
    if isinstance(result, Verdict):
        return result
    if type(result) is not type(case.listing.parsed):
        return Verdict("refused", f"read as a {type(result).__name__}", seconds)
    before, got = _rows_of(case.listing.parsed), _rows_of(result)
    changed = [r for r in before if r not in case.touched and r in got and got[r] != before[r]]
    missing = [r for r in before if r not in case.touched and r not in got]
    if changed:
        return Verdict("silent_loss", f"rows {changed} read with other values", seconds)
    if missing:
        return Verdict("silent_loss", f"rows {missing} missing from a page read as whole", seconds)
    return Verdict("complete", "", seconds)
