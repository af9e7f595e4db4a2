"""The archive on its own: shape, migrations, the writer lock, idempotent saves, versions, FTS."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from samples_util import topic_page

from scraper import archive
from scraper.errors import ArchiveError, ArchiveLocked
from scraper.relations import relate_posts
from scraper.smf import parse_page

NOW = datetime(2026, 11, 28, 6, 30, tzinfo=UTC)
TZ = ZoneInfo("America/Chicago")


def dump(db, tables=("topics", "members", "posts", "post_versions", "quotes", "links")):
    return {t: db.execute(f"select * from {t} order by 1, 2, 3").fetchall() for t in tables}


@pytest.fixture
def seed_page():
    html, url = topic_page("smf20", "200391.0")
    return parse_page(html, url=url, now=NOW, tz=TZ)


def test_shape_is_complete_and_ensure_shape_is_idempotent():
    db = archive.open_memory()
    schema = db.execute("select sql from sqlite_master order by name").fetchall()
    archive.ensure_shape(db)
    archive.ensure_shape(db)
    assert db.execute("select sql from sqlite_master order by name").fetchall() == schema
    # A new archive records archive.sql (1) and each migration run after it, once.
    versions = [v for (v,) in db.execute("select version from schema_version order by rowid")]
    assert versions[0] == 1 and versions[-1] == archive.SCHEMA_VERSION and versions == sorted(set(versions))
    for table in ("forums", "boards", "topics", "members", "posts", "post_versions", "quotes", "pages", "runs",
                  "cables", "cable_copies", "post_cables", "cable_references", "post_segments", "frontier"):
        assert table in db.table_names()
    assert {"posts_fts", "cables_fts", "cable_copies_fts"} <= set(db.table_names())


def test_a_file_archive_uses_wal_and_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "a.db"
    db = archive.open_archive(path)
    assert db.journal_mode == "wal"
    db.execute("insert into schema_version values (?, '2030-01-01T00:00:00Z')", [archive.SCHEMA_VERSION + 1])
    db.conn.commit()
    db.close()
    with pytest.raises(ArchiveError, match="newer"):
        archive.open_archive(path)


def test_open_refuses_a_missing_archive_when_not_creating(tmp_path):
    with pytest.raises(ArchiveError, match="no archive"):
        archive.open_archive(tmp_path / "none.db", create=False)


def test_saving_a_page_twice_changes_nothing(seed_page):
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1:8020/index.php")
    first = archive.save_topic_page(db, forum_id, seed_page, seen_at="2026-11-28T06:30:00Z")
    assert len(first.new_msg_ids) == 4
    before = dump(db)
    again = archive.save_topic_page(db, forum_id, seed_page, seen_at="2026-11-29T06:30:00Z")
    assert again.new_msg_ids == again.edited_msg_ids == again.deleted_msg_ids == ()
    after = dump(db)
    # Only the topic's last-crawled time moves.
    assert after["posts"] == before["posts"] and after["post_versions"] == before["post_versions"]
    assert after["quotes"] == before["quotes"] and after["members"] == before["members"]


def test_a_page_with_the_poster_column_mangled_never_blanks_a_member(seed_page):
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1:8020/index.php")
    archive.save_topic_page(db, forum_id, seed_page, seen_at="2026-11-28T06:30:00Z")
    before = dump(db, ("members",))["members"]
    assert any(row[3] is not None for row in before)  # the real page gives groups and counts
    blank = tuple(dataclasses.replace(m, post_group=None, post_count=None, personal_text=None) for m in seed_page.members)
    archive.save_topic_page(db, forum_id, dataclasses.replace(seed_page, members=blank), seen_at="2026-11-29T06:30:00Z")
    assert dump(db, ("members",))["members"] == before
    renamed = tuple(dataclasses.replace(m, post_count=(m.post_count or 0) + 5) for m in seed_page.members)
    archive.save_topic_page(db, forum_id, dataclasses.replace(seed_page, members=renamed), seen_at="2026-11-30T06:30:00Z")
    counts = dict(db.execute("select member_id, post_count from members").fetchall())
    assert counts == {m.member_id: (m.post_count or 0) + 5 for m in seed_page.members}  # known values still update


def test_an_edit_keeps_the_old_version_and_shows_the_new(seed_page):
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1:8020/index.php")
    archive.save_topic_page(db, forum_id, seed_page, seen_at="2026-11-28T06:30:00Z")
    post = seed_page.posts[1]
    edited = dataclasses.replace(
        post, body_text=post.body_text + "\n\nEDIT: it is back up.", edited_at=datetime(2011, 2, 14, tzinfo=UTC),
        edited_by=post.author_name,
    )
    page = dataclasses.replace(seed_page, posts=(seed_page.posts[0], edited, *seed_page.posts[2:]))
    changes = archive.save_topic_page(db, forum_id, page, seen_at="2026-11-29T06:30:00Z")
    assert changes.edited_msg_ids == (post.msg_id,)
    versions = db.execute(
        "select seen_at, body_text from post_versions where msg_id = ? order by seen_at", [post.msg_id]
    ).fetchall()
    assert versions == [("2026-11-28T06:30:00Z", post.body_text), ("2026-11-29T06:30:00Z", edited.body_text)]
    assert db.execute("select body_text from posts where msg_id = ?", [post.msg_id]).fetchone()[0] == edited.body_text


def test_a_post_gone_from_its_page_is_marked_not_deleted(seed_page):
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1:8020/index.php")
    archive.save_topic_page(db, forum_id, seed_page, seen_at="2026-11-28T06:30:00Z")
    gone = seed_page.posts[2]
    # SMF numbers the remaining posts 0.. again: "Reply #N" shifts after a deletion.
    kept = [p for p in seed_page.posts if p is not gone]
    page = dataclasses.replace(seed_page, posts=tuple(dataclasses.replace(p, position=i) for i, p in enumerate(kept)))
    changes = archive.save_topic_page(db, forum_id, page, seen_at="2026-11-29T06:30:00Z")
    assert changes.deleted_msg_ids == (gone.msg_id,)
    row = db.execute("select body_text, deleted_seen_at from posts where msg_id = ?", [gone.msg_id]).fetchone()
    assert row == (gone.body_text, "2026-11-29T06:30:00Z")


def test_commentary_is_searchable_after_relating(seed_page):
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1:8020/index.php")
    archive.save_topic_page(db, forum_id, seed_page, seen_at="2026-11-28T06:30:00Z")
    relate_posts(db, forum_id, [p.msg_id for p in seed_page.posts])
    hits = db.execute(
        "select posts.msg_id from posts_fts join posts on posts.rowid = posts_fts.rowid"
        " where posts_fts match 'throttled'"
    ).fetchall()
    assert hits == [(1198540,)]


def test_the_writer_lock_refuses_a_second_writer_and_survives_a_killed_holder(tmp_path):
    path = tmp_path / "a.db"
    with archive.lock_archive(path):
        with pytest.raises(ArchiveLocked, match="in use"):
            with archive.lock_archive(path):
                pass
    # A holder killed with SIGKILL leaves the lock file; the kernel drops the lock itself.
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from scraper.archive import lock_archive\n"
         f"with lock_archive({str(path)!r}):\n    print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ArchiveLocked):
            with archive.lock_archive(path):
                pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=120)
        deadline = time.monotonic() + 60  # generous: the kernel drops it as the holder dies
        while True:
            try:
                with archive.lock_archive(path):
                    break
            except ArchiveLocked:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        holder.kill()
        holder.wait()


def test_someone_elses_sqlite_file_is_refused_and_left_alone(tmp_path):
    import sqlite3

    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.execute("create table notes (id integer primary key, text text)")
    conn.execute("insert into notes (text) values ('keep me')")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="not an smf-archive archive"):
        archive.open_archive(path)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")] == ["notes"]


def test_a_page_with_new_and_edited_posts_keeps_each_posts_first_seen(seed_page):
    db = archive.open_memory()
    forum_id = archive.save_forum(db, url="http://127.0.0.1:8020/index.php")
    older = dataclasses.replace(seed_page, posts=seed_page.posts[:2])
    archive.save_topic_page(db, forum_id, older, seen_at="2026-11-28T06:30:00Z")
    edited = dataclasses.replace(seed_page.posts[0], body_text="changed")
    night2 = dataclasses.replace(seed_page, posts=(edited, *seed_page.posts[1:]))
    changes = archive.save_topic_page(db, forum_id, night2, seen_at="2026-11-29T06:30:00Z")
    assert changes.edited_msg_ids == (edited.msg_id,) and len(changes.new_msg_ids) == 2
    first_seen = dict(db.execute("select msg_id, first_seen_at from posts").fetchall())
    assert first_seen[edited.msg_id] == "2026-11-28T06:30:00Z"
    assert first_seen[seed_page.posts[3].msg_id] == "2026-11-29T06:30:00Z"
