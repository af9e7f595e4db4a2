"""Cable stations (the post part of a reference ID), their WikiLeaks origin names and aliases.

Pure. The facts are data: ``stations.csv`` in this package, read once. One row per
(station, origin): ``station`` is the ID form, the post's words as the classification line
writes them, joined (``RIO DE JANEIRO 000123`` -> ``RIODEJANEIRO``, ``AIT TAIPEI`` ->
``AITTAIPEI``); ``origin`` is WikiLeaks' name (``Consulate Rio De Janeiro``); ``fm`` the
form of the routing header's FM line (``AMCONSUL RIO DE JANEIRO``); ``aliases`` other
spellings seen in REF lines and IDs (``RIO|RIODEJAN``), ``|``-separated. Where a station has
several rows (``BRUSSELS``: USEU and the bilateral embassy), the first is what the station
alone means (USEU sent 10 of the corpus's 14 tuning-part BRUSSELS cables); the FM line tells
the others apart, and without one ``tags`` does: the TAGS code that marks the row's cables
(the host country, ``BE``, for the bilateral embassy; the organisation, ``EUN``, for USEU). Published stations are never aliases of
one another (``TAIPEI`` and ``AITTAIPEI``, ``KIEV`` and ``KYIV`` were all published).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True, kw_only=True)
class Station:
    station: str
    origin: str
    fm: str
    aliases: tuple[str, ...]
    tags: str = ""


def _key(s: str) -> str:
    """``Rio de Janeiro`` -> ``RIODEJANEIRO``: capitals, no spaces or punctuation."""
    return "".join(ch for ch in s.upper() if "A" <= ch <= "Z" or "0" <= ch <= "9")


def _load() -> tuple[Station, ...]:
    text = resources.files(__package__).joinpath("stations.csv").read_text(encoding="utf-8")
    return tuple(
        Station(station=r["station"], origin=r["origin"], fm=r["fm"],
                aliases=tuple(a for a in r["aliases"].split("|") if a), tags=r["tags"] or "")
        for r in csv.DictReader(io.StringIO(text))
    )


TABLE: tuple[Station, ...] = _load()
STATIONS: frozenset[str] = frozenset(s.station for s in TABLE)
#: station -> the origin the station alone means (its first row)
ORIGINS: dict[str, str] = {}
#: alias (joined capitals) -> station
ALIASES: dict[str, str] = {}
#: FM form (joined capitals) -> the row
_BY_FM: dict[str, Station] = {}
for _s in TABLE:
    ORIGINS.setdefault(_s.station, _s.origin)
    for _a in _s.aliases:
        if _key(_a) not in STATIONS:
            ALIASES.setdefault(_key(_a), _s.station)
    if _s.fm:
        _BY_FM.setdefault(_key(_s.fm), _s)
#: station -> its rows, in the table's order (speed: a station's rows without a scan of the table)
_ROWS: dict[str, tuple[Station, ...]] = {}
for _s in TABLE:
    _ROWS[_s.station] = _ROWS.get(_s.station, ()) + (_s,)
#: origin name -> its rows' stations (for reading metadata back)
ORIGIN_NAMES: frozenset[str] = frozenset(s.origin for s in TABLE)

# Prefixes that are not part of the station ("05EMBASSYVIENNA1" -> "05VIENNA1").
STRIP_PREFIXES: tuple[str, ...] = ("AMEMBASSY", "EMBASSY", "AMCONSUL", "CONSULATE", "USMISSION", "AMEMB")
_FM_KINDS = {"AMEMBASSY": "Embassy ", "AMCONSUL": "Consulate ", "AMCONSULATE": "Consulate ", "USMISSION": ""}


def _deletions(s: str) -> set[str]:
    return {s[:i] + s[i + 1 :] for i in range(len(s))}


# Symmetric-delete index for stations misspelt by one letter (inserted, dropped or changed).
_NEAR: dict[str, set[str]] = {}
for _st in STATIONS:
    if len(_st) >= 5:
        for _d in _deletions(_st) | {_st}:
            _NEAR.setdefault(_d, set()).add(_st)


# (Speed: the lookups below are pure functions of one short string, asked again and again for
# the same words (every class line, REF item and FM line): each answer is kept once computed.)
_CACHE = 16384


@lru_cache(maxsize=_CACHE)
def canonical_station(name: str) -> str | None:
    """Return the station ``name`` means (any case, spaces ignored), or None. No guessing."""
    key = _key(name)
    if key in STATIONS:
        return key
    for prefix in STRIP_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
            break
    if key in STATIONS:
        return key
    key = ALIASES.get(key, key)
    return key if key in STATIONS else None


# Words a letter away from a station that are words, not typos ("THE UNITED STATES 2009").
_NOT_STATIONS = frozenset("STATES STATED STATUS STATER SKATE PARISH ROMAN TOKYOS LIMAS SOFIAS MILANO".split())


@lru_cache(maxsize=_CACHE)
def nearest_station(name: str) -> str | None:
    """The one station ``name`` is a letter away from (``MANAGAU`` -> ``MANAGUA``), else None.

    Only for names of five letters or more, and only when a single station is that close;
    ``0`` read as ``O`` first (``0TTAWA``).
    """
    key = _key(name).replace("0", "O")
    if key in STATIONS or (key := ALIASES.get(key, key)) in STATIONS:
        return key
    if len(key) < 5 or key in _NOT_STATIONS:
        return None
    found: set[str] = set(_NEAR.get(key, ()))
    for d in _deletions(key):
        found |= _NEAR.get(d, set())
    found = {s for s in found if _one_edit(key, s)}
    return found.pop() if len(found) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        # one letter changed, or two neighbours swapped (MANAGAU)
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def origin_of(station: str | None) -> str | None:
    """WikiLeaks' origin name for a station alone (``SANJOSE`` -> ``Embassy San Jose``)."""
    return ORIGINS.get(station) if station else None


