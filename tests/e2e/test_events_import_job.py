"""An events import survives its worker being killed: a new worker stores exactly the rest of the file."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest

from app.core.redis import connect_redis
from app.events import importing
from app.events.models import CustomerEvent, EventName
from app.jobs.models import Job, JobStatus
from tests.conftest import Servers
from tests.e2e.test_generation_job import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
ROWS = 60_000
START = datetime(2026, 1, 1, tzinfo=UTC)


async def test_killed_worker_import_stores_every_row_once(servers: Servers, processes: Any) -> None:
    prefix = f"{servers.redis_prefix}events:"
    env = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url, "REDIS_PREFIX": prefix}
    lines = (
        orjson.dumps(
            {
                "customer": {"sourceId": f"c{row % 5000}"},
                "name": "order_paid" if row % 3 else "app_open",
                "occurredAt": (START + timedelta(seconds=row)).isoformat(),
                "properties": {"row": row},
            }
        )
        for row in range(ROWS)
    )
    redis = connect_redis(servers.redis_url)
    try:
        job = await importing.request_import(
            data=b"\n".join(lines), created_by_id=None, redis=redis, queue_name=f"{prefix}queue"
        )
    finally:
        await redis.aclose()

    first = processes("worker", env)

    async def started() -> bool:
        return (await Job.get(id=job.id)).processed > 0

    await wait_for(started, 60)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    killed_at = (await Job.get(id=job.id)).processed
    assert killed_at < ROWS, "the import finished before the worker could be killed"
    # A chunk's events and the progress that counts them commit together: the killed worker left both equal.
    assert await CustomerEvent.all().count() == killed_at

    processes("worker", env)

    async def finished() -> bool:
        return (await Job.get(id=job.id)).status is JobStatus.SUCCEEDED

    await wait_for(finished, 180)
    done = await Job.get(id=job.id)
    assert (done.processed, done.succeeded, done.failed) == (ROWS, ROWS, 0)
    assert done.attempts >= 2
    assert await CustomerEvent.all().count() == ROWS
    rows = await CustomerEvent.all().values_list("properties", flat=True)
    assert len({properties["row"] for properties in rows}) == ROWS
    counts = {name.name: name.count for name in await EventName.all()}
    opened = len(range(0, ROWS, 3))
    assert counts == {"order_paid": ROWS - opened, "app_open": opened}
