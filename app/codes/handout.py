"""Handing codes to many customers inside the caller's transaction, set-based (distributions).

The campaign's inventory limit and, for unique codes, the series' `issued` cursor are each moved by one
conditional statement for the whole batch: the batch gets what is left and no more, so no limit is
ever exceeded. Codes are then assigned by ordinal and publications written with one statement each.
Alerts are recorded for every stock level crossed (low stock once, exhausted once).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.campaigns.models import Campaign, CodeMode
from app.campaigns.validation import POINTS_KINDS
from app.codes import inventory, outbox
from app.codes.inventory import Stock
from app.wallets import ledger

TAKE_CAMPAIGN = (
    "UPDATE campaign c SET published_count = c.published_count + GREATEST(0, LEAST($2::int, "
    "COALESCE(c.inventory_limit - c.published_count, $2::int))) "
    "FROM (SELECT published_count AS before FROM campaign WHERE id = $1 FOR UPDATE) b WHERE c.id = $1 "
    "RETURNING b.before, c.published_count AS after, c.inventory_limit, c.low_stock_threshold"
)
TAKE_SERIES = (
    "UPDATE code_series s SET issued = LEAST(s.total, s.issued + $2) FROM "
    "(SELECT issued AS before FROM code_series WHERE id = $1 FOR UPDATE) b "
    "WHERE s.id = $1 RETURNING b.before, s.issued, s.total, s.low_stock_threshold"
)
ASSIGN = (
    "WITH given AS (SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[]) AS g(customer_id, ordinal, source_id)), "
    "held AS (UPDATE code SET holder_id = given.customer_id, published_at = now() FROM given "
    "WHERE code.series_id = $4 AND code.ordinal = given.ordinal AND code.ordinal BETWEEN $7 AND $8 "
    "RETURNING code.id, given.customer_id, given.source_id) "
    "INSERT INTO publication (id, campaign_id, customer_id, code_id, series_id, channel, metadata, source_id, "
    "join_once, created_at) SELECT gen_random_uuid(), $5, held.customer_id, held.id, $4, $6, '{}'::jsonb, "
    "held.source_id, $9, now() FROM held RETURNING id, customer_id, code_id"
)
SHARE = (
    "INSERT INTO publication (id, campaign_id, customer_id, code_id, series_id, channel, metadata, source_id, "
    "join_once, created_at) SELECT gen_random_uuid(), $1, g.customer_id, $2, NULL, $3, '{}'::jsonb, g.source_id, "
    "$4, now() FROM unnest($5::uuid[], $6::text[]) AS g(customer_id, source_id) RETURNING id, customer_id, code_id"
)


@dataclass
class Handed:
    """Who got which code, in the order asked; `short` when the inventory gave fewer than asked."""

    given: dict[uuid.UUID, int] = field(default_factory=dict)
    short: bool = False
    alerts: list[dict[str, Any]] = field(default_factory=list)


async def _stock_alerts(connection: BaseDBAsyncClient, stocks: list[Stock]) -> list[dict[str, Any]]:
    alerts: list[dict[str, Any]] = []
    for stock in stocks:
        alerts += await inventory.record_alerts(stock, connection)
    return alerts


def _levels(scope_key: str, level: int, before: int, after: int, threshold: int | None, **owner: Any) -> list[Stock]:
    """One Stock per unit taken from `before` to `after` (alerts fire on the units that cross a level)."""
    return [
        Stock(scope_key, level, level - taken, threshold, owner.get("series_id"), owner.get("campaign_id"))
        for taken in range(before + 1, after + 1)
        if level - taken in {0, threshold}
    ]


async def hand_out(
    connection: BaseDBAsyncClient,
    *,
    campaign: Campaign,
    customer_ids: list[uuid.UUID],
    source_ids: list[str],
    channel: str,
    join_once: bool,
) -> Handed:
    """Publish one code of the campaign to each customer while the inventory lasts."""
    handed = Handed()
    wanted = len(customer_ids)
    if not wanted:
        return handed
    [row] = await connection.execute_query_dict(TAKE_CAMPAIGN, [campaign.id, wanted])
    before, after, limit = row["before"], row["after"], row["inventory_limit"]
    granted = after - before
    if campaign.code_mode is CodeMode.UNIQUE_CODES:
        [series] = await connection.execute_query_dict(TAKE_SERIES, [campaign.code_series_id, granted])
        issued_before, issued = series["before"], series["issued"]
        if issued - issued_before < granted:  # the series ran out first: give the campaign its units back
            after -= granted - (issued - issued_before)
            granted = issued - issued_before
            await connection.execute_query_dict(
                "UPDATE campaign SET published_count = $2 WHERE id = $1 RETURNING id", [campaign.id, after]
            )
        handed.alerts += await _stock_alerts(
            connection,
            _levels(
                f"series:{campaign.code_series_id}",
                series["total"],
                issued_before,
                issued,
                series["low_stock_threshold"],
                series_id=campaign.code_series_id,
            ),
        )
        published = await connection.execute_query_dict(
            ASSIGN,
            [
                customer_ids[:granted],
                list(range(issued_before + 1, issued + 1)),
                source_ids[:granted],
                campaign.code_series_id,
                campaign.id,
                channel,
                issued_before + 1,
                issued,
                join_once,
            ],
        )
        if campaign.kind in POINTS_KINDS and published:
            await ledger.open_wallets(
                connection,
                program_id=campaign.id,
                customer_ids=[r["customer_id"] for r in published],
                code_ids=[r["code_id"] for r in published],
            )
    else:
        single = await connection.execute_query_dict(
            "SELECT id FROM code WHERE campaign_id = $1 ORDER BY id LIMIT 1", [campaign.id]
        )
        published = await connection.execute_query_dict(
            SHARE, [campaign.id, single[0]["id"], channel, join_once, customer_ids[:granted], source_ids[:granted]]
        )
    if limit is not None:
        stocks = _levels(
            f"campaign:{campaign.id}", limit, before, after, row["low_stock_threshold"], campaign_id=campaign.id
        )
        handed.alerts += await _stock_alerts(connection, stocks)
    await outbox.published(connection, [r["id"] for r in published])
    handed.given = {r["customer_id"]: r["code_id"] for r in published}
    handed.short = granted < wanted
    return handed
