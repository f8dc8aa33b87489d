"""Geofence mutations and queries."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.access.models import Permission
from app.campaigns.models import Campaign as CampaignModel
from app.campaigns.models import CampaignStatus
from app.core.geometry import check_point
from app.core.ids import decode_id
from app.geofences import services
from app.geofences.models import Geofence as GeofenceModel
from app.graphql.campaigns.types import Campaign
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)
from app.graphql.geofences.types import Geofence
from app.graphql.permissions import has_permission
from app.redemptions.rules import RULE_KINDS, RuleContext


@strawberry.input(description="A circle measured on the sphere.")
class CircleInput:
    latitude: float = strawberry.field(description="Centre latitude.")
    longitude: float = strawberry.field(description="Centre longitude.")
    radius_meters: float = strawberry.field(description="Radius in metres (up to 5,000 km).")


@strawberry.input(description="A geofence: a name and exactly one of circle or polygon.")
class GeofenceInput:
    name: str | None = strawberry.field(default=None, description="Unique name (required on create).")
    circle: CircleInput | None = strawberry.field(default=None, description="A circle.")
    polygon: JSON | None = strawberry.field(
        default=None, description="A GeoJSON Polygon or MultiPolygon (holes allowed; not across ±180°)."
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
    GeofenceDeleteSuccess | NotFoundError | PermissionDeniedError | ValidationError,
    strawberry.union("GeofenceDeleteResult", description="Outcome of geofenceDelete."),
]
INPUT = strawberry.argument(description="The geofence.")
ID_ARG = strawberry.argument(description="Its id.")
READ = [has_permission(Permission.PROJECT_READ)]


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
        self, info: Info, id: Annotated[strawberry.ID, ID_ARG], input: Annotated[GeofenceInput, INPUT]
    ) -> GeofenceResult:
        info.context.require(Permission.PROJECT_WRITE)
        geofence = await services.update_geofence(
            geofence_id=decode_id("Geofence", id), name=input.name, shape=input.shape(), events=info.context.events
        )
        return GeofenceSuccess(geofence=Geofence.from_model(geofence))

    @strawberry.mutation(description="Delete a geofence (rules naming it then never match it).")
    @errors_as_results
    async def geofence_delete(self, info: Info, id: Annotated[strawberry.ID, ID_ARG]) -> GeofenceDeleteResult:
        info.context.require(Permission.PROJECT_WRITE)
        await services.delete_geofence(geofence_id=decode_id("Geofence", id), events=info.context.events)
        return GeofenceDeleteSuccess(id=id)


@strawberry.type
class GeofenceQuery:
    @strawberry.field(description="Every geofence, by name.", permission_classes=READ)
    async def geofences(self) -> list[Geofence]:
        return [Geofence.from_model(row) for row in await GeofenceModel.all().order_by("name")]

    @strawberry.field(description="One geofence.", permission_classes=READ)
    async def geofence(self, id: Annotated[strawberry.ID, ID_ARG]) -> Geofence:
        return Geofence.from_model(await services.get_geofence(geofence_id=decode_id("Geofence", id)))

    @strawberry.field(
        description="Every geofence as a GeoJSON FeatureCollection, for drawing on a map "
        "(circles as Point features with a radius property).",
        permission_classes=READ,
    )
    async def geofences_feature_collection(self) -> JSON:
        features: list[dict[str, Any]] = []
        for row in await GeofenceModel.all().order_by("name"):
            if row.geojson is not None:
                geometry: dict[str, Any] = row.geojson
                properties: dict[str, Any] = {"id": str(Geofence.from_model(row).id), "name": row.name}
            else:
                geometry = {"type": "Point", "coordinates": [row.center_longitude, row.center_latitude]}
                properties = {"id": str(Geofence.from_model(row).id), "name": row.name, "radius": row.radius_m}
            features.append({"type": "Feature", "geometry": geometry, "properties": properties})
        return JSON({"type": "FeatureCollection", "features": features})

    @strawberry.field(
        description="Active campaigns whose geofence rules admit this point (offers near me).", permission_classes=READ
    )
    async def campaigns_at(
        self,
        latitude: Annotated[float, strawberry.argument(description="Latitude.")],
        longitude: Annotated[float, strawberry.argument(description="Longitude.")],
    ) -> list[Campaign]:
        check_point(latitude, longitude, field="point")
        fences = frozenset(await services.covering(latitude=latitude, longitude=longitude))
        found = []
        active = CampaignModel.filter(status=CampaignStatus.ACTIVE, deleted_at__isnull=True).order_by("name")
        for campaign in await active:
            rules = [rule for rule in campaign.validation_rules if rule["kind"] == "GEOFENCE"]
            context = RuleContext(
                initial_amount=0,
                running_amount=0,
                items=(),
                customer_id=None,
                code_holder_id=None,
                now=campaign.updated_at,
                time_zone=campaign.time_zone,
                location_fences=fences,
            )
            if rules and all(RULE_KINDS["GEOFENCE"](rule, context) is None for rule in rules):
                found.append(Campaign.from_model(campaign))
        return found
