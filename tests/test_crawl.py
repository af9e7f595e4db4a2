"""Crawl the real captured forums over HTTP and compare the archive with what they show."""

from __future__ import annotations

import sqlite3

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from samples_util import expected_body_text, expected_quotes, member_ids, visible

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.replay import ReplayServer

PUBLIC_BOARDS = {b["key"] for c in visible()["categories"] for b in c["boards"] if b["guests_can_read"]}


def public_posts():
    for topic in visible()["topics"]:
        if topic["board"] in PUBLIC_BOARDS:
            for position, post in enumerate(topic["posts"]):
                yield topic, position, post


def iso(unix: int, *, minutes_only: bool) -> str:
    when = datetime.fromtimestamp(unix, UTC)
    if minutes_only:  # SMF 2.1's default format prints no seconds
        when = when.replace(second=0)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def rows(db, sql, params=()):
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def test_every_public_post_is_archived_as_the_forum_shows_it(crawled, version):
    db, _, result = crawled[version]
    assert result.status == "ok", result.summary
    ids = member_ids()
    stored = {r["msg_id"]: r for r in rows(db, "select * from posts")}
    expected = list(public_posts())
    assert set(stored) == {p["id_msg"] for _, _, p in expected}
    for topic, position, post in expected:
        row = stored[post["id_msg"]]
        assert row["topic_id"] == topic["id_topic"]
        assert row["position"] == position
        assert row["author_name"] == post["author"]
        assert row["member_id"] == ids[post["author"]]
        assert row["subject"] == post["subject"]
        assert row["posted_at"] == iso(post["poster_time"], minutes_only=version == "smf21")
        assert row["body_text"] == expected_body_text(post["body"]), post["id_msg"]
        if "modified_time" in post:
            assert row["edited_at"] == iso(post["modified_time"], minutes_only=version == "smf21")
            assert row["edited_by"] == post["modified_name"]
        else:
            assert row["edited_at"] is None


def test_quotes_are_attributed_to_the_quoted_message(crawled, version):
    db, _, _ = crawled[version]
    for _, _, post in public_posts():
        want = expected_quotes(post["body"])
        got = rows(db, "select * from quotes where msg_id = ? order by seq", [post["id_msg"]])
        assert [(q["quoted_msg_id"], q["quoted_author"], q["quoted_topic_id"]) for q in got] == [
            (w["msg_id"], w["author"], w["topic_id"]) for w in want
        ]
        for q, w in zip(got, want):
            assert q["text"] == w["text"]


def test_members_topics_and_boards(crawled, version):
    db, url, _ = crawled[version]
    members = {r["member_id"]: r for r in rows(db, "select * from members")}
    for m in visible()["members"]:
        assert members[m["id_member"]]["name"] == m["name"]
        assert members[m["id_member"]]["post_count"] == m["posts"]
        assert (members[m["id_member"]]["personal_text"] or "") == m["personal_text"]
    topics = {r["topic_id"]: r for r in rows(db, "select * from topics")}
    for topic in visible()["topics"]:
        if topic["board"] in PUBLIC_BOARDS:
            assert topics[topic["id_topic"]]["board_id"] == 102
            assert topics[topic["id_topic"]]["subject"] == topic["posts"][0]["subject"]
            assert topics[topic["id_topic"]]["replies"] == len(topic["posts"]) - 1
            assert topics[topic["id_topic"]]["views"] == topic["num_views"]
    forum = rows(db, "select * from forums")[0]
    assert forum["url"] == url
    assert forum["smf_version"] == version[3] + "." + version[4]
    assert forum["timezone"] == "America/Chicago"


def test_first_crawl_fetches_each_page_exactly_once(server):
    db = archive.open_memory()
    result = crawl_replay(db, server)
    log = [path for method, path in server.requests]
    assert len(log) == len(set(log)), "a page was fetched twice"
    pages = {
        "/robots.txt",
        "/index.php",
        "/index.php?board=102.0",
        "/index.php?topic=200176.0",
        "/index.php?topic=200391.0",
        "/index.php?topic=200457.0",
        "/index.php?topic=200457.15",
    }
    assert set(log) == pages
    assert result.stats.requests == len(pages)


