"""`Customer.rewards`: every reward a customer received, newest first, whatever gave it.

Four sources, each read newest first per customer (one LATERAL statement for every customer of the
request asking the same page size) and merged: distribution deliveries (REWARDED), live-action rewards
(with the event that caused them), publications made otherwise (codePublish, codesPublishBulk, loyalty
cards: the publications of distributions and live actions are their rewards), and wallet credits
(earned on a redemption or an event, or given by hand: the credits of distributions and live actions
are their rewards). Only campaigns the caller may see are read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise import connections

from app.access.models import Permission
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign
from app.distributions.rewards import CHANNEL as DISTRIBUTION_CHANNEL
from app.graphql.context import Context
from app.graphql.loaders import viewer_of
from app.triggers.deliver import CHANNEL as LIVE_ACTION_CHANNEL


class RewardSource(StrEnum):
    """What gave a reward."""

    DISTRIBUTION = "DISTRIBUTION"
    LIVE_ACTION = "LIVE_ACTION"
    PUBLICATION = "PUBLICATION"
    WALLET_CREDIT = "WALLET_CREDIT"


@dataclass(frozen=True)
class RewardRow:
    source: RewardSource
    campaign_id: uuid.UUID
    code_id: int | None
    points: int | None
    at: datetime
    event_id: int | None = None  # a live action's triggering event


def _sql(scoped: bool) -> str:
    scope = " AND {column} = ANY($5::uuid[])" if scoped else ""
    return (
        "SELECT c.id AS customer_id, page.* FROM unnest($1::uuid[]) AS c(id) CROSS JOIN LATERAL ("
        "(SELECT 'DISTRIBUTION' AS source, d.campaign_id, d.code_id, d.points, d.delivered_at AS at, "
        "d.id::text AS key, NULL::bigint AS event_id FROM distribution_delivery d "
        "WHERE d.customer_id = c.id AND d.status = 'REWARDED'"
        + scope.format(column="d.campaign_id")
        + " ORDER BY d.delivered_at DESC, d.id DESC LIMIT $2) UNION ALL "
        "(SELECT 'LIVE_ACTION', r.campaign_id, r.code_id, r.points, r.created_at, r.id::text, r.event_id "
        "FROM trigger_reward r WHERE r.customer_id = c.id AND r.status = 'REWARDED'"
        + scope.format(column="r.campaign_id")
        + " ORDER BY r.created_at DESC, r.id DESC LIMIT $2) UNION ALL "
        "(SELECT 'PUBLICATION', p.campaign_id, p.code_id, NULL, p.created_at, p.id::text, NULL FROM publication p "
        "WHERE p.customer_id = c.id AND p.channel <> $3 AND p.channel <> $4"
        + scope.format(column="p.campaign_id")
        + " ORDER BY p.created_at DESC, p.id DESC LIMIT $2) UNION ALL "
        "(SELECT 'WALLET_CREDIT', w.campaign_id, NULL, t.points, t.created_at, t.id::text, NULL FROM wallet w "
        "JOIN wallet_transaction t ON t.wallet_id = w.id WHERE w.customer_id = c.id "
        "AND t.kind IN ('CREDIT', 'ADJUST') AND t.points > 0 AND t.status <> 'CANCELLED' "
        "AND t.source IN ('REDEMPTION', 'EVENT', 'MANUAL') AND COALESCE(t.idempotency_key, '') NOT LIKE 'trigger:%'"
        + scope.format(column="w.campaign_id")
        + " ORDER BY t.created_at DESC, t.id DESC LIMIT $2) "
        "ORDER BY at DESC, source, key DESC LIMIT $2) AS page"
    )


def rewards_of(context: Context, first: int) -> DataLoader[uuid.UUID, list[RewardRow]]:
    """The request's loader of customers' `first` newest rewards, inside the caller's scope."""
    name = f"customer-rewards:{first}"
    loader = context.loaders.get(name)
    if loader is None:
        scope = viewer_of(context).scope

        async def load(customer_ids: list[uuid.UUID]) -> list[list[RewardRow]]:
            if Permission.CAMPAIGNS_READ not in scope.permissions:
                return [[] for _ in customer_ids]
            parameters: list[Any] = [list(customer_ids), first, DISTRIBUTION_CHANNEL, LIVE_ACTION_CHANNEL]
            if scope.restricted:
                visible = await campaign_access.scoped(Campaign.all(), scope).values_list("id", flat=True)
                parameters.append(list(visible))
            rows = await connections.get("default").execute_query_dict(_sql(scope.restricted), parameters)
            groups: dict[uuid.UUID, list[RewardRow]] = {}
            for row in rows:
                groups.setdefault(row["customer_id"], []).append(
                    RewardRow(
                        RewardSource(row["source"]),
                        row["campaign_id"],
                        row["code_id"],
                        row["points"],
                        row["at"],
                        row["event_id"],
                    )
                )
            return [groups.get(customer_id, []) for customer_id in customer_ids]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    return loader
