"""Code subscriptions."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.codes.models import AlertKind
from app.core.events import INVENTORY_ALERTS_CHANNEL as ALERTS_CHANNEL
from app.core.ids import decode_id, encode_id
from app.graphql import live
from app.graphql.codes.types import InventoryAlert
from app.graphql.context import Info
from app.graphql.permissions import has_permission


@strawberry.type
class CodeSubscription:
    @strawberry.subscription(
        description="Inventory alerts (low stock, exhausted) of a campaign and its series, as they happen.",
        permission_classes=[has_permission(Permission.CAMPAIGNS_READ)],
    )
    async def inventory_alerts(
        self,
        info: Info,
        campaign_id: Annotated[strawberry.ID, strawberry.argument(description="The campaign.")],
    ) -> AsyncGenerator[InventoryAlert, None]:
        campaign = await campaign_access.usable(
            info.context.scope, decode_id("Campaign", campaign_id, field="campaignId"), field="campaignId"
        )
        wanted = str(campaign.id)
        async for payload in live.events(info.context, ALERTS_CHANNEL):
            if payload["for_campaign_id"] != wanted:
                continue
            yield InventoryAlert(
                id=strawberry.ID(encode_id("InventoryAlert", uuid.UUID(payload["alert_id"]))),
                kind=AlertKind(payload["kind"]),
                series_id=strawberry.ID(encode_id("CodeSeries", uuid.UUID(payload["series_id"])))
                if payload["series_id"]
                else None,
                campaign_id=strawberry.ID(encode_id("Campaign", uuid.UUID(payload["campaign_id"])))
                if payload["campaign_id"]
                else None,
                available=payload["available"],
                threshold=payload["threshold"],
                at=datetime.fromisoformat(payload["at"]),
            )
