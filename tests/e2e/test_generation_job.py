"""A large generation job survives its worker being killed: a new worker finishes it exactly."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import pytest

from app.codes import services
from app.codes.models import Code, CodeSeries
from app.core.redis import connect_redis
from app.jobs.models import Job, JobStatus
from tests.conftest import Servers

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
COUNT = 600_000


async def wait_for(predicate: Any, seconds: float) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("timed out")


async def test_killed_worker_job_completes_with_exactly_the_asked_count(servers: Servers, processes: Any) -> None:
    prefix = f"{servers.redis_prefix}gen:"
    env = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url, "REDIS_PREFIX": prefix}
    series = await services.create_series(spec=services.SeriesSpec(name="Million", length=12))
    redis = connect_redis(servers.redis_url)
    try:
        generation = await services.request_generation(
            series_id=series.id,
            count=COUNT,
            maximum=10_000_000,
            sync_limit=1000,
            created_by_id=None,
            redis=redis,
            queue_name=f"{prefix}queue",
        )
    finally:
        await redis.aclose()
    assert generation.job is not None
    job_id = generation.job.id

    first = processes("worker", env)

    async def started() -> bool:
        job = await Job.get(id=job_id)
        return job.processed > 0

    await wait_for(started, 60)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    killed_at = (await Job.get(id=job_id)).processed
    assert killed_at < COUNT, "the job finished before the worker could be killed"

    processes("worker", env)

    async def finished() -> bool:
        return (await Job.get(id=job_id)).status is JobStatus.SUCCEEDED

    await wait_for(finished, 120)
    job = await Job.get(id=job_id)
    assert (job.processed, job.succeeded) == (COUNT, COUNT)
    assert job.attempts >= 2
    assert (await CodeSeries.get(id=series.id)).total == COUNT
    assert await Code.filter(series_id=series.id).count() == COUNT
    ordinals = await Code.filter(series_id=series.id).order_by("-ordinal").first().values_list("ordinal", flat=True)
    assert ordinals == COUNT
