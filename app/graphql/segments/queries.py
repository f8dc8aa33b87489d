"""Segment queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.core.pagination import Position
from app.core.time import utcnow
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor
from app.graphql.permissions import has_permission
from app.graphql.segments.inputs import SegmentDefinitionInput, SegmentKind, to_json
from app.graphql.segments.types import Segment, SegmentPreview, SegmentTemplate
from app.segments import evaluation, services, templates

READ = [has_permission(Permission.SETTINGS_READ)]


@strawberry.type
class SegmentQuery:
    @strawberry.field(description="One segment.", permission_classes=READ)
    async def segment(self, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]) -> Segment:
        return Segment.from_model(await services.get_segment(segment_id=decode_id("Segment", id)))

    @strawberry.field(description="Segments, newest first.", permission_classes=READ)
    async def segments(
        self,
        info: Info,
        kind: Annotated[SegmentKind | None, strawberry.argument(description="Only this kind.")] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Segment]:
        page = await services.list_segments(
            first=check_page_size(first, info.context.settings.max_page_size), after=decode_cursor(after), kind=kind
        )
        return build_connection(
            page.rows,
            has_next=page.has_next,
            position=lambda row: Position(at=row.created_at, id=row.id),
            to_node=Segment.from_model,
        )

    @strawberry.field(
        description="How many customers a definition selects now, and the first 20, without saving it.",
        permission_classes=READ,
    )
    async def segment_preview(
        self,
        definition: Annotated[SegmentDefinitionInput, strawberry.argument(description="The definition.")],
    ) -> SegmentPreview:
        return SegmentPreview.from_preview(await evaluation.preview(to_json(definition), now=utcnow()))

    @strawberry.field(description="Predefined filters to use in definitions.", permission_classes=READ)
    def segment_templates(self) -> list[SegmentTemplate]:
        return [SegmentTemplate.from_template(template) for template in templates.TEMPLATES]
