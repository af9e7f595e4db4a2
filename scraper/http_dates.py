"""Pure: the dates HTTP headers carry (Date, Retry-After)."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP `Date` header ("Tue, 15 Feb 2011 20:00:00 GMT") as aware UTC, or None."""
    try:
        when = parsedate_to_datetime(value.strip()) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Return the seconds a Retry-After header asks for (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
