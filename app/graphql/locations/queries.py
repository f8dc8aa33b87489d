"""Area and store queries."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql.locations.types import Area, Store
from app.graphql.permissions import has_permission
from app.locations import services
from app.locations.models import Area as AreaModel
from app.locations.models import Store as StoreModel

READ = [has_permission(Permission.SETTINGS_READ)]


@strawberry.type
class LocationQuery:
    @strawberry.field(description="Every area, by name.", permission_classes=READ)
    async def areas(self) -> list[Area]:
        return [Area.from_model(row) for row in await AreaModel.all().order_by("name")]

    @strawberry.field(description="One area.", permission_classes=READ)
    async def area(self, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]) -> Area:
        return Area.from_model(await services.get_area(area_id=decode_id("Area", id)))

    @strawberry.field(description="Stores, by name (optionally of one area).", permission_classes=READ)
    async def stores(
        self, area_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this area's.")] = None
    ) -> list[Store]:
        query = StoreModel.all()
        if area_id is not None:
            query = query.filter(area_id=decode_id("Area", area_id, field="areaId"))
        return [Store.from_model(row) for row in await query.order_by("name")]

    @strawberry.field(description="One store.", permission_classes=READ)
    async def store(self, id: Annotated[strawberry.ID, strawberry.argument(description="Its id.")]) -> Store:
        return Store.from_model(await services.get_store(store_id=decode_id("Store", id)))
