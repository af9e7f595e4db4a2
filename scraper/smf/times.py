"""SMF's printed times -> aware UTC datetimes, and clues to the forum's zone.

SMF prints every time as text in the forum's (or the guest's) zone and the
forum's `time_format`: 2.0 defaults to "February 14, 2011, 10:15:40 am", 2.1
to "Feb 13, 2011, 10:05 AM"; recent times read "Today at 10:05:13 am" or
"<strong>Yesterday</strong> at ..." (tags are stripped before we get here).
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from .time_format import compile_time_format

UTC = timezone.utc

# Read when the forum's format is not known: SMF's English defaults (2.0
# "%B %d, %Y, %I:%M:%S %p", 2.1 "%b %d, %Y, %I:%M %p"; %B reads "Feb" too) and
# their 24-hour forms. Each names its month in words, so none is a guess.
DEFAULT_FORMATS = ("%B %d, %Y, %I:%M:%S %p", "%B %d, %Y, %I:%M %p", "%B %d, %Y, %H:%M:%S", "%B %d, %Y, %H:%M")

# "Today at 10:05:13 am" / "Yesterday at 11:59 PM" (SMF's $txt['today'] / ['yesterday']).
_RELATIVE = re.compile(
    r"""^\s*
    (?P<day>today|yesterday)\s*(?:at\s*)?     # the relative day, "at" optional
    (?P<time>.*?)\s*$                         # the clock time that follows
    """,
    re.VERBOSE | re.IGNORECASE,
)

_CLOCK = re.compile(
    r"""^(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*   # 10:05 or 10:05:13
    (?P<ampm>[AaPp]\.?[Mm]\.?)?$                                          # am / PM / a.m.
    """,
    re.VERBOSE,
)


def _hour24(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    pm = ampm[0] in "pP"
    if hour == 12:
        return 12 if pm else 0
    return hour + 12 if pm else hour


_DEFAULT_READERS = tuple(compile_time_format(f) for f in DEFAULT_FORMATS)


def _aware(day: date, hour: int, minute: int, second: int, tz: tzinfo) -> datetime:
    # fold=0: an ambiguous wall time (the repeated hour in autumn) is read as
    # the first occurrence, which is what PHP's date functions print for it.
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    return local.astimezone(UTC)


def read_wall_time(text: str, fmt: str | None = None) -> datetime | None:
    """The naive local time an absolute printed time shows (None: not one, or not in `fmt`)."""
    readers = (compile_time_format(fmt),) if fmt else _DEFAULT_READERS
    for reader in readers:
        wall = reader.read(text)
        if wall is not None:
            return wall
    return None


def is_relative(text: str) -> bool:
    """True for "Today at ..." / "Yesterday at ...": no date of its own."""
    return _RELATIVE.match(" ".join(text.split())) is not None


def parse_time(text: str, *, tz: tzinfo, now: datetime, fmt: str | None = None) -> datetime | None:
    """Read one SMF time as printed and return it as an aware UTC datetime.

    `fmt` is the forum's strftime `time_format` (None: SMF's English
    defaults). Relative days ("Today", "Yesterday") are resolved against
    `now` (the server's clock for the page) seen in `tz`. Returns None for
    text that is not a time in that format: never a guess.
    """
    text = " ".join(text.replace("\xa0", " ").split())
    if not text:
        return None
    try:
        relative = _RELATIVE.match(text)
        if relative:
            clock = _CLOCK.match(relative.group("time"))
            if not clock:
                return None
            local_today = now.astimezone(tz).date()
            day = local_today - timedelta(days=1 if relative.group("day").lower() == "yesterday" else 0)
            hour = _hour24(int(clock.group("hour")), clock.group("ampm"))
            return _aware(day, hour, int(clock.group("minute")), int(clock.group("second") or 0), tz)
        wall = read_wall_time(text, fmt)
        if wall is None:
            return None
        return _aware(wall.date(), wall.hour, wall.minute, wall.second, tz)
    except (ValueError, OverflowError):
        return None


# --- clues to the forum's zone ------------------------------------------------

# RSS <item>: the message id from its <link>/<guid> and its <pubDate>.
_RSS_ITEM = re.compile(
    r"""<item>.*?
    (?:topic=\d+\.msg(?P<msg>\d+)).*?     # the item's message id
    <pubDate>(?P<date>[^<]+)</pubDate>     # RFC 822 date, GMT or with an offset
    """,
    re.VERBOSE | re.DOTALL,
)
_RSS_PUBDATE = re.compile(r"<pubDate>([^<]+)</pubDate>")

# 2.1 prints the current time in the header: <time datetime="...Z">local text</time>.
_TIME_ELEMENT = re.compile(
    r"""<time(?:\s+datetime="(?P<utc>\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?Z)")?\s*>   # UTC instant, if given
    (?P<local>[^<]*)</time>                                                         # as printed locally
    """,
    re.VERBOSE,
)


def parse_rss_times(rss_xml: str) -> dict[int, datetime]:
    """Map each RSS item's message id to its pubDate (aware UTC)."""
    out: dict[int, datetime] = {}
    for m in _RSS_ITEM.finditer(rss_xml):
        try:
            out[int(m.group("msg"))] = parsedate_to_datetime(m.group("date").strip()).astimezone(UTC)
        except (TypeError, ValueError, IndexError):
            continue
    return out


def _round_offset(delta: timedelta) -> timedelta:
    # Zones are whole quarter hours; seconds and printing lag are noise.
    quarter = 15 * 60
    return timedelta(seconds=round(delta.total_seconds() / quarter) * quarter)


def detect_timezone_offset(
    rss_xml: str, printed: dict[int, str] | None = None, *, fmt: str | None = None
) -> timedelta | None:
    """Guess the forum's UTC offset from its RSS feed.

    A pubDate with a numeric offset ("+0100") gives it directly. SMF 2.x
    prints pubDates in GMT, so then `printed` (msg id -> the time text the
    forum showed for that message, e.g. `Post.posted_at_raw`) is compared
    with the feed's UTC time for the same messages. The offset is the one
    in force at those posts' dates (DST!), not necessarily today's.
    """
    for m in _RSS_PUBDATE.finditer(rss_xml):
        offset = re.search(r"([+-])(\d\d)(\d\d)\s*$", m.group(1).strip())
        if offset and offset.group(2) + offset.group(3) != "0000":
            sign = -1 if offset.group(1) == "-" else 1
            return sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
    if not printed:
        return None
    utc_zone = ZoneInfo("UTC")
    for msg_id, utc_time in parse_rss_times(rss_xml).items():
        text = printed.get(msg_id)
        if text is None:
            continue
        wall = parse_time(text, tz=utc_zone, now=utc_time, fmt=fmt)
        if wall is None:
            continue
        delta = wall - utc_time
        if delta > timedelta(hours=14):  # "Today" read on the wrong side of midnight
            delta -= timedelta(days=1)
        elif delta < timedelta(hours=-14):
            delta += timedelta(days=1)
        return _round_offset(delta)
    return None


def page_clock(html: str) -> tuple[datetime | None, str] | None:
    """The 2.1 header clock: (the UTC instant or None, the text printed for it), if the page has one.

    2.1 prints `<time datetime="2026-11-28T06:23:34Z">Nov 28, 2026, 12:23 AM</time>`:
    the same moment in UTC and in the forum's zone and `time_format`. A theme
    that prints the clock without its instant gives None: the caller pairs the
    text with the server's `Date` header instead.
    """
    m = _TIME_ELEMENT.search(html)
    if not m:
        return None
    instant = None
    if m.group("utc"):
        try:
            instant = datetime.fromisoformat(m.group("utc").replace("Z", "+00:00"))
        except ValueError:
            return None
    return instant, " ".join(html_lib.unescape(m.group("local")).split())


def detect_page_utc_offset(html: str, *, fmt: str | None = None) -> timedelta | None:
    """Return the UTC offset a 2.1 page reveals in its header clock, if any."""
    clock = page_clock(html)
    if clock is None or clock[0] is None:
        return None
    instant, text = clock
    wall = parse_time(text, tz=ZoneInfo("UTC"), now=instant, fmt=fmt)
    if wall is None:
        return None
    return _round_offset(wall - instant)
