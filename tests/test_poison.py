"""Poison pages over HTTP: one bad page never ends a night, and nothing good is replaced by worse.

Every page here is a captured page (samples/smf20, smf21) edited the way a
broken forum, a proxy or an attacker would, served by the replay server on
127.0.0.1 and crawled for real.
"""

from __future__ import annotations

import re
import zlib

import pytest
from nightly_util import (
    HTML,
    block_of,
    join_posts,
    read,
    replace_row,
    split_posts,
    topic_file,
    topic_row,
    with_board_stats,
    with_body,
    with_replies,
)
from test_faults import FETCH, dump

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.errors import ArchiveError
from scraper.replay import ReplayServer
from scraper.smf.text import MAX_QUOTE_DEPTH

TARGET = "index.php?topic=200391.0"
TARGET_ID, TARGET_POSTS = 200391, (1198502, 1198517, 1198540, 1198602)
BOARD = "index.php?board=102.0"


def quote_markup(version: str, depth: int, inner: str) -> str:
    """`depth` quotes nested in each other, as each SMF version renders [quote]."""
    if version == "smf20":
        opening = ('<div class="quoteheader"><div class="topslice_quote">Quote</div></div>'
                   '<blockquote class="bbc_standard_quote">')
        closing = '</blockquote><div class="quotefooter"><div class="botslice_quote"></div></div>'
    else:
        opening, closing = '<blockquote class="bbc_standard_quote"><cite>Quote</cite>', "</blockquote>"
    return opening * depth + inner + closing * depth


def edited_topic(version: str, msg_id: int, body_html: str) -> bytes:
    head, blocks, tail = split_posts(read(version, topic_file("200391.0")))
    i = block_of(blocks, msg_id)
    blocks[i] = with_body(blocks[i], msg_id, body_html)
    return join_posts(head, blocks, tail).encode()


def posts_of(db, topic_id: int = TARGET_ID) -> list[int]:
    return [r[0] for r in db.execute("select msg_id from posts where topic_id = ? order by msg_id", [topic_id])]


def stored_sha(db, url: str) -> str:
    return db.execute("select sha256 from pages where url = ?", [url]).fetchone()[0]


# --- parsing never recurses; a repeated block is not a constraint error --------------


def test_a_post_with_1200_nested_quotes_is_archived_with_every_other_post(version):
    body = "My own words. " + quote_markup(version, 1200, "the innermost quote")
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(TARGET, (200, HTML, edited_topic(version, 1198517, body)))
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
    assert result.status == "ok", result.summary
    assert posts_of(db) == list(TARGET_POSTS)
    assert db.execute("select body_text from posts where msg_id = 1198517").fetchone() == ("My own words. ",)
    depths = [r[0] for r in db.execute("select depth from quotes where msg_id = 1198517 order by seq")]
    assert depths == list(range(1, MAX_QUOTE_DEPTH + 1))  # the deepest kept holds the rest, as text
    deepest = db.execute("select text from quotes where msg_id = 1198517 and depth = ?", [MAX_QUOTE_DEPTH]).fetchone()
    assert deepest[0].endswith("the innermost quote")


def test_a_repeated_post_block_on_a_new_topic_archives_the_page_once(version):
    head, blocks, tail = split_posts(read(version, topic_file("200391.0")))
    repeated = join_posts(head, blocks[:2] + blocks[1:2] + blocks[2:], tail)
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(TARGET, (200, HTML, repeated.encode()))
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
    assert result.status == "ok", result.summary
    assert posts_of(db) == list(TARGET_POSTS)
    assert db.execute("select count(*) from post_versions where msg_id = ?", [TARGET_POSTS[1]]).fetchone() == (1,)


