"""Crawls of real captured pages edited to print their times as other forums do.

Truth: samples/visible.json (unix times; the forum is in America/Chicago) for
posts, and the crawl of the unedited capture for edits, quotes and listings.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from time_pages import edited_forum

from conftest import SAMPLES, crawl_replay
from samples_util import visible
from truth_util import assert_posts_match_truth
from scraper import archive
from scraper.cli import main
from scraper.errors import AmbiguousTimeFormat
from scraper.reparse import reparse_archive
from scraper.replay import ReplayServer

PUBLIC = {b["key"] for c in visible()["categories"] for b in c["boards"] if b["guests_can_read"]}
CUSTOM_FORMATS = ("%d/%m/%Y %H:%M", "%d.%m.%Y, %H:%M:%S", "%m/%d/%Y %I:%M %p", "%Y-%m-%d %H:%M")


def truth(shift=None) -> dict[int, datetime]:
    """msg id -> when it was posted (moved by `shift`, as the edited pages are)."""
    out = {}
    for topic in visible()["topics"]:
        if topic["board"] in PUBLIC:
            for post in topic["posts"]:
                moment = datetime.fromtimestamp(post["poster_time"], UTC)
                out[post["id_msg"]] = shift(moment) if shift else moment
    return out


def iso(moment: datetime, *, seconds: bool) -> str:
    return (moment if seconds else moment.replace(second=0)).strftime("%Y-%m-%dT%H:%M:%SZ")


def cut(value: str | None, *, seconds: bool) -> str | None:
    return value if value is None or seconds else value[:17] + "00Z"


def stored(db, sql) -> dict:
    return {tuple(row[:-1]) if len(row) > 2 else row[0]: row[-1] for row in db.execute(sql).fetchall()}


TIMES = {
    "posts": "select msg_id, posted_at from posts",
    "edits": "select msg_id, edited_at from posts",
    "quotes": "select msg_id, seq, quoted_at from quotes",
    "listing": "select topic_id, last_post_at from topics",
}


@pytest.mark.parametrize("fmt", CUSTOM_FORMATS)
def test_every_time_reads_right_in_any_format(tmp_path, version, fmt, crawled):
    reference_db = crawled[version][0]
    forum = edited_forum(tmp_path / version, version, fmt)
    with ReplayServer(forum) as server:
        db = archive.open_memory()
        result = crawl_replay(db, server)
    assert result.status == "ok", result.summary
    seconds = "%S" in fmt and version == "smf20"  # 2.1's capture printed no seconds to re-print
    posted = stored(db, TIMES["posts"])
    assert posted == {msg: iso(when, seconds=seconds) for msg, when in truth().items()}
    for what in ("edits", "quotes", "listing"):
        reference = stored(reference_db, TIMES[what])
        assert stored(db, TIMES[what]) == {k: cut(v, seconds=seconds) for k, v in reference.items()}, what
        assert any(v is not None for v in reference.values()), what
    assert db.execute("select time_format from forums").fetchone()[0] == fmt


@pytest.mark.parametrize("fmt", CUSTOM_FORMATS[:2])
def test_smf11_pages_read_right_in_any_format(tmp_path, fmt):
    forum = edited_forum(tmp_path / "smf11", "smf11", fmt)
    with ReplayServer(forum) as server:
        db = archive.open_memory()
        result = crawl_replay(db, server)
    assert result.status == "ok", result.summary
    assert_posts_match_truth(db, SAMPLES / "smf11", minutes_only="%S" not in fmt)
    assert db.execute("select time_format from forums").fetchone()[0] == fmt


# Ten days back: every post of the capture (12-16 February) falls on a day <= 12.
EARLY = timedelta(days=-10)


def _early(moment: datetime) -> datetime:
    return moment + EARLY if moment.year == 2011 else moment


def _cli_crawl(url: str, db_path, *extra: str):
    args = ["crawl", url, str(db_path), "--delay", "0", "--timezone", "America/Chicago", "--retries", "1", *extra]
    return CliRunner().invoke(main, args)


def test_an_ambiguous_format_stops_the_crawl_until_time_format_says(tmp_path):
    forum = edited_forum(tmp_path / "forum", "smf20", "%d/%m/%Y %H:%M", _early)
    db_path = tmp_path / "a.db"
    with ReplayServer(forum) as server:  # its robots.txt keeps the RSS feed out of reach
        stopped = _cli_crawl(server.base_url, db_path)
        assert stopped.exit_code == 2, stopped.output
        assert "?board=102.0" in stopped.output and "--time-format" in stopped.output
        assert "%d/%m/%Y %H:%M" in stopped.output and "%m/%d/%Y %H:%M" in stopped.output
        db = archive.open_archive(db_path)
        assert db.execute("select count(*) from posts").fetchone()[0] == 0
        assert db.execute("select count(*) from topics").fetchone()[0] == 0
        db.close()
        done = _cli_crawl(server.base_url, db_path, "--time-format", "%d/%m/%Y %H:%M")
        assert done.exit_code == 0, done.output
        again = _cli_crawl(server.base_url, db_path, "--full")  # remembered: no need to say it again
        assert again.exit_code == 0, again.output
    db = archive.open_archive(db_path)
    posted = dict(db.execute("select msg_id, posted_at from posts").fetchall())
    assert posted == {msg: iso(when, seconds=False) for msg, when in truth(_early).items()}
    assert db.execute("select time_format from forums").fetchone()[0] == "%d/%m/%Y %H:%M"


def test_the_ambiguity_error_names_the_page(tmp_path):
    forum = edited_forum(tmp_path / "forum", "smf20", "%m/%d/%Y %H:%M", _early)
    with ReplayServer(forum) as server:
        db = archive.open_memory()
        with pytest.raises(AmbiguousTimeFormat) as caught:
            crawl_replay(db, server)
    assert caught.value.url.endswith("?board=102.0")
    assert set(caught.value.formats) == {"%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"}


def test_rss_pubdates_decide_an_ambiguous_format(tmp_path):
    # The same ambiguous pages, but the feed may be read: its GMT times tell 05/02 from 02/05.
    forum = edited_forum(tmp_path / "forum", "smf20", "%d/%m/%Y %H:%M", _early)
    with ReplayServer(forum, robots_txt=None) as server:
        db = archive.open_memory()
        result = crawl_replay(db, server)
    assert result.status == "ok"
    posted = dict(db.execute("select msg_id, posted_at from posts").fetchall())
    assert posted == {msg: iso(when, seconds=False) for msg, when in truth(_early).items()}


# --- daylight saving --------------------------------------------------------------

# Posts from 15 February on move five weeks later, past the start of DST (13 March 2011):
# the feed's items are then in CDT (UTC-5), the older posts in CST (UTC-6), the 2.1 clock
# (November 2026) in CST.
LATER = timedelta(days=35)


def _into_march(moment: datetime) -> datetime:
    return moment + LATER if datetime(2011, 2, 15, tzinfo=UTC) <= moment < datetime(2012, 1, 1, tzinfo=UTC) else moment


def _timezone_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "timezone" in r.getMessage()]


def test_dst_pairs_on_both_sides_pick_a_dst_zone(tmp_path, caplog):
    forum = edited_forum(tmp_path / "forum", "smf21", "%b %d, %Y, %I:%M %p", _into_march)
    with ReplayServer(forum, robots_txt=None) as server:
        db = archive.open_memory()
        with caplog.at_level(logging.INFO):
            result = crawl_replay(db, server, timezone=None)
    assert result.status == "ok"
    name = db.execute("select timezone from forums").fetchone()[0]
    assert ZoneInfo(name).utcoffset(datetime(2011, 2, 12)) == timedelta(hours=-6)
    assert ZoneInfo(name).utcoffset(datetime(2011, 3, 22)) == timedelta(hours=-5)
    assert ZoneInfo(name).utcoffset(datetime(2026, 11, 28)) == timedelta(hours=-6)
    posted = dict(db.execute("select msg_id, posted_at from posts").fetchall())
    assert posted == {msg: iso(when, seconds=False) for msg, when in truth(_into_march).items()}
    assert _timezone_warnings(caplog) == []  # every zone left reads every archived time alike


def test_clues_from_one_side_of_dst_warn_once_and_the_zone_is_remembered(tmp_path, caplog):
    # 2.0 has no page clock: only the feed's March items (UTC-5) are clues, which Bogota or
    # Panama fit as well as Chicago, but they read the February posts an hour apart.
    forum = edited_forum(tmp_path / "forum", "smf20", "%d.%m.%Y, %H:%M:%S", _into_march)
    with ReplayServer(forum, robots_txt=None) as server:
        db = archive.open_memory()
        with caplog.at_level(logging.WARNING):
            first = crawl_replay(db, server, timezone=None)
        warnings = _timezone_warnings(caplog)
        assert first.status == "ok"
        assert len(warnings) == 1 and "--timezone" in warnings[0]
        name = db.execute("select timezone from forums").fetchone()[0]
        assert name == "America/Chicago"  # the fitting zone forums use most
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            crawl_replay(db, server, timezone=None, full=True)
        assert _timezone_warnings(caplog) == []  # remembered: nothing to find again
    posted = dict(db.execute("select msg_id, posted_at from posts").fetchall())
    assert posted == {msg: iso(when, seconds=True) for msg, when in truth(_into_march).items()}


# --- "Today at" against the server's clock -------------------------------------------

SERVER_NOW = datetime(2011, 2, 16, 20, 0, 0, tzinfo=UTC)  # 14:00 in Chicago


def _as_of_server_day(name: str, text: str) -> str:
    """Print the 16 February posts "Today at", the 15th "Yesterday at", as SMF did that day."""
    for day, word in (("February 16, 2011, ", "<strong>Today</strong> at "),
                      ("February 15, 2011, ", "<strong>Yesterday</strong> at ")):
        text = text.replace(day, word)
    return text


def test_today_is_the_servers_today_on_any_day_and_in_reparse(tmp_path):
    forum = edited_forum(tmp_path / "forum", "smf20", "%B %d, %Y, %I:%M:%S %p", edit=_as_of_server_day)
    date = SERVER_NOW.strftime("%a, %d %b %Y %H:%M:%S GMT")
    with ReplayServer(forum) as server:
        for page in ("index.php", "index.php?board=102.0", "index.php?topic=200457.0", "index.php?topic=200457.15",
                     "index.php?topic=200176.0", "index.php?topic=200391.0"):
            body = (forum / f"{page.replace('?', '__')}.html").read_bytes()
            server.set_override(page, (200, "text/html; charset=UTF-8", body, {"Date": date}))
        db = archive.open_memory()
        result = crawl_replay(db, server)
    assert result.status == "ok"
    raw = dict(db.execute("select msg_id, posted_at_raw from posts").fetchall())
    assert any(text.startswith("Today at") for text in raw.values())
    assert any(text.startswith("Yesterday at") for text in raw.values())
    expected = {msg: iso(when, seconds=True) for msg, when in truth().items()}
    assert dict(db.execute("select msg_id, posted_at from posts").fetchall()) == expected
    assert {r[0] for r in db.execute("select server_date from pages where kind = 'topic'")} == {"2011-02-16T20:00:00Z"}
    # Our own clock (fetched_at) says 2026; a reparse on yet another day reads the same.
    db.execute("update pages set fetched_at = '2031-07-04T12:00:00Z'")
    reparse_archive(db)
    assert dict(db.execute("select msg_id, posted_at from posts").fetchall()) == expected


def test_reparse_with_a_corrected_time_format_rereads_every_date(tmp_path):
    forum = edited_forum(tmp_path / "forum", "smf20", "%d/%m/%Y %H:%M", _early)
    db_path = tmp_path / "a.db"
    with ReplayServer(forum) as server:
        wrong = _cli_crawl(server.base_url, db_path, "--time-format", "%m/%d/%Y %H:%M")  # the user's word is taken
    assert wrong.exit_code == 0, wrong.output
    expected = {msg: iso(when, seconds=False) for msg, when in truth(_early).items()}
    db = archive.open_archive(db_path)
    assert dict(db.execute("select msg_id, posted_at from posts").fetchall()) != expected
    db.close()
    runner = CliRunner()
    bad = runner.invoke(main, ["reparse", str(db_path), "--time-format", "%H:%M"])
    assert bad.exit_code == 2 and "--time-format" in bad.output
    fixed = runner.invoke(main, ["reparse", str(db_path), "--time-format", "%d/%m/%Y %H:%M"])
    assert fixed.exit_code == 0, fixed.output
    db = archive.open_archive(db_path)
    assert dict(db.execute("select msg_id, posted_at from posts").fetchall()) == expected
    assert db.execute("select time_format from forums").fetchone()[0] == "%d/%m/%Y %H:%M"


def _serve_with_date(server: ReplayServer, forum, date: str) -> None:
    """Answer every captured page with the server's `Date` header saying `date`."""
    import json

    for entry in json.loads((forum / "manifest.json").read_text()):
        body = (forum / entry["file"]).read_bytes()
        server.set_override(entry["url"].split("/", 3)[3], (entry["http_status"], entry["content_type"], body,
                                                          {"Date": date}))


