"""Nightly cost on a forum of several boards (edited copies of the real pages): O(changes), exactly."""

from __future__ import annotations

import math
from copy import deepcopy

import pytest
from big_forum import PER_LISTING, Forum

from conftest import SAMPLES, crawl_replay
from scraper import archive
from scraper.replay import ReplayServer

BOARDS = {102: 24, 103: 2, 104: 1, 105: 2}  # board -> topics; 105 is a child board of 103
CHILDREN = {105: 103}
POSTS = (2, 16, 31)  # topics of 1, 2 and 3 pages
BASE = sorted(["/robots.txt", "/index.php"])


def paths(server) -> list[str]:
    return sorted(path for _, path in server.requests)


def serve(server: ReplayServer, forum: Forum) -> None:
    server.clear_overrides()
    for key, response in forum.render().items():
        server.set_override(key, response)
    server.clear_requests()


@pytest.fixture(scope="module", params=["smf20", "smf21"])
def first_night(request):
    """The forum crawled once per version: (forum model, server, archive)."""
    forum = Forum.build(request.param, boards=BOARDS, children=CHILDREN, posts=POSTS)
    with ReplayServer(SAMPLES / request.param) as server:
        serve(server, forum)
        db = archive.open_memory()
        result = crawl_replay(db, server)
        assert result.status == "ok", result.summary
        assert db.execute("select count(*) from posts").fetchone()[0] == sum(len(t.msg_ids) for t in forum.topics.values())
        # Every listing page and topic page, once.
        listing_pages = sum(math.ceil(n / PER_LISTING) for n in BOARDS.values())
        assert len(server.requests) == 2 + listing_pages + forum.topic_pages()
        yield forum, server, db


@pytest.fixture
def night(first_night):
    """A copy of the first night's forum and archive, for one test to change."""
    forum, server, db = first_night
    copy = archive.open_memory()
    db.conn.backup(copy.conn)
    yield deepcopy(forum), server, copy
    copy.close()


def test_an_unchanged_night_costs_robots_and_the_board_index(night):
    forum, server, db = night
    serve(server, forum)
    result = crawl_replay(db, server, refresh_days=0)
    assert paths(server) == BASE and result.stats.requests == 2


def test_an_unchanged_night_with_refresh_adds_one_slice_of_topic_pages(night):
    forum, server, db = night
    days = 7
    seen: set[str] = set()
    for _ in range(days):
        serve(server, forum)
        crawl_replay(db, server, refresh_days=days)
        topics = [p for p in paths(server) if "topic=" in p]
        assert sorted(set(paths(server)) - set(topics)) == BASE
        assert len(topics) == math.ceil(forum.topic_pages() / days)
        seen |= set(topics)
    assert len(seen) == forum.topic_pages()  # every topic page re-read within D nights


def test_changes_in_one_board_of_several_cost_that_board_s_changed_pages(night):
    forum, server, db = night
    listed = forum._listed(102)
    deep = next(t for t in listed[PER_LISTING:] if len(t.starts) == 1)  # on the board's page 2
    long = next(t for t in listed[1:PER_LISTING] if len(t.starts) == 3)
    forum.reply(deep.topic_id, 1)
    forum.reply(long.topic_id, 2)
    new = forum.new_topic(102, 4)
    serve(server, forum)
    result = crawl_replay(db, server, refresh_days=0)
    assert result.status == "ok", result.summary
    # The board index, board 102's first page (where the three now sit, on top), and for each
    # topic the page that holds its last archived post; no other board, no other listing page.
    assert paths(server) == sorted(BASE + [
        "/index.php?board=102.0",
        f"/index.php?topic={deep.topic_id}.0",
        f"/index.php?topic={long.topic_id}.{long.starts[-1]}",
        f"/index.php?topic={new}.0",
    ])
    assert (result.stats.new_posts, result.stats.edited_posts, result.stats.deleted_posts) == (7, 0, 0)
    assert db.execute("select count(*) from posts").fetchone()[0] == sum(len(t.msg_ids) for t in forum.topics.values())
    # The next night is unchanged again.
    serve(server, forum)
    crawl_replay(db, server, refresh_days=0)
    assert paths(server) == BASE


def test_a_change_in_a_child_board_reads_the_parent_s_first_page_and_the_child(night):
    forum, server, db = night
    child_topic = next(t for t in forum.topics.values() if t.board_id == 105)
    forum.reply(child_topic.topic_id, 1)
    serve(server, forum)
    crawl_replay(db, server, refresh_days=0)
    # 103's counts include its child's: its first page lists the child with its own counts.
    assert paths(server) == sorted(BASE + [
        "/index.php?board=103.0", "/index.php?board=105.0",
        f"/index.php?topic={child_topic.topic_id}.{child_topic.starts[-1]}",
    ])


def test_a_reply_to_a_sticky_topic_reads_only_the_first_page(night):
    forum, server, db = night
    sticky = forum._listed(102)[0]
    assert sticky.sticky and len(sticky.starts) == 1
    forum.reply(sticky.topic_id, 1)
    serve(server, forum)
    crawl_replay(db, server, refresh_days=0)
    # Pinned on top, out of last-post order: the unchanged topics below it end the walk.
    assert paths(server) == sorted(BASE + ["/index.php?board=102.0", f"/index.php?topic={sticky.topic_id}.0"])


def test_a_vanished_topic_makes_the_board_read_whole(night):
    forum, server, db = night
    listed = forum._listed(102)
    gone = next(t for t in listed[1:PER_LISTING] if len(t.starts) == 1)
    del forum.topics[gone.topic_id]
    new = forum.new_topic(102, len(gone.msg_ids))  # same counts, another last post
    serve(server, forum)
    crawl_replay(db, server, refresh_days=0)
    assert paths(server) == sorted(BASE + ["/index.php?board=102.0", "/index.php?board=102.20", f"/index.php?topic={new}.0"])
    # Nothing is dropped from the archive.
    assert db.execute("select count(*) from posts where topic_id = ?", [gone.topic_id]).fetchone()[0] == len(gone.msg_ids)


def test_counts_that_went_down_make_the_board_read_whole(night):
    forum, server, db = night
    gone = forum._listed(102)[-1]  # on page 2: page 1 alone would not show it
    del forum.topics[gone.topic_id]
    serve(server, forum)
    crawl_replay(db, server, refresh_days=0)
    assert paths(server) == sorted(BASE + ["/index.php?board=102.0", "/index.php?board=102.20"])
    # The walk is done: the next night skips the board again.
    serve(server, forum)
    crawl_replay(db, server, refresh_days=0)
    assert paths(server) == BASE
