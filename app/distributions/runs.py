"""Runs: created from schedules, claimed under a lease, executed chunk by chunk, resumed after a crash.

The worker's cron calls `schedule_due` (one run per due occurrence, unique per distribution and instant)
and `work` (claim a due run with `FOR UPDATE SKIP LOCKED`, or one whose lease lapsed because its worker
died, and execute it). A worker renews its lease before every chunk and stops when it lost it, so two
workers never execute the same chunk; the deliveries' unique indexes make each customer rewarded once
whatever happens. A run of a paused campaign, or of one in the bin, is put back and waits (resuming or
restoring it carries on); a stopped or expired campaign cancels its distributions and pending runs.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.campaigns.clock import live_at
from app.campaigns.models import Campaign
from app.core.events import INVENTORY_ALERTS_CHANNEL, EventBus, publish
from app.core.time import utcnow
from app.distributions import rewards, snapshot
from app.distributions.models import Distribution, DistributionRun, DistributionStatus, RunStatus
from app.distributions.schedules import Schedule
from app.settings import get_settings
from app.wallets import services as wallets
from app.webhooks import services as webhooks
from app.webhooks.models import WebhookEventType

HELD_WAIT_SECONDS = 0.2
PROGRESS_CHANNEL = "distribution-progress"
REWARDS_CHANNEL = "reward-granted"

CLAIM = """
UPDATE distribution_run r SET status = 'RUNNING', lease_until = $2, claimed_by = $1,
    started_at = COALESCE(r.started_at, now())
WHERE r.id = (
    SELECT q.id FROM distribution_run q JOIN campaign c ON c.id = q.campaign_id
    WHERE ((q.status = 'PENDING' AND q.scheduled_for <= now()) OR (q.status = 'RUNNING' AND q.lease_until < now()))
      AND (c.status = 'ACTIVE' OR (c.status = 'SCHEDULED' AND c.starts_at <= now()))
      AND c.deleted_at IS NULL AND (c.ends_at IS NULL OR c.ends_at > now())
    ORDER BY q.scheduled_for, q.id
    FOR UPDATE OF q SKIP LOCKED LIMIT 1
)
RETURNING r.id
"""
CANCEL_FINISHED = """
WITH gone AS (
    SELECT id FROM campaign WHERE status IN ('STOPPED', 'EXPIRED')
), cancelled AS (
    UPDATE distribution SET status = 'CANCELLED', next_run_at = NULL, updated_at = now()
    WHERE status = 'ACTIVE' AND campaign_id IN (SELECT id FROM gone) RETURNING id
)
UPDATE distribution_run SET status = 'CANCELLED', finished_at = now(), lease_until = NULL
WHERE status = 'PENDING' AND campaign_id IN (SELECT id FROM gone)
RETURNING id
"""


async def delete_campaign_deliveries(*, campaign_id: uuid.UUID, connection: BaseDBAsyncClient) -> None:
    """Remove the deliveries of a campaign deleted for good (its runs go by cascade; deliveries carry no
    foreign key, which would cost a trigger call per row of every snapshot)."""
    await connection.execute_query(
        "DELETE FROM distribution_delivery WHERE run_id IN (SELECT id FROM distribution_run WHERE campaign_id = $1)",
        [campaign_id],
    )


async def schedule_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Create the runs of every due occurrence (live campaigns only); how many were created."""
    now = now or utcnow()
    connection = connections.get("default")
    await connection.execute_query_dict(CANCEL_FINISHED)
    created = 0
    async with in_transaction() as transaction:
        due = await transaction.execute_query_dict(
            "SELECT d.id FROM distribution d JOIN campaign c ON c.id = d.campaign_id "
            "WHERE d.status = 'ACTIVE' AND d.next_run_at <= $1 AND c.status IN ('ACTIVE', 'SCHEDULED') "
            "AND c.deleted_at IS NULL ORDER BY d.next_run_at FOR UPDATE OF d SKIP LOCKED LIMIT $2",
            [now, limit],
        )
        for row in due:
            distribution = await Distribution.filter(id=row["id"]).using_db(transaction).get()
            campaign = await Campaign.filter(id=distribution.campaign_id).using_db(transaction).get()
            if not live_at(campaign, now):
                continue
            assert distribution.next_run_at is not None
            inserted = await transaction.execute_query_dict(
                "INSERT INTO distribution_run (id, distribution_id, campaign_id, scheduled_for, status, "
                "snapshot_taken, eligible, rewarded, skipped, failed, created_at) "
                "VALUES ($1, $2, $3, $4, 'PENDING', false, 0, 0, 0, 0, now()) "
                "ON CONFLICT (distribution_id, scheduled_for) DO NOTHING RETURNING id",
                [uuid.uuid4(), distribution.id, distribution.campaign_id, distribution.next_run_at],
            )
            created += len(inserted)
            schedule = Schedule.from_json(distribution.schedule_kind, distribution.schedule)
            # Occurrences missed while the campaign was paused are not made up: the next one after now.
            following = schedule.following(after=max(distribution.next_run_at, now), time_zone=campaign.time_zone)
            await transaction.execute_query_dict(
                "UPDATE distribution SET next_run_at = $2, status = $3, updated_at = now() WHERE id = $1",
                [
                    distribution.id,
                    following,
                    (DistributionStatus.ACTIVE if following else DistributionStatus.COMPLETED).value,
                ],
            )
    return created


