"""Export queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.core.ids import decode_id
from app.core.pagination import Position
from app.exports import services
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.exports.types import Export
from app.graphql.loaders import viewer_of
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor


@strawberry.type
class ExportQuery:
    @strawberry.field(
        description="An export: its status, progress and download URL (keys without PROJECT_READ: their own)."
    )
    async def export(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The export.")]
    ) -> Export:
        found = await services.visible_export(export_id=decode_id("Export", id), credentials=viewer_of(info.context))
        return Export.from_model(found)

    @strawberry.field(description="Exports, newest first (keys without PROJECT_READ: the ones they made).")
    async def exports(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[Export]:
        page = await services.list_exports(
            credentials=viewer_of(info.context),
            first=check_page_size(first, info.context.settings.max_page_size),
            after=decode_cursor(after),
        )
        return build_connection(
            page.rows,
            has_next=page.has_next,
            position=lambda row: Position(at=row.created_at, id=row.id),
            to_node=Export.from_model,
        )
