"""Network faults, forum errors, old charsets and mangled pages: nothing wrong is stored, all is retried.

Every test runs against the fault-injecting replay server on 127.0.0.1 and
compares the archive with a clean crawl of the same captured forum.
"""

from __future__ import annotations

import random
import re

import pytest
from nightly_util import block_of, join_posts, read, split_posts, topic_file, with_body

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.charset import decode_body
from scraper.config import FetchConfig
from scraper.replay import ReplayServer

# Quick local retries; Retry-After up to 2 s is obeyed. The deadline is what a loaded machine
# needs for a local page (every crawl here counts its requests: one timed out would be a retry
# more), and a "timeout" fault outlasts it many times over (SLOW), so it can only time out.
FETCH = FetchConfig(delay=0.0, retries=3, backoff_initial=0.01, backoff_max=0.05, timeout=3.0, retry_after_cap=2.0)
SLOW = 60.0
TARGET = "index.php?topic=200391.0"  # the second topic in the walk
CONTENT = ["boards", "topics", "members", "posts", "post_versions", "quotes", "links", "attachments",
           "cables", "cable_copies", "post_cables", "cable_references", "post_segments"]
# Fetch and run times: differ between any two crawls.
TIMES = {"topics": {"first_seen_at", "last_crawled_at"}, "posts": {"first_seen_at"},
         "post_versions": {"seen_at"}}


HOST = re.compile(r"127\.0\.0\.1:\d+")


def dump(db) -> dict[str, list]:
    """Every content table minus fetch times, with the replay server's port taken out."""
    out = {}
    for table in CONTENT:
        columns = [c for c in db[table].columns_dict if c not in TIMES.get(table, ())]
        rows = db.execute(f"select {', '.join(f'[{c}]' for c in columns)} from {table}").fetchall()
        rows = [tuple(HOST.sub("HOST", v) if isinstance(v, str) else v for v in row) for row in rows]
        out[table] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def reference() -> dict[str, dict]:
    out = {}
    for version in ("smf20", "smf21"):
        with ReplayServer(SAMPLES / version) as server:
            db = archive.open_memory()
            assert crawl_replay(db, server, fetch=FETCH).status == "ok"
            out[version] = dump(db)
    return out


def count(server, path: str) -> int:
    return server.request_count(path)


@pytest.mark.parametrize(
    "faults, requests",
    [
        ([("timeout", SLOW)] * 2, 3),
        ([("reset",)] * 2, 3),
        ([("status", 500), ("status", 502)], 3),
        ([("status", 503), ("status", 504)], 3),
        ([("429", 1)], 2),
        ([("truncate", 3000)], 2),  # a short read under a full Content-Length
        ([("empty",)], 2),
    ],
    ids=["timeout", "reset", "500-502", "503-504", "429", "short-read", "empty"],
)
def test_transient_faults_are_retried_within_bounds(reference, faults, requests):
    with ReplayServer(SAMPLES / "smf20", faults={TARGET: faults}) as server:
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
        assert count(server, "/" + TARGET) == requests
    assert result.status == "ok", result.summary
    assert dump(db) == reference["smf20"]


@pytest.mark.parametrize(
    "faults, kind",
    [([("status", 500)] * 3, "fetch"), ([("empty",)] * 3, "fetch"), ([("timeout", SLOW)] * 3, "fetch")],
    ids=["500", "empty", "timeout"],
)
def test_a_page_that_keeps_failing_is_recorded_and_retried_next_run(reference, faults, kind):
    with ReplayServer(SAMPLES / "smf20", faults={TARGET: faults}) as server:
        db = archive.open_memory()
        first = crawl_replay(db, server, fetch=FETCH)
        assert count(server, "/" + TARGET) == FETCH.retries  # bounded
        assert first.status == "partial" and first.stats.errors == 1
        assert "1 errors" in first.summary
        assert db.execute("select status, errors from runs").fetchall() == [("partial", 1)]
        assert db.execute("select kind, url from run_errors").fetchall() == [(kind, server.url(TARGET))]
        assert db.execute("select count(*) from posts where topic_id = 200391").fetchone() == (0,)
        server.clear_requests()
        second = crawl_replay(db, server, fetch=FETCH)
        assert ("GET", "/" + TARGET) in server.requests
    assert second.status == "ok", second.summary
    assert dump(db) == reference["smf20"]


