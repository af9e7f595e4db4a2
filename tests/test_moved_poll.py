"""Moved topics, 2.1 redirect topics and polls, on the real 1.1, 2.0 and 2.1 captures and their truth."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils
from truth_util import assert_posts_match_truth, rows, truth

from conftest import SAMPLES, crawl_replay
from nightly_util import with_board_stats
from scraper import archive
from scraper.archive.shape import _record_version, _run_script, schema_sql
from scraper.replay import ReplayServer
from scraper.smf import parse_page

CAPTURES = {"smf21-moved-poll": True, "smf20-moved-poll": False, "smf11-moved-poll": False}  # -> 2.1 prints minutes


def read_index(sample: str) -> str:
    return (SAMPLES / sample / "index.php.html").read_text(encoding="utf-8")


def redirect_topics(sample: str) -> set[int]:
    return {t["id"] for t in truth(SAMPLES / sample)["topics"] if t.get("redirect_topic")}


@pytest.fixture(scope="module", params=list(CAPTURES))
def crawled(request):
    sample = request.param
    with ReplayServer(SAMPLES / sample) as server:
        db = archive.open_memory()
        first = crawl_replay(db, server)
        first_log = [path for _, path in server.requests]
        server.clear_requests()
        second = crawl_replay(db, server, refresh_days=0)  # no refresh slice: only what changed
        served_base = server.root.rstrip("/")
        yield sample, db, first, first_log, second, [path for _, path in server.requests], served_base


def test_posts_match_truth_except_what_a_redirect_never_serves(crawled):
    sample, db, first, _, _, _, served_base = crawled
    assert first.status == "ok", first.summary
    hidden = redirect_topics(sample)
    served = {p["id_msg"] for p in truth(SAMPLES / sample)["posts"] if p["id_topic"] not in hidden}
    assert {r[0] for r in db.execute("select msg_id from posts")} == served
    assert_posts_match_truth(db, SAMPLES / sample, minutes_only=CAPTURES[sample], msg_ids=served, served_base=served_base)


def test_moved_notices_and_redirects_are_recorded(crawled):
    sample, db, *_ = crawled
    topics = {r["topic_id"]: r for r in rows(db, "select * from topics")}
    for topic in truth(SAMPLES / sample)["topics"]:
        row = topics[topic["id"]]
        assert row["moved_to_topic_id"] == topic["moved_to_topic_id"], topic["id"]
        if topic.get("redirect_topic"):
            assert row["moved_kind"] == "redirect"
        elif topic["moved_notice"]:
            assert row["moved_kind"] == "notice"
        else:
            assert row["moved_kind"] is None
    # The notice's post is kept, but is no discussion.
    notices = {t["id"] for t in truth(SAMPLES / sample)["topics"] if t["moved_notice"]}
    kept = {r[0] for r in db.execute(f"select topic_id from posts where topic_id in ({','.join(map(str, notices))})")}
    assert kept == notices - redirect_topics(sample) and kept
    assert not [r for r in db.execute("select topic_id from post_details") if r[0] in notices]
    assert not [r for r in db.execute("select topic_id from topic_activity") if r[0] in notices]
    admin = db.execute("select posts from member_activity where member_id = 1").fetchone()
    assert admin == (0,)  # labadmin only wrote the notices


def test_polls_are_stored(crawled):
    sample, db, *_ = crawled
    with_poll = [t for t in truth(SAMPLES / sample)["topics"] if t["poll"]]
    assert len(with_poll) == 1
    stored = {r["topic_id"]: r for r in rows(db, "select * from polls")}
    assert set(stored) == {t["id"] for t in with_poll}
    for topic in with_poll:
        want = topic["poll"]
        row = stored[topic["id"]]
        assert (row["question"], row["voters"], row["closed"]) == (want["question"], want["voters"], want["voting_locked"])
        assert row["expires_at"] is None and want["expire_time"] == 0
        options = rows(db, "select * from poll_options where topic_id = ? order by seq", [topic["id"]])
        assert [(o["seq"], o["label"], o["votes"]) for o in options] == [
            (o["id_choice"], o["label"], o["votes"]) for o in want["options"]]
        assert sum(o["votes"] for o in options) == want["total_votes"]


def test_each_page_once_no_session_id_and_an_unchanged_night_fetches_no_topic(crawled):
    sample, db, _, first_log, second, second_log, _ = crawled
    assert len(first_log) == len(set(first_log))
    assert not [p for p in first_log if "phpsessid" in p.lower()]
    assert not [u for (u,) in db.execute("select final_url from pages") if "phpsessid" in u.lower()]
    assert not [u for (u,) in db.execute("select href from links") if "phpsessid" in u.lower()]
    assert second.status == "ok"
    assert [p for p in second_log if "topic=" in p] == []  # the redirect topic too


def test_a_redirect_topic_is_fetched_again_only_when_its_listing_changes():
    sample = "smf21-moved-poll"
    board = (SAMPLES / sample / "index.php__board=102.0.html").read_text(encoding="utf-8")
    with ReplayServer(SAMPLES / sample) as server:
        db = archive.open_memory()
        crawl_replay(db, server)
        # The board's counts moved (say a post was deleted and another added): its listing is read
        # again, and the redirect topic in it, listed as before, is not followed again.
        recounted = with_board_stats(read_index(sample), "smf21", 102, posts=37, topics=7)
        server.set_override("index.php", (200, "text/html; charset=UTF-8", recounted))
        server.clear_requests()
        crawl_replay(db, server, refresh_days=0)
        log = [path for _, path in server.requests]
        assert "/index.php?board=102.0" in log and "/index.php?topic=200904.0" not in log
        # The notice's listing now says it has a reply (its redirect was replaced, or a post merged in).
        row_start = board.index('<span id="msg_1199907">')
        stats = board.index("Replies: 0", row_start)
        changed = board[:stats] + "Replies: 1" + board[stats + len("Replies: 0"):]
        server.set_override("index.php?board=102.0", (200, "text/html; charset=UTF-8", changed))
        # and the board index counts the board's new post, so the board is read again.
        index = with_board_stats(read_index(sample), "smf21", 102, posts=38, topics=6)
        server.set_override("index.php", (200, "text/html; charset=UTF-8", index))
        server.clear_requests()
        crawl_replay(db, server, refresh_days=0)
        log = [path for _, path in server.requests]
    assert "/index.php?topic=200904.0" in log
    assert db.execute("select moved_to_topic_id, moved_kind from topics where topic_id = 200904").fetchone() == (200903, "redirect")


def test_a_closed_poll_with_hidden_results_on_an_edited_20_page():
    html = (SAMPLES / "smf20-moved-poll" / "index.php__topic=200903.0.html").read_text(encoding="utf-8")
    url = next(e["url"] for e in json.loads((SAMPLES / "smf20-moved-poll" / "manifest.json").read_text())
               if e["file"] == "index.php__topic=200903.0.html")
    start, end = html.index('<dl class="options">'), html.index("</dl>") + len("</dl>")
    hidden = ('<dl class="options"><dt class="middletext">On a mirror site</dt><dd class="middletext statsbar"></dd>'
              '<dt class="middletext">Through a newspaper</dt><dd class="middletext statsbar"></dd></dl>'
              "<p><strong>Voting closed:</strong> March 20, 2011, 10:00:00 am</p>")
    page = parse_page(html[:start] + hidden + html[end:], url=url, now=datetime(2026, 12, 1, tzinfo=UTC),
                      tz=ZoneInfo("America/Chicago"))
    poll = page.poll
    assert [(o.label, o.votes) for o in poll.options] == [("On a mirror site", None), ("Through a newspaper", None)]
    assert poll.closed and poll.expires_at_raw == "March 20, 2011, 10:00:00 am"
    assert poll.expires_at.isoformat() == "2011-03-20T15:00:00+00:00"  # CDT began March 13


def test_an_archive_made_before_migration_004_upgrades_and_keeps_its_data():
    db = sqlite_utils.Database(memory=True)
    _run_script(db, schema_sql())
    _record_version(db, 1)
    db.execute("insert into forums (id, url) values (1, 'http://f.org/index.php')")
    db.execute("insert into topics (forum_id, topic_id, subject, replies) values (1, 200902, 'MOVED: x', 0)")
    archive.ensure_shape(db)
    assert db.execute("select max(version) from schema_version").fetchone() == (archive.SCHEMA_VERSION,)
    assert db.execute("select topic_id, subject, replies, moved_to_topic_id, moved_kind from topics").fetchall() == [
        (200902, "MOVED: x", 0, None, None)]
    assert {"polls", "poll_options"} <= set(db.table_names())
    assert db.execute("select count(*) from topic_activity").fetchone() == (1,)
