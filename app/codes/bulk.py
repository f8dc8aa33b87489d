"""Publishing to many customers at once, set-based: thousands of publications per statement batch.

Each chunk is one transaction: customers are upserted by source id in one statement, a contiguous
range of the series' `issued` cursor is claimed in one conditional UPDATE, and codes and publications
are written with joins on the ordinals. Every publication carries the source id
`bulk:<job>:<row>`, so a chunk re-run after a crash publishes nothing twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign, CodeMode
from app.campaigns.validation import POINTS_KINDS
from app.codes import inventory, outbox
from app.codes.exceptions import NotPublishable
from app.codes.inventory import Stock
from app.codes.models import CodeSeries
from app.codes.publication import _check_publishable
from app.wallets import ledger

CHUNK_SIZE = 2000


@dataclass
class ChunkResult:
    published: int
    already: int
    exhausted: int
    alerts: list[dict[str, Any]]


def bulk_source_id(job_id: uuid.UUID, row: int) -> str:
    return f"bulk:{job_id}:{row}"


async def preflight(campaign: Campaign, requested: int) -> tuple[int | None, bool]:
    """(codes available, whether `requested` exceeds them) before a bulk run starts."""
    _check_publishable(campaign)
    if campaign.code_mode is not CodeMode.UNIQUE_CODES:
        return None, False
    series = await CodeSeries.get(id=campaign.code_series_id)
    available = series.total - series.issued
    return available, requested > available


async def publish_chunk(
    *, campaign: Campaign, job_id: uuid.UUID, first_row: int, source_ids: list[str], channel: str
) -> ChunkResult:
    """Publish to the customers `source_ids` (rows first_row…); safe to repeat."""
    if campaign.code_mode is not CodeMode.UNIQUE_CODES:
        raise NotPublishable("Bulk publishing hands out unique codes.", field="campaignId")
    rows = list(range(first_row, first_row + len(source_ids)))
    pub_source_ids = [bulk_source_id(job_id, row) for row in rows]
    async with in_transaction() as connection:
        await connection.execute_query_dict(
            "INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at) "
            "SELECT gen_random_uuid(), s, '', '{}'::jsonb, now(), now() FROM unnest($1::text[]) AS s "
            "ON CONFLICT (source_id) DO NOTHING",
            [source_ids],
        )
        # Rows still to publish: not done by an earlier run of this chunk, and (join once) not
        # holding a code of this campaign already.
        pending = await connection.execute_query_dict(
            # `OFFSET 0` keeps each lookup an index probe per row: PostgreSQL's generic plan for a
            # prepared statement otherwise joins every chunk row with all of the campaign's
            # publications, and the job slows down quadratically.
            "SELECT w.ord, w.pub_source, c.id AS customer_id "
            "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(source, pub_source, ord) "
            "CROSS JOIN LATERAL (SELECT id FROM customer WHERE source_id = w.source OFFSET 0) c "
            "WHERE NOT EXISTS (SELECT 1 FROM publication p WHERE p.campaign_id = $3 AND p.source_id = w.pub_source "
            "OFFSET 0) "
            "AND NOT ($4 AND EXISTS (SELECT 1 FROM publication p WHERE p.campaign_id = $3 "
            "AND p.customer_id = c.id AND p.join_once OFFSET 0)) ORDER BY w.ord",
            [source_ids, pub_source_ids, campaign.id, campaign.join_once],
        )
        # Duplicates inside the chunk: a join-once customer listed twice gets one code.
        seen: set[Any] = set()
        todo = []
        for row in pending:
            if campaign.join_once and row["customer_id"] in seen:
                continue
            seen.add(row["customer_id"])
            todo.append(row)
        already = len(source_ids) - len(todo)
        claimed = await connection.execute_query_dict(
            "UPDATE code_series s SET issued = LEAST(s.total, s.issued + $2) FROM "
            "(SELECT issued AS before FROM code_series WHERE id = $1 FOR UPDATE) b "
            "WHERE s.id = $1 RETURNING b.before, s.issued, s.total, s.low_stock_threshold",
            [campaign.code_series_id, len(todo)],
        )
        before, issued = claimed[0]["before"], claimed[0]["issued"]
        granted = todo[: issued - before]
        if granted:
            await connection.execute_query_dict(
                "UPDATE campaign SET published_count = published_count + $2 WHERE id = $1",
                [campaign.id, len(granted)],
            )
            published = await connection.execute_query_dict(
                "WITH given AS (SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[]) AS g(customer_id, ordinal, "
                "pub_source)), held AS (UPDATE code SET holder_id = given.customer_id, published_at = now() "
                "FROM given WHERE code.series_id = $4 AND code.ordinal = given.ordinal "
                "AND code.ordinal BETWEEN $8 AND $9 "
                "RETURNING code.id, given.customer_id, given.pub_source) "
                "INSERT INTO publication (id, campaign_id, customer_id, code_id, series_id, channel, metadata, "
                "source_id, join_once, created_at) SELECT gen_random_uuid(), $5, held.customer_id, held.id, $4, $6, "
                "'{}'::jsonb, held.pub_source, $7, now() FROM held RETURNING id, customer_id, code_id",
                [
                    [row["customer_id"] for row in granted],
                    list(range(before + 1, before + 1 + len(granted))),
                    [row["pub_source"] for row in granted],
                    campaign.code_series_id,
                    campaign.id,
                    channel,
                    campaign.join_once,
                    before + 1,
                    before + len(granted),
                ],
            )
            if campaign.kind in POINTS_KINDS:
                await ledger.open_wallets(
                    connection,
                    program_id=campaign.id,
                    customer_ids=[row["customer_id"] for row in published],
                    code_ids=[row["code_id"] for row in published],
                )
            await outbox.published(connection, [row["id"] for row in published])
        alerts: list[dict[str, Any]] = []
        total, threshold = claimed[0]["total"], claimed[0]["low_stock_threshold"]
        for available in range(total - before - 1, total - issued - 1, -1):
            stock = Stock(
                f"series:{campaign.code_series_id}", total, available, threshold, campaign.code_series_id, None
            )
            alerts += await inventory.record_alerts(stock, connection)
    return ChunkResult(published=len(granted), already=already, exhausted=len(todo) - len(granted), alerts=alerts)


BULK_JOB = "publish_codes_bulk"


@dataclass
class BulkRequest:
    job: Any
    requested: int
    available: int | None
    insufficient: bool


async def request_bulk(
    *,
    campaign_id: uuid.UUID,
    source_ids: list[str],
    channel: str,
    created_by_id: uuid.UUID | None,
    redis: Any,
    queue_name: str,
    max_customers: int,
) -> BulkRequest:
    """Check the campaign and the list, flag a shortage of codes up front, and start the job."""
    from app.campaigns.services import get_campaign
    from app.core.errors import InvalidInput
    from app.jobs import services as jobs

    if not source_ids:
        raise InvalidInput("Give at least one customer.", field="customers")
    if len(source_ids) > max_customers:
        raise InvalidInput(f"At most {max_customers:,} customers per bulk request.", field="customers")
    for index, source_id in enumerate(source_ids):
        if not source_id or len(source_id) > 200:
            raise InvalidInput(f"Customer {index + 1} has an empty or too long source id.", field="customers")
    campaign = await get_campaign(campaign_id=campaign_id, field="campaignId")
    if campaign.code_mode is not CodeMode.UNIQUE_CODES:
        raise NotPublishable("Bulk publishing hands out unique codes.", field="campaignId")
    available, insufficient = await preflight(campaign, len(source_ids))
    job = await jobs.create_job(
        kind=BULK_JOB,
        params={"campaign_id": str(campaign.id), "source_ids": source_ids, "channel": channel},
        total=len(source_ids),
        created_by_id=created_by_id,
        redis=redis,
        queue_name=queue_name,
    )
    return BulkRequest(job=job, requested=len(source_ids), available=available, insufficient=insufficient)
