"""Two nights over the real captured forums: the second costs what changed and keeps every version."""

from __future__ import annotations

import dataclasses
import re

import pytest
from nightly_util import (
    HTML,
    DELETED,
    EDITED,
    EDITED_BODY,
    GROWN,
    MOVED,
    NEW_BOARD,
    NEW_BOARD_NAME,
    NEW_TOPIC,
    SHRUNK,
    night_two,
    read,
    split_posts,
    topic_file,
    with_body,
    join_posts,
    block_of,
)

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.archive.deletions import PageBounds, mark_missing_posts
from scraper.replay import ReplayServer
from scraper.smf import parse_page

INDEX_PAGES = ["/robots.txt", "/index.php"]


def paths(server) -> list[str]:
    return sorted(path for _, path in server.requests)


def one(db, sql, params=()):
    return db.execute(sql, params).fetchone()


@pytest.fixture
def first_night(server):
    db = archive.open_memory()
    result = crawl_replay(db, server)
    assert result.status == "ok", result.summary
    server.clear_requests()
    return db


def test_an_unchanged_forum_costs_robots_and_the_board_index(server, first_night):
    result = crawl_replay(first_night, server, refresh_days=0)
    # robots.txt once per run (a new Fetcher each run), then the board index: its counts say
    # that no board changed, so no message index is read.
    assert paths(server) == sorted(INDEX_PAGES)
    assert result.status == "ok" and result.stats.requests == 2


def test_an_unchanged_night_with_the_refresh_policy_adds_its_slice(server, first_night):
    topic_pages = first_night.execute("select count(*) from pages where kind = 'topic'").fetchone()[0]
    assert topic_pages == 4  # 200176, 200391, 200457 (two pages)
    crawl_replay(first_night, server, refresh_days=2)
    refreshed = [p for p in paths(server) if "topic=" in p]
    assert sorted(set(paths(server)) - set(refreshed)) == sorted(INDEX_PAGES)
    assert len(refreshed) == 2  # ceil(4 / 2)
    server.clear_requests()
    crawl_replay(first_night, server, refresh_days=2)
    second = [p for p in paths(server) if "topic=" in p]
    # The other half: every page re-read within 2 nights.
    assert len(second) == 2 and not set(second) & set(refreshed)


def test_the_second_night_fetches_only_what_changed_and_keeps_every_version(server, version, first_night):
    db = first_night
    cables_before = dict(db.execute("select cable_id, relation from post_cables where msg_id = ?", [EDITED]).fetchall())
    old = one(db, "select body_text, edited_at from posts where msg_id = ?", [EDITED])
    deleted_before = one(db, "select body_text, position from posts where msg_id = ?", [DELETED])
    night = night_two(version)
    for key, response in night.overrides.items():
        server.set_override(key, response)
    result = crawl_replay(db, server, refresh_days=0)
    assert result.status == "ok", result.summary

    # Requests: the indexes (now two boards), the grown topic from its last archived page, the shrunk
    # topic, the new topic; not the moved topic (same posts) nor the untouched first page of 200457.
    assert paths(server) == sorted(night.requests)
    s = result.stats
    assert (s.new_posts, s.edited_posts, s.deleted_posts) == (len(night.new_msg_ids) + 4, 1, 1)

    # The edit: both versions kept, the post shows the newest, the splitter follows it.
    versions = db.execute(
        "select body_text, edited_at from post_versions where msg_id = ? order by seen_at", [EDITED]
    ).fetchall()
    assert versions[0] == old
    assert versions[1][0] == EDITED_BODY and versions[1][1] is not None
    assert one(db, "select body_text from posts where msg_id = ?", [EDITED])[0] == EDITED_BODY
    assert one(db, "select edited_by from posts where msg_id = ?", [EDITED])[0] == "birther truther tenther"
    assert "quoted" in cables_before.values()
    cables_after = dict(db.execute("select cable_id, relation from post_cables where msg_id = ?", [EDITED]).fetchall())
    assert cables_after == {"08MEXICO23": "mentioned"}
    assert one(db, "select count(*) from cable_copies where msg_id = ?", [EDITED])[0] == 0
    assert "08MEXICO23" in one(db, "select commentary from posts where msg_id = ?", [EDITED])[0]

    # The deletion: the topic's last post is marked, and kept as it was.
    row = one(db, "select body_text, position, deleted_seen_at from posts where msg_id = ?", [DELETED])
    assert row[:2] == deleted_before and row[2] is not None
    assert one(db, "select count(*) from posts where deleted_seen_at is not null")[0] == 1

    # New replies opening a new page, and a new topic.
    grown = db.execute("select position from posts where topic_id = ? order by msg_id", [GROWN]).fetchall()
    assert [p for (p,) in grown] == list(range(32))
    assert set(night.new_msg_ids) <= {m for (m,) in db.execute("select msg_id from posts")}
    assert one(db, "select count(*), min(position), max(position) from posts where topic_id = ?", [NEW_TOPIC]) == (4, 0, 3)
    assert one(db, "select board_id, replies from topics where topic_id = ?", [NEW_TOPIC]) == (102, 3)

    # The moved topic: new board, posts kept.
    assert one(db, "select board_id from topics where topic_id = ?", [MOVED]) == (NEW_BOARD,)
    assert one(db, "select name from boards where board_id = ?", [NEW_BOARD]) == (NEW_BOARD_NAME,)
    assert one(db, "select count(*) from posts where topic_id = ? and deleted_seen_at is null", [MOVED]) == (8,)

    run = one(db, "select new_posts, edited_posts, deleted_posts, status from runs order by id desc limit 1")
    assert run == (15, 1, 1, "ok")

    # A third night with nothing new costs the indexes only, and changes nothing.
    dump = db.execute("select * from posts order by msg_id").fetchall()
    server.clear_requests()
    third = crawl_replay(db, server, refresh_days=0)
    assert paths(server) == sorted(INDEX_PAGES)
    assert (third.stats.new_posts, third.stats.edited_posts, third.stats.deleted_posts) == (0, 0, 0)
    assert db.execute("select * from posts order by msg_id").fetchall() == dump

    # --full re-reads every topic page and finds nothing else to change.
    server.clear_requests()
    full = crawl_replay(db, server, full=True)
    assert {p for p in paths(server) if "topic=" in p} >= {f"/index.php?topic={t}.0" for t in (GROWN, SHRUNK, MOVED, NEW_TOPIC)}
    assert (full.stats.new_posts, full.stats.edited_posts, full.stats.deleted_posts) == (0, 0, 0)
    assert db.execute("select * from posts order by msg_id").fetchall() == dump


