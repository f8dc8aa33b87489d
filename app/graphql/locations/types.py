"""Area, store and assignment types."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON
from tortoise.queryset import QuerySet

from app.core.ids import encode_id
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id, grouped
from app.locations import models
from app.locations.models import AssignmentLevel as AssignmentLevel
from app.locations.scope import Place

if TYPE_CHECKING:
    from app.graphql.geofences.types import Geofence

describe_enum(
    AssignmentLevel,
    "What an assignment covers (levels do not cascade).",
    {
        "AREA": "The area itself (not its stores).",
        "AREA_ALL_STORES": "Every store of the area, current and future.",
        "STORE": "One store.",
    },
)


@strawberry.type(description="A store; it belongs to one area.")
class Store:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="Name (unique within its area).")
    code: str | None = strawberry.field(description="Your code or external id.")
    address: str = strawberry.field(description="Postal address.")
    latitude: float | None = strawberry.field(description="Latitude.")
    longitude: float | None = strawberry.field(description="Longitude.")
    time_zone: str = strawberry.field(description="IANA time zone.")
    metadata: JSON = strawberry.field(description="Your own data.")
    created_at: datetime = strawberry.field(description="When it was created.")
    area_id: strawberry.Private[uuid.UUID]
    geofence_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The store's own geofence (GEOFENCE rules with `store_geofence` use it).")
    async def geofence(self, info: Info) -> Annotated[Geofence, strawberry.lazy("app.graphql.geofences.types")] | None:
        from app.geofences.models import Geofence as GeofenceModel
        from app.graphql.geofences.types import Geofence

        if self.geofence_id is None:
            return None
        found = await by_id(info.context, GeofenceModel).load(self.geofence_id)
        return Geofence.from_model(found) if found else None

    @strawberry.field(description="The store's area.")
    async def area(self, info: Info) -> Area:
        area = await by_id(info.context, models.Area).load(self.area_id)
        assert area is not None
        return Area.from_model(area)

    @classmethod
    def from_model(cls, store: models.Store) -> Store:
        return cls(
            id=strawberry.ID(encode_id("Store", store.id)),
            name=store.name,
            code=store.code,
            address=store.address,
            latitude=store.latitude,
            longitude=store.longitude,
            time_zone=store.time_zone,
            metadata=JSON(store.metadata),
            created_at=store.created_at,
            area_id=store.area_id,
            geofence_id=store.geofence_id,
        )


@strawberry.type(description="A region of the business.")
class Area:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    name: str = strawberry.field(description="Unique name.")
    code: str | None = strawberry.field(description="Your code or external id.")
    address: str = strawberry.field(description="Address or description.")
    latitude: float | None = strawberry.field(description="Latitude.")
    longitude: float | None = strawberry.field(description="Longitude.")
    time_zone: str = strawberry.field(description="IANA time zone.")
    metadata: JSON = strawberry.field(description="Your own data.")
    created_at: datetime = strawberry.field(description="When it was created.")
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(description="The area's stores.")
    async def stores(self, info: Info) -> list[Store]:
        def fetch(area_ids: list[uuid.UUID]) -> QuerySet[models.Store]:
            return models.Store.filter(area_id__in=area_ids).order_by("name")

        rows = await grouped(info.context, "stores-by-area", fetch, lambda row: row.area_id).load(self.model_id)
        return [Store.from_model(row) for row in rows]

    @classmethod
    def from_model(cls, area: models.Area) -> Area:
        return cls(
            id=strawberry.ID(encode_id("Area", area.id)),
            name=area.name,
            code=area.code,
            address=area.address,
            latitude=area.latitude,
            longitude=area.longitude,
            time_zone=area.time_zone,
            metadata=JSON(area.metadata),
            created_at=area.created_at,
            model_id=area.id,
        )


@strawberry.type(description="An assignment: an area, all stores of an area, or one store.")
class Assignment:
    level: AssignmentLevel = strawberry.field(description="What it covers.")
    area_id: strawberry.ID = strawberry.field(description="The area.")
    store_id: strawberry.ID | None = strawberry.field(description="The store (STORE level).")

    @classmethod
    def from_place(cls, place: Place) -> Assignment:
        return cls(
            level=place.level,
            area_id=strawberry.ID(encode_id("Area", place.area_id)),
            store_id=strawberry.ID(encode_id("Store", place.store_id)) if place.store_id else None,
        )
