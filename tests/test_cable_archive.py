"""Cable rows in the archive: migration 002 upgrades an older archive, reparse brings it to the grammar."""

from __future__ import annotations

import sqlite3

from conftest import crawl_replay

from scraper import archive
from scraper.archive import shape
from scraper.reparse import reparse_archive


def _version_one_copy(src: sqlite3.Connection, path) -> None:
    """A version-1 archive (archive.sql alone) holding ``src``'s rows, in the columns version 1 had."""
    conn = sqlite3.connect(path)
    for statement in shape.schema_sql().split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("insert into schema_version values (1, '2026-01-01T00:00:00Z')")
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' and name != 'schema_version'")]
    for table in tables:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        have = {r[1] for r in src.execute(f"pragma table_info([{table}])")}
        if not have:
            continue
        cols = ", ".join(f"[{c}]" for c in columns if c in have)
        rows = src.execute(f"select {cols} from [{table}]").fetchall()
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"insert into [{table}] ({cols}) values ({marks})", rows)
    conn.commit()
    conn.close()


def test_an_archive_from_before_migration_002_upgrades_and_reparse_applies_the_grammar(server, tmp_path):
    fresh = archive.open_archive(tmp_path / "fresh.db")
    assert crawl_replay(fresh, server).status == "ok"
    cables = fresh.execute("select * from cables order by id").fetchall()
    # What the new grammar reads off the seed's 08MEXICO1082: "Classified By: ADCM Charles Barclay. ..."
    assert fresh.execute("select classified_by, classified_by_title from cables where id = '08MEXICO1082'").fetchone() == (
        "Charles Barclay", "ADCM")

    old_path = tmp_path / "old.db"
    _version_one_copy(fresh.conn, old_path)
    fresh.close()
    conn = sqlite3.connect(old_path)
    # As the grammar before issue 8 wrote it: the title kept in classified_by.
    conn.execute("update cables set classified_by = 'ADCM Charles Barclay' where id = '08MEXICO1082'")
    conn.commit()
    posts = conn.execute("select * from posts order by msg_id").fetchall()
    conn.close()

    db = archive.open_archive(old_path)
    assert db.execute("select max(version) from schema_version").fetchone()[0] == archive.SCHEMA_VERSION
    assert db.execute("select * from posts order by msg_id").fetchall() == posts
    assert db.execute("select classified_by, classified_by_title from cables where id = '08MEXICO1082'").fetchone() == (
        "ADCM Charles Barclay", None)  # kept as it was until reparse

    result = reparse_archive(db)
    assert result.errors == 0
    columns = [r[1] for r in db.execute("pragma table_info(cables)")]
    fresh_columns = [r[1] for r in sqlite3.connect(tmp_path / "fresh.db").execute("pragma table_info(cables)")]
    got = [dict(zip(columns, r)) for r in db.execute("select * from cables order by id")]
    want = [dict(zip(fresh_columns, r)) for r in cables]
    assert got == want
    assert db.execute("select * from posts order by msg_id").fetchall() == posts