def test_a_save_that_breaks_a_constraint_fails_that_page_only(monkeypatch):
    """Were a parser bug to let a repeated post through, the UNIQUE error stays the page's own."""
    import scraper.smf.topic as topic

    monkeypatch.setattr(topic, "without_repeats", lambda posts, url: posts)  # the parser before the fix
    head, blocks, tail = split_posts(read("smf20", topic_file("200391.0")))
    repeated = join_posts(head, blocks + blocks[:1], tail)
    with ReplayServer(SAMPLES / "smf20") as server:
        server.set_override(TARGET, (200, HTML, repeated.encode()))
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
    assert result.status == "partial" and result.stats.errors == 1
    (kind, url, message), = db.execute("select kind, url, message from run_errors").fetchall()
    assert kind == "save" and url == server.url(TARGET) and "UNIQUE constraint failed" in message
    assert posts_of(db) == []  # the page's transaction was rolled back whole
    assert db.execute("select count(*) from posts").fetchone()[0] == 33 - len(TARGET_POSTS)
    assert db.execute("select state, failures from frontier where url = ?", [server.url(TARGET)]).fetchone() == ("failed", 1)


def test_an_unexpected_error_while_parsing_is_that_pages_alone(monkeypatch):
    import scraper.smf.topic as topic

    real = topic.parse_topic

    def parse_topic(tree, html, layout, **kw):  # a bug the content of one page triggers
        if "?topic=200391" in kw["url"]:
            raise RecursionError("maximum recursion depth exceeded")
        return real(tree, html, layout, **kw)

    monkeypatch.setattr("scraper.smf.parse_topic", parse_topic)
    with ReplayServer(SAMPLES / "smf21") as server:
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
    assert result.status == "partial" and result.stats.errors == 1
    assert db.execute("select kind, url from run_errors").fetchall() == [("parse", server.url(TARGET))]
    assert db.execute("select count(*) from posts").fetchone()[0] == 33 - len(TARGET_POSTS)


def test_a_full_disk_still_stops_the_run_as_an_archive_problem():
    with ReplayServer(SAMPLES / "smf20") as server:
        db = archive.open_memory()
        crawl_replay(db, server, fetch=FETCH)
        server.set_override(TARGET, (200, HTML, edited_topic("smf20", 1198517, "Edited, and longer. " * 400)))
        pages = db.execute("pragma page_count").fetchone()[0]
        db.execute(f"pragma max_page_count = {pages}")  # no room for one more page
        with pytest.raises(ArchiveError, match="full") as caught:
            crawl_replay(db, server, fetch=FETCH, full=True)
    assert caught.value.exit_code == 5
    assert db.execute("select count(*) from run_errors").fetchone() == (0,)


# --- quarantine ---------------------------------------------------------------------


def hostile_page(version: str) -> bytes:
    """66,000 unclosed <div> in the page around the posts (not in a body)."""
    html = read(version, topic_file("200391.0"))
    at = html.index('id="quickModForm"')
    return (html[:at] + "><div>" * 66_000 + html[at:]).encode()


def test_a_page_that_keeps_failing_is_quarantined_until_its_listing_changes(version):
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(TARGET, (200, HTML, hostile_page(version)))
        db = archive.open_memory()
        url = server.url(TARGET)
        for night in (1, 2, 3):
            result = crawl_replay(db, server, fetch=FETCH)
            assert result.status == "partial" and result.stats.errors == 1, night
            kind, message = db.execute("select kind, message from run_errors where run_id = ?", [result.run_id]).fetchone()
            assert kind == "hostile" and "hostile page" in message and url in message
        state = db.execute("select state, failures, quarantine_listing from frontier where url = ?", [url]).fetchone()
        assert state == ("quarantined", 3, "3/1198602")
        assert db.execute("select count(*) from page_failures where url = ?", [url]).fetchone() == (1,)  # same body once
        # Night 4: skipped, the rest of the forum is walked, the night is clean.
        server.clear_requests()
        fourth = crawl_replay(db, server, fetch=FETCH)
        assert fourth.status == "ok" and server.request_count("/" + TARGET) == 0
        assert db.execute("select count(*) from posts").fetchone()[0] == 33 - len(TARGET_POSTS)
        # The forum shows a new reply: the listing changed, the page is tried again (and is fine now).
        board = read(version, "index.php__board=102.0")
        board = replace_row(board, version, TARGET_ID, with_replies(topic_row(board, version, TARGET_ID), 4))
        server.set_override(BOARD, (200, HTML, board.encode()))
        front = with_board_stats(read(version, "index.php"), version, 102, posts=34, topics=3)  # 33 posts before
        server.set_override("index.php", (200, HTML, front.encode()))
        server.set_override(TARGET, (200, HTML, read(version, topic_file("200391.0")).encode()))
        fifth = crawl_replay(db, server, fetch=FETCH)
        assert server.request_count("/" + TARGET) == 1
        assert posts_of(db) == list(TARGET_POSTS)
        assert db.execute("select state, failures from frontier where url = ?", [url]).fetchone() == ("done", 0)
    assert fifth.stats.errors == 0