def test_a_silent_edit_is_caught_by_full_only_when_refresh_is_off(server, version, first_night):
    db = first_night
    head, blocks, tail = split_posts(read(version, topic_file("200176.0")))
    target = 1197301  # the topic's last post; the edit bumps nothing on the index
    blocks[block_of(blocks, target)] = with_body(blocks[block_of(blocks, target)], target, "Silently changed.")
    server.set_override("index.php?topic=200176.0", (200, "text/html; charset=UTF-8", join_posts(head, blocks, tail).encode()))
    assert crawl_replay(db, server, refresh_days=0).stats.edited_posts == 0
    result = crawl_replay(db, server, full=True)
    assert result.stats.edited_posts == 1
    assert one(db, "select count(*) from post_versions where msg_id = ?", [target]) == (2,)


def test_silent_edits_on_every_page_are_found_within_d_nights(server, version, first_night):
    """One post edited on each topic page, bumping nothing: D nights of --refresh-days D find them all."""
    db = first_night
    pages = ["200176.0", "200391.0", "200457.0", "200457.15"]
    edited = {}
    for name in pages:
        head, blocks, tail = split_posts(read(version, topic_file(name)))
        msg_id = int(re.search(r'id="msg_(\d+)"', blocks[-1]).group(1))
        blocks[-1] = with_body(blocks[-1], msg_id, f"Silently changed on {name}.")
        server.set_override(f"index.php?topic={name}", (200, HTML, join_posts(head, blocks, tail).encode()))
        edited[msg_id] = f"Silently changed on {name}."
    days = len(pages)  # one page a night
    found = []
    for night in range(days):
        server.clear_requests()
        result = crawl_replay(db, server, refresh_days=days)
        assert result.status == "ok", result.summary
        # Robots, the board index (no board changed) and one page of the slice.
        assert len(server.requests) == 3 and result.stats.edited_posts == 1
        found += [p for p in paths(server) if "topic=" in p]
    assert sorted(found) == sorted(f"/index.php?topic={name}" for name in pages)
    for msg_id, body in edited.items():
        # Stored like any edit: a second version, the post showing the new text.
        assert one(db, "select count(*) from post_versions where msg_id = ?", [msg_id]) == (2,)
        assert one(db, "select body_text from posts where msg_id = ?", [msg_id]) == (body,)


