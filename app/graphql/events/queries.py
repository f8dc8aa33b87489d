"""Event queries."""

from __future__ import annotations

import strawberry

from app.access.models import Permission
from app.events import services
from app.graphql.events.types import EventCatalogEntry
from app.graphql.permissions import has_permission


@strawberry.type
class EventQuery:
    @strawberry.field(
        description="Every event name tracked, alphabetically, with its count, time span and property keys "
        "with their JSON types: what a segment builder offers as filters. Needs SETTINGS_READ (no personal data).",
        permission_classes=[has_permission(Permission.SETTINGS_READ)],
    )
    async def event_catalog(self) -> list[EventCatalogEntry]:
        return [EventCatalogEntry.from_entry(entry) for entry in await services.catalog()]