@pytest.mark.parametrize(
    "fault",
    [("smf_error", "maintenance"), ("smf_error", "database_error"), ("smf_error", "maintenance", 503)],
    ids=["maintenance-200", "db-error-200", "maintenance-503"],
)
def test_forum_down_stops_the_run_keeps_the_frontier_and_stores_no_content(reference, fault):
    with ReplayServer(SAMPLES / "smf20", faults={TARGET: [fault]}) as server:
        db = archive.open_memory()
        first = crawl_replay(db, server, fetch=FETCH)
        log = [path for _, path in server.requests]
        # Once: a 503 asking for an hour is not retried, a 200 error page is not a network fault.
        assert log.count("/" + TARGET) == 1 and log[-1] == "/" + TARGET  # nothing fetched after it
        assert first.status == "partial"
        assert db.execute("select count(*) from posts where topic_id = 200391").fetchone() == (0,)
        subjects = {r[0] for r in db.execute("select subject from topics")}
        assert not subjects & {"Maintenance Mode", "Connection Problems"}
        assert db.execute("select kind from run_errors").fetchall() in ([("forum_error",)], [("fetch",)])
        assert db.execute("select count(*) from frontier where state = 'pending'").fetchone()[0] > 0
        server.clear_requests()
        second = crawl_replay(db, server, fetch=FETCH)
        assert ("GET", "/" + TARGET) in server.requests
    assert second.status == "ok", second.summary
    assert dump(db) == reference["smf20"]


@pytest.mark.parametrize("version", ["smf20", "smf21"])
def test_a_page_cut_short_but_served_as_complete_is_refused_then_refetched(reference, version):
    whole = read(version, topic_file("200391.0")).encode()
    with ReplayServer(SAMPLES / version) as server:
        db = archive.open_memory()
        crawl_replay(db, server, fetch=FETCH)
        before = dump(db)
        # The last post is cut off: a parser reading it short would mark it deleted.
        server.set_override(TARGET, (200, "text/html; charset=UTF-8", whole[: whole.index(b'id="msg_1198602"')]))
        result = crawl_replay(db, server, fetch=FETCH, full=True)
        assert result.status == "partial" and result.stats.errors == 1
        assert db.execute("select kind from run_errors").fetchall() == [("layout",)]
        assert dump(db) == before
        server.clear_overrides()
        server.clear_requests()
        again = crawl_replay(db, server, fetch=FETCH)
        assert ("GET", "/" + TARGET) in server.requests
    assert again.status == "ok"
    assert dump(db) == reference[version]


@pytest.mark.parametrize("version", ["smf20", "smf21"])
@pytest.mark.parametrize("junk", ["<!--", "<script>"])
def test_a_listing_whose_rows_broken_markup_hides_is_refused_not_read_short(reference, version, junk):
    """A first crawl served a message index where an unclosed comment or script hides every
    topic row after the first: read short, the night would archive one topic and end "ok".
    It is refused instead (the run ends partial, the page is recorded as failed), and the
    next run, served the page whole, archives the forum as a clean crawl does."""
    whole = read(version, "index.php__board=102.0")
    rows = [m.start() for m in re.finditer(r'<span id="msg_', whole)]
    at = whole.rindex("<tr" if version == "smf20" else '<div class="windowbg', 0, rows[1])  # the second row's start
    with ReplayServer(SAMPLES / version) as server:
        server.set_override("index.php?board=102.0", (200, "text/html; charset=UTF-8", (whole[:at] + junk + whole[at:]).encode()))
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
        assert result.status == "partial" and result.stats.errors == 1, result.summary
        assert db.execute("select kind from run_errors").fetchall() == [("layout",)]
        assert db.execute("select count(*) from topics").fetchone()[0] == 0  # nothing planned from it
        server.clear_overrides()
        again = crawl_replay(db, server, fetch=FETCH)
    assert again.status == "ok"
    assert dump(db) == reference[version]


