"""The forum's timezone: given by the user, remembered by the archive, or found from clues.

SMF prints times as text in the forum's zone. The pages offer (instant,
printed local time) pairs: a 2.1 page's header clock (`<time datetime>` and
its text), the RSS feed's GMT pubDates against the same posts' printed
times, the server's `Date` header against a clock printed without a
machine-readable instant. An offset alone cannot name a zone with daylight
saving, so every IANA zone is kept that agrees with *all* the pairs: pairs on
both sides of a DST change leave only zones with those DST rules. When the
zones left read every archived time the same, any of them is right; when
they do not, the run says so once, naming `--timezone`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import UsageError
from .models import MessageIndex, ParsedPage, TopicPage

_OFFSET_NAME = re.compile(r"^(?:UTC)?(?P<sign>[+-])(?P<h>\d{2}):(?P<m>\d{2})$")
# Region prefixes of the canonical (geographic) IANA names; the rest are aliases (US/Central,
# CST6CDT) or fixed offsets (Etc/GMT+6).
_REGIONS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})


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


# --- pairs and the zones that fit them ------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ClockPair:
    """A moment and the local time the forum printed for it."""

    instant: datetime  # aware UTC
    wall: datetime  # naive: as printed
    precision: timedelta = timedelta(seconds=1)  # a minute when the format prints no seconds
    slack: timedelta = timedelta(0)  # how far the printed moment may be from `instant`
    source: str = ""  # for messages: "the page clock of URL", "RSS item msg N"


def _fits(zone: tzinfo, pair: ClockPair) -> bool:
    # Printed = the true local time cut to `precision`; the true moment is instant ± slack.
    local = pair.instant.astimezone(zone).replace(tzinfo=None)
    return local - pair.slack - pair.precision < pair.wall <= local + pair.slack


@cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone this Python knows, preferred names first (see `_rank`)."""
    names = {n for n in available_timezones() if n not in _NOT_ZONES and not n.startswith(("posix/", "right/"))}
    return tuple(sorted(names, key=_rank))


@cache
def _preferred() -> dict[str, int]:
    text = resources.files("scraper").joinpath("common_zones.txt").read_text(encoding="utf-8")
    names = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return {name: i for i, name in enumerate(n for n in names if n)}


def _rank(name: str) -> tuple[int, int, str]:
    # Zones forums commonly use, then geographic names, then aliases and fixed offsets.
    preferred = _preferred()
    if name in preferred:
        return (0, preferred[name], name)
    return (1 if name.startswith(_REGIONS) else 2, 0, name)


def zones_fitting(pairs: Iterable[ClockPair], names: Iterable[str] | None = None) -> tuple[str, ...]:
    """The zones (of `names`, default all) that printed every pair as the forum did, in rank order."""
    pairs = tuple(pairs)
    return tuple(n for n in (all_zones() if names is None else names) if all(_fits(ZoneInfo(n), p) for p in pairs))


def zones_agree(names: Iterable[str], walls: Iterable[datetime]) -> bool:
    """True when every zone of `names` reads each printed (naive) wall time as the same UTC instant."""
    zones = [ZoneInfo(n) for n in names]
    for wall in walls:
        if len({wall.replace(tzinfo=z).astimezone(UTC) for z in zones}) > 1:
            return False
    return True


def describe_zones(names: tuple[str, ...], *, shown: int = 4) -> str:
    """"America/Chicago, America/Winnipeg and 7 others"."""
    head = ", ".join(names[:shown])
    rest = len(names) - shown
    return f"{head} and {rest} other{'s' if rest > 1 else ''}" if rest > 0 else head


# --- what a parsed page offers ---------------------------------------------------


def printed_times(page: ParsedPage) -> list[tuple[int | None, str]]:
    """(msg id or None, text) of every time the page printed for a post or an edit."""
    out: list[tuple[int | None, str]] = []
    if isinstance(page, TopicPage):
        for post in page.posts:
            out.append((post.msg_id, post.posted_at_raw))
            if post.edited_at_raw:
                out.append((None, post.edited_at_raw))
    elif isinstance(page, MessageIndex):
        out.extend((t.last_msg_id, t.last_post_at_raw) for t in page.topics if t.last_post_at_raw)
    return [(msg, text) for msg, text in out if text]


def offset_zone_name(offset: timedelta) -> str:
    """An IANA Etc/ name for whole hours (note Etc's inverted sign), else UTC±HH:MM."""
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
