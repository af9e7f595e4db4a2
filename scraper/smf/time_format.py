"""SMF's `time_format` as data: a strftime string compiled once into a reader.

Admins set `time_format` freely (`%d/%m/%Y %H:%M`, `%d.%m.%Y, %H:%M:%S`,
`%B %d, %Y, %I:%M:%S %p`, ...). A format is never guessed from one string:
`candidate_formats` lists every strftime string that could have printed a
text, and `learn_time_format` keeps the ones the page's evidence allows (see
there). English month and day names only: SMF's English language files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from itertools import product

from ..errors import UsageError

_MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may", "may"), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
)
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names} | {"sept": 9}
_FULL_MONTHS = {full for full, _ in _MONTH_NAMES}
_SHORT_MONTHS = {short for _, short in _MONTH_NAMES} | {"sept"}
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT_DAYS = tuple(d[:3] for d in _FULL_DAYS)


def _alternation(words) -> str:
    # Longest first, so "September" is not read as "Sep" + "tember".
    return "(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + r")\.?"


_MONTH_RE = _alternation(_MONTHS)
_DAY_RE = _alternation(_FULL_DAYS + _SHORT_DAYS)

# directive -> (regex, the field it fills; None: read and ignored)
_DIRECTIVES: dict[str, tuple[str, str | None]] = {
    "d": (r"\d{1,2}", "day"), "e": (r"\d{1,2}", "day"),
    "m": (r"\d{1,2}", "month"),
    "b": (_MONTH_RE, "month_name"), "B": (_MONTH_RE, "month_name"), "h": (_MONTH_RE, "month_name"),
    "Y": (r"\d{4}", "year"), "y": (r"\d{2}", "year2"),
    "H": (r"\d{1,2}", "hour"), "k": (r"\d{1,2}", "hour"),
    "I": (r"\d{1,2}", "hour12"), "l": (r"\d{1,2}", "hour12"),
    "M": (r"\d{2}", "minute"), "S": (r"\d{2}", "second"),
    "p": (r"[ap]\.?m\.?", "ampm"), "P": (r"[ap]\.?m\.?", "ampm"),
    "a": (_DAY_RE, None), "A": (_DAY_RE, None),
    "u": (r"\d", None), "w": (r"\d", None),
}
# Directives that stand for others (POSIX), and whitespace ones.
_COMPOSITES = {"D": "%m/%d/%y", "T": "%H:%M:%S", "R": "%H:%M", "F": "%Y-%m-%d", "r": "%I:%M:%S %p",
               "n": " ", "t": " "}
_DIRECTIVE = re.compile(r"%(?P<d>.)|(?P<lit>[^%]+)", re.DOTALL)
_SPACES = re.compile(r"\s+")


def _expand(fmt: str) -> str:
    for _ in range(3):  # composites nest at most once (%D inside nothing)
        fmt = re.sub(r"%([DTRFrnt])", lambda m: _COMPOSITES[m.group(1)], fmt)
    return fmt


@dataclass(frozen=True, slots=True)
class TimeFormat:
    """A compiled strftime format: `read` turns text it printed into a naive wall time."""

    strftime: str
    pattern: re.Pattern[str] = field(repr=False)
    fields: tuple[str | None, ...] = field(repr=False)

    @property
    def has_seconds(self) -> bool:
        return "second" in self.fields

    @property
    def twelve_hour(self) -> bool:
        return "hour12" in self.fields

    def read(self, text: str) -> datetime | None:
        """The wall time `text` shows, or None when this format did not print it."""
        m = self.pattern.match(" ".join(text.split()))
        if not m:
            return None
        got: dict[str, str] = {}
        for name, value in zip(self.fields, m.groups(), strict=True):
            if name is not None:
                got[name] = value
        try:
            month = _MONTHS[got["month_name"].lower().rstrip(".")] if "month_name" in got else int(got["month"])
            year = int(got["year"]) if "year" in got else _century(int(got["year2"]))
            if "hour12" in got:
                hour = int(got["hour12"])
                if not 1 <= hour <= 12:
                    return None
                pm = got["ampm"][0] in "pP"
                hour = (0 if hour == 12 else hour) + (12 if pm else 0)
            else:
                hour = int(got["hour"])
            return datetime(year, month, int(got["day"]), hour, int(got["minute"]), int(got.get("second", 0)))
        except (KeyError, ValueError):
            return None


def _century(two_digits: int) -> int:
    # POSIX strptime's rule for %y.
    return 1900 + two_digits if two_digits >= 69 else 2000 + two_digits


@cache
def compile_time_format(fmt: str) -> TimeFormat:
    """Compile a strftime format once; ValueError when it cannot date a post."""
    parts: list[str] = []
    fields: list[str | None] = []
    for m in _DIRECTIVE.finditer(_expand(fmt)):
        if m.group("lit") is not None:
            # Whitespace is collapsed before reading; any run of it matches any other.
            parts.append(r"\s*".join(re.escape(piece) for piece in _SPACES.split(m.group("lit"))))
            continue
        directive = m.group("d")
        if directive == "%":
            parts.append("%")
            continue
        if directive not in _DIRECTIVES:
            raise ValueError(f"unsupported strftime directive %{directive} in time format {fmt!r}")
        regex, name = _DIRECTIVES[directive]
        parts.append(f"({regex})")
        fields.append(name)
    names = set(fields)
    missing = [what for what, need in (
        ("day (%d)", {"day"}), ("month (%m or %b)", {"month", "month_name"}), ("year (%Y)", {"year", "year2"}),
        ("hour (%H or %I)", {"hour", "hour12"}), ("minute (%M)", {"minute"}),
    ) if not names & need]
    if missing:
        raise ValueError(f"time format {fmt!r} has no {', '.join(missing)}")
    if ("hour12" in names) != ("ampm" in names):
        raise ValueError(f"time format {fmt!r}: a 12-hour clock (%I) needs %p, and %p needs %I")
    pattern = re.compile(r"\s*" + "".join(parts) + r"\s*$", re.IGNORECASE)
    return TimeFormat(strftime=fmt, pattern=pattern, fields=tuple(fields))


def check_time_format(fmt: str) -> TimeFormat:
    """Compile a format given by the user; UsageError (exit 2) when it cannot date a post."""
    try:
        return compile_time_format(fmt)
    except ValueError as exc:
        raise UsageError(f"--time-format: {exc}") from exc


# --- which formats could have printed a text ------------------------------------

# A printed time as tokens: am/pm, numbers, words, and the text between them.
_TOKEN = re.compile(
    r"""(?P<ampm>(?<![a-z])[ap]\.?m\.?(?![a-z]))   # am, PM, a.m.
    | (?P<num>\d+)                          # any number
    | (?P<word>[a-z]+\.?)                   # a month, a day name or a literal word
    | (?P<lit>[^\da-z]+)                    # separators
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Orders of day, month, year when the month is a number (year first or last).
_NUMERIC_DATE_ORDERS = (("day", "month", "year"), ("month", "day", "year"),
                        ("year", "month", "day"), ("year", "day", "month"))