ACCENTED = "Caf\u00e9 talk: \u201ccables\u201d aren\u2019t \u2018leaks\u2019 \u2014 \u00b614 says so."


@pytest.mark.parametrize(
    "charset, declared",
    [("windows-1252", "header"), ("windows-1252", "iso-8859-1"), ("iso-8859-1", "meta")],
)
def test_old_forum_charsets_are_decoded(version, charset, declared):
    head, blocks, tail = split_posts(read(version, topic_file("200391.0")))
    blocks[block_of(blocks, 1198517)] = with_body(blocks[block_of(blocks, 1198517)], 1198517, ACCENTED)
    html = join_posts(head, blocks, tail)
    html = re.sub(r'charset=["\']?UTF-8', f"charset={charset}", html, flags=re.IGNORECASE)
    body = html.encode(charset, "xmlcharrefreplace")
    if declared == "header":
        content_type = f"text/html; charset={charset}"
    elif declared == "meta":
        content_type = "text/html"
    else:  # the page says latin-1 and serves curly quotes from 0x80-0x9F, as old SMF did
        content_type = f"text/html; charset={declared}"
        assert b"\x93" in body
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(TARGET, (200, content_type, body))
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
    assert result.status == "ok"
    assert db.execute("select body_text from posts where msg_id = 1198517").fetchone() == (ACCENTED,)


# --- mangled pages -------------------------------------------------------------------


