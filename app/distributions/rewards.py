"""Rewarding one chunk of a run's deliveries, in one transaction, set-based.

The chunk's PENDING rows are locked with `FOR UPDATE SKIP LOCKED`, so two workers on one run take
disjoint chunks; whatever a chunk writes (codes, publications, ledger credits, delivery statuses, the
run's counters) commits together or not at all, so a killed worker leaves nothing half-delivered.
When the inventory runs out, the rest of the run is recorded as SKIPPED_INVENTORY at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign
from app.campaigns.validation import POINTS_KINDS
from app.codes.handout import hand_out
from app.distributions.models import Distribution, DistributionRun, RewardPolicy
from app.distributions.snapshot import delivery_key
from app.wallets import services as wallets
from app.wallets.ledger import Movement
from app.wallets.models import TransactionSource
from app.wallets.programs import program_of
from app.webhooks import services as webhooks
from app.webhooks.models import WebhookEventType

CHUNK_SIZE = 5_000
CHANNEL = "distribution"
# A chunk's statements take well under a second. Should one ever run away (a plan gone bad), it fails and the
# chunk rolls back for a later attempt instead of holding the chunk's row locks for ever; planned for the
# chunk's values, so `$3 AND EXISTS (...)` folds away when the campaign is not join-once.
CHUNK_SETTINGS = "SET LOCAL statement_timeout = '120s'; SET LOCAL plan_cache_mode = force_custom_plan"

PENDING = (
    "SELECT id, customer_id, points FROM distribution_delivery WHERE run_id = $1 AND status = 'PENDING' "
    "ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED"
)
# Rewarded since the snapshot by a concurrent run of the campaign, or given a join-once code meanwhile. One
# index probe per row of the chunk (`OFFSET 0` keeps PostgreSQL from hashing every rewarded row of the
# campaign, which would make each chunk read all the rows rewarded before it).
ALREADY = (
    "UPDATE distribution_delivery d SET status = 'SKIPPED_ALREADY' "
    "FROM unnest($1::bigint[], $5::uuid[]) AS g(id, customer_id) WHERE d.id = g.id AND d.id BETWEEN $6 AND $7 AND ("
    "EXISTS (SELECT 1 FROM distribution_delivery x WHERE x.once_key = $2::uuid AND x.customer_id = g.customer_id "
    "AND x.status = 'REWARDED' OFFSET 0) OR ($3::bool AND EXISTS (SELECT 1 FROM publication p "
    "WHERE p.campaign_id = $4 AND p.customer_id = g.customer_id AND p.join_once OFFSET 0))) RETURNING d.id"
)
REWARDED = (
    "UPDATE distribution_delivery d SET status = 'REWARDED', code_id = g.code_id, "
    "wallet_transaction_id = g.entry, delivered_at = now() "
    "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS g(id, code_id, entry) "
    "WHERE d.id = g.id AND d.id BETWEEN $4 AND $5"  # the chunk's range: index probes, never the whole run
)
SKIP_REST = (
    "WITH skipped AS (UPDATE distribution_delivery SET status = 'SKIPPED_INVENTORY' "
    "WHERE run_id = $1 AND status = 'PENDING' RETURNING 1) SELECT count(*) AS n FROM skipped"
)
# PENDING rows another executor holds (its chunk is in flight: it commits them or, if it dies, releases them).
HELD = "SELECT EXISTS (SELECT 1 FROM distribution_delivery WHERE run_id = $1 AND status = 'PENDING') AS held"
COUNT = (
    "UPDATE distribution_run SET rewarded = rewarded + $2, skipped = skipped + $3 WHERE id = $1 "
    "RETURNING eligible, rewarded, skipped, failed"
)


@dataclass
class Chunk:
    """What one chunk did, and what to announce once it is committed."""

    done: bool = False  # nothing was left to reward
    held: bool = False  # nothing this executor can take, but another one's chunk is still in flight
    exhausted: bool = False
    rewards: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    wallets: wallets.Outcome = field(default_factory=wallets.Outcome)
    counters: dict[str, int] = field(default_factory=dict)


async def _give(
    connection: BaseDBAsyncClient,
    *,
    run: DistributionRun,
    distribution: Distribution,
    campaign: Campaign,
    todo: list[dict[str, Any]],
    chunk: Chunk,
    now: datetime,
) -> tuple[dict[int, int | None], dict[int, int | None]]:
    """Reward `todo` while the inventory lasts: (code id, ledger row id) by delivery id of those rewarded."""
    keys = {row["id"]: delivery_key(run.id, row["customer_id"]) for row in todo}
    if campaign.kind in POINTS_KINDS:
        entries = await wallets.earn_many(
            connection,
            program=await program_of(campaign),
            credits=[(row["customer_id"], row["points"], keys[row["id"]]) for row in todo],
            movement=Movement(TransactionSource.DISTRIBUTION, reason="Distribution", source_id=str(run.id)),
            now=now,
            outcome=chunk.wallets,
        )
        chunk.exhausted = len(entries) < len(todo)
        ledger: dict[int, int | None] = {
            row["id"]: entries[keys[row["id"]]] for row in todo if keys[row["id"]] in entries
        }
        return dict.fromkeys(ledger), ledger
    once = distribution.reward_policy is RewardPolicy.ONCE_PER_CAMPAIGN
    handed = await hand_out(
        connection,
        campaign=campaign,
        customer_ids=[row["customer_id"] for row in todo],
        source_ids=[keys[row["id"]] for row in todo],
        channel=CHANNEL,
        join_once=once and campaign.join_once,
    )
    chunk.alerts += handed.alerts
    chunk.exhausted = handed.short
    codes: dict[int, int | None] = {
        row["id"]: handed.given[row["customer_id"]] for row in todo if row["customer_id"] in handed.given
    }
    return codes, dict.fromkeys(codes)


async def reward_chunk(
    *, run: DistributionRun, distribution: Distribution, campaign: Campaign, now: datetime, size: int = CHUNK_SIZE
) -> Chunk:
    """Reward the next chunk of the run's PENDING deliveries (see the module docstring)."""
    chunk = Chunk()
    async with in_transaction() as connection:
        await connection.execute_script(CHUNK_SETTINGS)
        rows = await connection.execute_query_dict(PENDING, [run.id, size])
        if not rows:
            # SKIP LOCKED skipped them all: the rest may belong to a chunk of an executor that lost its lease
            # and is still writing. The run is not over until those rows are settled.
            [row] = await connection.execute_query_dict(HELD, [run.id])
            chunk.held = bool(row["held"])
            chunk.done = not chunk.held
            return chunk
        once = distribution.reward_policy is RewardPolicy.ONCE_PER_CAMPAIGN
        skipped = 0
        if once:
            already = await connection.execute_query_dict(
                ALREADY,
                [
                    [row["id"] for row in rows],
                    campaign.id,
                    campaign.join_once,
                    campaign.id,
                    [row["customer_id"] for row in rows],
                    rows[0]["id"],
                    rows[-1]["id"],
                ],
            )
            gone = {row["id"] for row in already}
            skipped += len(gone)
            rows = [row for row in rows if row["id"] not in gone]
        codes, entries = await _give(
            connection, run=run, distribution=distribution, campaign=campaign, todo=rows, chunk=chunk, now=now
        )
        rewarded = list(codes)
        if rewarded:
            await connection.execute_query_dict(
                REWARDED,
                [rewarded, [codes[i] for i in rewarded], [entries[i] for i in rewarded], min(rewarded), max(rewarded)],
            )
        if chunk.exhausted:
            [row] = await connection.execute_query_dict(SKIP_REST, [run.id])
            skipped += row["n"]
        [counters] = await connection.execute_query_dict(COUNT, [run.id, len(rewarded), skipped])
        chunk.counters = dict(counters)
        by_id = {row["id"]: row for row in rows}
        chunk.rewards = [
            {
                "delivery_id": delivery_id,
                "run_id": str(run.id),
                "campaign_id": str(campaign.id),
                "customer_id": str(by_id[delivery_id]["customer_id"]),
                "code_id": codes[delivery_id],
                "points": by_id[delivery_id]["points"] if entries[delivery_id] else None,
                "at": now.isoformat(),
            }
            for delivery_id in rewarded
        ]
        await webhooks.emit(
            connection,
            WebhookEventType.REWARD_GRANTED,
            [{**reward, "source": "distribution"} for reward in chunk.rewards],
        )
    return chunk
