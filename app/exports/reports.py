"""Campaign reports: SQL aggregates over many campaigns at once (no row is loaded into Python).

Callers pass campaigns they already loaded through the caller's scope; a page of campaigns costs one
statement for the figures and one per distinct `byDay` range.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tortoise import connections

MAX_DAYS = 366

_FIGURES = """
SELECT c.id,
       (SELECT count(*) FROM publication p WHERE p.campaign_id = c.id) AS published,
       coalesce(r.redeemed, 0) AS redeemed,
       coalesce(r.rolled_back, 0) AS rolled_back,
       coalesce(r.discount, 0) AS discount,
       coalesce(r.gift, 0) AS gift,
       coalesce(r.customers, 0) AS customers,
       coalesce(w.issued, 0) AS issued,
       coalesce(w.spent, 0) AS spent
FROM unnest($1::uuid[]) AS c(id)
LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE rd.status = 'SUCCEEDED') AS redeemed,
           count(*) FILTER (WHERE rd.status = 'ROLLED_BACK') AS rolled_back,
           sum(l.discount) FILTER (WHERE rd.status = 'SUCCEEDED') AS discount,
           sum(l.gift_spent) FILTER (WHERE rd.status = 'SUCCEEDED') AS gift,
           count(DISTINCT rd.customer_id) FILTER (WHERE rd.status = 'SUCCEEDED') AS customers
    FROM redemption_line l JOIN redemption rd ON rd.id = l.redemption_id
    WHERE l.campaign_id = c.id
) r ON true
LEFT JOIN LATERAL (
    SELECT sum(t.points) FILTER (WHERE t.kind IN ('CREDIT', 'ADJUST') AND t.points > 0) AS issued,
           sum(abs(t.points)) FILTER (WHERE t.kind = 'DEBIT') AS spent
    FROM wallet wl JOIN wallet_transaction t ON t.wallet_id = wl.id
    WHERE wl.campaign_id = c.id AND t.status <> 'CANCELLED'
) w ON true
"""

_BY_DAY = """
SELECT l.campaign_id, (rd.created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS redeemed,
       sum(l.discount) AS discount
FROM redemption_line l JOIN redemption rd ON rd.id = l.redemption_id
WHERE l.campaign_id = ANY($1::uuid[]) AND rd.status = 'SUCCEEDED' AND rd.created_at >= $2 AND rd.created_at < $3
GROUP BY 1, 2
"""


@dataclass(frozen=True)
class CampaignFigures:
    """A campaign's totals (money in minor units of its currency)."""

    published: int = 0
    redeemed: int = 0
    rolled_back: int = 0
    discount_total: int = 0
    gift_credit_total: int = 0
    points_issued: int = 0
    points_spent: int = 0
    unique_customers: int = 0


@dataclass(frozen=True)
class Day:
    """One UTC day of redemptions (not rolled back)."""

    day: date
    redeemed: int
    discount: int


async def _query(sql: str, values: list[Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(sql, values)
    return rows


async def figures(campaign_ids: list[uuid.UUID]) -> dict[uuid.UUID, CampaignFigures]:
    """Every campaign's totals, in one statement."""
    if not campaign_ids:
        return {}
    found = {}
    for row in await _query(_FIGURES, [list(set(campaign_ids))]):
        found[row["id"]] = CampaignFigures(
            published=int(row["published"]),
            redeemed=int(row["redeemed"]),
            rolled_back=int(row["rolled_back"]),
            discount_total=int(row["discount"]),
            gift_credit_total=int(row["gift"]),
            points_issued=int(row["issued"]),
            points_spent=int(row["spent"]),
            unique_customers=int(row["customers"]),
        )
    return found


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


async def by_day(campaign_ids: list[uuid.UUID], *, first: date, last: date) -> dict[uuid.UUID, list[Day]]:
    """Each campaign's redemptions per UTC day from `first` to `last` (both included; days without any: 0)."""
    start = datetime.combine(first, time(), tzinfo=UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC)
    counted: dict[tuple[uuid.UUID, date], tuple[int, int]] = {}
    for row in await _query(_BY_DAY, [list(set(campaign_ids)), start, end]):
        counted[(row["campaign_id"], row["day"])] = (int(row["redeemed"]), int(row["discount"]))
    days = days_between(first, last)
    return {
        campaign_id: [Day(day, *counted.get((campaign_id, day), (0, 0))) for day in days]
        for campaign_id in campaign_ids
    }
