"""Campaign and category mutations (write permission; expected failures are union members)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry

from app.access.models import Permission
from app.campaigns import access, categories, lifecycle, services
from app.campaigns.models import Campaign as CampaignModel
from app.campaigns.validation import clean_metadata
from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.graphql.campaigns.inputs import (
    CampaignCloneInput,
    CampaignCreateInput,
    CampaignDeleteInput,
    CampaignIdInput,
    CampaignUpdateInput,
    CategoryCreateInput,
    CategoryIdInput,
    CategoryUpdateInput,
)
from app.graphql.campaigns.queries import campaign_gid, category_id
from app.graphql.campaigns.types import Campaign, Category
from app.graphql.context import Info
from app.graphql.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
    errors_as_results,
)


@strawberry.type(description="The campaign was created as DRAFT.")
class CampaignCreateSuccess:
    campaign: Campaign = strawberry.field(description="The new campaign.")


@strawberry.type(description="The campaign was changed (or already had these values).")
class CampaignUpdateSuccess:
    campaign: Campaign = strawberry.field(description="The campaign after the change.")


@strawberry.type(description="The campaign changed status.")
class CampaignTransitionSuccess:
    campaign: Campaign = strawberry.field(description="The campaign after the transition.")


@strawberry.type(description="A DRAFT copy of the campaign was made.")
class CampaignCloneSuccess:
    campaign: Campaign = strawberry.field(description="The copy.")
    source: Campaign = strawberry.field(description="The original.")


@strawberry.type(description="The campaign went to the bin, or was removed for good.")
class CampaignDeleteSuccess:
    campaign_id: strawberry.ID = strawberry.field(description="The campaign's id.")
    permanent: bool = strawberry.field(description="Removed for good (the name is free again).")
    campaign: Campaign | None = strawberry.field(description="The campaign in the bin (null if permanent).")


@strawberry.type(description="The category was saved.")
class CategorySuccess:
    category: Category = strawberry.field(description="The category.")


@strawberry.type(description="The category was deleted.")
class CategoryDeleteSuccess:
    category_id: strawberry.ID = strawberry.field(description="The deleted category's id.")


CampaignCreateResult = Annotated[
    CampaignCreateSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CampaignCreateResult", description="Outcome of campaignCreate."),
]
CampaignUpdateResult = Annotated[
    CampaignUpdateSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CampaignUpdateResult", description="Outcome of campaignUpdate."),
]
CampaignTransitionResult = Annotated[
    CampaignTransitionSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CampaignTransitionResult", description="Outcome of a lifecycle transition."),
]
CampaignCloneResult = Annotated[
    CampaignCloneSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CampaignCloneResult", description="Outcome of campaignClone."),
]
CampaignDeleteResult = Annotated[
    CampaignDeleteSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CampaignDeleteResult", description="Outcome of campaignDelete."),
]
CategoryResult = Annotated[
    CategorySuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CategoryResult", description="Outcome of categoryCreate/Update."),
]
CategoryDeleteResult = Annotated[
    CategoryDeleteSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CategoryDeleteResult", description="Outcome of categoryDelete."),
]

INPUT = strawberry.argument(description="The mutation's input.")


def _campaign_id(value: strawberry.ID) -> uuid.UUID:
    return decode_id("Campaign", value)


def _changes(input: CampaignUpdateInput) -> dict[str, Any]:
    given = {
        name: value
        for name, value in vars(input).items()
        if name not in {"id", "expected_version", "access"} and value is not strawberry.UNSET
    }
    if "reward" in given and given["reward"] is not None:
        given["reward"] = given["reward"].to_domain()
    if given.get("code_series_id") is not None:
        given["code_series_id"] = decode_id("CodeSeries", given["code_series_id"], field="codeSeriesId")
    if given.get("segment_id") is not None:
        given["segment_id"] = decode_id("Segment", given["segment_id"], field="segmentId")
    if "join_once" in given and given["join_once"] is None:
        raise InvalidInput("This field cannot be null.", field="joinOnce")
    if "self_service_publish" in given and given["self_service_publish"] is None:
        raise InvalidInput("This field cannot be null.", field="selfServicePublish")
    if "category_id" in given and given["category_id"] is not None:
        given["category_id"] = category_id(given["category_id"], "categoryId")
    if given.get("metadata", {}) is None:
        given["metadata"] = {}
    if "validation_rules" in given and given["validation_rules"] is None:
        given["validation_rules"] = []
    if given.get("description", "") is None:
        given["description"] = ""
    for required in ("name", "kind", "code_mode", "targeting", "reward", "currency", "time_zone"):
        if required in given and given[required] is None:
            raise InvalidInput("This field cannot be null.", field=required)
    return given


async def _transition(
    info: Info, input: CampaignIdInput, action: Callable[..., Awaitable[CampaignModel]]
) -> CampaignTransitionSuccess:
    actor = info.context.require(Permission.CAMPAIGNS_WRITE)
    campaign_id = _campaign_id(input.id)
    await access.editable(info.context.scope, campaign_id)
    campaign = await action(campaign_id=campaign_id, actor=actor, events=info.context.events)
    return CampaignTransitionSuccess(campaign=Campaign.from_model(campaign))


@strawberry.type
class CampaignMutation:
    @strawberry.mutation(description="Create a DRAFT campaign.")
    @errors_as_results
    async def campaign_create(self, info: Info, input: Annotated[CampaignCreateInput, INPUT]) -> CampaignCreateResult:
        actor = info.context.require(Permission.CAMPAIGNS_WRITE)
        given = [place.to_domain(f"input.access.{index}") for index, place in enumerate(input.access)]
        places = await access.resolve_inside(info.context.scope, given, field="input.access")
        spec = services.CampaignSpec(
            name=input.name,
            kind=input.kind,
            code_mode=input.code_mode,
            targeting=input.targeting,
            reward=input.reward.to_domain(),
            currency=input.currency,
            description=input.description,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            time_zone=input.time_zone,
            category_id=category_id(input.category_id, "categoryId") if input.category_id else None,
            metadata=clean_metadata(input.metadata) if input.metadata is not None else {},
            inventory_limit=input.inventory_limit,
            low_stock_threshold=input.low_stock_threshold,
            join_once=input.join_once,
            self_service_publish=input.self_service_publish,
            code=input.code,
            code_series_id=decode_id("CodeSeries", input.code_series_id, field="codeSeriesId")
            if input.code_series_id
            else None,
            redemptions_per_code=input.redemptions_per_code,
            validation_rules=input.validation_rules if input.validation_rules is not None else [],  # type: ignore[arg-type]
            rules_expression=input.rules_expression,
            applies_to_products=input.applies_to_products,
            applies_to_categories=input.applies_to_categories,
            places=places,
            segment_id=decode_id("Segment", input.segment_id, field="segmentId") if input.segment_id else None,
        )
        campaign = await services.create_campaign(
            spec=spec, actor=actor, restricted=info.context.scope.restricted, events=info.context.events
        )
        return CampaignCreateSuccess(campaign=Campaign.from_model(campaign))

    @strawberry.mutation(description="Change fields of a campaign at `expectedVersion`.")
    @errors_as_results
    async def campaign_update(self, info: Info, input: Annotated[CampaignUpdateInput, INPUT]) -> CampaignUpdateResult:
        actor = info.context.require(Permission.CAMPAIGNS_WRITE)
        await access.editable(info.context.scope, _campaign_id(input.id))
        places = None
        if input.access is not strawberry.UNSET:
            given = [place.to_domain(f"input.access.{index}") for index, place in enumerate(input.access or [])]
            places = await access.resolve_inside(info.context.scope, given, field="input.access")
        campaign = await services.update_campaign(
            campaign_id=_campaign_id(input.id),
            expected_version=input.expected_version,
            changes=_changes(input),
            actor=actor,
            places=places,
            restricted=info.context.scope.restricted,
            events=info.context.events,
        )
        return CampaignUpdateSuccess(campaign=Campaign.from_model(campaign))

    @strawberry.mutation(description="DRAFT → ACTIVE (or SCHEDULED before its start).")
    @errors_as_results
    async def campaign_activate(self, info: Info, input: Annotated[CampaignIdInput, INPUT]) -> CampaignTransitionResult:
        return await _transition(info, input, lifecycle.activate)

    @strawberry.mutation(description="ACTIVE or SCHEDULED → PAUSED.")
    @errors_as_results
    async def campaign_pause(self, info: Info, input: Annotated[CampaignIdInput, INPUT]) -> CampaignTransitionResult:
        return await _transition(info, input, lifecycle.pause)

    @strawberry.mutation(description="PAUSED → ACTIVE (or SCHEDULED before its start).")
    @errors_as_results
    async def campaign_resume(self, info: Info, input: Annotated[CampaignIdInput, INPUT]) -> CampaignTransitionResult:
        return await _transition(info, input, lifecycle.resume)

    @strawberry.mutation(description="Stop for good (SCHEDULED, ACTIVE or PAUSED → STOPPED).")
    @errors_as_results
    async def campaign_stop(self, info: Info, input: Annotated[CampaignIdInput, INPUT]) -> CampaignTransitionResult:
        return await _transition(info, input, lifecycle.stop)

    @strawberry.mutation(description="Copy the configuration into a new DRAFT (no codes or redemptions).")
    @errors_as_results
    async def campaign_clone(self, info: Info, input: Annotated[CampaignCloneInput, INPUT]) -> CampaignCloneResult:
        actor = info.context.require(Permission.CAMPAIGNS_WRITE)
        source_id = _campaign_id(input.id)
        await access.editable(info.context.scope, source_id)
        clone = await services.clone_campaign(
            campaign_id=source_id,
            name=input.name,
            actor=actor,
            restricted=info.context.scope.restricted,
            events=info.context.events,
        )
        source = await services.get_campaign(campaign_id=source_id)
        return CampaignCloneSuccess(campaign=Campaign.from_model(clone), source=Campaign.from_model(source))

    @strawberry.mutation(description="Move to the bin, or with `permanent` remove for good.")
    @errors_as_results
    async def campaign_delete(self, info: Info, input: Annotated[CampaignDeleteInput, INPUT]) -> CampaignDeleteResult:
        actor = info.context.require(Permission.CAMPAIGNS_WRITE)
        campaign_id = _campaign_id(input.id)
        await access.editable(info.context.scope, campaign_id)
        if input.permanent:
            await lifecycle.delete_permanently(campaign_id=campaign_id, actor=actor, events=info.context.events)
            return CampaignDeleteSuccess(campaign_id=campaign_gid(campaign_id), permanent=True, campaign=None)
        campaign = await lifecycle.move_to_bin(campaign_id=campaign_id, actor=actor, events=info.context.events)
        return CampaignDeleteSuccess(
            campaign_id=campaign_gid(campaign_id), permanent=False, campaign=Campaign.from_model(campaign)
        )

    @strawberry.mutation(description="Bring a campaign back from the bin, in the status it had.")
    @errors_as_results
    async def campaign_restore(self, info: Info, input: Annotated[CampaignIdInput, INPUT]) -> CampaignTransitionResult:
        return await _transition(info, input, lifecycle.restore)

    @strawberry.mutation(description="Create a stacking category.")
    @errors_as_results
    async def category_create(self, info: Info, input: Annotated[CategoryCreateInput, INPUT]) -> CategoryResult:
        info.context.require(Permission.PROJECT_WRITE)
        category = await categories.create_category(
            name=input.name, hierarchy=input.hierarchy, stacking_type=input.stacking_type
        )
        return CategorySuccess(category=Category.from_model(category))

    @strawberry.mutation(description="Change a stacking category.")
    @errors_as_results
    async def category_update(self, info: Info, input: Annotated[CategoryUpdateInput, INPUT]) -> CategoryResult:
        info.context.require(Permission.PROJECT_WRITE)
        category = await categories.update_category(
            category_id=category_id(input.id),
            name=input.name,
            hierarchy=input.hierarchy,
            stacking_type=input.stacking_type,
        )
        return CategorySuccess(category=Category.from_model(category))

    @strawberry.mutation(description="Delete a category no campaign uses.")
    @errors_as_results
    async def category_delete(self, info: Info, input: Annotated[CategoryIdInput, INPUT]) -> CategoryDeleteResult:
        info.context.require(Permission.PROJECT_WRITE)
        await categories.delete_category(category_id=category_id(input.id))
        return CategoryDeleteSuccess(category_id=input.id)
