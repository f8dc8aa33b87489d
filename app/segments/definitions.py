"""Segment definitions: a tree of all / any / not over leaves, parsed from its JSON form and checked.

The JSON form is what `segmentCreate(input: {definition})` sends and what is stored (camelCase keys, one key
per node). Parsing turns it into typed nodes or refuses it with the path of the offending part
(`definition.all.2.event.window`), so the compiler only ever meets well-formed trees.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from app.core.bounds import MAX_AMOUNT, Characters, OutOfBounds, check_string
from app.core.errors import InvalidInput
from app.core.ids import decode_id

MAX_DEPTH = 10
MAX_LEAVES = 100
MAX_VALUES = 1_000  # values of an IN / NOT_IN list
MAX_WINDOW_DAYS = 3_660
MAX_COUNT = 1_000_000
EVENT_NAME_LENGTH = 100


class Operator(StrEnum):
    EQ = "EQ"
    NE = "NE"
    IN = "IN"
    NOT_IN = "NOT_IN"
    GT = "GT"
    GTE = "GTE"
    LT = "LT"
    LTE = "LTE"
    CONTAINS = "CONTAINS"
    STARTS_WITH = "STARTS_WITH"
    EXISTS = "EXISTS"
    NOT_EXISTS = "NOT_EXISTS"
    MONTH_IS = "MONTH_IS"  # a date's month (1–12): birthdays, anniversaries


class ValueType(StrEnum):
    """How a value compares: decided by the column, or for JSON paths by the value given."""

    TEXT = "TEXT"
    NUMBER = "NUMBER"
    INSTANT = "INSTANT"
    BOOLEAN = "BOOLEAN"


class Aggregate(StrEnum):
    SUM = "SUM"
    MAX = "MAX"
    MIN = "MIN"
    AVG = "AVG"


class Moment(StrEnum):
    FIRST = "FIRST"
    LAST = "LAST"


ORDERED = {Operator.GT, Operator.GTE, Operator.LT, Operator.LTE}
LISTS = {Operator.IN, Operator.NOT_IN}
PRESENCE = {Operator.EXISTS, Operator.NOT_EXISTS}
TEXT_ONLY = {Operator.CONTAINS, Operator.STARTS_WITH}

# Customer columns a definition may name, with how they compare (metadata paths: `metadata.city`).
ATTRIBUTES: dict[str, tuple[str, ValueType]] = {
    "sourceId": ("source_id", ValueType.TEXT),
    "name": ("name", ValueType.TEXT),
    "email": ("email", ValueType.TEXT),
    "phone": ("phone", ValueType.TEXT),
    "latitude": ("latitude", ValueType.NUMBER),
    "longitude": ("longitude", ValueType.NUMBER),
    "createdAt": ("created_at", ValueType.INSTANT),
    "updatedAt": ("updated_at", ValueType.INSTANT),
}


@dataclass(frozen=True)
class Comparison:
    """`<subject> <op> <value>`: the subject is a column or a JSON path (`path`), typed by `value_type`."""

    op: Operator
    value_type: ValueType
    value: Any = None  # a scalar, or a list for IN / NOT_IN
    column: str | None = None
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Window:
    """occurred_at within [start, end): `last` (relative to now) or `between` two instants."""

    last: timedelta | None = None
    start: datetime | None = None
    end: datetime | None = None

    def bounds(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        if self.last is not None:
            return now - self.last, now  # [now − last, now): an event stamped after now is not in the last N days
        return self.start, self.end


@dataclass(frozen=True)
class EventFilter:
    name: str
    where: tuple[Comparison, ...] = ()
    window: Window | None = None


@dataclass(frozen=True)
class AllOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class Attribute:
    comparison: Comparison


@dataclass(frozen=True)
class EventCount:
    """The customer did the event (matching `where`, inside the window) at least / at most / exactly n times."""

    events: EventFilter
    at_least: int | None = None
    at_most: int | None = None


@dataclass(frozen=True)
class EventAggregate:
    """SUM / MAX / MIN / AVG of a numeric property over the matching events, compared with a number."""

    events: EventFilter
    function: Aggregate
    property_path: tuple[str, ...]
    op: Operator
    value: float


@dataclass(frozen=True)
class EventTime:
    """When the customer did the event for the first (or last) time: before / after an instant, or within."""

    events: EventFilter
    moment: Moment
    after: datetime | None = None
    before: datetime | None = None
    within: timedelta | None = None


@dataclass(frozen=True)
class Location:
    geofence_id: uuid.UUID
    inside: bool = True


@dataclass(frozen=True)
class SegmentRef:
    segment_id: uuid.UUID
    member: bool = True


Node = AllOf | AnyOf | Not | Attribute | EventCount | EventAggregate | EventTime | Location | SegmentRef


@dataclass
class Parsed:
    """A checked tree, with what it refers to (for the compiler) and the event names it uses."""

    root: Node
    event_names: set[str] = field(default_factory=set)
    segments: set[uuid.UUID] = field(default_factory=set)
    geofences: set[uuid.UUID] = field(default_factory=set)


class _Parser:
    def __init__(self, now: datetime, expand: Any) -> None:
        self.now = now
        self.expand = expand  # template expansion: (key, parameters, path) -> definition JSON
        self.leaves = 0
        self.result = Parsed(root=AllOf(()))

    def node(self, raw: Any, path: str, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise InvalidInput(f"A definition nests at most {MAX_DEPTH} levels.", field=path)
        if not isinstance(raw, dict) or len(raw) != 1:
            raise InvalidInput(
                "Each part of a definition is an object with exactly one of: all, any, not, attribute, event, "
                "aggregate, eventTime, location, segment, template.",
                field=path,
            )
        ((kind, body),) = raw.items()
        where = f"{path}.{kind}"
        if kind in {"all", "any"}:
            if not isinstance(body, list) or not body:
                raise InvalidInput(f"`{kind}` takes a non-empty list of parts.", field=where)
            children = tuple(self.node(child, f"{where}.{index}", depth + 1) for index, child in enumerate(body))
            return AllOf(children) if kind == "all" else AnyOf(children)
        if kind == "not":
            return Not(self.node(body, where, depth + 1))
        if kind == "template":
            expanded = self.expand(body, where)
            return self.node(expanded, where, depth + 1)
        self.leaves += 1
        if self.leaves > MAX_LEAVES:
            raise InvalidInput(f"A definition has at most {MAX_LEAVES} conditions.", field=where)
        leaf = LEAVES.get(kind)
        if leaf is None:
            raise InvalidInput(f"Unknown part {kind[:40]!r}.", field=where)
        if not isinstance(body, dict):
            raise InvalidInput(f"`{kind}` takes an object.", field=where)
        parsed: Node = leaf(self, body, where)
        return parsed

    def attribute(self, body: dict[str, Any], path: str) -> Attribute:
        _known_keys(body, {"attribute", "op", "value"}, path)
        name = _text(body.get("attribute"), f"{path}.attribute", 200)
        op = _operator(body.get("op"), f"{path}.op")
        if name.startswith("metadata."):
            keys = tuple(name.split(".")[1:])
            if not all(keys):
                raise InvalidInput("A metadata path names keys separated by dots.", field=f"{path}.attribute")
            return Attribute(_json_comparison(op, body.get("value"), keys, path))
        known = ATTRIBUTES.get(name)
        if known is None:
            names = ", ".join([*ATTRIBUTES, "metadata.<key>"])
            raise InvalidInput(f"Unknown attribute {name[:60]!r}; use one of {names}.", field=f"{path}.attribute")
        column, value_type = known
        return Attribute(_typed_comparison(op, body.get("value"), value_type, path, column=column))

    def events(self, body: dict[str, Any], path: str) -> EventFilter:
        name = _text(body.get("name"), f"{path}.name", EVENT_NAME_LENGTH)
        where = body.get("where") or []
        if not isinstance(where, list) or len(where) > 20:
            raise InvalidInput("`where` is a list of at most 20 property conditions.", field=f"{path}.where")
        conditions = tuple(self.property(item, f"{path}.where.{index}") for index, item in enumerate(where))
        window = self.window(body["window"], f"{path}.window") if body.get("window") is not None else None
        self.result.event_names.add(name)
        return EventFilter(name, conditions, window)

    def property(self, raw: Any, path: str) -> Comparison:
        if not isinstance(raw, dict):
            raise InvalidInput("A property condition is {property, op, value}.", field=path)
        _known_keys(raw, {"property", "op", "value"}, path)
        keys = _property_path(raw.get("property"), f"{path}.property")
        return _json_comparison(_operator(raw.get("op"), f"{path}.op"), raw.get("value"), keys, path)

    def window(self, raw: Any, path: str) -> Window:
        if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in {"last", "between"}:
            raise InvalidInput("A window is {last: {amount, unit}} or {between: {from, to}}.", field=path)
        if "last" in raw:
            return Window(last=self.duration(raw["last"], f"{path}.last"))
        between = raw["between"]
        if not isinstance(between, dict):
            raise InvalidInput("`between` is {from, to}.", field=f"{path}.between")
        start = _instant(between.get("from"), f"{path}.between.from")
        end = _instant(between.get("to"), f"{path}.between.to")
        if end <= start:
            raise InvalidInput("`to` must be after `from`.", field=f"{path}.between.to")
        if start > self.now:
            raise InvalidInput("The window lies in the future: no event can be in it yet.", field=f"{path}.between")
        return Window(start=start, end=end)

    def duration(self, raw: Any, path: str) -> timedelta:
        if not isinstance(raw, dict):
            raise InvalidInput("A duration is {amount, unit}.", field=path)
        amount, unit = raw.get("amount"), raw.get("unit")
        if unit not in {"HOURS", "DAYS"}:
            raise InvalidInput("`unit` is HOURS or DAYS.", field=f"{path}.unit")
        limit = MAX_WINDOW_DAYS * (24 if unit == "HOURS" else 1)
        count = _whole(amount, f"{path}.amount", 1, limit)
        return timedelta(hours=count) if unit == "HOURS" else timedelta(days=count)

    def event(self, body: dict[str, Any], path: str) -> EventCount:
        _known_keys(body, {"name", "where", "window", "count"}, path)
        events = self.events(body, path)
        count = body.get("count") or {"atLeast": 1}
        if not isinstance(count, dict) or len(count) != 1 or next(iter(count)) not in {"atLeast", "atMost", "exactly"}:
            raise InvalidInput("`count` is one of {atLeast: n}, {atMost: n}, {exactly: n}.", field=f"{path}.count")
        ((kind, n),) = count.items()
        _whole(n, f"{path}.count.{kind}", 0, MAX_COUNT)
        if kind == "atLeast":
            return EventCount(events, at_least=n)
        if kind == "atMost":
            return EventCount(events, at_most=n)
        return EventCount(events, at_least=n, at_most=n)

    def aggregate(self, body: dict[str, Any], path: str) -> EventAggregate:
        _known_keys(body, {"name", "where", "window", "property", "function", "op", "value"}, path)
        events = self.events(body, path)
        keys = _property_path(body.get("property"), f"{path}.property")
        function = body.get("function")
        if function not in Aggregate.__members__:
            raise InvalidInput("`function` is SUM, MAX, MIN or AVG.", field=f"{path}.function")
        op = _operator(body.get("op"), f"{path}.op")
        if op not in ORDERED | {Operator.EQ, Operator.NE}:
            raise InvalidInput("An aggregate compares with EQ, NE, GT, GTE, LT or LTE.", field=f"{path}.op")
        value = _number(body.get("value"), f"{path}.value")
        return EventAggregate(events, Aggregate(str(function)), keys, op, value)

    def event_time(self, body: dict[str, Any], path: str) -> EventTime:
        _known_keys(body, {"name", "where", "which", "after", "before", "within"}, path)
        events = self.events(body, path)
        which = body.get("which")
        if which not in Moment.__members__:
            raise InvalidInput("`which` is FIRST or LAST.", field=f"{path}.which")
        after = _instant(body["after"], f"{path}.after") if body.get("after") is not None else None
        before = _instant(body["before"], f"{path}.before") if body.get("before") is not None else None
        within = self.duration(body["within"], f"{path}.within") if body.get("within") is not None else None
        if after is None and before is None and within is None:
            raise InvalidInput("Give `after`, `before` or `within`.", field=path)
        if after is not None and after > self.now:
            raise InvalidInput("`after` lies in the future.", field=f"{path}.after")
        return EventTime(events, Moment(str(which)), after, before, within)

    def location(self, body: dict[str, Any], path: str) -> Location:
        _known_keys(body, {"geofenceId", "inside"}, path)
        geofence = body.get("geofenceId")
        if not isinstance(geofence, str):
            raise InvalidInput("Give the geofence's id.", field=f"{path}.geofenceId")
        geofence_id = decode_id("Geofence", geofence, field=f"{path}.geofenceId")
        inside = body.get("inside", True)
        if not isinstance(inside, bool):
            raise InvalidInput("`inside` is true or false.", field=f"{path}.inside")
        self.result.geofences.add(geofence_id)
        return Location(geofence_id, inside)

    def segment(self, body: dict[str, Any], path: str) -> SegmentRef:
        _known_keys(body, {"segmentId", "member"}, path)
        given = body.get("segmentId")
        if not isinstance(given, str):
            raise InvalidInput("Give the segment's id.", field=f"{path}.segmentId")
        segment_id = decode_id("Segment", given, field=f"{path}.segmentId")
        member = body.get("member", True)
        if not isinstance(member, bool):
            raise InvalidInput("`member` is true or false.", field=f"{path}.member")
        self.result.segments.add(segment_id)
        return SegmentRef(segment_id, member)


LEAVES: dict[str, Any] = {
    "attribute": _Parser.attribute,
    "event": _Parser.event,
    "aggregate": _Parser.aggregate,
    "eventTime": _Parser.event_time,
    "location": _Parser.location,
    "segment": _Parser.segment,
}


def parse_definition(raw: Any, *, now: datetime, expand: Any, field: str = "definition") -> Parsed:
    """The checked tree of `raw`, or InvalidInput naming the path at fault."""
    parser = _Parser(now, expand)
    parser.result.root = parser.node(raw, field, 1)
    return parser.result


def _known_keys(body: dict[str, Any], allowed: set[str], path: str) -> None:
    for key in body:
        if key not in allowed:
            raise InvalidInput(
                f"Unknown key {key[:40]!r} (allowed: {', '.join(sorted(allowed))}).", field=f"{path}.{key}"
            )


def _text(value: Any, path: str, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("Give a non-empty string.", field=path)
    return check_string(value.strip(), field=path, max_length=max_length, characters=Characters.LINE)


def _property_path(value: Any, path: str) -> tuple[str, ...]:
    keys = tuple(_text(value, path, 200).split("."))
    if not all(keys):
        raise InvalidInput("A property path names keys separated by dots.", field=path)
    return keys


def _operator(value: Any, path: str) -> Operator:
    if value not in Operator.__members__:
        raise InvalidInput(f"Unknown operator; use one of {', '.join(Operator)}.", field=path)
    return Operator(value)


def _whole(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("Give a whole number.", field=path)
    if not low <= value <= high:
        raise OutOfBounds("OUT_OF_RANGE", f"Must be between {low:,} and {high:,}.", field=path)
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput("Give a number.", field=path)
    if abs(value) > MAX_AMOUNT:
        raise OutOfBounds("OUT_OF_RANGE", f"Must be within ±{MAX_AMOUNT:,}.", field=path)
    return float(value)


def _instant(value: Any, path: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidInput("Give an ISO 8601 date-time with an offset.", field=path)
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput("Give an ISO 8601 date-time with an offset.", field=path) from exc
    if instant.tzinfo is None:
        raise InvalidInput("Give the time with a UTC offset.", field=path)
    if not 1900 <= instant.year <= 9999:
        raise OutOfBounds("OUT_OF_RANGE", "Dates lie between 1900 and 9999.", field=path)
    return instant


def _scalar_type(value: Any, path: str) -> ValueType:
    """How a JSON path compares, from the value given: a number, a boolean, an instant, or text."""
    if isinstance(value, bool):
        return ValueType.BOOLEAN
    if isinstance(value, int | float):
        _number(value, path)
        return ValueType.NUMBER
    if isinstance(value, str):
        check_string(value, field=path, max_length=1000, characters=Characters.TEXT)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return ValueType.TEXT
        return ValueType.INSTANT if parsed.tzinfo is not None and "T" in value else ValueType.TEXT
    raise InvalidInput("Give a string, a number or a boolean.", field=path)


def _json_comparison(op: Operator, value: Any, keys: tuple[str, ...], path: str) -> Comparison:
    """A comparison of a JSON path, typed by the value given (all list values share one type)."""
    where = f"{path}.value"
    if op in PRESENCE:
        if value is not None:
            raise InvalidInput(f"{op.value} takes no value.", field=where)
        return Comparison(op, ValueType.TEXT, path=keys)
    if op is Operator.MONTH_IS:
        _whole(value, where, 1, 12)
        return Comparison(op, ValueType.INSTANT, value, path=keys)
    if op in LISTS:
        values = _list(value, where)
        types = {_scalar_type(item, f"{where}.{index}") for index, item in enumerate(values)}
        if len(types) != 1:
            raise InvalidInput("The values of a list are all of one type.", field=where)
        value_type = types.pop()
        return Comparison(op, value_type, [_normal(item, value_type) for item in values], path=keys)
    value_type = _scalar_type(value, where)
    _check_operator(op, value_type, path)
    return Comparison(op, value_type, _normal(value, value_type), path=keys)


def _typed_comparison(op: Operator, value: Any, value_type: ValueType, path: str, *, column: str) -> Comparison:
    """A comparison of a customer column, whose type is known: the value must be of that type."""
    where = f"{path}.value"
    if op in PRESENCE:
        if value is not None:
            raise InvalidInput(f"{op.value} takes no value.", field=where)
        return Comparison(op, value_type, column=column)
    if op is Operator.MONTH_IS:
        if value_type is not ValueType.INSTANT:
            raise InvalidInput("MONTH_IS compares dates.", field=f"{path}.op")
        _whole(value, where, 1, 12)
        return Comparison(op, value_type, value, column=column)
    _check_operator(op, value_type, path)
    if op in LISTS:
        values = [_of_type(item, value_type, f"{where}.{index}") for index, item in enumerate(_list(value, where))]
        return Comparison(op, value_type, values, column=column)
    return Comparison(op, value_type, _of_type(value, value_type, where), column=column)


def _check_operator(op: Operator, value_type: ValueType, path: str) -> None:
    if op in TEXT_ONLY and value_type is not ValueType.TEXT:
        raise InvalidInput(f"{op.value} compares text.", field=f"{path}.op")
    if op is Operator.MONTH_IS:
        raise InvalidInput("MONTH_IS takes a month number (1–12).", field=f"{path}.op")
    if op in ORDERED and value_type is ValueType.BOOLEAN:
        raise InvalidInput(f"{op.value} does not compare true and false.", field=f"{path}.op")


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise InvalidInput("IN and NOT_IN take a non-empty list of values.", field=path)
    if len(value) > MAX_VALUES:
        raise OutOfBounds("TOO_MANY_ITEMS", f"At most {MAX_VALUES} values.", field=path)
    return value


def _of_type(value: Any, value_type: ValueType, path: str) -> Any:
    if value_type is ValueType.NUMBER:
        return _number(value, path)
    if value_type is ValueType.INSTANT:
        return _instant(value, path)
    if not isinstance(value, str):
        raise InvalidInput("Give a string.", field=path)
    return check_string(value, field=path, max_length=1000, characters=Characters.TEXT)


def _normal(value: Any, value_type: ValueType) -> Any:
    if value_type is ValueType.NUMBER:
        return float(value)
    if value_type is ValueType.INSTANT:
        return datetime.fromisoformat(value)
    return value


def property_conditions(raw: Any, path: str) -> tuple[Comparison, ...]:
    """A `where` list of property conditions (`[{property, op, value}]`), as segment event leaves take it."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 20:
        raise InvalidInput("`where` is a list of at most 20 property conditions.", field=path)
    parser = _Parser(datetime.now().astimezone(), None)
    return tuple(parser.property(item, f"{path}.{index}") for index, item in enumerate(raw))
