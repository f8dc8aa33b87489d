"""Area and store mutations (admin)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.access.models import Permission
from app.campaigns import assignments as campaign_assignments
from app.core.ids import decode_id
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)
from app.graphql.locations.inputs import AssignmentInput, PlaceAttributesInput
from app.graphql.locations.types import Area, Assignment, Store
from app.locations import services


@strawberry.type(description="The area was saved.")
class AreaSuccess:
    area: Area = strawberry.field(description="The area.")


@strawberry.type(description="The store was saved.")
class StoreSuccess:
    store: Store = strawberry.field(description="The store.")


@strawberry.type(description="It was deleted.")
class DeleteSuccess:
    id: strawberry.ID = strawberry.field(description="The deleted object's id.")


AreaResult = Annotated[
    AreaSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("AreaResult", description="Outcome of areaCreate/areaUpdate."),
]
StoreResult = Annotated[
    StoreSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("StoreResult", description="Outcome of storeCreate/storeUpdate."),
]
LocationDeleteResult = Annotated[
    DeleteSuccess | NotFoundError | ConflictError | PermissionDeniedError | ValidationError,
    strawberry.union("LocationDeleteResult", description="Outcome of areaDelete/storeDelete (STILL_IN_USE)."),
]
ID_ARG = strawberry.argument(description="Its id.")
ATTRS = strawberry.argument(description="Attributes.")


@strawberry.type
class LocationMutation:
    @strawberry.mutation(description="Create an area.")
    @errors_as_results
    async def area_create(self, info: Info, input: Annotated[PlaceAttributesInput, ATTRS]) -> AreaResult:
        info.context.require(Permission.PROJECT_WRITE)
        return AreaSuccess(area=Area.from_model(await services.create_area(fields=input.to_domain())))

    @strawberry.mutation(description="Change an area.")
    @errors_as_results
    async def area_update(
        self, info: Info, id: Annotated[strawberry.ID, ID_ARG], input: Annotated[PlaceAttributesInput, ATTRS]
    ) -> AreaResult:
        info.context.require(Permission.PROJECT_WRITE)
        area = await services.update_area(area_id=decode_id("Area", id), fields=input.to_domain())
        return AreaSuccess(area=Area.from_model(area))

    @strawberry.mutation(description="Delete an area without stores or assignments.")
    @errors_as_results
    async def area_delete(self, info: Info, id: Annotated[strawberry.ID, ID_ARG]) -> LocationDeleteResult:
        info.context.require(Permission.PROJECT_WRITE)
        await services.delete_area(area_id=decode_id("Area", id))
        return DeleteSuccess(id=id)

    @strawberry.mutation(description="Create a store in an area.")
    @errors_as_results
    async def store_create(
        self,
        info: Info,
        area_id: Annotated[strawberry.ID, strawberry.argument(description="Its area.")],
        input: Annotated[PlaceAttributesInput, ATTRS],
        geofence_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The store's own geofence (e.g. a 2 km circle around it)."),
        ] = None,
    ) -> StoreResult:
        info.context.require(Permission.PROJECT_WRITE)
        store = await services.create_store(
            area_id=decode_id("Area", area_id, field="areaId"),
            fields=input.to_domain(),
            geofence_id=decode_id("Geofence", geofence_id, field="geofenceId") if geofence_id else None,
        )
        return StoreSuccess(store=Store.from_model(store))

    @strawberry.mutation(description="Change a store (moving areas needs it to have no assignments).")
    @errors_as_results
    async def store_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, ID_ARG],
        input: Annotated[PlaceAttributesInput, ATTRS],
        area_id: Annotated[strawberry.ID | None, strawberry.argument(description="Move to this area.")] = None,
        geofence_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The store's own geofence; null takes it away, omitted keeps it."),
        ] = strawberry.UNSET,
    ) -> StoreResult:
        info.context.require(Permission.PROJECT_WRITE)
        store = await services.update_store(
            store_id=decode_id("Store", id),
            fields=input.to_domain(),
            area_id=decode_id("Area", area_id, field="areaId") if area_id else None,
            set_geofence=geofence_id is not strawberry.UNSET,
            geofence_id=decode_id("Geofence", geofence_id, field="geofenceId") if geofence_id else None,
        )
        return StoreSuccess(store=Store.from_model(store))

    @strawberry.mutation(description="Delete a store no campaign or key is assigned to.")
    @errors_as_results
    async def store_delete(self, info: Info, id: Annotated[strawberry.ID, ID_ARG]) -> LocationDeleteResult:
        info.context.require(Permission.PROJECT_WRITE)
        await services.delete_store(store_id=decode_id("Store", id))
        return DeleteSuccess(id=id)


@strawberry.type(description="The campaign's assignments changed.")
class CampaignAccessSuccess:
    assignments: list[Assignment] = strawberry.field(description="The campaign's assignments now.")


CampaignAccessResult = Annotated[
    CampaignAccessSuccess | ValidationError | NotFoundError | PermissionDeniedError,
    strawberry.union("CampaignAccessResult", description="Outcome of campaignAccessAssign/Unassign."),
]
PLACES = strawberry.argument(description="Areas, all stores of areas, or stores.")


@strawberry.type
class CampaignAccessMutation:
    @strawberry.mutation(description="Assign a campaign to areas or stores (a campaign with none is project-wide).")
    @errors_as_results
    async def campaign_access_assign(
        self,
        info: Info,
        campaign_id: Annotated[strawberry.ID, strawberry.argument(description="The campaign.")],
        assignments: Annotated[list[AssignmentInput], PLACES],
    ) -> CampaignAccessResult:
        actor = info.context.require(Permission.CAMPAIGNS_WRITE)
        places = await campaign_assignments.change_access(
            campaign_id=decode_id("Campaign", campaign_id, field="campaignId"),
            add=[given.to_domain(f"assignments.{index}") for index, given in enumerate(assignments)],
            remove=[],
            actor=actor,
            scope=info.context.scope,
            events=info.context.events,
        )
        return CampaignAccessSuccess(assignments=[Assignment.from_place(place) for place in places])

    @strawberry.mutation(description="Take a campaign off areas or stores.")
    @errors_as_results
    async def campaign_access_unassign(
        self,
        info: Info,
        campaign_id: Annotated[strawberry.ID, strawberry.argument(description="The campaign.")],
        assignments: Annotated[list[AssignmentInput], PLACES],
    ) -> CampaignAccessResult:
        actor = info.context.require(Permission.CAMPAIGNS_WRITE)
        places = await campaign_assignments.change_access(
            campaign_id=decode_id("Campaign", campaign_id, field="campaignId"),
            add=[],
            remove=[given.to_domain(f"assignments.{index}") for index, given in enumerate(assignments)],
            actor=actor,
            scope=info.context.scope,
            events=info.context.events,
        )
        return CampaignAccessSuccess(assignments=[Assignment.from_place(place) for place in places])
