"""Jobs survive a Redis outage: the row is the record of truth and the sweeper enqueues it later."""

from __future__ import annotations

from datetime import timedelta

import pytest
from arq.connections import ArqRedis

from app.codes import services
from app.core.redis import connect_redis
from app.embedded import free_port
from app.jobs import services as jobs
from app.jobs.models import Job, JobStatus
from app.settings import Settings

pytestmark = pytest.mark.usefixtures("db")


async def test_a_job_requested_while_redis_is_down_is_enqueued_by_the_next_sweep(
    redis: ArqRedis, settings: Settings
) -> None:
    series = await services.create_series(spec=services.SeriesSpec(name="Outage", length=10))
    dead = connect_redis(f"redis://127.0.0.1:{free_port()}/0")
    queue = f"{settings.redis_prefix}outage-queue"
    try:
        generation = await services.request_generation(
            series_id=series.id,
            count=5000,
            maximum=10_000,
            sync_limit=10,
            created_by_id=None,
            redis=dead,
            queue_name=queue,
        )
    finally:
        await dead.aclose()
    assert generation.job is not None
    job = await Job.get(id=generation.job.id)
    assert job.status is JobStatus.QUEUED
    assert await redis.zcard(queue) == 0  # nothing reached the queue

    # The request that created it enqueues right after writing the row: the sweeper leaves it that moment.
    assert await jobs.requeue_stale(redis=redis, queue_name=queue) == 0
    # With Redis back, the sweeper hands it to the queue at once, well before it would count as stale.
    await Job.filter(id=job.id).update(created_at=job.created_at - jobs.ENQUEUE_GRACE - timedelta(seconds=1))
    assert jobs.ENQUEUE_GRACE + timedelta(seconds=1) < jobs.STALE_AFTER
    assert await jobs.requeue_stale(redis=redis, queue_name=queue) == 1
    assert await redis.zcard(queue) == 1
    await redis.delete(queue, f"arq:job:{job.id}")
