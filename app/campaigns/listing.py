"""Campaign lists: filters, orderings and keyset pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import Q, RawSQL

from app.access.scope import UNRESTRICTED, Scope
from app.campaigns import access
from app.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    Targeting,
)
from app.campaigns.validation import POINTS_KINDS, RewardType

ORDERINGS = {
    "NAME": "name",
    "CREATED_AT": "created_at",
    "STARTS_AT": "starts_at",
    "ENDS_AT": "ends_at",
}
# NULL starts/ends sort as "open-ended", after every real date, so cursors always compare values.
OPEN_END = "'9999-12-31T00:00:00+00:00'::timestamptz"
OPEN_END_VALUE = datetime.fromisoformat("9999-12-31T00:00:00+00:00")


@dataclass
class CampaignFilter:
    """What `campaigns(filter: …)` narrows the list by; every given condition must hold."""

    statuses: list[CampaignStatus] | None = None
    kind: CampaignKind | None = None
    targeting: Targeting | None = None
    category_id: uuid.UUID | None = None
    created_by_id: uuid.UUID | None = None
    name_contains: str | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    ends_after: datetime | None = None
    ends_before: datetime | None = None
    metadata: dict[str, Any] | None = None
    reward_types: list[RewardType] | None = None
    in_bin: bool = False


@dataclass(frozen=True)
class CampaignCursor:
    """Position in an ordering: the sort value and the id that breaks ties."""

    value: Any
    id: uuid.UUID


@dataclass
class CampaignPage:
    rows: list[Campaign]
    has_next: bool
    total_count: int


def _filtered(criteria: CampaignFilter) -> Any:
    query = Campaign.filter(deleted_at__isnull=not criteria.in_bin)
    if criteria.statuses:
        query = query.filter(status__in=criteria.statuses)
    if criteria.kind:
        query = query.filter(kind=criteria.kind)
    if criteria.targeting:
        query = query.filter(targeting=criteria.targeting)
    if criteria.category_id:
        query = query.filter(category_id=criteria.category_id)
    if criteria.created_by_id:
        query = query.filter(created_by_id=criteria.created_by_id)
    if criteria.name_contains:
        query = query.filter(name__icontains=criteria.name_contains)
    if criteria.starts_after:
        query = query.filter(starts_at__gte=criteria.starts_after)
    if criteria.starts_before:
        query = query.filter(starts_at__lt=criteria.starts_before)
    if criteria.ends_after:
        query = query.filter(ends_at__gte=criteria.ends_after)
    if criteria.ends_before:
        query = query.filter(ends_at__lt=criteria.ends_before)
    if criteria.metadata:
        query = query.filter(metadata__contains=criteria.metadata)
    if criteria.reward_types:
        query = query.filter(Q(*[_of_reward_type(kind) for kind in criteria.reward_types], join_type=Q.OR))
    return query


def _of_reward_type(reward_type: RewardType) -> Q:
    # A campaign's kind decides the shape of its reward (validation.check_reward), so gift amounts and points
    # are found by kind; discounts by their type inside the stored reward.
    if reward_type is RewardType.GIFT_AMOUNT:
        return Q(kind=CampaignKind.GIFT_CARD)
    if reward_type is RewardType.POINTS:
        return Q(kind__in=list(POINTS_KINDS))
    return Q(reward__contains={"discount": {"type": reward_type.value}})


def sort_value(campaign: Campaign, order_by: str) -> Any:
    """The value a campaign sorts by (open-ended dates as None)."""
    return getattr(campaign, ORDERINGS[order_by])


async def list_campaigns(
    *,
    criteria: CampaignFilter,
    order_by: str,
    descending: bool,
    first: int,
    after: CampaignCursor | None,
    scope: Scope = UNRESTRICTED,
) -> CampaignPage:
    """A keyset page of the campaigns `scope` sees matching `criteria`, and how many match in all."""
    column = ORDERINGS[order_by]
    base = access.scoped(_filtered(criteria), scope)
    total = await base.count()
    sort_sql = f"COALESCE({column}, {OPEN_END})" if column in {"starts_at", "ends_at"} else column
    query = base.annotate(sort_key=RawSQL(sort_sql))
    direction = "-" if descending else ""
    if after is not None:
        op = "lt" if descending else "gt"
        value = after.value if after.value is not None else OPEN_END_VALUE
        beyond: dict[str, Any] = {f"sort_key__{op}": value}
        tied: dict[str, Any] = {"sort_key": value, f"id__{op}": after.id}
        query = query.filter(Q(**beyond) | Q(**tied))
    rows = await query.order_by(f"{direction}sort_key", f"{direction}id").limit(first + 1)
    return CampaignPage(rows=rows[:first], has_next=len(rows) > first, total_count=total)
