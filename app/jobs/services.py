"""Creating, enqueueing, tracking and re-enqueueing jobs.

A job row is written before anything is enqueued; the arq job id is the row id, so enqueueing twice
runs it once. A cron sweeper re-enqueues jobs that are queued or running but have no heartbeat (the
worker died, or Redis lost its queue); every task is written to resume from what PostgreSQL says.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import structlog
from arq.connections import ArqRedis
from redis.exceptions import RedisError
from tortoise.expressions import F

from app.access.models import Permission
from app.access.scope import Scope
from app.core.errors import NotFound
from app.core.events import EventBus, publish
from app.core.time import utcnow
from app.jobs.models import Job, JobStatus

PROGRESS_CHANNEL = "job-progress"
MAX_STORED_ERRORS = 1000
STALE_AFTER = timedelta(seconds=15)
# The request that creates a job enqueues it right after writing the row; the sweeper leaves it that moment.
ENQUEUE_GRACE = timedelta(seconds=2)
log = structlog.get_logger(__name__)


async def enqueue(redis: ArqRedis | None, job: Job, *, queue_name: str) -> None:
    """Put the job on the queue; harmless if it is already there (same arq job id)."""
    if redis is None:
        return
    try:
        await redis.enqueue_job(job.kind, str(job.id), _job_id=str(job.id), _queue_name=queue_name)
    except (RedisError, OSError) as exc:
        # The sweeper enqueues it once Redis is back; the row already records the work.
        log.warning("job_not_enqueued", job_id=str(job.id), error=str(exc))


async def create_job(
    *,
    kind: str,
    params: dict[str, Any],
    total: int,
    created_by_id: uuid.UUID | None,
    redis: ArqRedis | None,
    queue_name: str,
) -> Job:
    """Record a job and enqueue it."""
    job = await Job.create(kind=kind, params=params, total=total, created_by_id=created_by_id)
    await enqueue(redis, job, queue_name=queue_name)
    return job


async def get_job(*, job_id: uuid.UUID, field: str = "id") -> Job:
    job = await Job.get_or_none(id=job_id)
    if job is None:
        raise NotFound(f"No job has id {job_id}.", field=field)
    return job


async def visible_job(*, job_id: uuid.UUID, scope: Scope, caller_id: uuid.UUID, field: str = "id") -> Job:
    """Keys that read project-wide data see every job; others only the jobs they started."""
    job = await get_job(job_id=job_id, field=field)
    if Permission.PROJECT_READ not in scope.permissions and job.created_by_id != caller_id:
        raise NotFound(f"No job has id {job_id}.", field=field)
    return job


async def start(job_id: uuid.UUID) -> Job | None:
    """Mark a job running (again); None when it already finished."""
    now = utcnow()
    updated = await Job.filter(id=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    return await Job.get(id=job_id) if updated else None


async def progress(
    job: Job,
    *,
    processed: int,
    succeeded: int,
    failed: int,
    errors: list[dict[str, Any]] | None = None,
    events: EventBus | None,
) -> None:
    """Store absolute progress figures (idempotent when a resumed job reports them again)."""
    job.processed, job.succeeded, job.failed = processed, succeeded, failed
    if errors:
        job.errors = (job.errors + errors)[:MAX_STORED_ERRORS]
    job.heartbeat_at = utcnow()
    await job.save(update_fields=["processed", "succeeded", "failed", "errors", "heartbeat_at"])
    await publish(events, PROGRESS_CHANNEL, progress_payload(job))


async def finish(
    job: Job,
    *,
    status: JobStatus,
    message: str = "",
    result: dict[str, Any] | None = None,
    events: EventBus | None,
) -> None:
    """Record the outcome."""
    job.status = status
    job.message = message
    job.result = result or {}
    job.finished_at = utcnow()
    await job.save(update_fields=["status", "message", "result", "finished_at"])
    await publish(events, PROGRESS_CHANNEL, progress_payload(job))


def progress_payload(job: Job) -> dict[str, Any]:
    return {
        "job_id": str(job.id),
        "status": job.status.value,
        "total": job.total,
        "processed": job.processed,
        "succeeded": job.succeeded,
        "failed": job.failed,
    }


async def requeue_stale(*, redis: ArqRedis, queue_name: str) -> int:
    """Hand unfinished jobs that no worker will run to the queue or to another worker; returns how many.

    A job missing from arq (its enqueue failed while Redis was down, or Redis lost its data) is
    enqueued again at once. A worker that dies leaves arq's in-progress marker until the job timeout
    passes; dropping it once the job has reported nothing for STALE_AFTER lets any live worker take
    the job (still queued in arq) at once. Tasks resume from what PostgreSQL records.
    """
    now = utcnow()
    stale_cutoff = now - STALE_AFTER
    candidates = await Job.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__lt=now - ENQUEUE_GRACE)
    count = 0
    for job in candidates:
        in_progress = f"arq:in-progress:{job.id}"
        if not await redis.exists(f"arq:job:{job.id}"):
            await redis.delete(in_progress)
            await enqueue(redis, job, queue_name=queue_name)
            count += 1
        elif job.created_at < stale_cutoff and (job.heartbeat_at is None or job.heartbeat_at < stale_cutoff):
            await redis.delete(in_progress)
            count += 1
    return count
