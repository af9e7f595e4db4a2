"""Reference IDs: their shape, mentions and URLs in prose, ``canonical_id``.

Pure. An ID is ``YY`` + station + serial (``08MEXICO23``, CABLE-FORMATS.md (c)). A published
ID whose station is in the table is kept as published (``04TAIPEI…`` stays, never
``04AITTAIPEI…``); only malformed ones are mended: ``EFTO``, ``SECTION 01 OF 02`` and other
caption fragments glued in front of the station, ``AMEMBASSY``, hyphens and spaces, aliases
(``SECSTATE`` -> ``STATE``) and stations misspelt by a letter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .stations import STATIONS, canonical_station, nearest_station

ID_SHAPE_RE = re.compile(
    r"""
    ^(?P<yy>[0-9]{2})                   # two-digit year
    (?P<origin>[A-Z0-9]{1,40}?[A-Z])    # station; glued fragments and a 0-for-O allowed
    (?P<serial>[0-9]{1,9})              # serial, leading zeros allowed ("0023")
    (?:_[A-Z])?$                        # PlusD "_a" (duplicates "_b", "_c" ...)
    """,
    re.VERBOSE,
)
# A bare mention in prose: "(10MEXICO27)", "08mexico23_a".
ID_MENTION_RE = re.compile(
    r"""
    (?<![A-Za-z0-9/])                   # not inside a word or a URL path
    (?P<id>[0-9]{2}[A-Za-z]{4,20}[0-9]{1,8})
    (?:_[a-z])?
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
# A cable viewer URL on any mirror: /cable/YYYY/MM/ID(.html), /plusd/cables/ID_a.html,
# cabledrum /cables/ID.
CABLE_URL_RE = re.compile(
    r"""
    /(?: cable/(?P<y>[0-9]{4})/(?P<m>[0-9]{2})/      # 213.251.145.96, wikileaks.org, cablegate.
      | plusd/cables/                                # PlusD
      | cables/ )                                    # cabledrum.net
    (?P<id>[0-9]{2}[A-Za-z]{2,40}[0-9]{1,9})(?:_[a-z])?
    (?:\.html?)?
    """,
    re.VERBOSE,
)  # starts at the path's "/" (a literal, so the scan is fast); any mirror host is fine

# Fragments WikiLeaks glued in front of a station: a caption, the section line, the post kind.
_GLUED_RE = re.compile(
    r"""
    ^(?: EFTO | NOFORN | SIPDIS | SENSITIVE | LIMDIS | EXDIS | NODIS
       | S?ECTION[0-9]{0,2}OF[0-9]{0,2} | SECTION
       | AMEMBASSY | EMBASSY | AMCONSUL | CONSULATE | AMEMB )+
    """,
    re.VERBOSE,
)
_SEPARATORS = str.maketrans("", "", " \t\n\r\xa0-_./")


def _station_of(origin: str, *, strict: bool) -> str | None:
    """The station a malformed origin part means, or None."""
    station = canonical_station(origin)
    if station is not None:
        return station
    stripped = _GLUED_RE.sub("", origin)
    if stripped != origin and (station := canonical_station(stripped)) is not None:
        return station
    if "0" not in stripped and not stripped.isalpha():
        return None
    # a fragment glued in front: the longest known station the name ends with
    for k in range(1, len(stripped) - 3):
        if stripped[k:] in STATIONS:
            return stripped[k:]
    return nearest_station(stripped)


def canonical_id(s: str, *, strict: bool = False) -> str | None:
    """Normalise a reference ID (``08mexico0023_a`` -> ``08MEXICO23``), or None.

    ``strict`` also requires a known station (used for bare mentions in users' words);
    otherwise an unknown 4-17 letter origin is accepted as long as the shape is right.
    """
    if not isinstance(s, str) or len(s) > 80:
        return None
    return _canonical_id(s, strict)


@lru_cache(maxsize=16384)  # (Speed: pure, and asked for the same IDs again and again)
def _canonical_id(s: str, strict: bool) -> str | None:
    key = s.upper()
    suffix = re.search(r"_[A-Z]$", key)
    if suffix:
        key = key[: suffix.start()]
    m = ID_SHAPE_RE.match(key.translate(_SEPARATORS))
    if m is None:
        return None
    origin = m["origin"]
    station = _station_of(origin, strict=strict)
    if station is None:
        if strict or not origin.isalpha() or not 4 <= len(origin) <= 17 or _GLUED_RE.match(origin):
            return None
        station = origin
    serial = int(m["serial"])
    if serial == 0 or serial >= 10_000_000:
        return None
    return f"{m['yy']}{station}{serial}"


def is_cable_id(s: str) -> bool:
    """Return whether ``s`` is an ID by the strict grammar (known station)."""
    return canonical_id(s, strict=True) is not None
