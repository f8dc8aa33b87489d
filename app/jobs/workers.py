"""Worker heartbeats in PostgreSQL: which workers serve a queue, and whether they are connected to Redis.

PostgreSQL rather than Redis holds them so that /healthz can tell "no worker" apart from "the worker
is alive but waits for Redis" while Redis is down.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from app.core.time import utcnow
from app.jobs.models import WorkerHeartbeat

# Rows of workers that were killed (a clean stop deletes its row) are dropped when a worker starts.
FORGET_AFTER = timedelta(days=1)
LISTED_WORKERS = 50


@dataclass(frozen=True)
class WorkerIdentity:
    """What a worker process reports about itself."""

    id: uuid.UUID
    queue: str
    host: str
    pid: int
    started_at: datetime


async def record_heartbeat(worker: WorkerIdentity, *, redis_connected: bool) -> None:
    """Say that `worker` is alive now (first call: register it and forget long-dead workers)."""
    now = utcnow()
    updated = await WorkerHeartbeat.filter(id=worker.id).update(last_seen_at=now, redis_connected=redis_connected)
    if updated:
        return
    await WorkerHeartbeat.filter(last_seen_at__lt=now - FORGET_AFTER).delete()
    await WorkerHeartbeat.create(
        id=worker.id,
        queue=worker.queue,
        host=worker.host,
        pid=worker.pid,
        started_at=worker.started_at,
        last_seen_at=now,
        redis_connected=redis_connected,
    )


async def forget_worker(worker_id: uuid.UUID) -> None:
    """A worker that stops cleanly leaves no heartbeat behind."""
    await WorkerHeartbeat.filter(id=worker_id).delete()


class WorkerProblem(StrEnum):
    """Why a queue has no working worker."""

    MISSING = "missing"  # no worker has reported for a day (or ever)
    STALE = "stale"  # workers reported, but none within the staleness bound
    DISCONNECTED = "disconnected"  # workers are alive, but none is connected to Redis


@dataclass(frozen=True)
class WorkersHealth:
    """The workers of a queue seen within the staleness bound, and what is wrong if none works."""

    fresh: list[WorkerHeartbeat]
    problem: WorkerProblem | None
    last_seen_at: datetime | None


async def workers_health(*, queue: str, stale_after: timedelta) -> WorkersHealth:
    """Whether some worker of `queue` reported recently and is connected to Redis."""
    latest = await WorkerHeartbeat.filter(queue=queue).order_by("-last_seen_at").limit(LISTED_WORKERS)
    cutoff = utcnow() - stale_after
    fresh = [worker for worker in latest if worker.last_seen_at >= cutoff]
    last_seen_at = latest[0].last_seen_at if latest else None
    problem = None
    if not latest:
        problem = WorkerProblem.MISSING
    elif not fresh:
        problem = WorkerProblem.STALE
    elif not any(worker.redis_connected for worker in fresh):
        problem = WorkerProblem.DISCONNECTED
    return WorkersHealth(fresh=fresh, problem=problem, last_seen_at=last_seen_at)