def lease() -> timedelta:
    """How long a claim lasts without renewal (DISTRIBUTION_LEASE_SECONDS, 30 s by default)."""
    return timedelta(seconds=get_settings().distribution_lease_seconds)


async def _claim(worker: str) -> DistributionRun | None:
    rows = await connections.get("default").execute_query_dict(CLAIM, [worker, utcnow() + lease()])
    return await DistributionRun.get(id=rows[0]["id"]) if rows else None


async def _renew(run: DistributionRun, worker: str) -> bool:
    """Extend the lease; False when another worker took the run over (this one must stop)."""
    rows = await connections.get("default").execute_query_dict(
        "UPDATE distribution_run SET lease_until = $3 WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING' "
        "RETURNING id",
        [run.id, worker, utcnow() + lease()],
    )
    return bool(rows)


async def _release(run: DistributionRun, worker: str) -> None:
    """Put a run of a paused campaign back; it is claimed again when the campaign resumes."""
    await connections.get("default").execute_query_dict(
        "UPDATE distribution_run SET status = 'PENDING', lease_until = NULL, claimed_by = NULL "
        "WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING' RETURNING id",
        [run.id, worker],
    )


# The `distribution.finished` payload: the run's outcome and counters, read inside the finishing transaction.
FINISHED = (
    "SELECT jsonb_build_object('run_id', r.id, 'distribution_id', r.distribution_id, 'campaign_id', r.campaign_id, "
    "'status', r.status, 'eligible', r.eligible, 'rewarded', r.rewarded, 'skipped', r.skipped, "
    "'failed', r.failed, 'finished_at', now()) FROM distribution_run r WHERE r.id = $3"
)


async def _finish(run: DistributionRun, worker: str) -> RunStatus:
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "UPDATE distribution_run SET finished_at = now(), lease_until = NULL, status = CASE WHEN EXISTS "
            "(SELECT 1 FROM distribution_delivery WHERE run_id = $1 AND status = 'SKIPPED_INVENTORY') "
            "THEN 'PARTIAL' ELSE 'SUCCEEDED' END WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING' "
            "RETURNING status",
            [run.id, worker],
        )
        if rows:
            await webhooks.emit_rows(connection, WebhookEventType.DISTRIBUTION_FINISHED, FINISHED, [run.id])
    return RunStatus(rows[0]["status"]) if rows else RunStatus.RUNNING


@dataclass
class Outcome:
    """What executing a run came to."""

    status: RunStatus
    chunks: int


async def execute(run: DistributionRun, *, worker: str, events: EventBus | None) -> Outcome:
    """Execute (or resume) a claimed run until it is done, its lease is lost or its campaign pauses."""
    distribution = await Distribution.get(id=run.distribution_id)
    chunks = 0
    if not run.snapshot_taken:
        campaign = await Campaign.get(id=run.campaign_id)
        await snapshot.take(run, distribution, campaign, utcnow())
    while True:
        campaign = await Campaign.get(id=run.campaign_id)
        if not live_at(campaign, utcnow()):
            await _release(run, worker)
            return Outcome(RunStatus.PENDING, chunks)
        if not await _renew(run, worker):
            return Outcome(RunStatus.RUNNING, chunks)
        chunk = await rewards.reward_chunk(run=run, distribution=distribution, campaign=campaign, now=utcnow())
        if chunk.done:
            break
        if chunk.held:  # another executor's chunk is in flight: wait for it to commit or roll back
            await asyncio.sleep(HELD_WAIT_SECONDS)
            continue
        chunks += 1
        await _announce(events, run, chunk)
    status = await _finish(run, worker)
    await publish(events, PROGRESS_CHANNEL, await progress_payload(run.id))
    return Outcome(status, chunks)


async def _announce(events: EventBus | None, run: DistributionRun, chunk: rewards.Chunk) -> None:
    """After a chunk commits: its rewards (one message per chunk), alerts and the run's progress."""
    if chunk.rewards:
        await publish(events, REWARDS_CHANNEL, {"campaign_id": str(run.campaign_id), "rewards": chunk.rewards})
    for alert in chunk.alerts:
        await publish(events, INVENTORY_ALERTS_CHANNEL, {**alert, "for_campaign_id": str(run.campaign_id)})
    await wallets.announce(events, chunk.wallets)
    await publish(events, PROGRESS_CHANNEL, await progress_payload(run.id))


async def progress_payload(run_id: uuid.UUID) -> dict[str, object]:
    run = await DistributionRun.get(id=run_id)
    return {
        "distribution_id": str(run.distribution_id),
        "run_id": str(run.id),
        "status": run.status.value,
        "eligible": run.eligible,
        "rewarded": run.rewarded,
        "skipped": run.skipped,
        "failed": run.failed,
    }


async def work(*, worker: str, events: EventBus | None, budget_seconds: float) -> int:
    """Claim and execute due runs until none is left or the time budget is spent; how many ran."""
    deadline = time.monotonic() + budget_seconds
    executed = 0
    while time.monotonic() < deadline:
        run = await _claim(worker)
        if run is None:
            break
        outcome = await execute(run, worker=worker, events=events)
        executed += 1
        if outcome.status is RunStatus.PENDING:
            break  # its campaign is not live after all (a clock edge): the next tick looks again
    return executed