def test_a_clock_without_its_instant_is_paired_with_the_date_header(tmp_path, caplog):
    # A theme printing the 2.1 clock as <time>text</time>: the Date header (when the server
    # sent the page, November: CST) with the feed's March items (CDT) still pins a DST zone.
    def strip_instant(name: str, text: str) -> str:
        return re.sub(r'<time datetime="[^"]*">', "<time>", text)

    forum = edited_forum(tmp_path / "forum", "smf21", "%d/%m/%Y %H:%M", _into_march, edit=strip_instant)
    assert '<time datetime' not in (forum / "index.php.html").read_text()
    with ReplayServer(forum, robots_txt=None) as server:
        _serve_with_date(server, forum, "Sat, 28 Nov 2026 06:23:34 GMT")
        db = archive.open_memory()
        with caplog.at_level(logging.WARNING):
            result = crawl_replay(db, server, timezone=None)
    assert result.status == "ok"
    assert _timezone_warnings(caplog) == []
    name = db.execute("select timezone from forums").fetchone()[0]
    assert ZoneInfo(name).utcoffset(datetime(2011, 2, 12)) == timedelta(hours=-6)
    assert ZoneInfo(name).utcoffset(datetime(2011, 3, 22)) == timedelta(hours=-5)
    posted = dict(db.execute("select msg_id, posted_at from posts").fetchall())
    assert posted == {msg: iso(when, seconds=False) for msg, when in truth(_into_march).items()}


def test_a_declared_format_that_reads_nothing_warns_once_and_stores_no_guess(tmp_path, caplog):
    forum = edited_forum(tmp_path / "forum", "smf20", "%d/%m/%Y %H:%M")
    with ReplayServer(forum) as server:
        db = archive.open_memory()
        with caplog.at_level(logging.WARNING):
            result = crawl_replay(db, server, time_format="%Y-%m-%d %H:%M")
    assert result.status == "ok"
    warned = [r.getMessage() for r in caplog.records if "--time-format" in r.getMessage()]
    assert len(warned) == 1 and "%Y-%m-%d %H:%M" in warned[0]
    assert db.execute("select count(*) from posts where posted_at is not null").fetchone() == (0,)
    assert db.execute("select count(*) from posts where posted_at_raw like '__/__/2011 __:__'").fetchone()[0] == len(truth())
