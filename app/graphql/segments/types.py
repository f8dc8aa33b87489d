"""Segment, preview, template and history types."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.access.models import ApiKey as ApiKeyModel
from app.core.ids import encode_id
from app.core.pagination import Position
from app.core.time import utcnow
from app.customers.models import Customer as CustomerModel
from app.graphql.access.types import ApiKey
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.customers.types import Customer
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor
from app.graphql.segments.inputs import SegmentKind
from app.segments import evaluation, models, services, templates
from app.segments.models import SegmentHistoryKind as SegmentHistoryKind

describe_enum(
    SegmentHistoryKind,
    "What a segment history entry records.",
    {
        "CREATED": "The segment was created.",
        "UPDATED": "Its name, description or definition changed.",
        "MEMBERS_ADDED": "Members were added (count).",
        "MEMBERS_REMOVED": "Members were removed (count).",
        "MEMBERS_IMPORTED": "A file's customers were added (count).",
    },
)


@strawberry.type(description="One change to a segment, who made it and when.")
class SegmentHistoryEntry:
    kind: SegmentHistoryKind = strawberry.field(description="What happened.")
    changes: JSON = strawberry.field(description="Field edits: [{field, old, new}] (UPDATED).")
    count: int | None = strawberry.field(description="Members moved (MEMBERS_*).")
    at: datetime = strawberry.field(description="When (UTC).")
    actor_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The key that made the change (null for keys without API_KEYS_READ).")
    async def actor(self, info: Info) -> ApiKey | None:
        if self.actor_id is None:
            return None
        key = await by_id(info.context, ApiKeyModel).load(self.actor_id)
        return ApiKey.from_model(key) if key else None


async def _customers(info: Info, ids: list[uuid.UUID]) -> list[Customer]:
    """Customers by id, in order, through the caller's visibility (out of sight: left out)."""
    found = await by_id(info.context, CustomerModel).load_many(ids)
    return [Customer.from_model(customer) for customer in found if customer is not None]


@strawberry.type(description="A set of customers campaigns can target: a live filter, or a list of members.")
class Segment:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="Unique name.")
    description: str = strawberry.field(description="Free text.")
    kind: SegmentKind = strawberry.field(description="FILTER, LIST or UPLOADED.")
    definition: JSON | None = strawberry.field(description="FILTER: the definition, in its JSON form.")
    version: int = strawberry.field(description="Grows with every change; pass it to segmentUpdate.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    model: strawberry.Private[models.Segment]

    @strawberry.field(description="How many customers are in it now (a filter is evaluated now).")
    async def size(self) -> int:
        return await evaluation.size(self.model, now=utcnow())

    @strawberry.field(description="Its customers now, newest first.")
    async def members(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Customer]:
        size = check_page_size(first, info.context.settings.max_page_size)
        ids, has_next = await evaluation.members(self.model, now=utcnow(), first=size, after=decode_cursor(after))
        rows = [row for row in await by_id(info.context, CustomerModel).load_many(ids) if row is not None]
        return build_connection(
            rows,
            has_next=has_next,
            position=lambda row: Position(at=row.created_at, id=row.id),
            to_node=Customer.from_model,
        )

    @strawberry.field(description="Every change, oldest first.")
    async def history(
        self,
        first: Annotated[int, strawberry.argument(description="How many.", directives=[PAGE_SIZE])] = 50,
    ) -> list[SegmentHistoryEntry]:
        page = await services.history_page(segment_id=self.model.id, first=first, after=None)
        return [
            SegmentHistoryEntry(
                kind=row.kind, changes=JSON(row.changes), count=row.count, at=row.created_at, actor_id=row.actor_id
            )
            for row in page.rows
        ]

    @classmethod
    def from_model(cls, segment: models.Segment) -> Segment:
        return cls(
            id=strawberry.ID(encode_id("Segment", segment.id)),
            name=segment.name,
            description=segment.description,
            kind=segment.kind,
            definition=JSON(segment.definition) if segment.definition is not None else None,
            version=segment.version,
            created_at=segment.created_at,
            updated_at=segment.updated_at,
            model=segment,
        )


@strawberry.type(description="Something odd but allowed in a definition.")
class SegmentWarning:
    field: str = strawberry.field(description="Where (a dotted path in the definition).")
    message: str = strawberry.field(description="What.")


@strawberry.type(description="Who a definition selects now, without saving it.")
class SegmentPreview:
    count: int = strawberry.field(description="How many customers.")
    warnings: list[SegmentWarning] = strawberry.field(description="E.g. event names nobody has tracked yet.")
    member_ids: strawberry.Private[list[uuid.UUID]]

    @strawberry.field(description="The first 20 (newest first).")
    async def members(self, info: Info) -> list[Customer]:
        return await _customers(info, self.member_ids)

    @classmethod
    def from_preview(cls, preview: evaluation.Preview) -> SegmentPreview:
        return cls(
            count=preview.count,
            warnings=[SegmentWarning(field=w.field, message=w.message) for w in preview.warnings],
            member_ids=preview.customer_ids,
        )


@strawberry.type(description="A parameter of a predefined filter.")
class SegmentTemplateParameter:
    name: str = strawberry.field(description="Its key in `parameters`.")
    kind: str = strawberry.field(
        description="INT, NUMBER, EVENT (an event name), PATH (a key path) or GEOFENCE (an id)."
    )
    description: str = strawberry.field(description="What it means.")
    default: JSON | None = strawberry.field(description="Used when not given (null: required).")


@strawberry.type(description="A predefined filter: use it as `{template: {key, parameters}}` in a definition.")
class SegmentTemplate:
    key: str = strawberry.field(description="Its key.")
    name: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(description="What it selects.")
    parameters: list[SegmentTemplateParameter] = strawberry.field(description="Its parameters.")

    @classmethod
    def from_template(cls, template: templates.Template) -> SegmentTemplate:
        return cls(
            key=template.key,
            name=template.name,
            description=template.description,
            parameters=[
                SegmentTemplateParameter(
                    name=p.name,
                    kind=p.kind,
                    description=p.description,
                    default=JSON(p.default) if p.default is not None else None,
                )
                for p in template.parameters
            ],
        )


@strawberry.type(description="What a members change did.")
class SegmentMembersChange:
    changed: int = strawberry.field(description="Customers added (or removed).")
    unchanged: int = strawberry.field(description="Customers already in (or not in) the segment.")
    unknown: list[str] = strawberry.field(description="Given ids or source ids no customer has.")
    segment: Segment = strawberry.field(description="The segment.")
