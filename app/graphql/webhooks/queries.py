"""Webhook queries: endpoints and deliveries (WEBHOOKS_MANAGE, loaded through the visibility policy)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.errors import NotFound
from app.core.ids import decode_id
from app.graphql.constraints import CURSOR, PAGE_SIZE
from app.graphql.context import Info
from app.graphql.loaders import viewer_of
from app.graphql.pagination import Connection, newest_first_connection
from app.graphql.permissions import has_permission
from app.graphql.visibility import visible
from app.graphql.webhooks.types import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from app.webhooks import models, services

MANAGE = [has_permission(Permission.WEBHOOKS_MANAGE)]
ID_ARG = strawberry.argument(description="Its id.")


@strawberry.type
class WebhookQuery:
    @strawberry.field(description="Webhook endpoints, oldest first.", permission_classes=MANAGE)
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        query = visible(models.WebhookEndpoint.all(), viewer_of(info.context)).order_by("created_at", "id")
        return [WebhookEndpoint.from_model(row) for row in await query.limit(services.MAX_ENDPOINTS)]

    @strawberry.field(
        description="One webhook endpoint (null when there is none with this id).", permission_classes=MANAGE
    )
    async def webhook_endpoint(self, info: Info, id: Annotated[strawberry.ID, ID_ARG]) -> WebhookEndpoint | None:
        try:
            endpoint_id = decode_id("WebhookEndpoint", id)
        except NotFound:
            return None
        found = await visible(models.WebhookEndpoint.filter(id=endpoint_id), viewer_of(info.context)).first()
        return WebhookEndpoint.from_model(found) if found else None

    @strawberry.field(
        description="Webhook deliveries, newest first, with their attempts and last answers.",
        permission_classes=MANAGE,
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this endpoint's deliveries.")
        ] = None,
        status: Annotated[
            WebhookDeliveryStatus | None, strawberry.argument(description="Only deliveries in this status.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Page size.", directives=[PAGE_SIZE])] = 20,
        after: Annotated[
            str | None, strawberry.argument(description="`endCursor` of the last page.", directives=[CURSOR])
        ] = None,
    ) -> Connection[WebhookDelivery]:
        endpoint = decode_id("WebhookEndpoint", endpoint_id, field="endpointId") if endpoint_id else None
        query = services.deliveries_query(endpoint_id=endpoint, status=status)
        return await newest_first_connection(
            visible(query, viewer_of(info.context)),
            first=first,
            after=after,
            max_page_size=info.context.settings.max_page_size,
            to_node=WebhookDelivery.from_model,
        )
