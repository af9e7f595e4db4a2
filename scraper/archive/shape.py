"""Open an archive, apply the schema and migrations, FTS and views.

`schema/archive.sql` is the one source of the DDL. `ensure_shape` is safe to
repeat: it is run every time an archive is opened.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import sqlite_utils

from ..errors import ArchiveError

log = logging.getLogger(__name__)

# Ordered migrations: schema/migrations/NNN-what.sql upgrades an archive to version
# NNN. Version 1 is archive.sql itself; never edit archive.sql or a released
# migration in place, add a file. A migration that needs Python (rewriting rows)
# adds an entry to MIGRATION_STEPS, run after that version's SQL file.
MIGRATION_STEPS: dict[int, Callable[[sqlite_utils.Database], None]] = {}


def _redecide_page_encodings(db: sqlite_utils.Database) -> None:
    """007: pages read with a legacy charset although their bytes are UTF-8 say so now.

    Older runs let a header's ISO-8859-1 win over valid UTF-8; `reparse` reads a
    page with its stored encoding, so without this it would rebuild the garbled
    text. Only pages stored as something other than UTF-8 are looked at.
    """
    import zlib

    from ..charset import decode_body

    rows = db.execute(
        "select rowid from pages where encoding is not null and lower(encoding) not in ('utf-8', 'utf8')"
        " and body is not null"
    ).fetchall()
    for (rowid,) in rows:
        body, content_type = db.execute("select body, content_type from pages where rowid = ?", [rowid]).fetchone()
        try:
            raw = zlib.decompress(body)
        except zlib.error:
            continue
        encoding = decode_body(raw, content_type or "")[1]
        db.execute("update pages set encoding = ? where rowid = ?", [encoding, rowid])


MIGRATION_STEPS[7] = _redecide_page_encodings

# Full-text search: table -> columns. Triggers keep each index in step.
FTS: dict[str, list[str]] = {
    "posts": ["subject", "commentary"],
    "cables": ["id", "subject", "text"],
    "cable_copies": ["text"],
}

# Views for people reading the archive with sqlite3 or Datasette.
VIEWS: dict[str, str] = {
    "post_details": """
        select
            posts.forum_id, posts.msg_id, posts.topic_id, topics.subject as topic_subject,
            boards.board_id, boards.name as board_name, posts.position, posts.subject,
            posts.member_id, posts.author_name, members.post_group,
            posts.posted_at, substr(posts.posted_at, 1, 4) as year,
            posts.edited_at, posts.edited_by, posts.deleted_seen_at,
            posts.commentary,
            (select count(*) from post_cables pc
              where pc.forum_id = posts.forum_id and pc.msg_id = posts.msg_id) as cables
        from posts
        left join topics on topics.forum_id = posts.forum_id and topics.topic_id = posts.topic_id
        left join boards on boards.forum_id = topics.forum_id and boards.board_id = topics.board_id
        left join members on members.forum_id = posts.forum_id and members.member_id = posts.member_id
        where topics.moved_to_topic_id is null  -- a MOVED: notice is not discussion
    """,
    "cable_mentions": """
        select
            post_cables.cable_id, post_cables.relation, post_cables.evidence,
            cables.origin, cables.classification, cables.created_at, cables.subject as cable_subject,
            posts.forum_id, posts.msg_id, posts.topic_id, topics.subject as topic_subject,
            posts.author_name, posts.posted_at, posts.commentary
        from post_cables
        join posts on posts.forum_id = post_cables.forum_id and posts.msg_id = post_cables.msg_id
        left join topics on topics.forum_id = posts.forum_id and topics.topic_id = posts.topic_id
        left join cables on cables.id = post_cables.cable_id
        where topics.moved_to_topic_id is null
    """,
    "cable_stats": """
        select
            cables.id, cables.origin, cables.classification, cables.created_at, cables.subject,
            sum(post_cables.relation = 'pasted') as pasted,
            sum(post_cables.relation = 'quoted') as quoted,
            sum(post_cables.relation = 'linked') as linked,
            sum(post_cables.relation = 'mentioned') as mentioned,
            count(post_cables.msg_id) as posts
        from cables
        left join post_cables on post_cables.cable_id = cables.id
        group by cables.id
    """,
    "member_activity": """
        select
            members.forum_id, members.member_id, members.name, members.post_group,
            count(posts.msg_id) as posts,
            count(distinct posts.topic_id) as topics,
            min(posts.posted_at) as first_post_at, max(posts.posted_at) as last_post_at,
            (select count(distinct pc.cable_id) from post_cables pc
              join posts p on p.forum_id = pc.forum_id and p.msg_id = pc.msg_id
              where p.forum_id = members.forum_id and p.member_id = members.member_id
                and pc.relation in ('pasted', 'quoted')) as cables_pasted,
            (select count(distinct pc.cable_id) from post_cables pc
              join posts p on p.forum_id = pc.forum_id and p.msg_id = pc.msg_id
              where p.forum_id = members.forum_id and p.member_id = members.member_id
                and pc.relation in ('linked', 'mentioned')) as cables_referred
        from members
        left join posts on posts.forum_id = members.forum_id and posts.member_id = members.member_id
            and not exists (select 1 from topics t where t.forum_id = posts.forum_id
                            and t.topic_id = posts.topic_id and t.moved_to_topic_id is not null)
        group by members.forum_id, members.member_id
    """,
    "topic_activity": """
        select
            topics.forum_id, topics.topic_id, topics.subject,
            topics.board_id, boards.name as board_name,
            count(posts.msg_id) as posts,
            count(distinct coalesce(posts.member_id, posts.author_name)) as authors,
            min(posts.posted_at) as first_post_at, max(posts.posted_at) as last_post_at,
            count(posts.deleted_seen_at) as deleted_posts,
            (select count(distinct pc.cable_id) from post_cables pc
              join posts p on p.forum_id = pc.forum_id and p.msg_id = pc.msg_id
              where p.forum_id = topics.forum_id and p.topic_id = topics.topic_id) as cables
        from topics
        left join boards on boards.forum_id = topics.forum_id and boards.board_id = topics.board_id
        left join posts on posts.forum_id = topics.forum_id and posts.topic_id = topics.topic_id
        where topics.moved_to_topic_id is null
        group by topics.forum_id, topics.topic_id
    """,
}


def schema_file_text(name: str) -> str:
    """A file of schema/: from the wheel (scraper/_schema), or from the source tree in a checkout."""
    packaged = resources.files("scraper").joinpath(f"_schema/{name}")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "schema" / name).read_text(encoding="utf-8")


def schema_sql() -> str:
    """Return the DDL (schema/archive.sql)."""
    return schema_file_text("archive.sql")


def _schema_dir() -> Traversable | Path:
    packaged = resources.files("scraper").joinpath("_schema")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema"


def migrations() -> dict[int, str]:
    """Version -> SQL of every file in schema/migrations/ (named NNN-what.sql)."""
    folder = _schema_dir().joinpath("migrations")
    found: dict[int, str] = {}
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = re.fullmatch(r"(\d{3})-[\w-]+\.sql", entry.name)
        if match:
            found[int(match.group(1))] = entry.read_text(encoding="utf-8")
    return dict(sorted(found.items()))


SCHEMA_VERSION = max([1, *migrations(), *MIGRATION_STEPS])


def open_archive(path: str | os.PathLike[str], *, create: bool = True) -> sqlite_utils.Database:
    """Open (or create) the archive at `path` and bring it to the current shape."""
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"archive path is a directory: {path}")
    if not path.exists():
        if not create:
            raise ArchiveError(f"no archive at {path}")
        if not path.parent.exists():
            raise ArchiveError(f"directory does not exist: {path.parent}")
        if not os.access(path.parent, os.W_OK):
            raise ArchiveError(f"cannot write in {path.parent}")
    elif not os.access(path, os.R_OK):
        raise ArchiveError(f"cannot read archive {path}")
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        db.execute("pragma busy_timeout = 30000")
        ensure_shape(db)  # first: it refuses a file that is not ours before anything is changed
        if db.journal_mode != "wal" and os.access(path.parent, os.W_OK):
            # Readers (Datasette, sqlite3) never block the nightly writer, nor it them.
            db.enable_wal()
        # In WAL mode NORMAL never corrupts the file; a power cut may lose the last
        # pages' transactions, which the frontier then fetches again.
        db.execute("pragma synchronous = normal")
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"{path} is not a usable SQLite archive: {exc}") from exc
    return db


def open_memory() -> sqlite_utils.Database:
    """An in-memory archive with the full shape (tests, dry runs)."""
    db = sqlite_utils.Database(memory=True)
    ensure_shape(db)
    return db


def current_version(db: sqlite_utils.Database) -> int:
    if "schema_version" not in db.table_names():
        return 0
    row = db.execute("select max(version) from schema_version").fetchone()
    return int(row[0] or 0)


def ensure_shape(db: sqlite_utils.Database) -> None:
    """Apply schema, migrations, FTS and views; safe to repeat."""
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"archive schema version {version} is newer than this smf-archive "
            f"understands ({SCHEMA_VERSION}); upgrade smf-archive"
        )
    if version == SCHEMA_VERSION and _shape_complete(db):
        return
    if version == 0 and [t for t in db.table_names() if not t.startswith("sqlite_")]:
        # Someone else's database: adding our tables to it would be vandalism.
        raise ArchiveError("this SQLite file is not an smf-archive archive (it has other tables and no schema_version)")
    with db.atomic():
        if version == 0:
            _run_script(db, schema_sql())
            _record_version(db, 1)
            version = 1
        steps = migrations()
        for target in sorted(set(steps) | set(MIGRATION_STEPS)):
            if target <= version:
                continue
            if target in steps:
                _run_script(db, steps[target])
            if target in MIGRATION_STEPS:
                MIGRATION_STEPS[target](db)
            _record_version(db, target)
        for table, columns in FTS.items():
            if not db[table].detect_fts():
                db[table].enable_fts(columns, fts_version="FTS5", create_triggers=True, tokenize="porter")
        for name, sql in VIEWS.items():
            db.execute(f"drop view if exists [{name}]")
            db.execute(f"create view [{name}] as {sql}")


def _run_script(db: sqlite_utils.Database, script: str) -> None:
    # executescript() would COMMIT the surrounding transaction; run statements one by one.
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def _record_version(db: sqlite_utils.Database, version: int) -> None:
    db.execute(
        "insert into schema_version (version, applied_at) values (?, ?)",
        [version, utc_now_iso()],
    )


def _shape_complete(db: sqlite_utils.Database) -> bool:
    names = set(db.table_names())
    views = set(db.view_names())
    return all(f"{t}_fts" in names for t in FTS) and all(v in views for v in VIEWS)


def utc_iso(value: datetime | None) -> str | None:
    """ISO 8601 UTC text, second precision: 2011-02-13T00:58:41Z."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now_iso() -> str:
    return utc_iso(datetime.now(UTC)) or ""


