"""Geofence mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.access.models import Permission
from app.core.ids import decode_id
from app.geofences import services
from app.graphql.constraints import LATITUDE, LONGITUDE, NAME, Json, Range
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)
from app.graphql.geofences.types import Geofence


@strawberry.input(description="A circle measured on the sphere.")
class CircleInput:
    latitude: float = strawberry.field(directives=[LATITUDE], description="Centre latitude.")
    longitude: float = strawberry.field(directives=[LONGITUDE], description="Centre longitude.")
    radius_meters: float = strawberry.field(
        directives=[Range(0, 5_000_000)], description="Radius in metres (up to 5,000 km)."
    )


@strawberry.input(description="A geofence: a name and exactly one of circle or polygon.")
class GeofenceInput:
    name: str | None = strawberry.field(
        directives=[NAME], default=None, description="Unique name (required on create)."
    )
    circle: CircleInput | None = strawberry.field(default=None, description="A circle.")
    polygon: JSON | None = strawberry.field(
        directives=[Json(max_bytes=900_000, max_depth=6)],
        default=None,
        description="A GeoJSON Polygon or MultiPolygon (holes allowed; not across ±180°).",
    )

    def shape(self) -> services.GeofenceShape | None:
        if self.circle is None and self.polygon is None:
            return None
        circle = (self.circle.latitude, self.circle.longitude, self.circle.radius_meters) if self.circle else None
        return services.GeofenceShape(circle=circle, polygon=self.polygon)


@strawberry.type(description="The geofence was saved.")
class GeofenceSuccess:
    geofence: Geofence = strawberry.field(description="The geofence.")


@strawberry.type(description="The geofence was deleted.")
class GeofenceDeleteSuccess:
    id: strawberry.ID = strawberry.field(description="Its id.")


GeofenceResult = Annotated[
    GeofenceSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("GeofenceResult", description="Outcome of geofenceCreate/geofenceUpdate."),
]
GeofenceDeleteResult = Annotated[
    GeofenceDeleteSuccess | NotFoundError | ConflictError | PermissionDeniedError | ValidationError,
    strawberry.union("GeofenceDeleteResult", description="Outcome of geofenceDelete."),
]
INPUT = strawberry.argument(description="The geofence.")
ID_ARG = strawberry.argument(description="Its id.")


@strawberry.type
class GeofenceMutation:
    @strawberry.mutation(description="Create a geofence (validated: ranges, closed rings, no self-intersection).")
    @errors_as_results
    async def geofence_create(self, info: Info, input: Annotated[GeofenceInput, INPUT]) -> GeofenceResult:
        info.context.require(Permission.PROJECT_WRITE)
        shape = input.shape() or services.GeofenceShape()
        geofence = await services.create_geofence(name=input.name or "", shape=shape, events=info.context.events)
        return GeofenceSuccess(geofence=Geofence.from_model(geofence))

    @strawberry.mutation(description="Rename a geofence or replace its shape.")
    @errors_as_results
    async def geofence_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, ID_ARG],
        input: Annotated[GeofenceInput, INPUT],
        expected_updated_at: Annotated[
            datetime | None,
            strawberry.argument(
                description="Its `updatedAt` as you read it: if it changed since, nothing is written and the "
                "answer is a ConflictError (GEOFENCE_CHANGED). Omitted: the last write wins."
            ),
        ] = None,
    ) -> GeofenceResult:
        info.context.require(Permission.PROJECT_WRITE)
        geofence = await services.update_geofence(
            geofence_id=decode_id("Geofence", id),
            name=input.name,
            shape=input.shape(),
            expected_updated_at=expected_updated_at,
            events=info.context.events,
        )
        return GeofenceSuccess(geofence=Geofence.from_model(geofence))

    @strawberry.mutation(description="Delete a geofence (rules naming it then never match it).")
    @errors_as_results
    async def geofence_delete(self, info: Info, id: Annotated[strawberry.ID, ID_ARG]) -> GeofenceDeleteResult:
        info.context.require(Permission.PROJECT_WRITE)
        await services.delete_geofence(geofence_id=decode_id("Geofence", id), events=info.context.events)
        return GeofenceDeleteSuccess(id=id)
