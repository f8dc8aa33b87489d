"""A plain-Python reference for segment definitions: who a parsed definition selects among in-memory customers
and events, written from the documented semantics (README "Segments", docs/adr/0011, the descriptions of
`SegmentDefinitionInput` in app/graphql/segments/inputs.py), not from the SQL the compiler emits.

The semantics it implements:
- A customer attribute is a column or a metadata path; a missing key, JSON null or a null column is "no
  value". A missing value never matches a positive comparison and always matches its negation: `NE` is
  "not EQ", `NOT_IN` "not IN", `NOT_EXISTS` "not EXISTS", `not` negates its part.
- JSON values compare by the type of the value given: a number only with JSON numbers, a boolean with JSON
  booleans, an instant with JSON strings that are dates (`YYYY-MM-DD…`; without an offset they are UTC),
  text with JSON strings. A value of another type is no match (so its `NE` holds).
- Numbers compare as written: `0.1` is the decimal 0.1, never the binary float next to it.
- Text columns hold "" for "no value" (a customer's name defaults to ""): EXISTS needs a non-empty value.
  `CONTAINS` ignores case; `STARTS_WITH` does not. Text order is code-point order (the test data keeps to
  lower-case ASCII letters, on which linguistic collations agree).
- Dates are compared as instants; `MONTH_IS` is the month in UTC.
- Event conditions read the customer's events of that name whose properties match every `where` condition
  (the same comparisons as attributes) and that lie in the window: `last` is [now − last, now), `between` is
  [from, to). Counts are of those events. An aggregate (SUM / MAX / MIN / AVG) is over the numeric values of
  the property on those events; with no such value it matches nothing (whatever the operator). `eventTime`
  takes the first or last of those events: `after` is at or after, `before` strictly before, `within` in
  [now − within, now), like a `last` window; a customer without such an event matches nothing.
- `segment` is membership of another segment (a filter is evaluated with these same rules, a list by its
  members; an unknown segment has nobody); `location` is membership of a geofence's customers.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.segments.definitions import (
    Aggregate,
    AllOf,
    AnyOf,
    Attribute,
    Comparison,
    EventAggregate,
    EventCount,
    EventFilter,
    EventTime,
    Location,
    Moment,
    Node,
    Not,
    Operator,
    Parsed,
    SegmentRef,
    ValueType,
)

MISSING: Any = object()
DATE_PREFIX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Customer:
    source_id: str
    name: str = ""
    email: str | None = None
    phone: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    created_at: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    updated_at: datetime = datetime(2020, 1, 1, tzinfo=UTC)
    metadata: dict[str, Any] = field(default_factory=dict)
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    def column(self, column: str) -> Any:
        return {
            "source_id": self.source_id,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }[column]


@dataclass
class Event:
    customer_id: uuid.UUID
    name: str
    occurred_at: datetime
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass
class References:
    """What `segment` and `location` leaves refer to."""

    filters: dict[uuid.UUID, Parsed] = field(default_factory=dict)
    lists: dict[uuid.UUID, set[uuid.UUID]] = field(default_factory=dict)
    inside: dict[uuid.UUID, set[uuid.UUID]] = field(default_factory=dict)  # geofence -> customers


def members(
    parsed: Parsed,
    customers: Iterable[Customer],
    events: Iterable[Event],
    *,
    now: datetime,
    references: References | None = None,
) -> set[uuid.UUID]:
    """The ids of the customers `parsed` selects at `now`."""
    by_customer: dict[uuid.UUID, list[Event]] = {}
    for event in events:
        by_customer.setdefault(event.customer_id, []).append(event)
    judge = _Judge(now, references or References(), by_customer)
    return {customer.id for customer in customers if judge.holds(parsed.root, customer)}


# Values as the definition means them.


def as_instant(text: str) -> datetime | None:
    """A JSON string read as an instant: a date (or date-time) at its start, UTC when it names no offset."""
    if not DATE_PREFIX.match(text):
        return None
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        return None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant


def as_decimal(number: int | float | Decimal) -> Decimal:
    """A number as written: JSON text and Python floats carry their shortest decimal form."""
    return number if isinstance(number, Decimal) else Decimal(repr(number))


def json_value(document: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at `path`, or MISSING (absent key, a step through a non-object, or JSON null)."""
    value: Any = document
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return MISSING
        value = value[key]
    return MISSING if value is None else value


def typed_json(value: Any, value_type: ValueType) -> Any:
    """The JSON value as `value_type`, or MISSING when it is of another type."""
    if value is MISSING:
        return MISSING
    if value_type is ValueType.BOOLEAN:
        return value if isinstance(value, bool) else MISSING
    if value_type is ValueType.NUMBER:
        return as_decimal(value) if isinstance(value, int | float) and not isinstance(value, bool) else MISSING
    if not isinstance(value, str):
        return MISSING
    if value_type is ValueType.INSTANT:
        instant = as_instant(value)
        return MISSING if instant is None else instant
    return value


def typed_column(value: Any, value_type: ValueType) -> Any:
    if value is None:
        return MISSING
    if value_type is ValueType.NUMBER:
        return as_decimal(value)
    return value


def typed_given(value: Any, value_type: ValueType) -> Any:
    """A value of the definition, in the same terms as the attribute it is compared with."""
    if value_type is ValueType.NUMBER:
        return as_decimal(value)
    return value


