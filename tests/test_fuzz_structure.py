"""Structural fuzz of real pages: only our own errors, no hang, no post lost from a page read as complete.

The mutations and the judge are in tests/fuzz_pages.py; bench/fuzz.py runs
the same for as long as you like. Here a fixed seed and a few hundred cases
keep CI to seconds.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

import pytest
from fuzz_pages import UNBALANCED, Case, _touched, body_opening, judge, load_originals, mutate, signature_slot
from samples_util import CAPTURED_AT, FORUM_TZ

from scraper.smf import parse_page

CASES = 300
BOUND = 20.0  # seconds per page: a hang detector on a loaded machine, not a speed test


@pytest.fixture(scope="module")
def originals():
    return load_originals()


def test_the_fuzz_mutates_every_version_it_reads(originals):
    """SMF 1.1's table pages are cut into their post rows and fuzzed as 2.0's and 2.1's are."""
    assert {o.version for o in originals} == {"smf11", "smf20", "smf21"}
    for original in originals:
        assert original.head + "".join(original.blocks) + original.tail == original.html
        assert len(original.blocks) == len(original.page.posts) > 1


def test_mutated_real_pages_never_crash_hang_or_silently_lose_posts(originals):
    rng = random.Random("structural-fuzz")
    outcomes: Counter[str] = Counter()
    versions: Counter[str] = Counter()
    bad = []
    for _ in range(CASES):
        case = mutate(rng.choice(originals), rng)
        verdict = judge(case, bound=BOUND)
        outcomes[verdict.outcome] += 1
        versions[case.original.version] += 1
        if verdict.outcome in ("crash", "hang", "silent_loss"):
            bad.append((case.op, case.original.version, case.original.name, verdict.outcome, verdict.detail))
    assert not bad, bad
    assert len(versions) == 3, versions
    # The fuzz exercised every way out: pages read whole, pages found short, pages refused.
    assert outcomes["complete"] and outcomes["short"] and outcomes["refused"], outcomes


@pytest.mark.parametrize(
    "op", ["deep_nesting", "deep_quotes", "unbalanced_in_body", "hostile_signature", "duplicate_block", "drop_block"]
)
def test_each_kind_of_damage_is_caught_or_harmless(originals, op):
    """Every case of one mutation kind on every page (1.1, 2.0, 2.1): a dropped block is always found short."""
    rng = random.Random(op)
    seen: Counter[str] = Counter()
    for original in originals:
        for _ in range(6):
            case = mutate(original, rng, op)
            verdict = judge(case, bound=BOUND)
            assert verdict.outcome not in ("crash", "hang", "silent_loss"), (case.original.name, verdict)
            seen[verdict.outcome] += 1
    if op == "drop_block":
        assert set(seen) == {"short"}, seen  # one post fewer is never a complete page
    if op in ("unbalanced_in_body", "deep_quotes"):
        assert set(seen) == {"complete"}, seen  # a hostile body hides none of its neighbours
    if op == "hostile_signature":
        assert set(seen) == {"complete"}, seen  # nor does a hostile signature


@pytest.mark.parametrize("where", ["in_a_body", "around_the_posts"])
def test_66000_unclosed_divs_are_bounded_work_wherever_they_are(originals, where):
    """In the page around the posts: refused before lexbor; in a post body: read, neighbours intact.

    (A body's end was once found by rescanning for the next </div> after each
    <div>: quadratic, 30 s for this page. The bound here only catches a hang.)
    """
    for original in originals:
        html = original.html
        if where == "in_a_body":
            msg = original.page.posts[len(original.page.posts) // 2].msg_id
            at = body_opening(original.version, html, msg).end()  # where the user's text starts
        else:
            at = len(original.head)  # before the first post's block
        case = Case(original, "deep_nesting", html[:at] + "<div>" * 66_000 + html[at:], _touched(original, at, at))
        verdict = judge(case, bound=BOUND)
        expected = {"complete"} if where == "in_a_body" else {"refused"}
        assert verdict.outcome in expected, (original.version, original.name, verdict)


@pytest.mark.parametrize("junk", UNBALANCED)
def test_each_unbalanced_piece_in_a_body_hides_no_post(originals, junk):
    """Every piece of unbalanced markup, in a post in the middle of every page: read whole, the rest unchanged."""
    for original in originals:
        msg = original.page.posts[len(original.page.posts) // 2].msg_id
        at = body_opening(original.version, original.html, msg).end()
        html = original.html[:at] + "Look: " + junk + original.html[at:]
        verdict = judge(Case(original, "unbalanced_in_body", html, frozenset({msg})), bound=BOUND)
        assert verdict.outcome == "complete", (original.version, original.name, verdict)


@pytest.mark.parametrize("junk", ["</div></td></tr></table>", "<div>", "<div>" * 3, "<div>" * 20, "</td></tr></table>" * 4])
def test_a_hostile_signature_is_read_and_hides_no_post(originals, junk):
    """A signature's unbalanced markup stays in it: every post reads as before, the signature as text."""
    for original, i in ((o, i) for o in originals for i in (0, -1)):  # the first post, and the last
        msg = original.page.posts[i].msg_id
        at, before, after = signature_slot(original.version, original.html, msg)
        html = original.html[:at] + before + "Audit the Fed<br />" + junk + "Ron Paul 2012" + after + original.html[at:]
        verdict = judge(Case(original, "hostile_signature", html, frozenset({msg})), bound=BOUND)
        assert verdict.outcome == "complete", (original.version, original.name, verdict)
        page = parse_page(html, url=original.url, now=CAPTURED_AT, tz=FORUM_TZ)
        post = page.posts[i]
        assert post.signature.split() == ["Audit", "the", "Fed", "Ron", "Paul", "2012"], (original.version, post.signature)
        assert replace(post, signature=None) == original.page.posts[i]  # and nothing else of its post changed
        assert page.page_starts == original.page.page_starts
