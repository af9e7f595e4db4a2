"""The forum's clock as the archive remembers it: its timezone and its `time_format`."""

from __future__ import annotations

import sqlite_utils


def load_forum_clock(db: sqlite_utils.Database, forum_id: int) -> tuple[str | None, str | None]:
    """(timezone, time_format) remembered for a forum; None for what is not known yet."""
    row = db.execute("select timezone, time_format from forums where id = ?", [forum_id]).fetchone()
    return (row[0] or None, row[1] or None) if row else (None, None)


def save_forum_clock(
    db: sqlite_utils.Database, forum_id: int, *, timezone: str | None = None, time_format: str | None = None
) -> None:
    """Remember a forum's timezone and/or time format (None leaves a value as it is)."""
    if timezone is not None:
        db.execute("update forums set timezone = ? where id = ?", [timezone, forum_id])
    if time_format is not None:
        db.execute("update forums set time_format = ? where id = ?", [time_format, forum_id])


def set_time_format(db: sqlite_utils.Database, time_format: str) -> None:
    """Set the time format of every forum in the archive (before a reparse)."""
    with db.atomic():
        db.execute("update forums set time_format = ?", [time_format])
