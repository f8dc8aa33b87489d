"""The shape of every validation rule kind, checked when a campaign is saved.

Evaluation trusts what is stored, so everything a rule holds is bounded here: known keys only, whole
numbers within the ranges counters and amounts can hold, hours 0–24 and ISO weekdays 1–7, bounded lists
of bounded strings. A bad rule is refused with the path of the offending key, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core.bounds import MAX_AMOUNT, Characters, OutOfBounds, check_string
from app.core.errors import InvalidInput

MAX_RULES = 50
MAX_COUNT = 1_000_000_000
MAX_LIST = 1_000
MAX_GEOFENCES = 100
RULE_ID_LENGTH = 100
VALUE_LENGTH = 200

Check = Callable[[Any, str], None]


def _whole(low: int, high: int) -> Check:
    def check(value: Any, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput("Give a whole number.", field=where)
        if not low <= value <= high:
            raise OutOfBounds("OUT_OF_RANGE", f"Must be between {low:,} and {high:,}; got {value}.", field=where)

    return check


def _number(low: float, high: float) -> Check:
    def check(value: Any, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise OutOfBounds("OUT_OF_RANGE", f"Must be a number between {low:g} and {high:g}.", field=where)

    return check


def _choice(*allowed: str) -> Check:
    def check(value: Any, where: str) -> None:
        if value not in allowed:
            raise InvalidInput(f"Use one of {', '.join(allowed)}.", field=where)

    return check


def _flag(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise InvalidInput("Use true or false.", field=where)


def _strings(limit: int) -> Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, list) or len(value) > limit:
            raise InvalidInput(f"Give a list of at most {limit} strings.", field=where)
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise InvalidInput("Give a list of strings.", field=f"{where}.{index}")
            check_string(item, field=f"{where}.{index}", max_length=VALUE_LENGTH, characters=Characters.LINE)

    return check


def _identifier(value: Any, where: str) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidInput("Give an id.", field=where)
    check_string(value, field=where, max_length=100, characters=Characters.LINE)


def _weekdays(value: Any, where: str) -> None:
    if not isinstance(value, list) or len(value) > 7:
        raise InvalidInput("Give a list of ISO weekdays (1 = Monday … 7 = Sunday).", field=where)
    day = _whole(1, 7)
    for index, item in enumerate(value):
        day(item, f"{where}.{index}")


PERIOD = _choice("TOTAL", "DAY", "WEEK", "MONTH")
KEYS: dict[str, dict[str, Check]] = {
    "MIN_ORDER_AMOUNT": {"amount": _whole(0, MAX_AMOUNT), "basis": _choice("INITIAL", "RUNNING")},
    "ITEMS": {
        "match": _choice("ANY", "EVERY", "NONE"),
        "product_ids": _strings(MAX_LIST),
        "category_ids": _strings(MAX_LIST),
        "min_quantity": _whole(0, MAX_COUNT),
        "min_subtotal": _whole(0, MAX_AMOUNT),
    },
    "HOLDER_ONLY": {},
    "CUSTOMER_REDEMPTIONS": {"limit": _whole(1, MAX_COUNT), "period": PERIOD},
    "CAMPAIGN_REDEMPTIONS": {"limit": _whole(1, MAX_COUNT), "period": PERIOD},
    "CAMPAIGN_DISCOUNT_BUDGET": {"limit": _whole(1, MAX_AMOUNT), "period": PERIOD},
    "ORDER_VALUE_BUDGET": {"limit": _whole(1, MAX_AMOUNT), "period": PERIOD},
    "TIME_WINDOW": {"days_of_week": _weekdays, "from_hour": _number(0, 24), "to_hour": _number(0, 24)},
    "CUSTOMER_SEGMENT": {"segment_id": _identifier, "mode": _choice("IN", "NOT_IN")},
    "GEOFENCE": {
        "geofence_ids": _strings(MAX_GEOFENCES),
        "store_geofence": _flag,
        "strict": _flag,
        "mode": _choice("INSIDE", "OUTSIDE"),
        "scope": _choice("CUSTOMER", "ITEMS"),
    },
}
REQUIRED: dict[str, set[str]] = {
    "MIN_ORDER_AMOUNT": {"amount"},
    "CUSTOMER_REDEMPTIONS": {"limit"},
    "CAMPAIGN_REDEMPTIONS": {"limit"},
    "CAMPAIGN_DISCOUNT_BUDGET": {"limit"},
    "ORDER_VALUE_BUDGET": {"limit"},
    "CUSTOMER_SEGMENT": {"segment_id"},
}


def check_rule_shape(rule: Any, where: str) -> None:
    """One rule: a known kind, a bounded id, known keys with values in range, required keys present."""
    if not isinstance(rule, dict) or rule.get("kind") not in KEYS:
        raise InvalidInput(f"Unknown rule kind; use one of {', '.join(sorted(KEYS))}.", field=where)
    rule_id = rule.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise InvalidInput("Each rule needs a unique non-empty `id`.", field=f"{where}.id")
    check_string(rule_id, field=f"{where}.id", max_length=RULE_ID_LENGTH, characters=Characters.LINE)
    allowed = KEYS[rule["kind"]]
    for key, value in rule.items():
        if key in {"id", "kind"}:
            continue
        check = allowed.get(key)
        if check is None:
            known = ", ".join(sorted(allowed)) or "none"
            raise InvalidInput(
                f"`{key}` is not a key of a {rule['kind']} rule (known: {known}).", field=f"{where}.{key}"
            )
        check(value, f"{where}.{key}")
    for key in sorted(REQUIRED.get(rule["kind"], set()) - rule.keys()):
        raise InvalidInput(f"A {rule['kind']} rule needs `{key}`.", field=f"{where}.{key}")
    if rule["kind"] == "TIME_WINDOW" and ("from_hour" in rule) != ("to_hour" in rule):
        raise InvalidInput("Give both `from_hour` and `to_hour`, or neither.", field=f"{where}.from_hour")