def test_full_retries_a_quarantined_page_once():
    with ReplayServer(SAMPLES / "smf20") as server:
        server.set_override(TARGET, (200, HTML, hostile_page("smf20")))
        db = archive.open_memory()
        for _ in range(3):
            crawl_replay(db, server, fetch=FETCH)
        server.clear_requests()
        result = crawl_replay(db, server, fetch=FETCH, full=True)
        assert server.request_count("/" + TARGET) == 1
        assert result.status == "partial"
        # Still hostile: quarantined again at once (the count is kept), not after three more nights.
        url = server.url(TARGET)
        assert db.execute("select state, failures from frontier where url = ?", [url]).fetchone() == ("quarantined", 4)
        server.clear_requests()
        crawl_replay(db, server, fetch=FETCH)
        assert server.request_count("/" + TARGET) == 0


# --- nothing good replaced by worse ------------------------------------------------------


def bad_responses(version: str) -> dict[str, tuple[int, str, bytes]]:
    whole = read(version, topic_file("200391.0")).encode()
    png = b"\x89PNG\r\n\x1a\n" + zlib.compress(b"\x00" * 64)
    return {
        "truncated": (200, HTML, whole[: whole.index(b'id="msg_1198602"')]),
        "smf_error": (200, HTML, read(version, topic_file("999999.0")).encode()),
        "png": (200, "image/png", png),
        "other_page": (200, HTML, read(version, "index.php__board=102.0").encode()),
        "mangled": (200, HTML, re.sub(rb'class="(windowbg|post_wrapper|inner)', b'class="x', whole)),
    }


@pytest.mark.parametrize("bad", ["truncated", "smf_error", "png", "other_page", "mangled"])
def test_a_bad_response_never_replaces_the_stored_page_and_reparse_rebuilds(version, bad):
    from scraper.reparse import reparse_archive

    with ReplayServer(SAMPLES / version) as server:
        db = archive.open_memory()
        crawl_replay(db, server, fetch=FETCH)
        url = server.url(TARGET)
        good_sha = stored_sha(db, url)
        before = dump(db)
        server.set_override(TARGET, bad_responses(version)[bad])
        result = crawl_replay(db, server, fetch=FETCH, full=True)
        assert stored_sha(db, url) == good_sha
        failure = db.execute("select kind, error from page_failures where url = ?", [url]).fetchall()
        assert len(failure) == 1 and failure[0][1], failure
        if bad != "smf_error":  # an off-limits topic is the forum's answer, not a failure of the run
            assert result.status == "partial"
        assert posts_of(db) == list(TARGET_POSTS)
        reparse_archive(db)
    after = dump(db)
    for table in ("posts", "post_versions", "quotes", "links"):
        assert after[table] == before[table], table


def test_an_edited_post_whose_time_no_longer_parses_keeps_its_known_time(version):
    original = read(version, topic_file("200391.0"))
    head, blocks, tail = split_posts(original)
    i = block_of(blocks, 1198517)
    printed = "February 13, 2011, 09:31:05 am" if version == "smf20" else "Feb 13, 2011, 09:31 AM"
    assert blocks[i].count(printed) == 1
    blocks[i] = with_body(blocks[i].replace(printed, "Sometime before the flood"), 1198517, "Edited text.")
    with ReplayServer(SAMPLES / version) as server:
        db = archive.open_memory()
        crawl_replay(db, server, fetch=FETCH)
        known = db.execute("select posted_at from posts where msg_id = 1198517").fetchone()[0]
        assert known is not None
        server.set_override(TARGET, (200, HTML, join_posts(head, blocks, tail).encode()))
        result = crawl_replay(db, server, fetch=FETCH, full=True)
    assert result.stats.edited_posts == 1
    row = db.execute("select posted_at, posted_at_raw, body_text from posts where msg_id = 1198517").fetchone()
    assert row == (known, "Sometime before the flood", "Edited text.")


