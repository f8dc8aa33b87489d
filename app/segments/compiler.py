"""A parsed segment definition compiled to one SQL predicate over the customer table (alias `c`).

Two shapes of the same predicate:
- `SET`, for counts, previews and member lists: a condition with a HAVING (any count but "at least once",
  an aggregate, a first or last time) is an uncorrelated
  `c.id IN (SELECT e.customer_id FROM customer_event e WHERE … GROUP BY e.customer_id HAVING …)`, which
  PostgreSQL turns into a hash semi join (or a hashed sub-plan under OR/NOT), reading the event range once
  through the `(name, occurred_at, customer_id)` index whatever the number of customers. "Did it at least
  once" is a correlated `EXISTS` as in `ONE`: at the top level PostgreSQL makes it a semi join (`NOT EXISTS`
  an anti join) and chooses hashing or index probes by cost; under OR it hashes the sub-plan when it fits
  in memory and probes the index per customer otherwise. (`NOT (c.id IN (…))` never becomes an anti join,
  and once its rows outgrow work_mem it re-reads the whole event range for every customer.)
- `ONE`, for one customer (a validation rule, `customer { segments }`): correlated
  `EXISTS (SELECT 1 FROM customer_event e WHERE e.customer_id = c.id AND … HAVING …)`, which reads only
  that customer's events through the `(customer_id, name, occurred_at)` index.

Every comparison is null-safe: a missing attribute or property never matches a positive condition, and
always matches its negation (NE, NOT_IN, NOT_EXISTS, `not`). Aggregates over no events match nothing.
Values travel as parameters; only the shape of the SQL comes from the definition.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum
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


class Mode(Enum):
    SET = "SET"
    ONE = "ONE"


@dataclass
class Resolved:
    """What a definition refers to, looked up before compiling: segments, and geofences' customers."""

    filters: dict[uuid.UUID, Parsed] = field(default_factory=dict)  # saved filter segments, parsed
    lists: set[uuid.UUID] = field(default_factory=set)  # saved list / uploaded segments (member rows)
    inside: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)  # geofence -> customers inside


@dataclass
class Compiled:
    sql: str
    params: list[Any]


SQL_OPS = {
    Operator.EQ: "=",
    Operator.NE: "<>",
    Operator.GT: ">",
    Operator.GTE: ">=",
    Operator.LT: "<",
    Operator.LTE: "<=",
}
CASTS = {ValueType.TEXT: "text", ValueType.NUMBER: "numeric", ValueType.INSTANT: "timestamptz"}
NEGATED = {Operator.NE: Operator.EQ, Operator.NOT_IN: Operator.IN, Operator.NOT_EXISTS: Operator.EXISTS}
AGGREGATES = {Aggregate.SUM: "sum", Aggregate.MAX: "max", Aggregate.MIN: "min", Aggregate.AVG: "avg"}


