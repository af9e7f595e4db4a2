"""Structural fuzz of real listing pages (board and message indexes of SMF 1.1, 2.0, 2.1).

The mutations and the judge are in tests/fuzz_listings.py; bench/fuzz.py
(--only listings) runs the same for as long as you like. Here a fixed seed and
a few hundred cases keep CI to seconds.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest
from fuzz_listings import ListingCase, judge_listing, load_listings, mutate_listing

from scraper.errors import UnexpectedLayout
from scraper.models import MessageIndex
from scraper.smf import parse_page
from samples_util import CAPTURED_AT, FORUM_TZ

CASES = 400
BOUND = 20.0  # seconds per page: a hang detector on a loaded machine, not a speed test


@pytest.fixture(scope="module")
def listings():
    return load_listings()


def test_every_listing_is_cut_into_the_rows_it_lists(listings):
    assert {(lst.version, type(lst.parsed).__name__) for lst in listings} == {
        (v, k) for v in ("smf11", "smf20", "smf21") for k in ("BoardIndex", "MessageIndex")
    }
    for lst in listings:
        rows = lst.rows
        assert len(rows) == len(lst.parsed.topics if isinstance(lst.parsed, MessageIndex) else lst.parsed.boards)
        assert all(a < b <= c for (a, b, _), (c, _, _) in zip(rows, rows[1:]))  # in order, no overlap
        assert judge_listing(ListingCase(lst, "none", lst.html, frozenset()), bound=BOUND).outcome == "complete"


def test_mutated_listings_never_crash_hang_or_silently_lose_a_row(listings):
    rng = random.Random("listing-fuzz")
    outcomes: Counter[str] = Counter()
    bad = []
    for _ in range(CASES):
        case = mutate_listing(rng.choice(listings), rng)
        verdict = judge_listing(case, bound=BOUND)
        outcomes[verdict.outcome] += 1
        if verdict.outcome in ("crash", "hang", "silent_loss"):
            bad.append((case.op, case.listing.folder, case.listing.name, verdict.outcome, verdict.detail))
    assert not bad, bad
    assert outcomes["complete"] and outcomes["refused"], outcomes


@pytest.mark.parametrize("junk", ["<script>", "<!--", "<div class=\"inner\" id=\"msg_1\">"])
def test_markup_that_hides_the_rows_after_it_gets_the_page_refused(listings, junk):
    """An unclosed script or comment (or a 2.x post body's opening tag, which the body cutter
    follows) between two rows hides every row after it from the parser: the page is refused,
    never read as a shorter listing. (1.1 has no such body tag: there the page reads whole.)"""
    refused = Counter()
    for lst in listings:
        if len(lst.rows) < 2:
            continue
        at = lst.rows[1][0]  # between the first row and the second
        html = lst.html[:at] + junk + lst.html[at:]
        try:
            page = parse_page(html, url=lst.url, now=CAPTURED_AT, tz=FORUM_TZ)
        except UnexpectedLayout as exc:
            assert "could not be read" in str(exc)
            refused[lst.version] += 1
            continue
        assert page == lst.parsed, (lst.folder, lst.name)
    assert set(refused) == ({"smf20", "smf21"} if "msg_1" in junk else {"smf11", "smf20", "smf21"}), refused


@pytest.mark.parametrize("junk", ["<div>" * 3, "<table><tr><td>", "<div><table><tr><td>"])
def test_a_last_row_left_open_does_not_take_the_legends_icons(listings, junk):
    """A last topic row left unclosed swallows the page's icon legend ("Locked Topic", "Sticky
    Topic"); its topic must not read as locked or sticky from the legend's icons."""
    for lst in listings:
        if not isinstance(lst.parsed, MessageIndex):
            continue
        start, end, topic_id = lst.rows[-1]
        at = lst.html.rindex(">", start, end - 20) + 1  # inside the row, before its last closing tags
        html = lst.html[:at] + junk + lst.html[at:]
        page = parse_page(html, url=lst.url, now=CAPTURED_AT, tz=FORUM_TZ)
        before = next(t for t in lst.parsed.topics if t.topic_id == topic_id)
        after = next(t for t in page.topics if t.topic_id == topic_id)
        assert (after.locked, after.sticky) == (before.locked, before.sticky), (lst.folder, junk)
        others = [t for t in page.topics if t.topic_id != topic_id]
        assert others == [t for t in lst.parsed.topics if t.topic_id != topic_id], lst.folder  # nor the rows above


@pytest.mark.parametrize("junk", ["<div>", "<div>" * 3, "<table><tr><td>", "<div><table><tr><td>"])
def test_a_row_left_open_anywhere_still_reads_every_topic_with_its_own_values(listings, junk):
    """A topic row that loses its closing tags nests the rows after it (smf/rows.py). Every
    topic is still read, each with its own values: the open row does not take the next row's
    page links or last post, and the nested rows are not refused as unreadable. Markup opened
    in the middle of a row may change that row's own cells, never another row's."""
    for lst in listings:
        if not isinstance(lst.parsed, MessageIndex):
            continue
        for start, end, topic_id in lst.rows:
            at = lst.html.rindex(">", start, end - 20) + 1  # inside the row, before its last closing tags
            page = parse_page(lst.html[:at] + junk + lst.html[at:], url=lst.url, now=CAPTURED_AT, tz=FORUM_TZ)
            assert page == lst.parsed, (lst.folder, topic_id)
            tags = [m.end() for m in re.finditer(">", lst.html[start:end])]
            at = start + tags[len(tags) // 2]  # mid-row
            page = parse_page(lst.html[:at] + junk + lst.html[at:], url=lst.url, now=CAPTURED_AT, tz=FORUM_TZ)
            others = [t for t in page.topics if t.topic_id != topic_id]
            assert others == [t for t in lst.parsed.topics if t.topic_id != topic_id], (lst.folder, topic_id)
            assert [t.topic_id for t in page.topics] == [t.topic_id for t in lst.parsed.topics]
