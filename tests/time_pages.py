"""Edited copies of the captured forums whose times are printed as another SMF would print them.

Every time the real pages print (posts, edits, quote headers, message-index
last posts, the 2.1 page clock) is read with Python's own strptime in the
captured forum's format and zone (America/Chicago), optionally moved in time,
and printed again with strftime in another `time_format`, as SMF's
timeformat() does (2.0 writes am/pm in lower case). RSS pubDates (GMT) move
with the posts. Nothing here uses the code under test.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from samples_util import SAMPLES

CHICAGO = ZoneInfo("America/Chicago")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SHORT = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# How each captured forum prints a time (its time_format), and a regex finding every one.
CAPTURED_FORMAT = {"smf11": "%B %d, %Y, %I:%M:%S %p", "smf20": "%B %d, %Y, %I:%M:%S %p", "smf21": "%b %d, %Y, %I:%M %p"}
_PRINTED = {
    "smf11": re.compile(rf"\b(?:{_MONTHS}) \d{{2}}, \d{{4}}, \d{{2}}:\d{{2}}:\d{{2}} [ap]m"),
    "smf20": re.compile(rf"\b(?:{_MONTHS}) \d{{2}}, \d{{4}}, \d{{2}}:\d{{2}}:\d{{2}} [ap]m"),
    "smf21": re.compile(rf"\b(?:{_SHORT}) \d{{2}}, \d{{4}}, \d{{2}}:\d{{2}} [AP]M"),
}
_PUBDATE = re.compile(r"<pubDate>([^<]+)</pubDate>")

Shift = Callable[[datetime], datetime]


def smf_strftime(moment: datetime, fmt: str, version: str) -> str:
    """Print an aware moment in Chicago with `fmt`, as SMF 1.1 / 2.0 (am) and 2.1 (AM) print %p."""
    local = moment.astimezone(CHICAGO)
    am = local.hour < 12
    ampm = ("AM" if am else "PM") if version == "smf21" else ("am" if am else "pm")
    return local.strftime(fmt.replace("%p", ampm))


def printed_moments(text: str, version: str) -> list[datetime]:
    """Every time printed in a captured page, as aware UTC moments."""
    return [_read(m.group(), version) for m in _PRINTED[version].finditer(text)]


def _read(printed: str, version: str) -> datetime:
    return datetime.strptime(printed, CAPTURED_FORMAT[version]).replace(tzinfo=CHICAGO).astimezone(UTC)


def reprint(text: str, version: str, fmt: str, shift: Shift | None = None) -> str:
    """The page with every printed time moved by `shift` and printed with `fmt`."""

    def one(m: re.Match[str]) -> str:
        moment = _read(m.group(), version)
        return smf_strftime(shift(moment) if shift else moment, fmt, version)

    return _PRINTED[version].sub(one, text)


def shift_pubdates(xml: str, shift: Shift) -> str:
    def one(m: re.Match[str]) -> str:
        moment = parsedate_to_datetime(m.group(1)).astimezone(UTC)
        return f"<pubDate>{format_datetime(shift(moment), usegmt=True)}</pubDate>"

    return _PUBDATE.sub(one, xml)


def edited_forum(target: Path, version: str, fmt: str, shift: Shift | None = None,
                 edit: Callable[[str, str], str] | None = None) -> Path:
    """Copy samples/VERSION into `target` with its times reprinted; `edit(name, text)` may change more."""
    source = SAMPLES / version
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.suffix not in (".html", ".xml"):
            shutil.copy(path, target / path.name)
            continue
        text = path.read_text(encoding="utf-8")
        text = reprint(text, version, fmt, shift)
        if shift and path.suffix == ".xml":
            text = shift_pubdates(text, shift)
        if edit:
            text = edit(path.name, text)
        (target / path.name).write_text(text, encoding="utf-8")
    json.loads((target / "manifest.json").read_text())  # the replay server reads it
    return target
