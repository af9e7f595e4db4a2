"""The forum's timezone: given by the user, remembered by the archive, or detected.

SMF prints times as text in the forum's zone. A 2.1 page's header clock
gives the offset directly; for 2.0, the RSS feed gives posts' times in GMT,
and comparing them with the same posts' printed times gives the offset. An
offset alone cannot name a zone with daylight saving, so a detected zone is a
fixed offset (`Etc/GMT+6` for UTC-6): exact for posts in the same season, and
the run says so, recommending `--timezone`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import UsageError
from .models import MessageIndex, ParsedPage, TopicPage

_OFFSET_NAME = re.compile(r"^(?:UTC)?(?P<sign>[+-])(?P<h>\d{2}):(?P<m>\d{2})$")


def load_timezone(name: str) -> tzinfo:
    """An IANA name (America/Chicago) or a fixed offset written UTC-06:00."""
    match = _OFFSET_NAME.match(name.strip())
    if match:
        delta = timedelta(hours=int(match["h"]), minutes=int(match["m"]))
        return timezone(-delta if match["sign"] == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"unknown timezone {name!r} (use an IANA name such as America/Chicago)") from exc


def _printed_times(page: ParsedPage) -> dict[int, datetime]:
    """msg id -> the time as printed, read as if it were UTC (page parsed with tz=UTC)."""
    if isinstance(page, TopicPage):
        return {p.msg_id: p.posted_at for p in page.posts if p.posted_at}
    if isinstance(page, MessageIndex):
        return {t.last_msg_id: t.last_post_at for t in page.topics if t.last_msg_id and t.last_post_at}
    return {}


def detect_offset(page_as_utc: ParsedPage, rss: dict[int, datetime]) -> timedelta | None:
    """The forum's UTC offset from a page parsed with tz=UTC and the RSS times.

    SMF 2.1 pages carry their own clock (`utc_offset`); 2.0 pages need the feed.
    """
    if page_as_utc.utc_offset is not None:
        return page_as_utc.utc_offset
    for msg_id, printed in _printed_times(page_as_utc).items():
        if msg_id in rss:
            seconds = (printed - rss[msg_id]).total_seconds()
            # Times may be printed to the minute only (SMF 2.1): round to 15 minutes.
            quarter = round(seconds / 900) * 900
            if abs(quarter) <= 14 * 3600:
                return timedelta(seconds=quarter)
    return None


def offset_zone_name(offset: timedelta) -> str:
    """An IANA Etc/ name for whole hours (note Etc's inverted sign), else UTC±HH:MM."""
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