def _by_columns(rows: list[dict]) -> dict[tuple[str, ...], list[dict]]:
    """Group rows by their keys: a row never gets NULLs for columns it did not name."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return groups


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows in one executemany per set of columns.

    For the per-page hot path: sqlite-utils' insert_all re-reads the schema
    (table names, columns, primary keys) on every call, which measured as
    about half of the time spent saving a page. The tables exist (ensure_shape).
    """
    for columns, group in _by_columns(rows).items():
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        db.conn.executemany(
            f'insert into "{table}" ({names}) values ({marks})', [[row[c] for c in columns] for row in group]
        )


def upsert_rows(db: sqlite_utils.Database, table: str, rows: list[dict], pk: tuple[str, ...]) -> None:
    """Insert rows, updating only the columns each row names where its key exists.

    The same INSERT ... ON CONFLICT DO UPDATE that sqlite-utils 4 issues,
    without its per-call schema reads (see insert_rows).
    """
    for columns, group in _by_columns(rows).items():
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in pk)
        conflict = ", ".join(f'"{c}"' for c in pk)
        action = f"do update set {updates}" if updates else "do nothing"
        db.conn.executemany(
            f'insert into "{table}" ({names}) values ({marks}) on conflict ({conflict}) {action}',
            [[row[c] for c in columns] for row in group],
        )