# --- hidden posts are never marked deleted ----------------------------------------------


def corrupt_tag(html: str, msg_id: int, junk: str) -> str:
    """Put `junk` inside the name of the <div class="post_wrapper"> of one post."""
    at = html.index(f'id="msg_{msg_id}"')
    wrapper = html.rindex('<div class="post_wrapper"', 0, at)
    return html[: wrapper + 4] + junk + html[wrapper + 4 :]


@pytest.mark.parametrize("junk", ["\x00" * 10, "\ufffd" * 10], ids=["nul", "replacement-char"])
def test_posts_a_corrupt_tag_hides_are_never_marked_deleted(version, junk):
    """Topic 200457 has 15 posts on page 1 and 6 on page 2; a broken tag in post 9 of page 1."""
    page1 = read(version, topic_file("200457.0"))
    ids = [int(m) for m in re.findall(r'id="msg_(\d+)"', page1)]
    assert len(ids) == 15
    with ReplayServer(SAMPLES / version) as server:
        db = archive.open_memory()
        crawl_replay(db, server, fetch=FETCH)
        reference = dump(db)
        url = server.url("index.php?topic=200457.0")
        good_sha = stored_sha(db, url)
        server.set_override("index.php?topic=200457.0", (200, HTML, corrupt_tag(page1, ids[8], junk).encode()))
        result = crawl_replay(db, server, fetch=FETCH, full=True)
        assert result.stats.deleted_posts == 0
        assert db.execute("select count(*) from posts where deleted_seen_at is not null").fetchone() == (0,)
        assert dump(db) == reference
        if junk == "\ufffd" * 10:  # lexbor loses the posts after it: a short page, kept apart
            assert stored_sha(db, url) == good_sha
            assert db.execute("select kind from page_failures where url = ?", [url]).fetchall() == [("incomplete",)]


@pytest.mark.parametrize(
    "hostile",
    ["hi</div></td></tr></table>", "hi" + "<div>" * 12 + "<table><tr><td>", "</div></div></div></div></div></div>x"],
    ids=["stray-closing", "unclosed-opening", "closes-the-post"],
)
def test_a_hostile_post_body_cannot_hide_its_neighbours(version, hostile):
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(TARGET, (200, HTML, edited_topic(version, 1198502, hostile)))
        db = archive.open_memory()
        result = crawl_replay(db, server, fetch=FETCH)
    assert result.status == "ok", result.summary
    assert posts_of(db) == list(TARGET_POSTS)
    authors = dict(db.execute("select msg_id, author_name from posts where topic_id = ?", [TARGET_ID]).fetchall())
    assert len(set(authors.values())) > 1 and all(authors.values())
    # The neighbours keep their own text; the hostile markup stays inside its own post.
    with ReplayServer(SAMPLES / version) as clean:
        reference = archive.open_memory()
        crawl_replay(reference, clean, fetch=FETCH)
    for msg_id in TARGET_POSTS[1:]:
        sql = "select body_text, author_name, posted_at from posts where msg_id = ?"
        assert db.execute(sql, [msg_id]).fetchone() == reference.execute(sql, [msg_id]).fetchone()


# --- the command line ------------------------------------------------------------------


def test_poison_pages_exit_3_and_stats_lists_the_quarantined_ones(tmp_path, version):
    from click.testing import CliRunner

    from scraper.cli import main

    db_path = tmp_path / "a.db"
    nested = "Mine. " + quote_markup(version, 1200, "deep")
    runner = CliRunner()
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(TARGET, (200, HTML, hostile_page(version)))
        server.set_override("index.php?topic=200176.0", (200, HTML, edited_topic(version, 1198517, nested)
                                                          .replace(b"200391", b"200176")))
        args = ["crawl", server.base_url, str(db_path), "--delay", "0", "--timezone", "America/Chicago", "--quiet"]
        for _ in range(3):
            result = runner.invoke(main, args)
            assert result.exit_code == 3, result.output
            assert "Traceback" not in result.output and "hostile page" in result.output
    stats = runner.invoke(main, ["stats", str(db_path)])
    assert stats.exit_code == 0
    assert f"quarantined pages: 1\n" in stats.output
    assert f"{server.url(TARGET)} (3 failures since " in stats.output
    with_json = runner.invoke(main, ["stats", str(db_path), "--json"])
    assert '"quarantined pages": [' in with_json.output


