"""API key queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access import services
from app.access.models import Permission
from app.core.ids import decode_id
from app.core.pagination import Position
from app.graphql.access.types import ApiKey, Viewer
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.pagination import Connection, build_connection, check_page_size, decode_cursor
from app.graphql.permissions import has_permission


@strawberry.type
class AccessQuery:
    @strawberry.field(description="The API key making this request: name, role, permissions and assignments.")
    def viewer(self, info: Info) -> Viewer:
        info.context.caller()
        assert info.context.credentials is not None
        return Viewer.from_credentials(info.context.credentials)

    @strawberry.field(
        description="API keys, newest first (admin only).",
        permission_classes=[has_permission(Permission.API_KEYS_READ)],
    )
    async def api_keys(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="Page size (1 to MAX_PAGE_SIZE).", directives=[PAGE_SIZE])
        ] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the previous page.", directives=[CURSOR])
        ] = None,
        include_revoked: Annotated[bool, strawberry.argument(description="Also list revoked keys.")] = False,
    ) -> Connection[ApiKey]:
        page = await services.list_api_keys(
            first=check_page_size(first, info.context.settings.max_page_size),
            after=decode_cursor(after),
            include_revoked=include_revoked,
        )
        return build_connection(
            page.rows,
            has_next=page.has_next,
            position=lambda key: Position(at=key.created_at, id=key.id),
            to_node=ApiKey.from_model,
        )

    @strawberry.field(
        description="One API key by id (admin only).",
        permission_classes=[has_permission(Permission.API_KEYS_READ)],
    )
    async def api_key(self, id: Annotated[strawberry.ID, strawberry.argument(description="The key's id.")]) -> ApiKey:
        return ApiKey.from_model(await services.get_api_key(key_id=decode_id("ApiKey", id)))
