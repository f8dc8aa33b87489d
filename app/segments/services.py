"""Segments: create, change (versioned, recorded in history), delete unless in use, read and list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.access.models import ApiKey
from app.core.bounds import Characters, check_string
from app.core.errors import InvalidInput
from app.core.ids import encode_id
from app.core.pagination import Page, Position, newest_first_page
from app.core.time import utcnow
from app.segments import evaluation
from app.segments.compiler import Mode
from app.segments.exceptions import (
    SegmentInUse,
    SegmentNameTaken,
    SegmentNotFound,
    StaleSegmentVersion,
    WrongSegmentKind,
)
from app.segments.models import Segment, SegmentHistory, SegmentHistoryKind, SegmentKind

MAX_DEFINITION_BYTES = 65_536


@dataclass
class SegmentSpec:
    name: str
    kind: SegmentKind
    description: str = ""
    definition: Any = None  # FILTER only: the definition's JSON form


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("The name must not be empty.", field="name")
    return check_string(cleaned, field="name", max_length=200, characters=Characters.LINE)


async def _checked_definition(kind: SegmentKind, definition: Any, *, within: uuid.UUID | None) -> Any:
    """A FILTER segment's definition, parsed and its references resolved (cycles refused); None otherwise."""
    if kind is not SegmentKind.FILTER:
        if definition is not None:
            raise WrongSegmentKind(f"A {kind.value} segment has members, not a definition.", field="definition")
        return None
    if definition is None:
        raise InvalidInput("A FILTER segment needs a definition.", field="definition")
    if len(orjson.dumps(definition)) > MAX_DEFINITION_BYTES:
        raise InvalidInput(f"A definition has at most {MAX_DEFINITION_BYTES} bytes.", field="definition")
    now = utcnow()
    parsed = evaluation.parse(definition, now=now)
    await evaluation.resolve(parsed, now=now, mode=Mode.ONE, within=within)
    return definition


async def create_segment(*, spec: SegmentSpec, actor: ApiKey | None) -> Segment:
    name = _clean_name(spec.name)
    definition = await _checked_definition(spec.kind, spec.definition, within=None)
    try:
        async with in_transaction() as connection:
            segment = await Segment.create(
                name=name,
                kind=spec.kind,
                description=spec.description,
                definition=definition,
                created_by=actor,
                updated_by=actor,
                using_db=connection,
            )
            await SegmentHistory.create(
                segment=segment, kind=SegmentHistoryKind.CREATED, actor=actor, using_db=connection
            )
    except IntegrityError as exc:
        raise SegmentNameTaken(f"A segment is already named {name!r}.", field="name") from exc
    return segment


async def get_segment(*, segment_id: uuid.UUID, field: str = "id") -> Segment:
    segment = await Segment.get_or_none(id=segment_id)
    if segment is None:
        raise SegmentNotFound(f"No segment has id {segment_id}.", field=field)
    return segment


async def update_segment(
    *, segment_id: uuid.UUID, expected_version: int, changes: dict[str, Any], actor: ApiKey | None
) -> Segment:
    """Change name, description or (FILTER) definition if the segment is still at `expected_version`."""
    segment = await get_segment(segment_id=segment_id)
    if segment.version != expected_version:
        raise StaleSegmentVersion(
            f"The segment is at version {segment.version}, not {expected_version}; read it again.",
            field="expectedVersion",
        )
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = _clean_name(changes["name"] or "")
    if "description" in changes:
        values["description"] = changes["description"] or ""
    if "definition" in changes:
        values["definition"] = await _checked_definition(segment.kind, changes["definition"], within=segment.id)
    recorded = [
        {"field": name, "old": getattr(segment, name), "new": value}
        for name, value in values.items()
        if getattr(segment, name) != value
    ]
    if not recorded:
        return segment
    try:
        async with in_transaction() as connection:
            updated = (
                await Segment.filter(id=segment.id, version=expected_version)
                .using_db(connection)
                .update(
                    **values,
                    version=expected_version + 1,
                    updated_by_id=actor.id if actor else None,
                    updated_at=utcnow(),
                )
            )
            if not updated:
                raise StaleSegmentVersion("The segment changed meanwhile; read it again.", field="expectedVersion")
            await SegmentHistory.create(
                segment=segment, kind=SegmentHistoryKind.UPDATED, actor=actor, changes=recorded, using_db=connection
            )
    except IntegrityError as exc:
        raise SegmentNameTaken(f"A segment is already named {values.get('name')!r}.", field="name") from exc
    return await get_segment(segment_id=segment.id)


async def users_of(segment_id: uuid.UUID) -> tuple[list[str], list[str]]:
    """Names of the campaigns (targeting it, or in CUSTOMER_SEGMENT rules) and segments that refer to a segment."""
    given = encode_id("Segment", segment_id)
    connection = connections.get("default")
    campaigns = await connection.execute_query_dict(
        "SELECT name FROM campaign WHERE segment_id = $2 OR validation_rules @> $1::jsonb ORDER BY name",
        [orjson.dumps([{"kind": "CUSTOMER_SEGMENT", "segment_id": given}]).decode(), segment_id],
    )
    # Opaque ids are unambiguous strings: a definition that contains one refers to that segment.
    segments = await connection.execute_query_dict(
        "SELECT name FROM segment WHERE kind = 'FILTER' AND id <> $1 AND strpos(definition::text, $2) > 0 "
        "ORDER BY name",
        [segment_id, given],
    )
    return [row["name"] for row in campaigns], [row["name"] for row in segments]


async def delete_segment(*, segment_id: uuid.UUID) -> Segment:
    """Delete a segment nothing uses (else STILL_IN_USE naming the campaigns and segments that do)."""
    segment = await get_segment(segment_id=segment_id)
    campaigns, segments = await users_of(segment_id)
    if campaigns or segments:
        parts = []
        if campaigns:
            parts.append("campaigns " + ", ".join(repr(name) for name in campaigns[:10]))
        if segments:
            parts.append("segments " + ", ".join(repr(name) for name in segments[:10]))
        raise SegmentInUse(f"The segment is still used by {' and '.join(parts)}.", field="id")
    await segment.delete()
    return segment


async def list_segments(*, first: int, after: Position | None, kind: SegmentKind | None) -> Page[Segment]:
    query = Segment.all() if kind is None else Segment.filter(kind=kind)
    return await newest_first_page(query, time_field="created_at", first=first, after=after)


async def history_page(*, segment_id: uuid.UUID, first: int, after: int | None) -> Page[SegmentHistory]:
    """A segment's history, oldest first (ids grow with time, so they are the cursor)."""
    query = SegmentHistory.filter(segment_id=segment_id)
    if after is not None:
        query = query.filter(id__gt=after)
    rows = await query.order_by("id").limit(first + 1)
    return Page(rows=rows[:first], has_next=len(rows) > first)
