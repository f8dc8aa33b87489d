"""Property conditions judged in Python on one event (the evaluator's side of the segment language).

The same meaning as the compiled SQL of segment leaves: a JSON value compares by the type of the value
given (a number as a number, an instant as an instant, text as text); a missing value, or one of another
type, never matches a positive comparison, and always matches its negation (NE, NOT_IN, NOT_EXISTS).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.segments.definitions import Comparison, Operator, ValueType

NEGATIONS = {Operator.NE: Operator.EQ, Operator.NOT_IN: Operator.IN, Operator.NOT_EXISTS: Operator.EXISTS}
MISSING = object()


def _at(properties: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = properties
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return MISSING
        value = value[key]
    return value


def _typed(value: Any, value_type: ValueType) -> Any:
    """The value as `value_type`, or MISSING when it is not of that type."""
    if value is MISSING or value is None:
        return MISSING
    if value_type is ValueType.BOOLEAN:
        return value if isinstance(value, bool) else MISSING
    if value_type is ValueType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return MISSING
        return Decimal(str(value))
    if not isinstance(value, str):
        return MISSING
    if value_type is ValueType.INSTANT:
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return MISSING
        return instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return value


def _given(value: Any, value_type: ValueType) -> Any:
    if value_type is ValueType.NUMBER:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return MISSING
    return value


def _positive(op: Operator, actual: Any, comparison: Comparison) -> bool:
    if op is Operator.EXISTS:
        return actual is not MISSING
    value = _typed(actual, comparison.value_type)
    if value is MISSING:
        return False
    if op is Operator.IN:
        return value in [_given(item, comparison.value_type) for item in comparison.value]
    wanted = _given(comparison.value, comparison.value_type)
    if op is Operator.EQ:
        return bool(value == wanted)
    if op is Operator.CONTAINS:
        return str(wanted) in value
    if op is Operator.STARTS_WITH:
        return bool(value.startswith(str(wanted)))
    if op is Operator.MONTH_IS:
        return bool(value.astimezone(UTC).month == comparison.value)
    ordered: dict[Operator, bool] = {
        Operator.GT: value > wanted,
        Operator.GTE: value >= wanted,
        Operator.LT: value < wanted,
        Operator.LTE: value <= wanted,
    }
    return ordered[op]


def matches(comparison: Comparison, properties: dict[str, Any]) -> bool:
    actual = _at(properties, comparison.path)
    if comparison.op in NEGATIONS:
        return not _positive(NEGATIONS[comparison.op], actual, comparison)
    return _positive(comparison.op, actual, comparison)


def all_match(comparisons: tuple[Comparison, ...], properties: dict[str, Any]) -> bool:
    return all(matches(comparison, properties) for comparison in comparisons)
