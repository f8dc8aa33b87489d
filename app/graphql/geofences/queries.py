"""Geofence queries, and the campaigns a point qualifies for."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.access.models import Permission
from app.core.ids import decode_id
from app.geofences import services
from app.graphql.campaigns.types import Campaign
from app.graphql.constraints import LATITUDE, LONGITUDE
from app.graphql.context import Info
from app.graphql.geofences.types import Geofence
from app.graphql.permissions import has_permission
from app.redemptions import nearby

READ = [has_permission(Permission.SETTINGS_READ)]
NEARBY = [has_permission(Permission.CAMPAIGNS_NEARBY)]
ID_ARG = strawberry.argument(description="Its id.")


@strawberry.input(description="The visible box of a map (west > east when it spans the antimeridian).")
class ViewportInput:
    south: float = strawberry.field(directives=[LATITUDE], description="Southern latitude.")
    west: float = strawberry.field(directives=[LONGITUDE], description="Western longitude.")
    north: float = strawberry.field(directives=[LATITUDE], description="Northern latitude.")
    east: float = strawberry.field(directives=[LONGITUDE], description="Eastern longitude.")

    def to_domain(self) -> services.Viewport:
        return services.Viewport(self.south, self.west, self.north, self.east)


VIEWPORT = strawberry.argument(description="Only geofences whose bounding box meets this box (all when omitted).")


@strawberry.type
class GeofenceQuery:
    @strawberry.field(description="Geofences, by name.", permission_classes=READ)
    async def geofences(self, viewport: Annotated[ViewportInput | None, VIEWPORT] = None) -> list[Geofence]:
        rows = await services.in_view(viewport.to_domain() if viewport else None)
        return [Geofence.from_model(row) for row in rows]

    @strawberry.field(description="One geofence.", permission_classes=READ)
    async def geofence(self, id: Annotated[strawberry.ID, ID_ARG]) -> Geofence:
        return Geofence.from_model(await services.get_geofence(geofence_id=decode_id("Geofence", id)))

    @strawberry.field(
        description="Geofences as a GeoJSON FeatureCollection, for drawing on a map (properties: id, name, "
        "updatedAt for geofenceUpdate's expectedUpdatedAt; circles as Point features with a radius property).",
        permission_classes=READ,
    )
    async def geofences_feature_collection(self, viewport: Annotated[ViewportInput | None, VIEWPORT] = None) -> JSON:
        features: list[dict[str, Any]] = []
        for row in await services.in_view(viewport.to_domain() if viewport else None):
            properties: dict[str, Any] = {
                "id": str(Geofence.from_model(row).id),
                "name": row.name,
                "updatedAt": row.updated_at.isoformat(),
            }
            if row.geojson is not None:
                geometry: dict[str, Any] = row.geojson
            else:
                geometry = {"type": "Point", "coordinates": [row.center_longitude, row.center_latitude]}
                properties["radius"] = row.radius_m
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
        return JSON({"type": "FeatureCollection", "features": features})

    @strawberry.field(
        description="Active campaigns whose geofence rules admit this point (offers near me); with a store, "
        "only those that may be redeemed there (its geofence counts for rules with `store_geofence`).",
        permission_classes=NEARBY,
    )
    async def campaigns_at(
        self,
        info: Info,
        latitude: Annotated[float, strawberry.argument(description="Latitude.", directives=[LATITUDE])],
        longitude: Annotated[float, strawberry.argument(description="Longitude.", directives=[LONGITUDE])],
        store_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The store asking (implied for a STORE key).")
        ] = None,
    ) -> list[Campaign]:
        found = await nearby.campaigns_at(
            latitude=latitude,
            longitude=longitude,
            store_id=decode_id("Store", store_id, field="storeId") if store_id else None,
            scope=info.context.scope,
        )
        return [Campaign.from_model(campaign) for campaign in found]