def test_deletions_at_page_boundaries_use_the_neighbouring_pages(version):
    """The first post of page 2 deleted: no page shows a gap in its own ids, only between pages."""
    pages = {}
    for start in ("0", "15"):
        html = read(version, topic_file(f"200457.{start}"))
        url = f"http://127.0.0.1:80{version[3:]}/index.php?topic=200457.{start}"
        pages[start] = parse_page(html, url=url, now=_now(), tz=_tz())
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1/index.php")
    for page in pages.values():
        archive.save_topic_page(db, forum_id, page, seen_at="2026-11-28T06:00:00Z")
    first, second = pages["0"], pages["15"]
    gone = second.posts[0]
    shown = dataclasses.replace(
        second, posts=tuple(dataclasses.replace(p, position=p.position - 1) for p in second.posts[1:])
    )
    night = "2026-11-29T06:00:00Z"
    # Alone, the page cannot tell: the missing post lies before its first id.
    assert mark_missing_posts(db, forum_id, shown, seen_at=night, bounds=PageBounds(topic_end=True)) == ()
    # A page with a gap in its numbering (a block dropped in transit) marks nothing, whatever its ids say.
    gappy = dataclasses.replace(first, posts=first.posts[:3] + first.posts[4:])
    assert mark_missing_posts(db, forum_id, gappy, seen_at=night) == ()
    # A short page that is not the topic's last is not whole either.
    assert mark_missing_posts(db, forum_id, dataclasses.replace(first, posts=first.posts[:-1]), seen_at=night) == ()
    # The previous page's last id, from the same walk, closes the gap.
    bounds = PageBounds(after=first.posts[-1].msg_id, topic_end=True)
    assert mark_missing_posts(db, forum_id, shown, seen_at=night, bounds=bounds) == (gone.msg_id,)
    assert one(db, "select deleted_seen_at from posts where msg_id = ?", [gone.msg_id]) == (night,)
    assert one(db, "select count(*) from posts where deleted_seen_at is not null") == (1,)


def _now():
    from samples_util import CAPTURED_AT

    return CAPTURED_AT


def _tz():
    from samples_util import FORUM_TZ

    return FORUM_TZ


def test_moved_topic_page_names_its_new_board(version):
    with ReplayServer(SAMPLES / version) as server:
        night = night_two(version)
        server.set_override("index.php?topic=200176.0", night.overrides["index.php?topic=200176.0"])
        db = archive.open_memory()
        crawl_replay(db, server, start=server.url("index.php?topic=200176.0"))
    assert one(db, "select board_id from topics where topic_id = ?", [MOVED]) == (NEW_BOARD,)


def test_an_archive_from_before_migration_006_upgrades_and_keeps_its_data(server, tmp_path):
    path = tmp_path / "old.db"
    db = archive.open_archive(path)
    assert crawl_replay(db, server).status == "ok"
    # Back to the shape before 006: its indexes and columns gone, its version unrecorded.
    for index in ("pages_verified", "topics_board_last"):
        db.execute(f"drop index {index}")
    for table, column in (("boards", "posts"), ("boards", "topics"), ("boards", "last_msg_id"),
                          ("boards", "read_whole"), ("topics", "sticky"), ("pages", "verified_run_id")):
        db.execute(f"alter table {table} drop column {column}")
    db.execute("delete from schema_version where version >= 6")
    db.conn.commit()
    posts = db.execute("select * from posts order by msg_id").fetchall()
    db.close()

    db = archive.open_archive(path)
    assert db.execute("select max(version) from schema_version").fetchone()[0] == archive.SCHEMA_VERSION
    assert db.execute("select * from posts order by msg_id").fetchall() == posts
    assert one(db, "select posts, topics, read_whole from boards where board_id = 102") == (None, None, 0)
    # The first night after the upgrade reads the board (no counts yet) and keeps them;
    # the next one skips it.
    server.clear_requests()
    crawl_replay(db, server, refresh_days=0)
    assert "/index.php?board=102.0" in paths(server)
    assert one(db, "select posts, topics, last_msg_id from boards where board_id = 102") == (33, 3, 1199150)
    server.clear_requests()
    crawl_replay(db, server, refresh_days=0)
    assert paths(server) == sorted(INDEX_PAGES)
    assert db.execute("select * from posts order by msg_id").fetchall() == posts


def test_an_unchanged_smf11_night_costs_robots_and_the_board_index():
    """SMF 1.1 prints the same counts on its board index ("33 Posts / 3 Topics", the last post's link)."""
    with ReplayServer(SAMPLES / "smf11") as server:
        db = archive.open_memory()
        assert crawl_replay(db, server).status == "ok"
        assert one(db, "select posts, topics, last_msg_id from boards where board_id = 102") == (33, 3, 1199315)
        server.clear_requests()
        crawl_replay(db, server, refresh_days=0)
        assert paths(server) == sorted(INDEX_PAGES)
