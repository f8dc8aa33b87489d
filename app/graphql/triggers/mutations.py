"""Setting a LIVE_ACTION campaign's trigger."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from app.access.models import Permission
from app.core.ids import decode_id
from app.graphql.campaigns.types import Campaign
from app.graphql.constraints import RULES
from app.graphql.context import Info
from app.graphql.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError, errors_as_results
from app.triggers import services

TRIGGER_SHAPE = (
    "A LIVE_ACTION campaign's trigger (snake_case keys). ACTION: {kind: ACTION, event: {name, where: [{property, "
    "op, value}]}, occurrence: {first: true} | {nth, within: {amount, unit: SECONDS|MINUTES|HOURS|DAYS}}, "
    "time_window: {from_hour, to_hour, days_of_week} (the campaign's time zone; may cross midnight)}. INACTION: "
    "{kind: INACTION, event: {name, where}, awaited: {name, where}, within: {amount, unit}} rewards when the "
    "awaited event does not follow within the window; without `awaited`, when the event does not happen again "
    "within it. Both: cap: {limit (default 1), period: TOTAL|DAY|WEEK|MONTH}; for LOYALTY / WALLET_POINTS "
    "campaigns points: {fixed} | {percent, property} (a share of a property in major units)."
)


@strawberry.input(description="A trigger for a LIVE_ACTION campaign.")
class CampaignTriggerSetInput:
    campaign_id: strawberry.ID = strawberry.field(description="The LIVE_ACTION campaign.")
    trigger: JSON = strawberry.field(directives=[RULES], description=TRIGGER_SHAPE)


@strawberry.type(description="The trigger was saved; events from now on are evaluated against it.")
class CampaignTriggerSetSuccess:
    campaign: Campaign = strawberry.field(description="The campaign.")


CampaignTriggerSetResult = Annotated[
    CampaignTriggerSetSuccess | ValidationError | NotFoundError | ConflictError | PermissionDeniedError,
    strawberry.union("CampaignTriggerSetResult", description="Outcome of campaignTriggerSet."),
]


@strawberry.type
class TriggerMutation:
    @strawberry.mutation(description="Set (or replace) a LIVE_ACTION campaign's trigger.")
    @errors_as_results
    async def campaign_trigger_set(
        self,
        info: Info,
        input: Annotated[CampaignTriggerSetInput, strawberry.argument(description="The mutation's input.")],
    ) -> CampaignTriggerSetResult:
        info.context.require(Permission.CAMPAIGNS_WRITE)
        campaign_id = decode_id("Campaign", input.campaign_id, field="campaignId")
        await services.set_trigger(
            scope=info.context.scope, campaign_id=campaign_id, definition=input.trigger, events=info.context.events
        )
        from app.campaigns.models import Campaign as CampaignModel

        return CampaignTriggerSetSuccess(campaign=Campaign.from_model(await CampaignModel.get(id=campaign_id)))
