"""Any SMF time_format: strftime strings compiled to readers, and formats learned from evidence."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from scraper import archive
from scraper.archive import shape
from scraper.errors import UsageError
from scraper.smf import parse_time
from scraper.smf.time_format import (
    Sighting,
    candidate_formats,
    check_time_format,
    compile_time_format,
    learn_time_format,
)

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 28, 6, 23, 33, tzinfo=UTC)
# A moment of the sample forum (msg 1199150) and the formats admins set.
MOMENT = datetime(2011, 2, 16, 13, 30, 10, tzinfo=UTC)
FORMATS = ("%d/%m/%Y %H:%M", "%d.%m.%Y, %H:%M:%S", "%m/%d/%Y %I:%M %p", "%Y-%m-%d %H:%M:%S",
           "%B %d, %Y, %I:%M:%S %p", "%b %d, %Y, %I:%M %p", "%A, %d %B %Y, %H:%M", "%d %b %y, %H:%M")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_what_strftime_printed(fmt):
    printed = MOMENT.astimezone(CHICAGO).strftime(fmt)
    expected = MOMENT if "%S" in fmt else MOMENT.replace(second=0)
    assert parse_time(printed, tz=CHICAGO, now=NOW, fmt=fmt) == expected
    # A text in another format is not read (never a guess).
    assert parse_time("not a time", tz=CHICAGO, now=NOW, fmt=fmt) is None
    assert fmt in candidate_formats(printed)


def test_a_day_above_twelve_is_never_read_as_a_month():
    reader = compile_time_format("%m/%d/%Y %H:%M")
    assert reader.read("13/02/2011 18:55") is None
    assert compile_time_format("%d/%m/%Y %H:%M").read("13/02/2011 18:55") == datetime(2011, 2, 13, 18, 55)


def test_bad_formats_are_refused_with_a_usage_error():
    for bad in ("%H:%M", "%d/%m/%Y %I:%M", "%d/%m/%Y %H:%M %Q"):
        with pytest.raises(UsageError, match="--time-format"):
            check_time_format(bad)


def test_candidates_of_an_ambiguous_text():
    assert set(candidate_formats("05/02/2011 18:55")) == {"%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"}
    assert candidate_formats("13/02/2011 18:55") == ("%d/%m/%Y %H:%M",)
    assert candidate_formats("Feb 13, 2011, 10:05 AM") == ("%b %d, %Y, %I:%M %p",)


def test_learning_needs_a_day_above_twelve_an_instant_or_the_order():
    low = [Sighting(text="05/02/2011 18:55", msg_id=1), Sighting(text="07/02/2011 09:00", msg_id=2)]
    verdict = learn_time_format(low, now=NOW)
    assert verdict.decided is None and len(verdict.formats) == 2 and "05/02/2011" in verdict.detail
    assert learn_time_format([*low, Sighting(text="13/02/2011 18:55", msg_id=3)], now=NOW).decided == "%d/%m/%Y %H:%M"
    # An RSS pubDate of the same post: 5 February, not 2 May.
    anchored = [Sighting(text="05/02/2011 18:55", msg_id=1, instant=datetime(2011, 2, 6, 0, 55, tzinfo=UTC))]
    assert learn_time_format(anchored, now=NOW).decided == "%d/%m/%Y %H:%M"
    # Posts in msg order: 01/02 then 02/01 is 1 Feb then 2 Jan read day-first: backwards.
    ordered = [Sighting(text="01/02/2011 10:00", msg_id=1), Sighting(text="02/01/2011 10:00", msg_id=2)]
    assert learn_time_format(ordered, now=NOW).decided == "%m/%d/%Y %H:%M"


def test_an_archive_made_before_migration_005_upgrades_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in shape.schema_sql().split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("insert into schema_version values (1, '2026-01-01T00:00:00Z')")
    conn.execute("insert into forums (id, url, timezone) values (1, 'http://f/index.php', 'America/Chicago')")
    conn.execute("insert into pages (url, forum_id, kind, fetched_at) values ('http://f/index.php', 1, 'board_index', 'x')")
    conn.commit()
    conn.close()
    db = archive.open_archive(path)
    assert db.execute("select max(version) from schema_version").fetchone()[0] >= 5
    assert db.execute("select url, timezone, time_format from forums").fetchall() == [
        ("http://f/index.php", "America/Chicago", None)]
    assert db.execute("select url, server_date from pages").fetchall() == [("http://f/index.php", None)]
    assert isinstance(db, sqlite_utils.Database)


def test_compiled_once():
    assert compile_time_format("%d/%m/%Y %H:%M") is compile_time_format("%d/%m/%Y %H:%M")


def test_a_post_out_of_msg_order_does_not_rule_out_every_format():
    # An imported post, older than its msg id says: the day above 12 still decides.
    sightings = [Sighting(text="14/02/2011 10:00", msg_id=1), Sighting(text="13/02/2011 09:00", msg_id=2)]
    assert learn_time_format(sightings, now=NOW).decided == "%d/%m/%Y %H:%M"
