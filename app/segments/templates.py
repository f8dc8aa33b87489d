"""Predefined filters: ready definitions with parameters, used as `{template: {key, parameters}}` parts.

A template part expands when the definition is parsed (so "this month" means the month of the evaluation,
not of the save), and its parameters are checked with the path of the part at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core.errors import InvalidInput


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # INT, NUMBER, EVENT, PATH, GEOFENCE
    description: str
    default: Any = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    build: Callable[[dict[str, Any], datetime], dict[str, Any]]


def _last(days: int) -> dict[str, Any]:
    return {"last": {"amount": days, "unit": "DAYS"}}


DAYS = Parameter("days", "INT", "How many days back.", 30, 1, 3660)
ORDER_EVENT = Parameter("orderEvent", "EVENT", "The event that records an order.", "order_paid")

TEMPLATES: tuple[Template, ...] = (
    Template(
        "INACTIVE",
        "Inactive for N days",
        "Customers who did not do the event (by default `app_open`) in the last N days.",
        (DAYS, Parameter("event", "EVENT", "The activity event.", "app_open")),
        lambda p, now: {"event": {"name": p["event"], "window": _last(p["days"]), "count": {"exactly": 0}}},
    ),
    Template(
        "FIRST_ORDER_WITHIN",
        "First order within N days",
        "Customers whose first order happened in the last N days.",
        (DAYS, ORDER_EVENT),
        lambda p, now: {
            "eventTime": {"name": p["orderEvent"], "which": "FIRST", "within": {"amount": p["days"], "unit": "DAYS"}}
        },
    ),
    Template(
        "HIGH_SPENDERS",
        "High spenders over N days",
        "Customers whose orders' `amountProperty` add up to at least `minimum` in the last N days.",
        (
            DAYS,
            ORDER_EVENT,
            Parameter("amountProperty", "PATH", "The property holding an order's amount.", "amount"),
            Parameter("minimum", "NUMBER", "The least total.", None, 0, 10**15),
        ),
        lambda p, now: {
            "aggregate": {
                "name": p["orderEvent"],
                "window": _last(p["days"]),
                "property": p["amountProperty"],
                "function": "SUM",
                "op": "GTE",
                "value": p["minimum"],
            }
        },
    ),
    Template(
        "CART_ABANDONED",
        "Cart abandoned and not ordered",
        "Customers who added to their cart in the last N hours and did not order since that window began.",
        (
            Parameter("hours", "INT", "How many hours back.", 24, 1, 720),
            Parameter("cartEvent", "EVENT", "The event of adding to the cart.", "added_to_cart"),
            ORDER_EVENT,
        ),
        lambda p, now: {
            "all": [
                {"event": {"name": p["cartEvent"], "window": {"last": {"amount": p["hours"], "unit": "HOURS"}}}},
                {
                    "event": {
                        "name": p["orderEvent"],
                        "window": {"last": {"amount": p["hours"], "unit": "HOURS"}},
                        "count": {"exactly": 0},
                    }
                },
            ]
        },
    ),
    Template(
        "BIRTHDAY_THIS_MONTH",
        "Birthday this month",
        "Customers whose birthday (an ISO date in their metadata) falls in the current month (UTC).",
        (Parameter("attribute", "PATH", "The metadata key holding the birthday.", "birthday"),),
        lambda p, now: {"attribute": {"attribute": f"metadata.{p['attribute']}", "op": "MONTH_IS", "value": now.month}},
    ),
    Template(
        "INSIDE_GEOFENCE",
        "Inside a geofence",
        "Customers whose last known location is inside the geofence.",
        (Parameter("geofenceId", "GEOFENCE", "The geofence.", None),),
        lambda p, now: {"location": {"geofenceId": p["geofenceId"], "inside": True}},
    ),
)
BY_KEY = {template.key: template for template in TEMPLATES}


def expand(raw: Any, path: str, now: datetime) -> dict[str, Any]:
    """The definition a `{key, parameters}` template part stands for, its parameters checked."""
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise InvalidInput("A template part is {key, parameters}.", field=path)
    template = BY_KEY.get(raw["key"])
    if template is None:
        raise InvalidInput(f"Unknown template; use one of {', '.join(BY_KEY)}.", field=f"{path}.key")
    given = raw.get("parameters") or {}
    if not isinstance(given, dict):
        raise InvalidInput("`parameters` is an object.", field=f"{path}.parameters")
    known = {parameter.name for parameter in template.parameters}
    for name in given:
        if name not in known:
            raise InvalidInput(f"Unknown parameter {name[:40]!r}.", field=f"{path}.parameters.{name}")
    values = {parameter.name: _value(parameter, given, f"{path}.parameters") for parameter in template.parameters}
    return template.build(values, now)


def _value(parameter: Parameter, given: dict[str, Any], path: str) -> Any:
    value = given.get(parameter.name, parameter.default)
    where = f"{path}.{parameter.name}"
    if value is None:
        raise InvalidInput(f"The template needs `{parameter.name}`.", field=where)
    if parameter.kind in {"INT", "NUMBER"}:
        whole = parameter.kind == "INT"
        wrong_type = isinstance(value, bool) or not isinstance(value, int if whole else int | float)
        if wrong_type or not (parameter.low or 0) <= value <= (parameter.high or 0):
            kind = "a whole number" if whole else "a number"
            raise InvalidInput(f"Give {kind} between {parameter.low:g} and {parameter.high:g}.", field=where)
    elif not isinstance(value, str):
        raise InvalidInput("Give a string.", field=where)
    return value