class _Compiler:
    def __init__(self, now: datetime, resolved: Resolved, mode: Mode, offset: int) -> None:
        self.now = now
        self.resolved = resolved
        self.mode = mode
        self.offset = offset
        self.params: list[Any] = []
        self.inlining: list[uuid.UUID] = []

    def param(self, value: Any, cast: str) -> str:
        if cast.startswith("numeric"):
            value = [_decimal(item) for item in value] if isinstance(value, list) else _decimal(value)
        self.params.append(value)
        return f"${self.offset + len(self.params)}::{cast}"

    def node(self, node: Node) -> str:
        if isinstance(node, AllOf):
            return "(" + " AND ".join(self.node(child) for child in node.children) + ")"
        if isinstance(node, AnyOf):
            return "(" + " OR ".join(self.node(child) for child in node.children) + ")"
        if isinstance(node, Not):
            return f"(NOT {self.node(node.child)})"
        if isinstance(node, Attribute):
            return self.comparison(node.comparison, "c.metadata", table="c")
        if isinstance(node, EventCount):
            return self.event_count(node)
        if isinstance(node, EventAggregate):
            return self.aggregate(node)
        if isinstance(node, EventTime):
            return self.event_time(node)
        if isinstance(node, Location):
            return self.location(node)
        return self.segment(node)

    # Comparisons of a customer column or a JSON path (customer metadata, event properties).

    def comparison(self, comparison: Comparison, document: str, *, table: str) -> str:
        op = comparison.op
        if op in {Operator.NE, Operator.NOT_IN, Operator.NOT_EXISTS}:
            positive = {Operator.NE: Operator.EQ, Operator.NOT_IN: Operator.IN, Operator.NOT_EXISTS: Operator.EXISTS}
            flipped = Comparison(
                positive[op], comparison.value_type, comparison.value, comparison.column, comparison.path
            )
            return f"(NOT {self.comparison(flipped, document, table=table)})"
        if comparison.column is not None:
            subject = f"{table}.{comparison.column}"
            expression = self.column_test(subject, comparison)
        else:
            expression = self.json_test(document, self.param(list(comparison.path), "text[]"), comparison)
        return f"COALESCE({expression}, false)"

    def column_test(self, subject: str, comparison: Comparison) -> str:
        op, value_type = comparison.op, comparison.value_type
        if op is Operator.EXISTS:
            return f"({subject} IS NOT NULL AND {subject}::text <> '')"
        if op is Operator.MONTH_IS:
            return f"(EXTRACT(MONTH FROM {subject} AT TIME ZONE 'UTC') = {self.param(comparison.value, 'int')})"
        return self.scalar_test(subject, op, value_type, comparison.value)

    def json_test(self, document: str, path: str, comparison: Comparison) -> str:
        op, value_type = comparison.op, comparison.value_type
        node = f"({document} #> {path})"
        if op is Operator.EXISTS:
            return f"({node} IS NOT NULL AND jsonb_typeof({node}) <> 'null')"
        if op is Operator.MONTH_IS:
            date = f"promo_instant({node} #>> '{{}}')"
            return f"(EXTRACT(MONTH FROM {date} AT TIME ZONE 'UTC') = {self.param(comparison.value, 'int')})"
        if value_type is ValueType.NUMBER:
            guard, subject = "number", f"({node})::numeric"
        elif value_type is ValueType.BOOLEAN:
            guard, subject = "boolean", f"({node})::boolean"
        elif value_type is ValueType.INSTANT:
            guard, subject = "string", f"promo_instant({node} #>> '{{}}')"
        else:
            # Text compares first: it is safe on any JSON value and rejects a row with one path lookup, so the
            # type guard runs only on the rows that match (the other casts must not meet a wrong type).
            test = self.scalar_test(f"({document} #>> {path})", op, value_type, comparison.value)
            return f"({test} AND jsonb_typeof({node}) = 'string')"
        return f"(jsonb_typeof({node}) = '{guard}' AND {self.scalar_test(subject, op, value_type, comparison.value)})"

    def scalar_test(self, subject: str, op: Operator, value_type: ValueType, value: Any) -> str:
        cast = CASTS.get(value_type, "boolean")
        if op is Operator.IN:
            return f"({subject} = ANY({self.param(list(value), cast + '[]')}))"
        if op is Operator.CONTAINS:
            return f"(strpos(lower({subject}), lower({self.param(value, 'text')})) > 0)"
        if op is Operator.STARTS_WITH:
            return f"starts_with({subject}, {self.param(value, 'text')})"
        return f"({subject} {SQL_OPS[op]} {self.param(value, cast)})"

    # Event conditions.

    def event_filter(self, events: EventFilter) -> str:
        conditions = [f"e.name = {self.param(events.name, 'text')}"]
        if events.window is not None:
            start, end = events.window.bounds(self.now)
            if start is not None:
                conditions.append(f"e.occurred_at >= {self.param(start, 'timestamptz')}")
            if end is not None:
                conditions.append(f"e.occurred_at < {self.param(end, 'timestamptz')}")
        conditions += [self.comparison(condition, "e.properties", table="e") for condition in events.where]
        return " AND ".join(conditions)

    def customers_with(self, events: EventFilter, having: str | None) -> str:
        """Customers whose matching events satisfy `having` (any matching event when None)."""
        where = self.event_filter(events)
        if self.mode is Mode.ONE or having is None:
            tail = f" HAVING {having}" if having else ""
            return f"EXISTS (SELECT 1 FROM customer_event e WHERE e.customer_id = c.id AND {where}{tail})"
        grouped = f"SELECT e.customer_id FROM customer_event e WHERE {where} GROUP BY e.customer_id HAVING {having}"
        return f"c.id IN ({grouped})"

    def event_count(self, node: EventCount) -> str:
        at_least, at_most = node.at_least or 0, node.at_most
        if at_most is not None and at_least > at_most:
            return "false"
        if at_most is not None and at_most == at_least and at_least > 0:
            return self.customers_with(node.events, f"count(*) = {self.param(at_least, 'bigint')}")
        parts = []
        if at_least >= 1:
            having = f"count(*) >= {self.param(at_least, 'bigint')}" if at_least > 1 else None
            parts.append(self.customers_with(node.events, having))
        if at_most is not None:
            having = f"count(*) > {self.param(at_most, 'bigint')}" if at_most > 0 else None
            parts.append(f"(NOT {self.customers_with(node.events, having)})")
        return "(" + " AND ".join(parts) + ")" if parts else "true"

    def aggregate(self, node: EventAggregate) -> str:
        value = f"(e.properties #> {self.param(list(node.property_path), 'text[]')})"
        function = AGGREGATES[node.function]
        measured = f"{function}(({value})::numeric) FILTER (WHERE jsonb_typeof({value}) = 'number')"
        having = f"{measured} {SQL_OPS[node.op]} {self.param(node.value, 'numeric')}"
        return self.customers_with(node.events, having)

    def event_time(self, node: EventTime) -> str:
        moment = "min(e.occurred_at)" if node.moment is Moment.FIRST else "max(e.occurred_at)"
        conditions = []
        if node.after is not None:
            conditions.append(f"{moment} >= {self.param(node.after, 'timestamptz')}")
        if node.before is not None:
            conditions.append(f"{moment} < {self.param(node.before, 'timestamptz')}")
        if node.within is not None:  # [now − within, now), as a `last` window
            conditions.append(f"{moment} >= {self.param(self.now - node.within, 'timestamptz')}")
            conditions.append(f"{moment} < {self.param(self.now, 'timestamptz')}")
        return self.customers_with(node.events, " AND ".join(conditions))

    # References.

    def location(self, node: Location) -> str:
        inside = f"(c.id = ANY({self.param(self.resolved.inside.get(node.geofence_id, []), 'uuid[]')}))"
        return inside if node.inside else f"(NOT {inside})"

    def segment(self, node: SegmentRef) -> str:
        parsed = self.resolved.filters.get(node.segment_id)
        if parsed is not None:
            if node.segment_id in self.inlining:  # refused when saved; never loop on stored data either
                return "false"
            self.inlining.append(node.segment_id)
            member = self.node(parsed.root)
            self.inlining.pop()
        elif node.segment_id in self.resolved.lists:
            segment = self.param(node.segment_id, "uuid")
            if self.mode is Mode.ONE:
                member = (
                    f"EXISTS (SELECT 1 FROM segment_member m WHERE m.segment_id = {segment} AND m.customer_id = c.id)"
                )
            else:
                member = f"c.id IN (SELECT m.customer_id FROM segment_member m WHERE m.segment_id = {segment})"
        else:
            member = "false"  # a segment deleted since: nobody is in it
        return member if node.member else f"(NOT {member})"


def _decimal(value: Any) -> Any:
    """A number as the decimal it was written as: a float travels as its exact binary value otherwise
    (0.1 as 0.1000000000000000055…), and `numeric` comparisons with JSON numbers would miss."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def compile_predicate(parsed: Parsed, *, now: datetime, resolved: Resolved, mode: Mode, offset: int = 0) -> Compiled:
    """The SQL predicate over `customer c` for `parsed`, with its parameters (numbered from `offset + 1`)."""
    compiler = _Compiler(now, resolved, mode, offset)
    return Compiled(compiler.node(parsed.root), compiler.params)
