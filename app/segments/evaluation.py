"""Who is in a segment now: definitions parsed, references resolved, compiled to SQL and run.

A filter segment is evaluated live (one statement); a list or uploaded segment is its member rows. Set
queries (counts, previews, member pages) run with a larger `work_mem` for their transaction, so the hash
tables of semi/anti joins and hashed sub-plans stay in memory.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from app.core.errors import InvalidInput
from app.core.pagination import Position
from app.customers.models import Customer
from app.geofences import services as geofences
from app.segments import templates
from app.segments.compiler import Compiled, Mode, Resolved, compile_predicate
from app.segments.definitions import Parsed, parse_definition
from app.segments.models import Segment, SegmentKind

PREVIEW_SIZE = 20
SET_WORK_MEM = "64MB"  # per sort/hash node of a set query's plan, for its transaction only


@dataclass
class DefinitionWarning:
    """Something odd but allowed in a definition (e.g. an event name nobody has tracked yet)."""

    field: str
    message: str


@dataclass
class Preview:
    count: int
    customer_ids: list[uuid.UUID]
    warnings: list[DefinitionWarning] = field(default_factory=list)


def parse(definition: Any, *, now: datetime, field: str = "definition") -> Parsed:
    """The checked tree of a definition (templates expanded for `now`), or InvalidInput with its path."""
    return parse_definition(definition, now=now, expand=partial(templates.expand, now=now), field=field)


async def resolve(
    parsed: Parsed, *, now: datetime, mode: Mode, customer: Customer | None = None, within: uuid.UUID | None = None
) -> Resolved:
    """Load the segments a definition refers to (filters parsed, recursively) and the geofences' customers.

    `within`: the id of the segment being saved; a reference back to it (directly or through other filter
    segments) is a cycle and is refused.
    """
    resolved = Resolved()
    trees = [parsed]
    pending = set(parsed.segments)
    seen: set[uuid.UUID] = set()
    while pending:
        if within is not None and within in pending:
            raise InvalidInput("The definition refers back to this segment (a cycle).", field="definition")
        batch = list(pending - seen)
        seen |= pending
        pending = set()
        for segment in await Segment.filter(id__in=batch):
            if segment.kind is SegmentKind.FILTER:
                nested = parse(segment.definition, now=now, field=f"segment {segment.name}")
                resolved.filters[segment.id] = nested
                trees.append(nested)
                pending |= nested.segments - seen
            else:
                resolved.lists.add(segment.id)
    for geofence_id in {geofence for tree in trees for geofence in tree.geofences}:
        resolved.inside[geofence_id] = await _inside(geofence_id, mode, customer)
    return resolved


async def _inside(geofence_id: uuid.UUID, mode: Mode, customer: Customer | None) -> list[uuid.UUID]:
    if mode is Mode.SET:
        return await geofences.customers_inside(geofence_id=geofence_id)
    if customer is None or customer.latitude is None or customer.longitude is None:
        return []
    covering = await geofences.covering(latitude=customer.latitude, longitude=customer.longitude)
    return [customer.id] if str(geofence_id) in covering else []


async def compiled(
    parsed: Parsed, *, now: datetime, mode: Mode, offset: int = 0, customer: Customer | None = None
) -> Compiled:
    resolved = await resolve(parsed, now=now, mode=mode, customer=customer)
    return compile_predicate(parsed, now=now, resolved=resolved, mode=mode, offset=offset)


async def warnings_of(parsed: Parsed) -> list[DefinitionWarning]:
    """Event names the definition uses that no event has been tracked with (yet)."""
    if not parsed.event_names:
        return []
    rows = await connections.get("default").execute_query_dict(
        "SELECT name FROM event_name WHERE name = ANY($1::text[])", [sorted(parsed.event_names)]
    )
    known = {row["name"] for row in rows}
    return [
        DefinitionWarning("definition", f"No event named {name!r} has been tracked yet; nobody matches it for now.")
        for name in sorted(parsed.event_names - known)
    ]


async def set_query(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    async with in_transaction() as connection:
        # A reused (generic) plan ignores the actual windows and thresholds: plan each query for its values.
        await connection.execute_script(
            f"SET LOCAL work_mem = '{SET_WORK_MEM}'; SET LOCAL plan_cache_mode = force_custom_plan"
        )
        rows: list[dict[str, Any]] = await connection.execute_query_dict(sql, params)
        return rows


async def preview(definition: Any, *, now: datetime) -> Preview:
    """How many customers a definition selects now and the first 20 (newest first), without saving it."""
    parsed = parse(definition, now=now)
    predicate = await compiled(parsed, now=now, mode=Mode.SET)
    # The count and the page come from one pass over the matches. In a subquery, the LIMIT stays out of the
    # predicate's plan: next to `count(*) OVER ()` it made PostgreSQL plan for the first 20 rows (walking the
    # customers newest first, probing each one's events), although the count reads every match anyway.
    rows = await set_query(
        f"SELECT id, total FROM (SELECT c.id, c.created_at, count(*) OVER () AS total FROM customer c "
        f"WHERE {predicate.sql}) AS matched ORDER BY created_at DESC, id DESC LIMIT {PREVIEW_SIZE}",
        predicate.params,
    )
    count = rows[0]["total"] if rows else 0
    return Preview(count=count, customer_ids=[row["id"] for row in rows], warnings=await warnings_of(parsed))


async def predicate(segment: Segment, *, now: datetime, offset: int) -> Compiled:
    """The SQL predicate of a saved segment over `customer c` (a list's members, or its definition); its
    parameters are numbered from `offset + 1`."""
    if segment.kind is SegmentKind.FILTER:
        return await compiled(parse(segment.definition, now=now), now=now, mode=Mode.SET, offset=offset)
    placeholder = f"${offset + 1}::uuid"
    return Compiled(
        f"c.id IN (SELECT m.customer_id FROM segment_member m WHERE m.segment_id = {placeholder})", [segment.id]
    )


async def size(segment: Segment, *, now: datetime) -> int:
    where = await predicate(segment, now=now, offset=0)
    rows = await set_query(f"SELECT count(*) AS n FROM customer c WHERE {where.sql}", where.params)
    return int(rows[0]["n"])


async def members(
    segment: Segment, *, now: datetime, first: int, after: Position | None
) -> tuple[list[uuid.UUID], bool]:
    """A page of the segment's customers, newest first (keyset on created_at, id); and whether more follow."""
    params: list[Any] = []
    beyond = ""
    if after is not None:
        params = [after.at, after.id]
        beyond = "AND (c.created_at, c.id) < ($1::timestamptz, $2::uuid) "
    where = await predicate(segment, now=now, offset=len(params))
    # OFFSET 0 keeps the planner from choosing a plan for the first rows only (walking every customer in
    # order and probing its events): the members are selected as a set, then the page is taken.
    rows = await set_query(
        f"SELECT m.id FROM (SELECT c.id, c.created_at FROM customer c WHERE {where.sql} {beyond}OFFSET 0) m "
        f"ORDER BY m.created_at DESC, m.id DESC LIMIT {first + 1}",
        [*params, *where.params],
    )
    return [row["id"] for row in rows[:first]], len(rows) > first


async def memberships(customer: Customer, segments: list[Segment], *, now: datetime) -> set[uuid.UUID]:
    """Which of `segments` the customer is in now: one statement, each filter read for this customer only."""
    if not segments:
        return set()
    params: list[Any] = [customer.id]
    tests = []
    for segment in segments:
        if segment.kind is SegmentKind.FILTER:
            parsed = parse(segment.definition, now=now)
            predicate = await compiled(parsed, now=now, mode=Mode.ONE, offset=len(params), customer=customer)
        else:
            placeholder = f"${len(params) + 1}::uuid"
            sql = f"EXISTS (SELECT 1 FROM segment_member m WHERE m.segment_id = {placeholder} AND m.customer_id = c.id)"
            predicate = Compiled(sql, [segment.id])
        params += predicate.params
        tests.append(f'({predicate.sql}) AS "{segment.id}"')
    rows = await connections.get("default").execute_query_dict(
        f"SELECT {', '.join(tests)} FROM customer c WHERE c.id = $1::uuid", params
    )
    if not rows:
        return set()
    return {segment.id for segment in segments if rows[0][str(segment.id)]}
