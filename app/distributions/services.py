"""Distributions: create (idempotent), preview the shortage before sending, cancel, list."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign, CampaignStatus, CodeMode, Targeting
from app.campaigns.validation import POINTS_KINDS
from app.codes.models import CodeSeries
from app.core.bounds import MAX_AMOUNT
from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.pagination import Page, Position, newest_first_page
from app.core.time import utcnow
from app.distributions.models import Distribution, DistributionStatus, RewardPolicy, RunStatus
from app.distributions.schedules import Schedule
from app.segments.evaluation import predicate, set_query
from app.segments.models import Segment
from app.wallets.programs import program_of

MAX_WINDOW_DAYS = 3_650


class DistributionNotFound(NotFound):
    """No such distribution (or it belongs to a campaign outside the caller's scope)."""


class NotDistributable(InvalidInput):
    """The campaign cannot distribute: no segment, the wrong targeting, or nothing to hand out."""

    code = "NOT_DISTRIBUTABLE"


class IdempotencyKeyReused(Conflict):
    """The idempotency key created a distribution of another campaign."""

    code = "IDEMPOTENCY_KEY_REUSED"


@dataclass(frozen=True)
class DistributionSpec:
    campaign_id: uuid.UUID
    schedule: Schedule
    reward_policy: RewardPolicy = RewardPolicy.ONCE_PER_CAMPAIGN
    points: dict[str, Any] | None = None
    idempotency_key: str | None = None


def _check_points(points: dict[str, Any] | None, campaign: Campaign) -> dict[str, Any] | None:
    """Wallet programs: fixed points (default: the campaign's reward) or a percentage of an event property."""
    if points is None:
        return None
    if campaign.kind not in POINTS_KINDS:
        raise InvalidInput("Only LOYALTY and WALLET_POINTS campaigns give points.", field="points")
    if points.get("fixed") is not None:
        fixed = points["fixed"]
        if set(points) - {"fixed"} or not 1 <= fixed <= MAX_AMOUNT:
            raise InvalidInput(f"Give fixed points between 1 and {MAX_AMOUNT:,}, alone.", field="points.fixed")
        return {"fixed": fixed}
    try:
        percent = Decimal(str(points.get("percent")))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput("Give `fixed` points or a `percent`.", field="points.percent") from exc
    if not Decimal("0.01") <= percent <= Decimal(1000):
        raise InvalidInput("A percentage is between 0.01 and 1000.", field="points.percent")
    for name in ("event", "property"):
        if not isinstance(points.get(name), str) or not 1 <= len(points[name]) <= 100:
            raise InvalidInput(f"Name the {name} (1 to 100 characters).", field=f"points.{name}")
    days = points.get("days")
    if not isinstance(days, int) or not 1 <= days <= MAX_WINDOW_DAYS:
        raise InvalidInput(f"Give the window in days (1 to {MAX_WINDOW_DAYS}).", field="points.days")
    return {"percent": str(percent), "event": points["event"], "property": points["property"], "days": days}


def check_distributable(campaign: Campaign) -> None:
    if campaign.targeting not in {Targeting.PAST_BEHAVIOR, Targeting.CUSTOM_LIST}:
        raise NotDistributable(
            "Only PAST_BEHAVIOR and CUSTOM_LIST campaigns distribute (LIVE_ACTION campaigns reward on triggers).",
            field="campaignId",
        )
    if campaign.segment_id is None:
        raise NotDistributable("Name the campaign's segment first (campaignUpdate segmentId).", field="campaignId")
    if campaign.code_mode is CodeMode.NO_CODE and campaign.kind not in POINTS_KINDS:
        raise NotDistributable("An automatic promotion has nothing to hand out.", field="campaignId")
    if campaign.deleted_at is not None or campaign.status in {CampaignStatus.STOPPED, CampaignStatus.EXPIRED}:
        raise NotDistributable(f"The campaign is {campaign.status.value}.", field="campaignId")


async def create(*, scope: Scope, spec: DistributionSpec, actor_id: uuid.UUID | None) -> tuple[Distribution, bool]:
    """A new distribution (its first run is created by the worker's schedule sweep); a retry answers it."""
    campaign = await campaign_access.editable(scope, spec.campaign_id, field="campaignId")
    if spec.idempotency_key is not None:
        earlier = await Distribution.get_or_none(idempotency_key=spec.idempotency_key)
        if earlier is not None:
            if earlier.campaign_id != campaign.id:
                raise IdempotencyKeyReused(
                    "This key created a distribution of another campaign.", field="idempotencyKey"
                )
            return earlier, False
    check_distributable(campaign)
    now = utcnow()
    spec.schedule.check(now=now, time_zone=campaign.time_zone)
    points = _check_points(spec.points, campaign)
    try:
        async with in_transaction():
            distribution = await Distribution.create(
                campaign_id=campaign.id,
                schedule_kind=spec.schedule.kind,
                schedule=spec.schedule.to_json(),
                reward_policy=spec.reward_policy,
                points=points,
                next_run_at=spec.schedule.first(now=now, time_zone=campaign.time_zone),
                idempotency_key=spec.idempotency_key,
                created_by_id=actor_id,
            )
    except IntegrityError:
        twin = await Distribution.get_or_none(idempotency_key=spec.idempotency_key)
        if twin is None or twin.campaign_id != campaign.id:
            raise
        return twin, False
    return distribution, True


async def visible(scope: Scope, distribution_id: uuid.UUID, *, field: str = "id") -> Distribution:
    distribution = await Distribution.get_or_none(id=distribution_id)
    if distribution is None:
        raise DistributionNotFound(f"No distribution has id {distribution_id}.", field=field)
    try:
        await campaign_access.usable(scope, distribution.campaign_id, field=field)
    except NotFound as exc:
        raise DistributionNotFound(f"No distribution has id {distribution_id}.", field=field) from exc
    return distribution


async def cancel(*, scope: Scope, distribution_id: uuid.UUID) -> Distribution:
    """Stop creating runs and cancel the pending ones; a run already going stops at its next chunk."""
    distribution = await visible(scope, distribution_id)
    await campaign_access.editable(scope, distribution.campaign_id, field="id")
    async with in_transaction() as connection:
        await connection.execute_query_dict(
            "UPDATE distribution SET status = $2, next_run_at = NULL, updated_at = now() WHERE id = $1 "
            "AND status = 'ACTIVE' RETURNING id",
            [distribution.id, DistributionStatus.CANCELLED.value],
        )
        await connection.execute_query_dict(
            "UPDATE distribution_run SET status = $2, finished_at = now(), lease_until = NULL "
            "WHERE distribution_id = $1 AND status IN ('PENDING', 'RUNNING') RETURNING id",
            [distribution.id, RunStatus.CANCELLED.value],
        )
    return await Distribution.get(id=distribution.id)


def scoped(query: QuerySet[Distribution], scope: Scope) -> QuerySet[Distribution]:
    scoped_query: QuerySet[Distribution] = campaign_access.scoped(query, scope, "campaign_id")
    return scoped_query


async def list_distributions(
    *,
    scope: Scope,
    campaign_id: uuid.UUID | None,
    status: DistributionStatus | None,
    first: int,
    after: Position | None,
) -> Page[Distribution]:
    query = scoped(Distribution.all(), scope)
    if campaign_id is not None:
        query = query.filter(campaign_id=campaign_id)
    if status is not None:
        query = query.filter(status=status)
    return await newest_first_page(query, time_field="created_at", first=first, after=after)


@dataclass(frozen=True)
class Preview:
    """What a run would do now: who, who already was, and whether the inventory covers them."""

    eligible: int
    already_rewarded: int
    to_reward: int
    available: int | None  # codes, points or rewards left (None: unlimited)
    needed: int  # of the same unit
    shortage: int  # how many customers would be skipped for lack of inventory


async def preview(*, scope: Scope, campaign_id: uuid.UUID, reward_policy: RewardPolicy, now: datetime) -> Preview:
    """The shortage alert before anything is sent (distributionPreview)."""
    campaign = await campaign_access.usable(scope, campaign_id, field="campaignId")
    check_distributable(campaign)
    segment = await Segment.get(id=campaign.segment_id)
    once = reward_policy is RewardPolicy.ONCE_PER_CAMPAIGN
    params: list[Any] = [campaign.id, once and campaign.join_once, once]
    where = await predicate(segment, now=now, offset=len(params))
    [row] = await set_query(
        "SELECT count(*) AS eligible, count(*) FILTER (WHERE $3::bool AND (EXISTS (SELECT 1 FROM "
        "distribution_delivery d WHERE d.once_key = $1::uuid AND d.customer_id = c.id AND d.status = 'REWARDED') "
        "OR ($2::bool AND EXISTS (SELECT 1 FROM publication p WHERE p.campaign_id = $1::uuid "
        f"AND p.customer_id = c.id AND p.join_once)))) AS already FROM customer c WHERE {where.sql}",
        [*params, *where.params],
    )
    eligible, already = int(row["eligible"]), int(row["already"])
    to_reward = eligible - already
    available, needed = await _inventory(campaign, to_reward)
    if available is None:
        return Preview(eligible, already, to_reward, None, needed, 0)
    shortage = 0
    if needed > available:
        unit = needed // to_reward if to_reward else 1
        shortage = to_reward - (available // unit if unit else 0)
    return Preview(eligible, already, to_reward, available, needed, max(0, shortage))


async def _inventory(campaign: Campaign, to_reward: int) -> tuple[int | None, int]:
    """(what is left, what `to_reward` customers need), in codes or in points."""
    if campaign.kind in POINTS_KINDS:
        program = await program_of(campaign)
        points = int((campaign.reward or {}).get("points") or 0)
        needed = points * to_reward
        if program.points_budget is None:
            return None, needed
        return program.points_budget - program.credited, needed
    left: list[int] = []
    if campaign.inventory_limit is not None:
        left.append(campaign.inventory_limit - campaign.published_count)
    if campaign.code_mode is CodeMode.UNIQUE_CODES and campaign.code_series_id is not None:
        series = await CodeSeries.get(id=campaign.code_series_id)
        left.append(series.total - series.issued)
    return (min(left) if left else None), to_reward