def _word_options(word: str) -> tuple[str, ...]:
    low = word.lower().rstrip(".")
    if low in _MONTHS:
        return tuple(d for d, names in (("%B", _FULL_MONTHS), ("%b", _SHORT_MONTHS)) if low in names)
    if low in _FULL_DAYS:
        return ("%A",)
    if low in _SHORT_DAYS:
        return ("%a",)
    return (word.replace("%", "%%"),)


def _number_directive(role: str, digits: str, twelve: bool) -> str | None:
    if role == "year":
        return "%Y" if len(digits) == 4 else "%y" if len(digits) == 2 else None
    if role in ("minute", "second"):
        return f"%{role[0].upper()}" if len(digits) == 2 else None
    if len(digits) > 2:
        return None
    return {"day": "%d", "month": "%m", "hour": "%I" if twelve else "%H"}[role]


_CLOCK_SEPARATORS = frozenset({":", ".", "h"})


def _clock_joined(tokens: list[tuple[str | None, str]], clock_at: list[int]) -> bool:
    # Hour, minute and second are written "18:55:12" (or "18.55", "18h55"), never "18 55".
    return all(j == i + 2 and tokens[i + 1][1].strip() in _CLOCK_SEPARATORS for i, j in zip(clock_at, clock_at[1:]))


def candidate_formats(text: str) -> tuple[str, ...]:
    """Every strftime format (of the kinds SMF admins use) that could have printed `text`.

    The clock's numbers are hour, minute[, second] in that order, next to each
    other; the date's are day/month/year in some order. "12/01/2011 10:05"
    gives both `%d/%m/%Y %H:%M` and `%m/%d/%Y %H:%M`.
    """
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(" ".join(text.split()))]
    numbers = [i for i, (kind, _) in enumerate(tokens) if kind == "num"]
    has_month_name = any(kind == "word" and value.lower().rstrip(".") in _MONTHS for kind, value in tokens)
    twelve = any(kind == "ampm" for kind, _ in tokens)
    date_count = 2 if has_month_name else 3
    clock_count = len(numbers) - date_count
    if clock_count not in (2, 3):
        return ()
    clock = ("hour", "minute", "second")[:clock_count]
    date_orders = (("day", "year"), ("year", "day")) if has_month_name else _NUMERIC_DATE_ORDERS
    word_choices = [_word_options(value) if kind == "word" else None for kind, value in tokens]
    out: list[str] = []
    for date_order in date_orders:
        for roles in (date_order + clock, clock + date_order):
            by_token = dict(zip(numbers, roles, strict=True))
            if not _clock_joined(tokens, [i for i in numbers if by_token[i] in clock]):
                continue
            pieces: list[tuple[str, ...]] = []
            for i, (kind, value) in enumerate(tokens):
                if kind == "num":
                    directive = _number_directive(by_token[i], value, twelve)
                    if directive is None:
                        break
                    pieces.append((directive,))
                elif kind == "ampm":
                    pieces.append(("%p",))
                elif kind == "word":
                    pieces.append(word_choices[i])
                else:
                    pieces.append((value.replace("%", "%%"),))
            else:
                for combo in product(*pieces):
                    fmt = "".join(combo)
                    if fmt not in out:
                        out.append(fmt)
    readable = []
    for fmt in out:
        try:
            if compile_time_format(fmt).read(text) is not None:
                readable.append(fmt)
        except ValueError:
            continue
    return tuple(readable)


