"""API key subscriptions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator

import strawberry

from app.access import services
from app.access.models import Permission
from app.core.time import utcnow
from app.graphql import live
from app.graphql.access.types import ApiKey, ApiKeyEvent, ApiKeyEventKind
from app.graphql.context import Info
from app.graphql.permissions import has_permission


@strawberry.type
class AccessSubscription:
    @strawberry.subscription(
        description="API keys created or revoked from now on, in any API process (admin only).",
        permission_classes=[has_permission(Permission.API_KEYS_READ)],
    )
    async def api_key_events(self, info: Info) -> AsyncGenerator[ApiKeyEvent, None]:
        async for payload in live.events(info.context, services.EVENTS_CHANNEL):
            key = await services.get_api_key(key_id=uuid.UUID(payload["key_id"]))
            yield ApiKeyEvent(
                kind=ApiKeyEventKind(payload["kind"]),
                api_key=ApiKey.from_model(key),
                actor_prefix=payload["actor_prefix"],
                at=utcnow(),
            )
