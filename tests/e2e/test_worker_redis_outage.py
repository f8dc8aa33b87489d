"""A `promo worker` outlives a Redis outage, and a job requested during the outage runs once Redis is back."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.conftest import Caller, Servers
from tests.e2e.conftest import Process, RedisServer

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
OUTAGE_SECONDS = 15
DEADLINE_SECONDS = 90
CODES = 500


async def graphql(api: Process, caller: Caller, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=str(api.base_url), timeout=10) as http:
        response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=caller.headers)
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


async def healthz(api: Process, **params: str) -> tuple[int, dict[str, Any]]:
    async with httpx.AsyncClient(base_url=str(api.base_url), timeout=15) as http:
        response = await http.get("/healthz", params=params)
    return response.status_code, response.json()


async def poll(worker: Process, what: str, probe: Callable[[], Awaitable[Any]]) -> Any:
    """`probe`'s first truthy answer; fails at once if the worker process exits meanwhile."""
    deadline = asyncio.get_running_loop().time() + DEADLINE_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        assert worker.process.poll() is None, f"the worker exited ({what}):\n{worker.log()}"
        answer = await probe()
        if answer:
            return answer
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out: {what}\n{worker.log()}")


async def test_worker_outlives_a_redis_outage_and_runs_the_job_requested_during_it(
    servers: Servers, processes: Any, own_redis: RedisServer, admin: Caller
) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": own_redis.url,
        "REDIS_PREFIX": f"{servers.redis_prefix}outage:",
        "SYNC_GENERATE_LIMIT": "10",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALE_SECONDS": "3",
    }
    api = processes("serve", env)
    worker = processes("worker", env)
    api.wait_healthy()  # needs a fresh heartbeat of a worker connected to Redis
    created = await graphql(
        api,
        admin,
        "mutation S($i: CodeSeriesCreateInput!) { codeSeriesCreate(input: $i) { "
        "... on CodeSeriesCreateSuccess { series { id } } } }",
        {"i": {"name": "Outage", "length": 10}},
    )
    series_id = created["codeSeriesCreate"]["series"]["id"]

    stopped_at = asyncio.get_running_loop().time()
    own_redis.stop()

    async def waiting_for_redis() -> dict[str, Any] | None:
        status, body = await healthz(api)
        workers = body["worker"]["workers"]
        return body if status == 503 and workers and not workers[0]["redisConnected"] else None

    # The worker stays up and says, through its heartbeat in PostgreSQL, that it waits for Redis.
    body = await poll(worker, "heartbeat of a worker waiting for Redis", waiting_for_redis)
    assert body["redis"]["ok"] is False
    assert (body["worker"]["reason"], body["worker"]["workers"][0]["pid"]) == ("disconnected", worker.process.pid)

    requested = await graphql(
        api,
        admin,
        "mutation G($i: CodesGenerateInput!) { codesGenerate(input: $i) { "
        "... on CodesGenerateSuccess { generated job { id status } } } }",
        {"i": {"seriesId": series_id, "count": CODES}},
    )
    job = requested["codesGenerate"]["job"]
    assert (requested["codesGenerate"]["generated"], job["status"]) == (0, "QUEUED")

    await asyncio.sleep(max(0.0, stopped_at + OUTAGE_SECONDS - asyncio.get_running_loop().time()))
    assert worker.process.poll() is None, worker.log()
    own_redis.start()  # empty: the queue entry was never written, and nothing was kept

    async def job_finished() -> dict[str, Any] | None:
        found = await graphql(api, admin, "query J($id: ID!) { job(id: $id) { status processed } }", {"id": job["id"]})
        return found["job"] if found["job"]["status"] in {"SUCCEEDED", "FAILED"} else None

    assert await poll(worker, "the job requested during the outage", job_finished) == {
        "status": "SUCCEEDED",
        "processed": CODES,
    }

    async def healthy() -> dict[str, Any] | None:
        status, body = await healthz(api, worker="1")
        return body if status == 200 else None

    body = await poll(worker, "/healthz?worker=1 answering 200", healthy)
    assert body["worker"]["ping"]["worker"].endswith(f":{worker.process.pid}")  # the same process, never restarted
    assert [(w["pid"], w["redisConnected"]) for w in body["worker"]["workers"]] == [(worker.process.pid, True)]

    # A worker killed outright leaves a heartbeat that goes stale: /healthz names it.
    last_seen = body["worker"]["workers"][0]["lastSeenAt"]
    worker.process.send_signal(signal.SIGKILL)
    worker.process.wait(10)
    for _ in range(DEADLINE_SECONDS * 5):
        status, body = await healthz(api)
        if body["worker"].get("reason") == "stale":
            break
        await asyncio.sleep(0.2)
    assert status == 503, body
    assert body["worker"]["reason"] == "stale"
    assert datetime.fromisoformat(body["worker"]["lastSeenAt"]) >= datetime.fromisoformat(last_seen)
