"""Distribution subscriptions: a distribution's progress, and rewards as they are granted."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign as CampaignModel
from app.codes.models import Code as CodeModel
from app.core.errors import InvalidInput
from app.core.ids import decode_id, encode_id
from app.customers.models import Customer as CustomerModel
from app.distributions import services
from app.distributions.runs import PROGRESS_CHANNEL, REWARDS_CHANNEL
from app.graphql import live
from app.graphql.context import Info
from app.graphql.distributions.types import DistributionProgress, RewardGranted, RewardSource, RunStatus
from app.graphql.permissions import has_permission

READ = [has_permission(Permission.CAMPAIGNS_READ)]


def _id(type_name: str, value: str) -> strawberry.ID:
    return strawberry.ID(encode_id(type_name, uuid.UUID(value)))


async def _granted(rewards: list[dict[str, Any]]) -> list[RewardGranted]:
    """One message's rewards with their codes and customers' own ids (two statements per message)."""
    code_ids = [reward["code_id"] for reward in rewards if reward["code_id"] is not None]
    codes = dict(await CodeModel.filter(id__in=code_ids).values_list("id", "code")) if code_ids else {}
    customer_ids = {uuid.UUID(reward["customer_id"]) for reward in rewards}
    source_ids = dict(await CustomerModel.filter(id__in=customer_ids).values_list("id", "source_id"))
    return [
        RewardGranted(
            source=RewardSource.LIVE_ACTION if "reward_id" in reward else RewardSource.DISTRIBUTION,
            delivery_id=strawberry.ID(encode_id("Delivery", reward["delivery_id"]))
            if "delivery_id" in reward
            else None,
            run_id=_id("DistributionRun", reward["run_id"]) if "run_id" in reward else None,
            event_id=strawberry.ID(encode_id("CustomerEvent", reward["event_id"]))
            if "reward_id" in reward and reward.get("event_id") is not None
            else None,
            campaign_id=_id("Campaign", reward["campaign_id"]),
            customer_id=_id("Customer", reward["customer_id"]),
            customer_source_id=source_ids.get(uuid.UUID(reward["customer_id"])),
            code=codes.get(reward["code_id"]),
            points=reward["points"],
            at=datetime.fromisoformat(reward["at"]),
        )
        for reward in rewards
    ]


@strawberry.type
class DistributionSubscription:
    @strawberry.subscription(
        description="A distribution's runs' counters after every chunk, and when each run ends.",
        permission_classes=READ,
    )
    async def distribution_progress(
        self,
        info: Info,
        distribution_id: Annotated[strawberry.ID, strawberry.argument(description="The distribution.")],
    ) -> AsyncGenerator[DistributionProgress, None]:
        distribution = await services.visible(
            info.context.scope,
            decode_id("Distribution", distribution_id, field="distributionId"),
            field="distributionId",
        )
        wanted = str(distribution.id)
        async for payload in live.events(info.context, PROGRESS_CHANNEL):
            if payload["distribution_id"] != wanted:
                continue
            yield DistributionProgress(
                distribution_id=_id("Distribution", payload["distribution_id"]),
                run_id=_id("DistributionRun", payload["run_id"]),
                status=RunStatus(payload["status"]),
                eligible=payload["eligible"],
                rewarded=payload["rewarded"],
                skipped=payload["skipped"],
                failed=payload["failed"],
            )

    @strawberry.subscription(
        description="Each reward a distribution grants, as its chunk commits: of one campaign, of one customer, or "
        "of one customer in one campaign (only campaigns you may use).",
        permission_classes=READ,
    )
    async def reward_granted(
        self,
        info: Info,
        campaign_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this campaign's.")] = None,
        customer_id: Annotated[strawberry.ID | None, strawberry.argument(description="Only this customer's.")] = None,
    ) -> AsyncGenerator[RewardGranted, None]:
        if campaign_id is None and customer_id is None:
            raise InvalidInput("Name a campaign, a customer, or both.", field="campaignId")
        campaign: str | None = None
        if campaign_id is not None:
            found = await campaign_access.usable(
                info.context.scope, decode_id("Campaign", campaign_id, field="campaignId"), field="campaignId"
            )
            campaign = str(found.id)
        customer = str(decode_id("Customer", customer_id, field="customerId")) if customer_id is not None else None
        async for payload in live.events(info.context, REWARDS_CHANNEL):
            if campaign is not None and payload["campaign_id"] != campaign:
                continue
            rewards = [r for r in payload["rewards"] if customer is None or r["customer_id"] == customer]
            if not rewards:
                continue
            # The key's scope is read again with each message: a campaign it no longer may use is not sent.
            scoped = campaign_access.scoped(
                CampaignModel.filter(id=uuid.UUID(payload["campaign_id"])), info.context.scope
            )
            if not await scoped.exists():
                continue
            for granted in await _granted(rewards):
                yield granted