# --- learning the forum's format from a page's evidence -----------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Sighting:
    """One absolute time as a page printed it, and what else is known about it."""

    text: str
    msg_id: int | None = None  # the message it dates (posts in msg order are in time order)
    instant: datetime | None = None  # the UTC instant it shows, when the page or RSS says
    slack: timedelta = timedelta(0)  # how far `instant` may be from the printed moment


@dataclass(frozen=True, slots=True, kw_only=True)
class FormatVerdict:
    """What the evidence says: one format, or the formats it cannot tell apart."""

    formats: tuple[str, ...]  # one when decided; several when ambiguous; none when nothing fits
    detail: str = ""  # for an error: the text and how the formats read it

    @property
    def decided(self) -> str | None:
        return self.formats[0] if len(self.formats) == 1 else None


# The widest offsets any zone has used: UTC-12 to UTC+14.
_WEST, _EAST = timedelta(hours=12), timedelta(hours=14)
# Local time may step back this much between posts in msg order (a DST change).
_STEP_BACK = timedelta(hours=1, minutes=1)
_FIRST_YEAR = 1995


def learn_time_format(sightings: list[Sighting], *, now: datetime) -> FormatVerdict:
    """Keep the formats that read every sighting, and that the evidence allows.

    Evidence: a sighting with a known instant is within UTC-12..+14 of it (the
    page clock, an RSS pubDate); times are not after `now` (the server's
    clock) nor before SMF existed; posts in msg order never go back in time
    (but for an hour of DST). A day above 12 rules out reading it as a month.
    """
    if not sightings:
        return FormatVerdict(formats=())
    options: list[str] = []
    for s in sightings:
        for fmt in candidate_formats(s.text):
            if fmt not in options:
                options.append(fmt)
    latest = now.replace(tzinfo=None) + _EAST + timedelta(days=1)
    kept: dict[tuple, tuple[str, list[datetime]]] = {}
    for fmt in options:
        reader = compile_time_format(fmt)
        walls = [reader.read(s.text) for s in sightings]
        if any(w is None or not _FIRST_YEAR <= w.year or w > latest for w in walls):
            continue
        if not all(_fits_instant(s, w) for s, w in zip(sightings, walls, strict=True)):
            continue
        # %b and %B read alike, %d and %e too: one entry per distinct reader.
        kept.setdefault((reader.pattern.pattern, reader.fields), (fmt, walls))
    in_order = {key: value for key, value in kept.items() if _in_msg_order(sightings, value[1])}
    if in_order:
        # A post out of msg order (a merged or imported topic) would rule out every
        # format: the order only decides between formats that keep it.
        kept = in_order
    formats = tuple(fmt for fmt, _ in kept.values())
    if len(formats) <= 1:
        return FormatVerdict(formats=formats, detail=_nothing_fits(sightings) if not formats else "")
    return FormatVerdict(formats=formats, detail=_ambiguity(sightings, list(kept.values())))


def _fits_instant(s: Sighting, wall: datetime) -> bool:
    if s.instant is None:
        return True
    utc = s.instant.replace(tzinfo=None)
    return utc - _WEST - s.slack - timedelta(minutes=1) <= wall <= utc + _EAST + s.slack


def _in_msg_order(sightings: list[Sighting], walls: list[datetime]) -> bool:
    dated = sorted((s.msg_id, w) for s, w in zip(sightings, walls, strict=True) if s.msg_id is not None)
    return all(later >= earlier - _STEP_BACK for (_, earlier), (_, later) in zip(dated, dated[1:]))


def _nothing_fits(sightings: list[Sighting]) -> str:
    shown = ", ".join(repr(s.text) for s in sightings[:3])
    return f"no time format reads the printed times consistently ({shown})"


def _ambiguity(sightings: list[Sighting], kept: list[tuple[str, list[datetime]]]) -> str:
    for i, s in enumerate(sightings):
        readings = {walls[i] for _, walls in kept}
        if len(readings) > 1:
            how = " or ".join(f"{walls[i]:%Y-%m-%d %H:%M} ({fmt})" for fmt, walls in kept)
            return f"{s.text!r} reads as {how}"
    return "the printed times read alike in " + " and ".join(fmt for fmt, _ in kept)
