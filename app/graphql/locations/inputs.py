"""Area, store and assignment inputs."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.core.ids import decode_id
from app.graphql.constraints import LATITUDE, LONGITUDE, METADATA, NAME, TIME_ZONE, Line
from app.graphql.locations.types import AssignmentLevel
from app.locations.services import PlaceFields, PlaceInput


@strawberry.input(description="Attributes of an area or a store; omitted ones stay as they are.")
class PlaceAttributesInput:
    name: str | None = strawberry.field(directives=[NAME], default=None, description="Name.")
    code: str | None = strawberry.field(directives=[Line(100)], default=None, description="Your code or external id.")
    address: str | None = strawberry.field(directives=[Line(500)], default=None, description="Address.")
    latitude: float | None = strawberry.field(directives=[LATITUDE], default=None, description="-90 to 90.")
    longitude: float | None = strawberry.field(directives=[LONGITUDE], default=None, description="-180 to 180.")
    time_zone: str | None = strawberry.field(directives=[TIME_ZONE], default=None, description="IANA time zone.")
    metadata: JSON | None = strawberry.field(directives=[METADATA], default=None, description="Your own data.")

    def to_domain(self) -> PlaceFields:
        return PlaceFields(
            name=self.name,
            code=self.code,
            address=self.address,
            latitude=self.latitude,
            longitude=self.longitude,
            time_zone=self.time_zone,
            metadata=self.metadata,  # type: ignore[arg-type]
        )


@strawberry.input(description="An assignment: AREA or AREA_ALL_STORES with areaId, or STORE with storeId.")
class AssignmentInput:
    level: AssignmentLevel = strawberry.field(description="What it covers.")
    area_id: strawberry.ID | None = strawberry.field(default=None, description="The area.")
    store_id: strawberry.ID | None = strawberry.field(default=None, description="The store (STORE level).")

    def to_domain(self, field: str) -> PlaceInput:
        return PlaceInput(
            level=self.level,
            area_id=decode_id("Area", self.area_id, field=f"{field}.areaId") if self.area_id else None,
            store_id=decode_id("Store", self.store_id, field=f"{field}.storeId") if self.store_id else None,
        )
