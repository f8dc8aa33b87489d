"""Geofence types."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.core.ids import encode_id
from app.geofences import models
from app.geofences.models import GeofenceKind as GeofenceKind
from app.graphql.enums import describe_enum

describe_enum(
    GeofenceKind,
    "A circle (centre and radius) or a polygon.",
    {"CIRCLE": "A centre and a radius in metres, on the sphere.", "POLYGON": "A GeoJSON Polygon or MultiPolygon."},
)


@strawberry.type(description="An area on the map that validation rules check locations against.")
class Geofence:
    id: strawberry.ID = strawberry.field(description="Opaque id (use it in GEOFENCE rules).")
    name: str = strawberry.field(description="Unique name.")
    kind: GeofenceKind = strawberry.field(description="CIRCLE or POLYGON.")
    latitude: float | None = strawberry.field(description="CIRCLE: centre latitude.")
    longitude: float | None = strawberry.field(description="CIRCLE: centre longitude.")
    radius_meters: float | None = strawberry.field(description="CIRCLE: radius on the sphere, in metres.")
    geojson: JSON | None = strawberry.field(description="POLYGON: the GeoJSON Polygon or MultiPolygon.")
    bounds: list[float] = strawberry.field(description="[west, south, east, north] in degrees.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_model(cls, geofence: models.Geofence) -> Geofence:
        return cls(
            id=strawberry.ID(encode_id("Geofence", geofence.id)),
            name=geofence.name,
            kind=geofence.kind,
            latitude=geofence.center_latitude,
            longitude=geofence.center_longitude,
            radius_meters=geofence.radius_m,
            geojson=JSON(geofence.geojson) if geofence.geojson is not None else None,
            bounds=[geofence.min_longitude, geofence.min_latitude, geofence.max_longitude, geofence.max_latitude],
            created_at=geofence.created_at,
            updated_at=geofence.updated_at,
        )
