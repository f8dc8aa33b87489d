"""The one clock: timezone-aware UTC; and the time zones the API accepts."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime

from app.core.errors import InvalidInput


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)


@functools.cache
def _time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_time_zone(name: str, *, field: str = "timeZone") -> str:
    """`name` if it is an IANA time zone, else an InvalidInput on `field`.

    Looked up among the known names rather than by loading it: ZoneInfo reads the name as a path in the
    time zone database, so a directory of it ("America") or a name too long for a file raises OSError.
    """
    if name not in _time_zone_names():
        raise InvalidInput(f"{name!r} is not an IANA time zone.", field=field)
    return name
