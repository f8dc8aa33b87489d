"""Segment definitions as typed `@oneOf` inputs (GraphiQL shows what is allowed), and segment inputs.

A definition input becomes its JSON form (the same keys, camelCase) which the segments domain parses,
checks with paths (`definition.all.2.event.window`) and stores.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.base import has_object_definition

from app.graphql.constraints import DESCRIPTION, NAME, Items, Line, Range
from app.graphql.enums import describe_enum
from app.segments.definitions import MAX_COUNT, MAX_WINDOW_DAYS, Aggregate, Moment, Operator
from app.segments.models import SegmentKind as SegmentKind

PATH = Line(200)
EVENT_NAME = Line(100)
CONDITIONS = Items(100)
TIMES = Range(0, MAX_COUNT)


@strawberry.enum(description="How a condition compares.")
class ComparisonOperator(Enum):
    EQ = strawberry.enum_value(Operator.EQ.value, description="Equal (missing values never are).")
    NE = strawberry.enum_value(Operator.NE.value, description="Not equal (true when the value is missing).")
    IN = strawberry.enum_value(Operator.IN.value, description="Equal to one of the values (a list).")
    NOT_IN = strawberry.enum_value(Operator.NOT_IN.value, description="Equal to none of them (or missing).")
    GT = strawberry.enum_value(Operator.GT.value, description="Greater than.")
    GTE = strawberry.enum_value(Operator.GTE.value, description="Greater than or equal.")
    LT = strawberry.enum_value(Operator.LT.value, description="Less than.")
    LTE = strawberry.enum_value(Operator.LTE.value, description="Less than or equal.")
    CONTAINS = strawberry.enum_value(Operator.CONTAINS.value, description="Text containing the value (any case).")
    STARTS_WITH = strawberry.enum_value(Operator.STARTS_WITH.value, description="Text starting with the value.")
    EXISTS = strawberry.enum_value(Operator.EXISTS.value, description="Has a value (no `value` given).")
    NOT_EXISTS = strawberry.enum_value(Operator.NOT_EXISTS.value, description="Has no value (no `value` given).")
    MONTH_IS = strawberry.enum_value(Operator.MONTH_IS.value, description="A date whose month is `value` (1–12).")


@strawberry.enum(description="Unit of a duration.")
class DurationUnit(Enum):
    HOURS = strawberry.enum_value("HOURS", description="Hours.")
    DAYS = strawberry.enum_value("DAYS", description="Days of 24 hours.")


@strawberry.enum(description="How event properties are combined.")
class AggregateFunction(Enum):
    SUM = strawberry.enum_value(Aggregate.SUM.value, description="Total.")
    MAX = strawberry.enum_value(Aggregate.MAX.value, description="Largest.")
    MIN = strawberry.enum_value(Aggregate.MIN.value, description="Smallest.")
    AVG = strawberry.enum_value(Aggregate.AVG.value, description="Average.")


@strawberry.enum(description="The first or the last time.")
class EventMoment(Enum):
    FIRST = strawberry.enum_value(Moment.FIRST.value, description="The first time the event happened.")
    LAST = strawberry.enum_value(Moment.LAST.value, description="The last time it happened.")


describe_enum(
    SegmentKind,
    "How a segment's members are decided.",
    {
        "FILTER": "A definition over attributes, behaviour, location and other segments, evaluated when asked.",
        "LIST": "Members added and removed by hand.",
        "UPLOADED": "Members from uploaded CSV files.",
    },
)


@strawberry.input(description="A customer attribute compared with a value.")
class AttributeConditionInput:
    attribute: str = strawberry.field(
        directives=[PATH],
        description="sourceId, name, email, phone, latitude, longitude, createdAt, updatedAt, or "
        "metadata.<key>[.<key>…]",
    )
    op: ComparisonOperator = strawberry.field(description="How to compare.")
    value: JSON | None = strawberry.field(
        default=None,
        description="A string, number, boolean or ISO date-time (a list for IN / NOT_IN); metadata compares by "
        "the value's type.",
    )


@strawberry.input(description="An event property compared with a value.")
class PropertyConditionInput:
    property: str = strawberry.field(directives=[PATH], description="A key, or a path of keys with dots.")
    op: ComparisonOperator = strawberry.field(description="How to compare.")
    value: JSON | None = strawberry.field(default=None, description="As for attributes.")


@strawberry.input(description="A duration back from now.")
class DurationInput:
    amount: int = strawberry.field(directives=[Range(1, MAX_WINDOW_DAYS * 24)], description="How many units.")
    unit: DurationUnit = strawberry.field(description="HOURS or DAYS.")


@strawberry.input(description="Between two instants.")
class InstantRangeInput:
    from_: dt.datetime = strawberry.field(name="from", description="From (included).")
    to: dt.datetime = strawberry.field(description="To (excluded).")


@strawberry.input(one_of=True, description="When events count: the last N hours/days, or between two instants.")
class WindowInput:
    last: DurationInput | None = strawberry.field(default=strawberry.UNSET, description="Back from now.")
    between: InstantRangeInput | None = strawberry.field(default=strawberry.UNSET, description="A fixed range.")


@strawberry.input(one_of=True, description="How many matching events.")
class CountInput:
    at_least: int | None = strawberry.field(
        default=strawberry.UNSET, directives=[Range(0, MAX_COUNT)], description="≥ n."
    )
    at_most: int | None = strawberry.field(
        default=strawberry.UNSET, directives=[Range(0, MAX_COUNT)], description="≤ n."
    )
    exactly: int | None = strawberry.field(
        default=strawberry.UNSET, directives=[TIMES], description="Exactly n (0: did not do it)."
    )


@strawberry.input(description="The customer did the event, as often as `count` says (default: at least once).")
class EventConditionInput:
    name: str = strawberry.field(directives=[EVENT_NAME], description="The event's name.")
    where: list[PropertyConditionInput] | None = strawberry.field(
        default=None, directives=[Items(20)], description="Conditions on the event's properties (all must hold)."
    )
    window: WindowInput | None = strawberry.field(default=None, description="Only events in this window count.")
    count: CountInput | None = strawberry.field(default=None, description="How many times (default: at least once).")


@strawberry.input(description="A number computed over the customer's matching events, compared with a value.")
class EventAggregateConditionInput:
    name: str = strawberry.field(directives=[EVENT_NAME], description="The event's name.")
    property: str = strawberry.field(directives=[PATH], description="The numeric property aggregated.")
    function: AggregateFunction = strawberry.field(description="SUM, MAX, MIN or AVG.")
    op: ComparisonOperator = strawberry.field(description="EQ, NE, GT, GTE, LT or LTE.")
    value: float = strawberry.field(directives=[Range(-(10**15), 10**15)], description="Compared with.")
    where: list[PropertyConditionInput] | None = strawberry.field(
        default=None, directives=[Items(20)], description="Which events count."
    )
    window: WindowInput | None = strawberry.field(default=None, description="Only events in this window count.")


@strawberry.input(description="When the customer did the event for the first or last time.")
class EventTimeConditionInput:
    name: str = strawberry.field(directives=[EVENT_NAME], description="The event's name.")
    which: EventMoment = strawberry.field(description="FIRST or LAST.")
    after: dt.datetime | None = strawberry.field(default=None, description="At or after this instant.")
    before: dt.datetime | None = strawberry.field(default=None, description="Before this instant.")
    within: DurationInput | None = strawberry.field(default=None, description="Within this long back from now.")
    where: list[PropertyConditionInput] | None = strawberry.field(
        default=None, directives=[Items(20)], description="Which events count."
    )


@strawberry.input(description="The customer's last known location is inside (or outside) a geofence.")
class LocationConditionInput:
    geofence_id: strawberry.ID = strawberry.field(description="The geofence.")
    inside: bool = strawberry.field(default=True, description="false: outside (or no known location).")


@strawberry.input(description="The customer is (or is not) in another saved segment.")
class SegmentReferenceInput:
    segment_id: strawberry.ID = strawberry.field(description="The segment (cycles are refused).")
    member: bool = strawberry.field(default=True, description="false: not in it.")


@strawberry.input(description="A predefined filter (see `segmentTemplates`) with its parameters.")
class TemplateUseInput:
    key: str = strawberry.field(directives=[Line(64)], description="The template's key.")
    parameters: JSON | None = strawberry.field(default=None, description="Values of its parameters.")


@strawberry.input(
    one_of=True,
    description="A segment definition: exactly one of a combination (all, any, not) or a condition. At most 10 "
    "levels and 100 conditions.",
)
class SegmentDefinitionInput:
    all: list[SegmentDefinitionInput] | None = strawberry.field(
        default=strawberry.UNSET, directives=[CONDITIONS], description="Every part holds."
    )
    any: list[SegmentDefinitionInput] | None = strawberry.field(
        default=strawberry.UNSET, directives=[CONDITIONS], description="At least one part holds."
    )
    not_: SegmentDefinitionInput | None = strawberry.field(
        name="not", default=strawberry.UNSET, description="The part does not hold."
    )
    attribute: AttributeConditionInput | None = strawberry.field(default=strawberry.UNSET, description="Attribute.")
    event: EventConditionInput | None = strawberry.field(default=strawberry.UNSET, description="Behaviour: count.")
    aggregate: EventAggregateConditionInput | None = strawberry.field(
        default=strawberry.UNSET, description="Behaviour: sum, max, min or average of a property."
    )
    event_time: EventTimeConditionInput | None = strawberry.field(
        default=strawberry.UNSET, description="Behaviour: first or last time."
    )
    location: LocationConditionInput | None = strawberry.field(default=strawberry.UNSET, description="Location.")
    segment: SegmentReferenceInput | None = strawberry.field(default=strawberry.UNSET, description="Membership.")
    template: TemplateUseInput | None = strawberry.field(default=strawberry.UNSET, description="Predefined filter.")


@strawberry.input(description="A new segment.")
class SegmentCreateInput:
    name: str = strawberry.field(directives=[NAME], description="Unique name.")
    kind: SegmentKind = strawberry.field(description="FILTER (with a definition), LIST or UPLOADED.")
    description: str = strawberry.field(default="", directives=[DESCRIPTION], description="Free text.")
    definition: SegmentDefinitionInput | None = strawberry.field(default=None, description="FILTER: who is in it.")


@strawberry.input(description="Changes to a segment; omitted fields stay as they are.")
class SegmentUpdateInput:
    id: strawberry.ID = strawberry.field(description="The segment.")
    expected_version: int = strawberry.field(directives=[Range(1, 2**31 - 1)], description="The version you read.")
    name: str | None = strawberry.field(default=strawberry.UNSET, directives=[NAME], description="New name.")
    description: str | None = strawberry.field(default=strawberry.UNSET, directives=[DESCRIPTION], description="Text.")
    definition: SegmentDefinitionInput | None = strawberry.field(
        default=strawberry.UNSET, description="FILTER: the new definition."
    )


@strawberry.input(description="Customers to add to or remove from a LIST or UPLOADED segment (≤ 10,000 in all).")
class SegmentMembersInput:
    segment_id: strawberry.ID = strawberry.field(description="The segment.")
    customer_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, directives=[Items(10_000)], description="By our ids."
    )
    source_ids: list[str] | None = strawberry.field(
        default=None, directives=[Line(200, max_items=10_000)], description="By your ids."
    )
    create_unknown: bool = strawberry.field(
        default=False, description="Add: create customers for unknown source ids (else they are reported)."
    )


def to_json(value: Any) -> Any:
    """The JSON form of an input (GraphQL names, camelCase), leaving out what was not given."""
    if has_object_definition(value):
        definition = value.__strawberry_definition__
        result = {}
        for item in definition.fields:
            given = getattr(value, item.python_name)
            if given is None or given is strawberry.UNSET:
                continue
            result[item.graphql_name or _camel(item.python_name)] = to_json(given)
        return result
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part.title() for part in rest)