# --- migration 003 -------------------------------------------------------------------------


def test_an_archive_made_before_migration_003_upgrades_and_keeps_its_data(tmp_path):
    """Build an archive with archive.sql and the migrations before 003 only, crawl into it, upgrade."""
    import sqlite3

    import sqlite_utils

    from scraper.archive import shape

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(sqlite3.connect(str(path)))
    with old.atomic():
        shape._run_script(old, shape.schema_sql())
        shape._record_version(old, 1)
        for version, sql in shape.migrations().items():
            if version < 3:
                shape._run_script(old, sql)
                shape._record_version(old, version)
    assert "page_failures" not in old.table_names() and "failures" not in old["frontier"].columns_dict
    old.execute("insert into frontier (url, forum_id, kind, seq, state, attempts) values ('u', 1, 'topic', 1, 'failed', 2)")
    old.execute("insert into pages (url, kind, sha256, body) values ('u', 'topic', 'x', ?)", [zlib.compress(b"<html>")])
    old.conn.commit()
    old.close()
    db = archive.open_archive(path)
    assert db.execute("select max(version) from schema_version").fetchone()[0] == archive.SCHEMA_VERSION
    assert db.execute("select state, attempts, failures, quarantined_at from frontier").fetchall() == [("failed", 2, 0, None)]
    assert db.execute("select url, sha256 from pages").fetchall() == [("u", "x")]
    assert "page_failures" in db.table_names()


def test_page_failures_keep_each_body_once_and_the_latest_few_per_url():
    from datetime import UTC, datetime

    from scraper.archive import bookkeeping
    from scraper.models import Page

    db = archive.open_memory()
    bodies = [read("smf20", topic_file("200391.0")).replace("Today", f"Night {n}").encode() + bytes([n])
              for n in range(8)]
    for night, body in enumerate(bodies + bodies[-1:]):  # the last body twice: kept once
        page = Page(url="u", final_url="u", status=200, content_type=HTML, body=body, text="", encoding="utf-8",
                    fetched_at=datetime(2026, 11, 1 + night, tzinfo=UTC))
        with db.atomic():
            bookkeeping.save_page_failure(db, page, forum_id=None, run_id=None, kind="layout", error=f"night {night}")
    kept = db.execute("select body, error from page_failures order by fetched_at").fetchall()
    assert [zlib.decompress(b) for b, _ in kept] == bodies[-bookkeeping.FAILURES_KEPT:]
    assert kept[-1][1] == "night 8"  # the repeat updated the row it matched


def test_a_quarantined_board_listing_is_tried_again_when_the_board_index_counts_change(version):
    board_url = BOARD
    html = read(version, "index.php__board=102.0")
    at = html.index("<table") if version == "smf20" else html.index('<div id="topic_container"')
    hostile = html[:at] + "<div>" * 66_000 + html[at:]
    with ReplayServer(SAMPLES / version) as server:
        server.set_override(board_url, (200, HTML, hostile.encode()))
        db = archive.open_memory()
        for _ in range(3):
            assert crawl_replay(db, server, fetch=FETCH, full=False).status == "partial"
        url = server.url(board_url)
        assert db.execute("select state, quarantine_listing from frontier where url = ?", [url]).fetchone() == (
            "quarantined", "33/3/1199150")
        server.clear_requests()
        crawl_replay(db, server, fetch=FETCH)
        assert server.request_count("/" + board_url) == 0
        # A new post on the board: the board index counts change, the listing is read again.
        front = with_board_stats(read(version, "index.php"), version, 102, posts=34, topics=3)
        server.set_override("index.php", (200, HTML, front.encode()))
        server.set_override(board_url, (200, HTML, html.encode()))
        result = crawl_replay(db, server, fetch=FETCH)
        assert server.request_count("/" + board_url) == 1
    assert result.stats.errors == 0 and db.execute("select count(*) from posts").fetchone()[0] == 33
