"""A LIVE_ACTION campaign's trigger: its JSON form (snake_case keys), parsed and checked.

```
{"kind": "ACTION", "event": {"name": "deposit", "where": [{"property": "amount", "op": "GTE", "value": 100}]},
 "occurrence": {"first": true} | {"nth": 3, "within": {"amount": 30, "unit": "DAYS"}},
 "time_window": {"from_hour": 14, "to_hour": 17, "days_of_week": [1, 2, 3, 4, 5]},
 "cap": {"limit": 1, "period": "TOTAL"}, "points": {"fixed": 100} | {"percent": 5, "property": "amount"}}
{"kind": "INACTION", "event": {"name": "added_to_cart"}, "awaited": {"name": "order_paid"},
 "within": {"amount": 1, "unit": "HOURS"}}          # A, then no B within W
{"kind": "INACTION", "event": {"name": "app_open"}, "within": {"amount": 14, "unit": "DAYS"}}
                                                     # no E for W since the last E
```
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.core.errors import InvalidInput
from app.rules.definitions import KEYS as RULE_KEYS
from app.segments.definitions import Comparison, property_conditions

UNITS = {"SECONDS": 1, "MINUTES": 60, "HOURS": 3_600, "DAYS": 86_400}
MAX_WINDOW = timedelta(days=3_660)
PERIODS = ("TOTAL", "DAY", "WEEK", "MONTH")
NAME_LENGTH = 100


@dataclass(frozen=True)
class EventMatch:
    name: str
    where: tuple[Comparison, ...] = ()


@dataclass(frozen=True)
class Trigger:
    """A checked trigger; `to_json()` is what is stored."""

    kind: str  # ACTION or INACTION
    event: EventMatch
    awaited: EventMatch | None  # INACTION: the event that must not follow (None: the same event, again)
    within: timedelta | None  # INACTION: the window; ACTION with nth: the occurrences' window
    first: bool
    nth: int | None
    time_window: dict[str, Any] | None  # a TIME_WINDOW validation rule's keys (local to the campaign)
    cap_limit: int
    cap_period: str
    points: dict[str, Any] | None
    raw: dict[str, Any]

    def names(self) -> set[str]:
        """Event names it listens to."""
        return {self.event.name} | ({self.awaited.name} if self.awaited else set())


def _known(body: dict[str, Any], allowed: set[str], path: str) -> None:
    for key in body:
        if key not in allowed:
            raise InvalidInput(
                f"`{key}` is not a key here (known: {', '.join(sorted(allowed))}).", field=f"{path}.{key}"
            )


def _event(raw: Any, path: str) -> EventMatch:
    if not isinstance(raw, dict):
        raise InvalidInput("An event is {name, where}.", field=path)
    _known(raw, {"name", "where"}, path)
    name = raw.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= NAME_LENGTH or not name.strip():
        raise InvalidInput(f"Name the event (1 to {NAME_LENGTH} characters).", field=f"{path}.name")
    return EventMatch(name, property_conditions(raw.get("where"), f"{path}.where"))


def _duration(raw: Any, path: str) -> timedelta:
    if not isinstance(raw, dict) or raw.get("unit") not in UNITS:
        raise InvalidInput(f"A duration is {{amount, unit: {'|'.join(UNITS)}}}.", field=path)
    _known(raw, {"amount", "unit"}, path)
    amount = raw.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise InvalidInput("Give a whole positive amount.", field=f"{path}.amount")
    duration = timedelta(seconds=amount * UNITS[raw["unit"]])
    if duration > MAX_WINDOW:
        raise InvalidInput("At most 3,660 days.", field=f"{path}.amount")
    return duration


def _whole(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"Give a whole number between {low:,} and {high:,}.", field=path)
    return value


def _points(raw: Any, path: str) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidInput("Points are {fixed} or {percent, property}.", field=path)
    if raw.get("fixed") is not None:
        _known(raw, {"fixed"}, path)
        return {"fixed": _whole(raw["fixed"], f"{path}.fixed", 1, 10**15)}
    _known(raw, {"percent", "property"}, path)
    try:
        percent = Decimal(str(raw.get("percent")))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput("Give `fixed` points or a `percent` of a property.", field=f"{path}.percent") from exc
    if not Decimal("0.01") <= percent <= Decimal(1000):
        raise InvalidInput("A percentage is between 0.01 and 1000.", field=f"{path}.percent")
    prop = raw.get("property")
    if not isinstance(prop, str) or not 1 <= len(prop) <= NAME_LENGTH:
        raise InvalidInput("Name the property (major units of the campaign's currency).", field=f"{path}.property")
    return {"percent": str(percent), "property": prop}


def parse_trigger(raw: Any, *, field: str = "trigger") -> Trigger:
    """The trigger, or InvalidInput naming the offending part (`trigger.occurrence.nth`)."""
    if not isinstance(raw, dict) or raw.get("kind") not in {"ACTION", "INACTION"}:
        raise InvalidInput("A trigger has kind ACTION or INACTION.", field=f"{field}.kind")
    _known(raw, {"kind", "event", "awaited", "within", "occurrence", "time_window", "cap", "points"}, field)
    kind = raw["kind"]
    event = _event(raw.get("event"), f"{field}.event")
    awaited = None
    within = None
    first, nth, window = False, None, None
    if kind == "INACTION":
        for key in ("occurrence", "time_window"):
            if raw.get(key) is not None:
                raise InvalidInput(f"An INACTION trigger has no `{key}`.", field=f"{field}.{key}")
        if raw.get("awaited") is not None:
            awaited = _event(raw["awaited"], f"{field}.awaited")
        within = _duration(raw.get("within"), f"{field}.within")
    else:
        if raw.get("awaited") is not None:
            raise InvalidInput("Only an INACTION trigger awaits an event.", field=f"{field}.awaited")
        occurrence = raw.get("occurrence")
        if occurrence is not None:
            at = f"{field}.occurrence"
            if not isinstance(occurrence, dict):
                raise InvalidInput("An occurrence is {first: true} or {nth, within}.", field=at)
            _known(occurrence, {"first", "nth", "within"}, at)
            if occurrence.get("first"):
                if occurrence.get("nth") is not None:
                    raise InvalidInput("Give `first` or `nth`, not both.", field=f"{at}.nth")
                first = True
            else:
                nth = _whole(occurrence.get("nth"), f"{at}.nth", 1, 10_000)
                within = _duration(occurrence.get("within"), f"{at}.within")
        if raw.get("within") is not None:
            raise InvalidInput("An ACTION trigger's window belongs to its occurrence.", field=f"{field}.within")
        window = raw.get("time_window")
        if window is not None:
            at = f"{field}.time_window"
            if not isinstance(window, dict):
                raise InvalidInput("A time window is {from_hour, to_hour, days_of_week}.", field=at)
            _known(window, set(RULE_KEYS["TIME_WINDOW"]), at)
            for key, check in RULE_KEYS["TIME_WINDOW"].items():
                if key in window:
                    check(window[key], f"{at}.{key}")
            if ("from_hour" in window) != ("to_hour" in window):
                raise InvalidInput("Give both `from_hour` and `to_hour`, or neither.", field=f"{at}.from_hour")
    cap = raw.get("cap") or {}
    if not isinstance(cap, dict):
        raise InvalidInput("A cap is {limit, period}.", field=f"{field}.cap")
    _known(cap, {"limit", "period"}, f"{field}.cap")
    limit = _whole(cap.get("limit", 1), f"{field}.cap.limit", 1, 1_000_000)
    period = cap.get("period", "TOTAL")
    if period not in PERIODS:
        raise InvalidInput(f"Use one of {', '.join(PERIODS)}.", field=f"{field}.cap.period")
    points = _points(raw.get("points"), f"{field}.points")
    stored = {
        "kind": kind,
        "event": raw["event"],
        "awaited": raw.get("awaited"),
        "within": raw.get("within"),
        "occurrence": raw.get("occurrence"),
        "time_window": window,
        "cap": {"limit": limit, "period": period},
        "points": points,
    }
    return Trigger(kind, event, awaited, within, first, nth, window, limit, period, points, stored)