def _mutate(html: str, rng: random.Random, other: str) -> tuple[str, str]:
    """One mutation a broken proxy, cache or PHP worker could make; return (name, page)."""
    head, blocks, tail = split_posts(html) if "quickModForm" in html else (html, [], "")
    ops = ["cut", "garbage", "other_page", "no_pagination", "no_linktree"]
    if len(blocks) > 1:
        ops += ["drop_post", "duplicate_post", "swap_posts"]
    op = rng.choice(ops)
    if op == "cut":
        return op, html[: rng.randrange(len(html) // 10, len(html) - 200)]
    if op == "garbage":  # bytes from nowhere in the page chrome, outside any post
        junk = rng.choice(["\x00\ufffd<<div>>", "</div></div></div>", "<table><tr><td>", "&#xD800;&bogus;", "<!--"])
        where = rng.choice([len(head) // 2, len(head) + len("".join(blocks)) + len(tail) // 3])
        return op, html[:where] + junk + html[where:]
    if op == "other_page":
        return op, other
    if op == "no_pagination":
        return op, re.sub(r'<a class="(navPages|nav_page)"[^>]*>.*?</a>', "", html)
    if op == "no_linktree":
        return op, re.sub(r'<div class="navigate_section">.*?</div>', "", html, count=1, flags=re.DOTALL)
    i, j = rng.sample(range(len(blocks)), 2)
    if op == "drop_post":
        del blocks[i]
    elif op == "duplicate_post":
        blocks.insert(j, blocks[i])
    else:
        blocks[i], blocks[j] = blocks[j], blocks[i]
    return op, join_posts(head, blocks, tail)


MUTATED = ["index.php?board=102.0", "index.php?topic=200176.0", "index.php?topic=200391.0",
           "index.php?topic=200457.0", "index.php?topic=200457.15"]


@pytest.mark.parametrize("version", ["smf20", "smf21"])
def test_mangled_real_pages_never_crash_a_run_nor_change_what_is_stored(reference, version):
    """A full re-crawl of an archived forum served mangled pages: every post stays as it was.

    A mangled page either parses to the real posts (a dropped or swapped
    block cannot mark anything deleted) or is recorded as failed.
    """
    rng = random.Random(f"mangle-{version}")
    pages = {key: read(version, key.replace("?", "__")) for key in MUTATED}
    with ReplayServer(SAMPLES / version) as server:
        db = archive.open_memory()
        crawl_replay(db, server, fetch=FETCH)
        for round_ in range(10):
            applied = {}
            for key, html in pages.items():
                if rng.random() < 0.7:
                    other = pages[rng.choice([k for k in MUTATED if k != key])]
                    applied[key], mutated = _mutate(html, rng, other)
                    server.set_override(key, (200, "text/html; charset=UTF-8", mutated.encode("utf-8", "replace")))
            errors_before = db.execute("select count(*) from run_errors").fetchone()[0]
            result = crawl_replay(db, server, fetch=FETCH, full=True)
            assert result.status in ("ok", "partial"), (round_, applied)
            assert dump(db) == reference[version], (round_, applied)
            failed = {url for (url,) in db.execute("select url from run_errors where rowid > ?", [errors_before])}
            for key, op in applied.items():
                if op == "cut":
                    assert server.url(key) in failed or server.request_count("/" + key) == 0, (key, applied)
            server.clear_overrides()
            server.clear_requests()
        # Served whole again, everything that failed is fetched and the night ends ok.
        assert crawl_replay(db, server, fetch=FETCH, full=True).status == "ok"
    assert dump(db) == reference[version]


# --- a charset header that lies -------------------------------------------------------


@pytest.mark.parametrize("version", ["smf20", "smf21"])
def test_a_latin1_header_on_utf8_pages_changes_nothing(reference, version):
    # The forum's server starts claiming ISO-8859-1 on its UTF-8 pages: valid UTF-8 wins.
    db = archive.open_memory()
    with ReplayServer(SAMPLES / version) as server:
        assert crawl_replay(db, server, fetch=FETCH).status == "ok"
        server.claim_charset = "ISO-8859-1"
        second = crawl_replay(db, server, fetch=FETCH, full=True)
    assert second.status == "ok", second.summary
    assert second.stats.edited_posts == 0
    assert dump(db) == reference[version]
    # Pages with any non-ASCII byte are read as UTF-8; pure ASCII reads the same either way.
    stored = list(archive.load_pages(db))
    assert stored and all(p.encoding == "utf-8" or p.body.isascii() for p in stored)
    assert any(p.encoding == "utf-8" and not p.body.isascii() for p in stored)


def _header_wins(body: bytes, content_type: str = "") -> tuple[str, str]:
    """How pages were decoded before valid UTF-8 won: the header's latin-1, as windows-1252."""
    if "iso-8859-1" in content_type.lower():
        return body.decode("windows-1252", "replace"), "windows-1252"
    return decode_body(body, content_type)


@pytest.mark.parametrize("version", ["smf20", "smf21"])
def test_posts_stored_garbled_by_an_older_run_are_repaired_in_place_not_edited(reference, version, monkeypatch):
    db = archive.open_memory()
    with ReplayServer(SAMPLES / version, claim_charset="ISO-8859-1") as server:
        with monkeypatch.context() as patched:
            patched.setattr("scraper.fetch.decode_body", _header_wins)
            assert crawl_replay(db, server, fetch=FETCH).status == "ok"
        garbled = db.execute("select count(*) from posts where body_text like '%Â%' or body_text like '%â€%'"
                             " or body_text like '%Ã%'").fetchone()[0]
        assert garbled > 0  # what an older run stored
        server.claim_charset = None
        second = crawl_replay(db, server, fetch=FETCH, full=True)
    assert second.status == "ok", second.summary
    assert second.stats.edited_posts == 0
    assert db.execute("select count(*) from post_versions").fetchone()[0] == len(reference[version]["posts"])
    assert dump(db) == reference[version]
