"""A run's membership snapshot: the segment evaluated at run time, written with one `INSERT … SELECT`.

Customers already rewarded by this campaign (once-per-campaign policy, or holding a join-once code of
it) are recorded as SKIPPED_ALREADY; the others wait as PENDING. Points programs store each customer's
points with the snapshot: fixed, or a percentage of the sum of an event property over a window (in
major units of the campaign's currency, like `order_paid` amounts), rounded down; customers whose
share rounds to nothing are not eligible.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign
from app.campaigns.validation import POINTS_KINDS
from app.core.money import exponent
from app.distributions.models import Distribution, DistributionRun, RewardPolicy
from app.segments.evaluation import SET_WORK_MEM, predicate
from app.segments.models import Segment
from app.wallets.programs import program_of


@dataclass(frozen=True)
class PointsRule:
    """How many points a distribution gives each customer (wallet programs)."""

    fixed: int | None = None
    percent: Decimal | None = None
    event: str | None = None
    property: str | None = None
    days: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PointsRule:
        data = data or {}
        return cls(
            fixed=data.get("fixed"),
            percent=Decimal(data["percent"]) if data.get("percent") is not None else None,
            event=data.get("event"),
            property=data.get("property"),
            days=data.get("days"),
        )


async def _points_sql(
    campaign: Campaign, distribution: Distribution, params: list[Any], now: datetime
) -> tuple[str, bool]:
    """The SQL expression of each customer's points (appending its parameters); and whether it may be 0."""
    rule = PointsRule.from_json(distribution.points)
    if rule.percent is None:
        default = campaign.reward.get("points") if isinstance(campaign.reward, dict) else None
        params.append(rule.fixed if rule.fixed is not None else (default or 0))
        return f"${len(params)}::bigint", False
    program = await program_of(campaign)
    factor = rule.percent / 100 * (10 ** exponent(campaign.currency)) * program.rate_points / program.rate_amount
    params += [rule.property, rule.event, now - timedelta(days=rule.days or 0), str(factor)]
    prop, name, since, scale = (f"${len(params) - offset}" for offset in (3, 2, 1, 0))
    total = (
        f"(SELECT sum(CASE WHEN jsonb_typeof(e.properties -> {prop}::text) = 'number' "
        f"THEN (e.properties ->> {prop}::text)::numeric END) FROM customer_event e "
        f"WHERE e.customer_id = c.id AND e.name = {name}::text AND e.occurred_at >= {since}::timestamptz)"
    )
    return f"floor(COALESCE({total}, 0) * {scale}::numeric)::bigint", True


async def take(run: DistributionRun, distribution: Distribution, campaign: Campaign, now: datetime) -> int:
    """Write the run's deliveries (once: a resumed run keeps its snapshot); how many are eligible."""
    segment = await Segment.get(id=campaign.segment_id)
    once = distribution.reward_policy is RewardPolicy.ONCE_PER_CAMPAIGN
    params: list[Any] = [run.id, campaign.id, campaign.id if once else None, once and campaign.join_once]
    points, may_be_zero = (
        await _points_sql(campaign, distribution, params, now) if campaign.kind in POINTS_KINDS else ("NULL", False)
    )
    where = await predicate(segment, now=now, offset=len(params))
    params += where.params
    positive = f"AND {points} > 0" if may_be_zero else ""
    statement = f"""
WITH inserted AS (
    INSERT INTO distribution_delivery (run_id, campaign_id, customer_id, once_key, status, points, created_at)
    SELECT $1::uuid, $2::uuid, c.id, $3::uuid,
        CASE WHEN ($3::uuid IS NOT NULL AND EXISTS (
                SELECT 1 FROM distribution_delivery d
                WHERE d.once_key = $3::uuid AND d.customer_id = c.id AND d.status = 'REWARDED'))
            OR ($4::bool AND EXISTS (
                SELECT 1 FROM publication p WHERE p.campaign_id = $2::uuid AND p.customer_id = c.id AND p.join_once))
        THEN 'SKIPPED_ALREADY' ELSE 'PENDING' END,
        {points}, now()
    FROM customer c WHERE ({where.sql}) {positive}
    ON CONFLICT (run_id, customer_id) DO NOTHING
    RETURNING status
)
UPDATE distribution_run SET snapshot_taken = true,
    eligible = (SELECT count(*) FROM inserted),
    skipped = (SELECT count(*) FROM inserted WHERE status = 'SKIPPED_ALREADY')
WHERE id = $1::uuid AND NOT snapshot_taken
RETURNING eligible
"""
    async with in_transaction() as connection:
        # Planned for these values (a generic plan ignores windows), with room to hash a large segment.
        await connection.execute_script(
            f"SET LOCAL work_mem = '{SET_WORK_MEM}'; SET LOCAL plan_cache_mode = force_custom_plan"
        )
        rows = await connection.execute_query_dict(statement, params)
    if not rows:  # another worker took it first
        refreshed = await DistributionRun.get(id=run.id)
        return refreshed.eligible
    eligible: int = rows[0]["eligible"]
    return eligible


def delivery_key(run_id: uuid.UUID, customer_id: uuid.UUID) -> str:
    """The source id of a delivery's publication and the idempotency key of its ledger credit."""
    return f"distribution:{run_id}:{customer_id}"