def compare(comparison: Comparison, document: Mapping[str, Any] | None, columns: Customer | None) -> bool:
    """`comparison` on a customer's column or a JSON path of `document` (metadata or event properties)."""
    op = comparison.op
    if op is Operator.NE:
        return not compare(_flip(comparison, Operator.EQ), document, columns)
    if op is Operator.NOT_IN:
        return not compare(_flip(comparison, Operator.IN), document, columns)
    if op is Operator.NOT_EXISTS:
        return not compare(_flip(comparison, Operator.EXISTS), document, columns)
    if comparison.column is not None:
        assert columns is not None
        raw = columns.column(comparison.column)
        if op is Operator.EXISTS:
            return raw is not None and raw != ""
        subject = typed_column(raw, comparison.value_type)
    else:
        assert document is not None
        raw = json_value(document, comparison.path)
        if op is Operator.EXISTS:
            return raw is not MISSING
        subject = typed_json(raw, comparison.value_type)
    if subject is MISSING:
        return False
    value = comparison.value
    if op is Operator.MONTH_IS:
        return bool(subject.astimezone(UTC).month == value)
    if op is Operator.IN:
        return any(subject == typed_given(item, comparison.value_type) for item in value)
    if op is Operator.CONTAINS:
        return bool(value.lower() in subject.lower())
    if op is Operator.STARTS_WITH:
        return bool(subject.startswith(value))
    return _ordered(subject, op, typed_given(value, comparison.value_type))


def _flip(comparison: Comparison, op: Operator) -> Comparison:
    return Comparison(op, comparison.value_type, comparison.value, comparison.column, comparison.path)


def _ordered(subject: Any, op: Operator, value: Any) -> bool:
    if op is Operator.EQ:
        return bool(subject == value)
    if op is Operator.NE:
        return bool(subject != value)
    if op is Operator.GT:
        return bool(subject > value)
    if op is Operator.GTE:
        return bool(subject >= value)
    if op is Operator.LT:
        return bool(subject < value)
    if op is Operator.LTE:
        return bool(subject <= value)
    raise AssertionError(op)


class _Judge:
    def __init__(self, now: datetime, references: References, events: dict[uuid.UUID, list[Event]]) -> None:
        self.now = now
        self.references = references
        self.events = events
        self.inlining: list[uuid.UUID] = []

    def holds(self, node: Node, customer: Customer) -> bool:
        if isinstance(node, AllOf):
            return all(self.holds(child, customer) for child in node.children)
        if isinstance(node, AnyOf):
            return any(self.holds(child, customer) for child in node.children)
        if isinstance(node, Not):
            return not self.holds(node.child, customer)
        if isinstance(node, Attribute):
            return compare(node.comparison, customer.metadata, customer)
        if isinstance(node, EventCount):
            count = len(self.matching(node.events, customer))
            return (node.at_least is None or count >= node.at_least) and (node.at_most is None or count <= node.at_most)
        if isinstance(node, EventAggregate):
            return self.aggregate(node, customer)
        if isinstance(node, EventTime):
            return self.event_time(node, customer)
        if isinstance(node, Location):
            inside = customer.id in self.references.inside.get(node.geofence_id, set())
            return inside if node.inside else not inside
        return self.segment(node, customer)

    def matching(self, events: EventFilter, customer: Customer) -> list[Event]:
        start, end = None, None
        if events.window is not None:
            if events.window.last is not None:
                start, end = self.now - events.window.last, self.now
            else:
                start, end = events.window.start, events.window.end
        return [
            event
            for event in self.events.get(customer.id, [])
            if event.name == events.name
            and (start is None or event.occurred_at >= start)
            and (end is None or event.occurred_at < end)
            and all(compare(condition, event.properties, None) for condition in events.where)
        ]

    def aggregate(self, node: EventAggregate, customer: Customer) -> bool:
        values = [
            Fraction(value)
            for event in self.matching(node.events, customer)
            if (value := typed_json(json_value(event.properties, node.property_path), ValueType.NUMBER)) is not MISSING
        ]
        if not values:
            return False
        if node.function is Aggregate.SUM:
            measured = sum(values, Fraction(0))
        elif node.function is Aggregate.MAX:
            measured = max(values)
        elif node.function is Aggregate.MIN:
            measured = min(values)
        else:
            measured = sum(values, Fraction(0)) / len(values)
        return _ordered(measured, node.op, Fraction(as_decimal(node.value)))

    def event_time(self, node: EventTime, customer: Customer) -> bool:
        moments = [event.occurred_at for event in self.matching(node.events, customer)]
        if not moments:
            return False
        moment = min(moments) if node.moment is Moment.FIRST else max(moments)
        if node.after is not None and not moment >= node.after:
            return False
        if node.before is not None and not moment < node.before:
            return False
        return node.within is None or self.now - node.within <= moment < self.now

    def segment(self, node: SegmentRef, customer: Customer) -> bool:
        parsed = self.references.filters.get(node.segment_id)
        if parsed is not None:
            if node.segment_id in self.inlining:
                member = False
            else:
                self.inlining.append(node.segment_id)
                member = self.holds(parsed.root, customer)
                self.inlining.pop()
        else:
            member = customer.id in self.references.lists.get(node.segment_id, set())
        return member if node.member else not member
