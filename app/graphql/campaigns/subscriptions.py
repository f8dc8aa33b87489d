"""Campaign subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from app.access.models import Permission
from app.campaigns import access
from app.campaigns.lifecycle import STATUS_CHANNEL, StatusChange
from app.core.ids import decode_id
from app.graphql import live
from app.graphql.campaigns.queries import campaign_gid
from app.graphql.campaigns.types import CampaignStatusEvent, ChangeCause
from app.graphql.context import Info
from app.graphql.permissions import has_permission


@strawberry.type
class CampaignSubscription:
    @strawberry.subscription(
        description="Status changes as they happen, from any process (API or scheduler). After a "
        "reconnect, read what was missed from `campaign { history }`.",
        permission_classes=[has_permission(Permission.CAMPAIGNS_READ)],
    )
    async def campaign_status_changed(
        self,
        info: Info,
        campaign_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="One campaign; omit for all.")
        ] = None,
    ) -> AsyncGenerator[CampaignStatusEvent, None]:
        scope = info.context.scope
        wanted = decode_id("Campaign", campaign_id, field="campaignId") if campaign_id else None
        if wanted is not None:
            await access.usable(scope, wanted, field="campaignId")
        async for payload in live.events(info.context, STATUS_CHANNEL):
            scope = info.context.scope  # re-read: the key's assignments may have changed
            change = StatusChange.from_json(payload)
            if wanted is not None and change.campaign_id != wanted:
                continue
            # A permanent deletion takes the assignments with it: only a subscriber of that very campaign
            # (who was allowed to watch it) hears of it.
            if scope.restricted and not (change.deleted and wanted is not None):
                if change.deleted:
                    continue
                places = await access.places_by_campaign([change.campaign_id])
                if not scope.may_use(places[change.campaign_id]):
                    continue
            yield CampaignStatusEvent(
                campaign_id=campaign_gid(change.campaign_id),
                campaign_name=change.campaign_name,
                previous_status=change.previous,
                new_status=change.current,
                in_bin=change.in_bin,
                deleted=change.deleted,
                cause=ChangeCause(change.cause),
                actor_prefix=change.actor_prefix,
                at=change.at,
            )
