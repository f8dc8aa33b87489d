"""An export survives its worker being killed mid-COPY: another worker writes the whole file again,
which the API process (a separate `promo serve`, same EXPORTS_DIR) then serves."""

from __future__ import annotations

import asyncio
import csv
import io
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import connections

from app.access.models import Role
from app.access.services import create_api_key
from app.codes import services
from app.core.ids import decode_id
from app.exports.models import Export
from app.jobs.models import Job, JobStatus
from tests.conftest import Servers

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
COUNT = 600_000


async def wait_for(predicate: Any, seconds: float) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while asyncio.get_running_loop().time() < deadline:
        if await predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_killed_worker_export_ends_with_a_complete_file(servers: Servers, processes: Any, tmp_path: Path) -> None:
    prefix = f"{servers.redis_prefix}export:"
    exports_dir = tmp_path / "shared-exports"
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": prefix,
        "EXPORTS_DIR": str(exports_dir),
    }
    series = await services.create_series(spec=services.SeriesSpec(name="Exported", length=12))
    await connections.get("default").execute_query(
        "INSERT INTO code (series_id, code, code_key, ordinal, created_at, redeemed_count, gift_spent) "
        "SELECT $1, 'E' || lpad(n::text, 11, '0'), 'E' || lpad(n::text, 11, '0'), n, now(), 0, 0 "
        "FROM generate_series(1, $2) AS n",
        [series.id, COUNT],
    )
    _, secret = await create_api_key(name="exporter", role=Role.ADMIN, created_by=None)
    headers = {"Authorization": f"Bearer {secret}"}
    first = processes("worker", env)
    api = processes("serve", env)
    api.wait_healthy()
    async with httpx.AsyncClient(base_url=api.base_url, headers=headers, timeout=30) as http:
        made = await http.post(
            "/graphql",
            json={
                "query": 'mutation { exportCreate(input: {object: CODES, fields: ["code", "series_id"]}) '
                "{ ... on ExportCreateSuccess { export { id } job { id } } } }"
            },
        )
        created = made.json()["data"]["exportCreate"]
        job_id = decode_id("Job", created["job"]["id"])

        # The worker runs in short steps (SIGSTOP / SIGCONT) until it has reported some rows, not all: it is
        # killed mid-COPY however fast the export runs.
        deadline = asyncio.get_running_loop().time() + 90
        while asyncio.get_running_loop().time() < deadline:
            first.process.send_signal(signal.SIGSTOP)
            if (await Job.get(id=job_id)).processed > 0:
                break
            first.process.send_signal(signal.SIGCONT)
            await asyncio.sleep(0.002)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(10)
        killed = await Job.get(id=job_id)
        assert killed.status is JobStatus.RUNNING, "the export finished before the worker could be killed"
        assert killed.processed < COUNT
        assert not (exports_dir / f"{decode_id('Export', created['export']['id'])}.csv").exists()

        processes("worker", env)

        async def finished() -> bool:
            return (await Job.get(id=job_id)).status is JobStatus.SUCCEEDED

        await wait_for(finished, 120)
        job = await Job.get(id=job_id)
        assert job.attempts >= 2
        assert job.processed == COUNT
        export = await Export.get(id=decode_id("Export", created["export"]["id"]))
        assert export.row_count == COUNT
        answer = await http.get(f"/exports/{created['export']['id']}/download")
        assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == ["code", "series_id"]
    codes = {row[0] for row in rows[1:]}
    assert len(rows) == COUNT + 1
    assert len(codes) == COUNT
    assert codes == {f"E{n:011d}" for n in range(1, COUNT + 1)}
    assert not list(exports_dir.glob("*.part"))