def origin_by_tags(station: str | None, tags: tuple[str, ...]) -> str | None:
    """The origin of a station with several rows whose TAGS name exactly one row's mark, or None."""
    if not station or not tags:
        return None
    rows = [s for s in _ROWS.get(station, ()) if s.tags]
    marked = [s for s in rows if s.tags in tags]
    return marked[0].origin if len(rows) > 1 and len(marked) == 1 else None


@lru_cache(maxsize=_CACHE)
def station_from_fm(fm: str | None) -> str | None:
    """The ID station of an FM line (``AMEMBASSY LA PAZ`` -> ``LAPAZ``), or None."""
    if not fm:
        return None
    words = fm.split("//", 1)[0].split()
    for n in range(len(words), 0, -1):
        row = _BY_FM.get(_key(" ".join(words[:n])))
        if row is not None:
            return row.station
    if len(words) > 1 and words[0] in _FM_KINDS:
        return canonical_station(" ".join(words[1:])) or canonical_station(" ".join(words[1:-1]))
    return None


@lru_cache(maxsize=_CACHE)
def origin_from_fm(fm: str | None, station: str | None = None) -> str | None:
    """WikiLeaks' origin name from an FM line (``AMEMBASSY PHNOM PENH`` -> ``Embassy Phnom Penh``).

    ``USDEL SECRETARY//EUROPE//`` keeps the part before ``//``; a trailing country code or
    precedence (``AMEMBASSY TRIPOLI LY``) is tried without. ``station`` (from the
    classification line) settles posts the table does not know the FM form of.
    """
    if not fm:
        return origin_of(station)
    words = fm.split("//", 1)[0].split()
    for n in range(len(words), 0, -1):
        row = _BY_FM.get(_key(" ".join(words[:n])))
        if row is not None:
            return row.origin
        if n < len(words) - 1:
            break
    if words and words[0] in _FM_KINDS and len(words) > 1:
        st = canonical_station(" ".join(words[1:])) or canonical_station(" ".join(words[1:-1]))
        kind = _FM_KINDS[words[0]]
        if st is not None:
            rows = [s.origin for s in _ROWS.get(st, ())]
            for origin in rows:
                if kind and origin.startswith(kind):
                    return origin
            return rows[0]
        if kind:
            return kind + " ".join(w.capitalize() for w in words[1:])
    return origin_of(station)
