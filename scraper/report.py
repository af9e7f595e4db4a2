"""Figures about an archive, for `smf-archive stats`."""

from __future__ import annotations

import sqlite_utils

from .archive.bookkeeping import frontier_quarantined


def archive_stats(db: sqlite_utils.Database) -> dict[str, object]:
    """What the archive holds and how the last run went."""

    def one(sql: str) -> object:
        return db.execute(sql).fetchone()[0]

    last = db.execute(
        "select id, started_at, finished_at, status, summary from runs order by id desc limit 1"
    ).fetchone()
    return {
        "forums": one("select count(*) from forums"),
        "boards": one("select count(*) from boards"),
        "topics": one("select count(*) from topics where access = 'public'"),
        "off-limits topics": one("select count(*) from topics where access != 'public'"),
        "members": one("select count(*) from members"),
        "posts": one("select count(*) from posts"),
        "deleted posts": one("select count(*) from posts where deleted_seen_at is not null"),
        "post versions": one("select count(*) from post_versions"),
        "cables": one("select count(*) from cables"),
        "pasted cables": one("select count(distinct cable_id) from post_cables where relation = 'pasted'"),
        "post-cable links": one("select count(*) from post_cables"),
        "stored pages": one("select count(*) from pages"),
        "runs": one("select count(*) from runs"),
        "last run": f"#{last[0]} {last[3]} ({last[1]} .. {last[2] or '-'}): {last[4] or ''}" if last else "none",
        "pending pages": one("select count(*) from frontier where state = 'pending'"),
        "failed pages": one("select count(*) from frontier where state = 'failed'"),
        # Pages that failed to parse or save run after run: skipped until their listing changes or --full.
        "quarantined pages": [
            f"{held.url} ({held.failures} failures since {held.quarantined_at}): {held.last_error}"
            for held in (frontier_quarantined(db) if "failures" in db["frontier"].columns_dict else ())
        ],
    }
