"""A segment members import survives its worker being killed: a new worker ends with the exact membership."""

from __future__ import annotations

import signal
from typing import Any

import pytest

from app.core.redis import connect_redis
from app.jobs.models import Job, JobStatus
from app.segments import lists, services
from app.segments.models import SegmentKind, SegmentMember
from tests.conftest import Servers
from tests.e2e.test_generation_job import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
ROWS = 150_000


async def test_killed_worker_import_ends_with_exactly_the_files_members(servers: Servers, processes: Any) -> None:
    prefix = f"{servers.redis_prefix}segments:"
    env = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url, "REDIS_PREFIX": prefix}
    segment = await services.create_segment(
        spec=services.SegmentSpec(name="Imported", kind=SegmentKind.UPLOADED), actor=None
    )
    lines = [f"c{index}".encode() for index in range(ROWS)]
    lines[10] = b"bad\x00id"  # reported on its own
    lines[20] = b"c5"  # a duplicate: one membership
    redis = connect_redis(servers.redis_url)
    try:
        job = await lists.request_import(
            segment=segment,
            data=b"source_id\n" + b"\n".join(lines) + b"\n",
            create_unknown=True,
            created_by_id=None,
            redis=redis,
            queue_name=f"{prefix}queue",
        )
    finally:
        await redis.aclose()

    first = processes("worker", env)

    async def started() -> bool:
        return (await Job.get(id=job.id)).processed > 1

    await wait_for(started, 60)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    assert (await Job.get(id=job.id)).processed < ROWS, "the job finished before the worker could be killed"

    processes("worker", env)

    async def finished() -> bool:
        return (await Job.get(id=job.id)).status is JobStatus.SUCCEEDED

    await wait_for(finished, 180)
    done = await Job.get(id=job.id)
    assert done.attempts >= 2
    assert (done.processed, done.failed) == (ROWS, 1)
    assert [error["row"] for error in done.errors] == [12]  # the header is line 1
    assert await SegmentMember.filter(segment_id=segment.id).count() == ROWS - 2
