"""How a crawl reads the forum's clock: its zone and `time_format`, found from the pages.

Before a page is parsed, `ForumClock.settle(page)` says which zone and format
to read it with. What the user gave (`--timezone`, `--time-format`) or the
archive remembers wins; otherwise the page is first read with neither (its
printed times kept as text), and the clues it offers decide:

- the format: every strftime format that could have printed the page's
  times, narrowed by the page clock's instant, the RSS feed's pubDates of the
  same messages, a day above 12, and msg order (see smf.time_format). Several
  left: the run stops (`AmbiguousTimeFormat`), never storing a guess.
- the zone: the (instant, printed time) pairs: the 2.1 page clock, the
  server's `Date` header against a clock printed without its instant, RSS
  items against the printed times of the same posts. The IANA zones fitting
  every pair are kept; if they read every archived time alike, any is right
  and one is used silently, else the run warns once, naming `--timezone`.

"Today at" is read against the server's clock (`Date` header), not ours.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from .errors import AmbiguousTimeFormat, FetchError
from .models import Page, ParsedPage, TopicPage
from .smf import parse_page, parse_rss_times
from .smf.time_format import Sighting, compile_time_format, learn_time_format
from .smf.times import is_relative, page_clock, read_wall_time
from .timezones import (
    ClockPair,
    describe_zones,
    load_timezone,
    printed_times,
    zones_agree,
    zones_fitting,
)

log = logging.getLogger(__name__)

# The 2.1 clock's text and its datetime come from one call: a second or two apart at most.
CLOCK_SLACK = timedelta(seconds=2)
# A Date header is sent after the page was rendered: allow a slow page.
DATE_HEADER_SLACK = timedelta(seconds=30)
RSS_SLACK = timedelta(seconds=1)


def page_now(page: Page) -> datetime:
    """The moment the server said it was when it sent the page (its Date header), else ours."""
    return page.server_date or page.fetched_at


class ForumClock:
    """The zone and time format a crawl reads pages with, and the clues seen so far (mutable)."""

    def __init__(
        self,
        *,
        zone: str | None,
        time_format: str | None,
        read_rss: Callable[[], str],
    ) -> None:
        self.zone = zone  # IANA name once known (given, remembered or found)
        self.tz: tzinfo | None = load_timezone(zone) if zone else None
        self.time_format = time_format
        self._searching = zone is None  # keep checking clues against the zone we chose
        self._read_rss = read_rss
        self._rss: dict[int, datetime] | None = None
        self._pairs: list[ClockPair] = []
        self._candidates: tuple[str, ...] = ()
        self._warned = False
        self._format_unreadable = False
        self._format_warned = False
        self.learned: dict[str, str] = {}  # what to remember for the forum: timezone / time_format

    # --- before parsing a page ------------------------------------------------

    def settle(self, page: Page) -> tuple[tzinfo, str | None]:
        """Return (zone, format) to parse `page` with, learning them from it when unknown."""
        needs_format = self.time_format is None and not self._format_unreadable
        if not needs_format and self.tz is not None:
            return self.tz, self.time_format
        now = page_now(page)
        probe = parse_page(page.text, url=page.url, now=now, tz=UTC, time_format=self.time_format)
        printed = [(msg, text) for msg, text in printed_times(probe) if not is_relative(text)]
        clock = self._clock(page)
        if needs_format and (printed or clock):
            # A page that stores no times (the board index) may teach the format, never stop the run.
            self._learn_format(page.url, printed, clock, now, must=bool(printed))
        if self.tz is None:
            self._add_clock_pair(clock, page.url)
            if printed:
                # The first page that stores times: the zone must be known now.
                self._add_rss_pairs(printed)
                self._choose_zone(page.url)
        return self.tz or UTC, self.time_format

    def _clock(self, page: Page) -> tuple[datetime, str, timedelta] | None:
        found = page_clock(page.text)
        if found is None:
            return None
        instant, text = found
        if instant is None:
            # A clock printed without its instant: the server's Date header says when it was.
            if page.server_date is None:
                return None
            return page.server_date, text, DATE_HEADER_SLACK
        return instant, text, CLOCK_SLACK

    def _learn_format(self, url: str, printed, clock, now: datetime, *, must: bool) -> None:
        verdict = learn_time_format(self._sightings(printed, clock), now=now)
        if len(verdict.formats) != 1 and not must:
            return
        if len(verdict.formats) > 1 and self._rss is None:
            # The feed's GMT times of the same messages may tell 05/02 from 02/05.
            self._load_rss()
            verdict = learn_time_format(self._sightings(printed, clock), now=now)
        if len(verdict.formats) > 1:
            raise AmbiguousTimeFormat(url, verdict.detail, verdict.formats)
        if not verdict.formats:
            self._format_unreadable = self._format_warned = True
            log.warning("cannot read the forum's printed times on %s (%s): they are kept as text only; "
                        "pass --time-format", url, verdict.detail)
            return
        self.time_format = verdict.formats[0]
        self.learned["time_format"] = self.time_format
        log.info("forum time format learned from %s: %s", url, self.time_format)

    def _sightings(self, printed, clock) -> list[Sighting]:
        rss = self._rss or {}
        out = [Sighting(text=text, msg_id=msg, instant=rss.get(msg) if msg else None, slack=RSS_SLACK)
               for msg, text in printed]
        if clock is not None:
            instant, text, slack = clock
            out.append(Sighting(text=text, instant=instant, slack=slack))
        return out

    # --- the zone ---------------------------------------------------------------

    def _precision(self) -> timedelta:
        fmt = self.time_format
        seconds = compile_time_format(fmt).has_seconds if fmt else True
        return timedelta(seconds=1 if seconds else 60)

    def _wall(self, text: str) -> datetime | None:
        return read_wall_time(text, self.time_format)

    def _add_clock_pair(self, clock, url: str) -> None:
        if clock is None:
            return
        instant, text, slack = clock
        wall = self._wall(text)
        if wall is not None:
            self._pairs.append(ClockPair(instant=instant, wall=wall, precision=self._precision(), slack=slack,
                                         source=f"the page clock of {url}"))

    def _add_rss_pairs(self, printed) -> None:
        if self._rss is None:
            self._load_rss()
        for msg, text in printed:
            if msg is None or msg not in (self._rss or {}):
                continue
            wall = self._wall(text)
            if wall is not None:
                pair = ClockPair(instant=self._rss[msg], wall=wall, precision=self._precision(), slack=RSS_SLACK,
                                 source=f"RSS item msg{msg}")
                if pair not in self._pairs:
                    self._pairs.append(pair)

    def _load_rss(self) -> None:
        self._rss = {}
        try:
            self._rss = parse_rss_times(self._read_rss())
        except FetchError as exc:
            log.info("no RSS feed to read the forum's clock from: %s", exc)

    def _choose_zone(self, url: str) -> None:
        if not self._pairs:
            self._give_up(f"no page clock and no RSS item matching a printed time on {url}")
            return
        self._candidates = zones_fitting(self._pairs)
        if not self._candidates:
            self._give_up("the clues contradict each other (" + "; ".join(p.source for p in self._pairs[:3]) + ")")
            return
        self.zone = self._candidates[0]
        self.tz = load_timezone(self.zone)
        self.learned["timezone"] = self.zone
        log.info("forum timezone: %s (%d clue(s) from the pages; %d zones fit them: %s)", self.zone, len(self._pairs),
                 len(self._candidates), describe_zones(self._candidates))

    def _give_up(self, why: str) -> None:
        self.tz, self._searching, self._warned = UTC, False, True
        log.warning("could not find the forum's timezone (%s): times are read as UTC; pass --timezone", why)

    # --- after parsing a page -------------------------------------------------

    def check(self, parsed: ParsedPage) -> None:
        """Warn once if the format reads none of a page's times, or the fitting zones read them differently."""
        self._check_format(parsed)
        if not self._searching or self._warned or self.tz is None:
            return
        walls = _walls(parsed, self.tz)
        if self._rss:
            before = len(self._pairs)
            self._add_rss_pairs([(msg, text) for msg, text in printed_times(parsed) if not is_relative(text)])
            if len(self._pairs) > before:
                self._candidates = zones_fitting(self._pairs[before:], self._candidates)
        if self.zone not in self._candidates:
            self._warn(f"clues on {parsed.url} do not fit it (they fit {describe_zones(self._candidates) or 'no zone'})")
        elif not zones_agree(self._candidates, walls):
            others = tuple(z for z in self._candidates if z != self.zone)
            self._warn(f"{describe_zones(others)} fit the clues too and read some times on {parsed.url} differently")

    def _check_format(self, parsed: ParsedPage) -> None:
        if self._format_warned or not isinstance(parsed, TopicPage):
            return
        unread = [p.posted_at_raw for p in parsed.posts
                  if p.posted_at is None and p.posted_at_raw and not is_relative(p.posted_at_raw)]
        if unread:
            self._format_warned = True
            log.warning("%d printed times on %s do not read as the forum's time format %r (e.g. %r): "
                        "they are kept as text only; pass --time-format with the forum's format",
                        len(unread), parsed.url, self.time_format or "SMF's default", unread[0])

    def _warn(self, why: str) -> None:
        self._warned = True
        log.warning("forum timezone read as %s, but %s: pass --timezone with the forum's zone "
                    "(then `smf-archive reparse --timezone` corrects what is stored)", self.zone, why)


def _walls(parsed: ParsedPage, tz: tzinfo) -> list[datetime]:
    """The wall times the page printed, back from the UTC times read with `tz`."""
    out: list[datetime] = []
    if isinstance(parsed, TopicPage):
        for post in parsed.posts:
            out.extend(t for t in (post.posted_at, post.edited_at) if t is not None)
            out.extend(q.quoted_at for q in post.quotes if q.quoted_at is not None)
    else:
        out.extend(t.last_post_at for t in getattr(parsed, "topics", ()) if t.last_post_at is not None)
    return [t.astimezone(tz).replace(tzinfo=None) for t in out]