def test_second_crawl_adds_nothing_and_changes_nothing(server):
    db = archive.open_memory()
    crawl_replay(db, server)
    content = ["forums", "boards", "topics", "members", "posts", "post_versions", "quotes", "links",
               "cable_copies", "post_cables", "cables", "cable_references", "post_segments"]

    def snapshot() -> dict[str, list]:
        # topics.last_crawled_at is bookkeeping: the refresh policy re-reads a slice of pages.
        return {t: [tuple(v for k, v in zip(r.keys(), r) if (t, k) != ("topics", "last_crawled_at")) for r in
                    db.conn.execute(f"select * from {t} order by 1, 2")] for t in content}

    db.conn.row_factory = sqlite3.Row
    before = snapshot()
    forum_before = before.pop("forums")
    result = crawl_replay(db, server)
    assert result.stats.new_posts == result.stats.edited_posts == result.stats.deleted_posts == 0
    after = snapshot()
    forum_after = after.pop("forums")
    assert after == before
    # Only the crawl bookkeeping moves: the last-crawled time.
    assert [r[:5] for r in forum_after] == [r[:5] for r in forum_before]


def test_crawl_from_a_topic_url_archives_only_that_topic(server, version):
    # SMF answers a .msgN URL with the page holding that message: here page 2.
    page_two = (SAMPLES / version / "index.php__topic=200457.15.html").read_bytes()
    server.set_override("index.php?topic=200457.msg1199101", (200, "text/html; charset=UTF-8", page_two))
    db = archive.open_memory()
    crawl_replay(db, server, start=server.url("index.php?topic=200457.msg1199101#msg1199101"))
    topics = {r[0] for r in db.execute("select distinct topic_id from posts")}
    assert topics == {200457}
    assert db.execute("select count(*) from posts").fetchone()[0] == 21


def test_members_only_and_missing_topics_are_recognised(server):
    db = archive.open_memory()
    for target in ("index.php?topic=200470.0", "index.php?topic=999999.0", "index.php?board=7.0"):
        result = crawl_replay(db, server, start=server.url(target))
        assert result.stats.forum_errors == 1
        assert result.stats.new_posts == 0
    access = dict(db.execute("select topic_id, access from topics").fetchall())
    assert access == {200470: "missing_or_off_limits", 999999: "missing_or_off_limits"}
    assert db.execute("select access from boards where board_id = 7").fetchone()[0] == "missing_or_off_limits"
    assert db.execute("select count(*) from posts").fetchone()[0] == 0
    kinds = {r[0] for r in db.execute("select kind from run_errors")}
    assert kinds == {"forum_error"}


def test_timezone_is_detected_from_the_rss_feed_when_not_given(version, caplog):
    # No robots.txt, so the RSS feed may be read; February in Chicago is UTC-6. Every
    # zone that fits the feed (and the 2.1 clock) reads these February posts alike: no warning.
    with ReplayServer(SAMPLES / version, robots_txt=None) as server:
        db = archive.open_memory()
        with caplog.at_level("WARNING"):
            result = crawl_replay(db, server, timezone=None)
    assert result.status == "ok"
    name = db.execute("select timezone from forums").fetchone()[0]
    assert ZoneInfo(name).utcoffset(datetime(2011, 2, 14)) == timedelta(hours=-6)
    assert not [r for r in caplog.records if "timezone" in r.getMessage()]
    posted = dict(db.execute("select msg_id, posted_at from posts").fetchall())
    for _, _, post in public_posts():
        assert posted[post["id_msg"]] == iso(post["poster_time"], minutes_only=version == "smf21")


def test_two_forums_in_one_archive_keep_their_own_frontiers():
    with ReplayServer(SAMPLES / "smf20") as old, ReplayServer(SAMPLES / "smf21") as new:
        db = archive.open_memory()
        first = crawl_replay(db, old, max_requests=3)
        assert first.status == "interrupted"
        other = crawl_replay(db, new)
        assert other.status == "ok" and other.stats.new_posts == 33
        assert all(path.startswith(("/index.php", "/robots.txt")) for _, path in new.requests)
        assert old.requests and len(old.requests) == 3  # the second forum's run fetched nothing of the first
        resumed = crawl_replay(db, old)
        assert resumed.status == "ok"
        counts = dict(db.execute("select forum_id, count(*) from posts group by forum_id").fetchall())
        assert counts == {1: 33, 2: 33}
