"""/healthz, /metrics and behaviour while Redis is down."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from app.access.models import ApiKey
from app.core.metrics import REGISTRY
from app.core.time import utcnow
from app.embedded import free_port
from app.jobs.models import WorkerHeartbeat
from app.jobs.workers import WorkerIdentity, record_heartbeat
from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient


def identity(settings: Settings, *, started: datetime | None = None) -> WorkerIdentity:
    return WorkerIdentity(
        id=uuid.uuid4(), queue=settings.arq_queue_name, host="test", pid=4242, started_at=started or utcnow()
    )


async def test_healthz_reports_both_servers_and_the_workers(client: httpx.AsyncClient, settings: Settings) -> None:
    worker = identity(settings)
    await record_heartbeat(worker, redis_connected=True)
    response = await client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["postgres"] == {"ok": True}
    assert body["redis"] == {"ok": True}
    assert body["worker"]["ok"] is True
    [listed] = body["worker"]["workers"]
    assert (listed["id"], listed["pid"], listed["redisConnected"]) == (str(worker.id), 4242, True)


async def test_healthz_is_unavailable_when_no_worker_ever_reported(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["postgres"], body["redis"]) == ("unavailable", {"ok": True}, {"ok": True})
    worker = body["worker"]
    assert (worker["ok"], worker["workers"], worker["reason"], worker["lastSeenAt"]) == (False, [], "missing", None)


async def test_a_probe_of_the_api_itself_reports_but_does_not_require_a_worker(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", params={"worker": "0"})
    assert response.status_code == 200
    assert (response.json()["worker"]["ok"], response.json()["worker"]["reason"]) == (False, "missing")


async def test_healthz_names_a_worker_whose_heartbeat_is_stale(client: httpx.AsyncClient, settings: Settings) -> None:
    worker = identity(settings)
    await record_heartbeat(worker, redis_connected=True)
    last_seen = utcnow() - timedelta(seconds=settings.worker_stale_seconds + 1)
    await WorkerHeartbeat.filter(id=worker.id).update(last_seen_at=last_seen)
    response = await client.get("/healthz")
    assert response.status_code == 503
    body = response.json()["worker"]
    assert (body["ok"], body["reason"], body["workers"]) == (False, "stale", [])
    assert datetime.fromisoformat(body["lastSeenAt"]) == last_seen


async def test_healthz_tells_a_worker_waiting_for_redis_from_a_missing_one(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    await record_heartbeat(identity(settings), redis_connected=False)
    response = await client.get("/healthz")
    assert response.status_code == 503
    body = response.json()["worker"]
    assert (body["ok"], body["reason"]) == (False, "disconnected")
    assert [listed["redisConnected"] for listed in body["workers"]] == [False]


async def test_workers_of_another_queue_do_not_count(client: httpx.AsyncClient, settings: Settings) -> None:
    other = dataclasses.replace(identity(settings), queue=f"{settings.arq_queue_name}-other")
    await record_heartbeat(other, redis_connected=True)
    response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["reason"] == "missing"


async def test_healthz_reports_but_does_not_require_a_worker_when_configured(settings: Settings, db: None) -> None:
    app = create_app(settings.model_copy(update={"health_require_worker": False}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        response = await http.get("/healthz")
    await app.state.redis.aclose()
    assert response.status_code == 200
    assert (response.json()["worker"]["ok"], response.json()["worker"]["reason"]) == (False, "missing")


@pytest.fixture
async def redis_down_client(settings: Settings, db: None) -> AsyncIterator[httpx.AsyncClient]:
    """The app pointed at a Redis port nothing listens on."""
    app = create_app(settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await app.state.redis.aclose()


async def test_healthz_names_redis_when_it_is_down(redis_down_client: httpx.AsyncClient, settings: Settings) -> None:
    await record_heartbeat(identity(settings), redis_connected=True)
    response = await redis_down_client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["postgres"] == {"ok": True}
    assert body["redis"]["ok"] is False
    assert "Connect" in body["redis"]["error"] or "refused" in body["redis"]["error"]
    assert body["worker"]["ok"] is True  # read from PostgreSQL: the worker is still seen


async def test_api_keeps_working_without_redis(redis_down_client: httpx.AsyncClient, admin: Caller) -> None:
    graphql = GraphQLClient(redis_down_client)
    data = await graphql.data(
        'mutation { apiKeyCreate(input: {name: "offline", role: VIEWER}) { __typename } }', caller=admin
    )
    assert data["apiKeyCreate"]["__typename"] == "ApiKeyCreateSuccess"
    assert await ApiKey.filter(name="offline").exists()
    assert (await graphql.data("{ viewer { name } }", caller=admin))["viewer"]["name"] == "admin"
    metrics = await redis_down_client.get("/metrics")
    assert metrics.status_code == 200


async def test_metrics_count_requests_by_root_field(graphql: GraphQLClient, admin: Caller) -> None:
    await graphql.data("query WhoAmI { viewer { name } }", caller=admin)
    await graphql.post("{ viewer { name } }", caller=None)
    text = (await graphql.http.get("/metrics")).text
    assert 'promo_graphql_requests_total{outcome="ok",root_field="viewer"}' in text
    assert 'promo_graphql_requests_total{outcome="rejected",root_field="-"}' in text
    assert 'promo_graphql_request_duration_seconds_count{root_field="viewer"}' in text
    assert 'promo_db_pool_connections{state="max"}' in text
    assert 'promo_jobs{state="queued"}' in text


def request_series() -> set[tuple[tuple[str, str], ...]]:
    """The label sets of promo_graphql_requests_total so far."""
    [family] = [metric for metric in REGISTRY.collect() if metric.name == "promo_graphql_requests"]
    return {tuple(sorted(sample.labels.items())) for sample in family.samples if sample.name.endswith("_total")}


async def test_client_chosen_operation_names_do_not_grow_the_metrics(graphql: GraphQLClient, admin: Caller) -> None:
    before = request_series()
    for number in range(1000):
        await graphql.data(f"query Probe{number} {{ viewer {{ name }} }}", caller=admin)
    await graphql.data("query Aliased { someone: viewer { name } }", caller=admin)
    await graphql.data("query ViaFragment { ...Me } fragment Me on Query { viewer { name } }", caller=admin)
    unknown = await graphql.post("query A { viewer { name } }", caller=admin, operation_name="NotInTheDocument")
    assert "NotInTheDocument" in unknown.text
    new_series = request_series() - before
    new_fields = {dict(labels)["root_field"] for labels in new_series}
    assert new_fields <= {"viewer", "other"}, new_fields
    text = (await graphql.http.get("/metrics")).text
    assert "Probe" not in text
    assert "NotInTheDocument" not in text


@pytest.fixture
async def metrics_client(
    settings: Settings, db: None, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with the settings changes given by indirect parametrisation."""
    app = create_app(settings.model_copy(update=request.param))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await app.state.redis.aclose()


@pytest.mark.parametrize("metrics_client", [{"metrics_token": SecretStr("scrape-me")}], indirect=True)
async def test_metrics_need_the_token_when_one_is_set(metrics_client: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "scrape-me"}):
        refused = await metrics_client.get("/metrics", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
        assert refused.headers["www-authenticate"] == "Bearer"
        assert "promo_" not in refused.text
    allowed = await metrics_client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert allowed.status_code == 200
    assert "promo_graphql_requests_total" in allowed.text


@pytest.mark.parametrize("metrics_client", [{"environment": "production"}], indirect=True)
async def test_production_without_a_metrics_token_does_not_publish_metrics(metrics_client: httpx.AsyncClient) -> None:
    refused = await metrics_client.get("/metrics")
    assert refused.status_code == 403
    assert "METRICS_TOKEN" in refused.json()["errors"][0]["message"]
    assert "promo_" not in refused.text


async def test_request_log_has_operation_and_prefix_but_never_the_key(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="app.request"):
        await graphql.data("query WhoAmI { viewer { name } }", caller=admin)
    [record] = [r for r in caplog.records if r.name == "app.request"]
    event: dict[str, Any] = record.msg  # type: ignore[assignment]
    assert event["event"] == "graphql_request"
    assert event["operation"] == "WhoAmI"
    assert event["key_prefix"] == admin.key.prefix
    assert event["status"] == 200
    assert event["duration_ms"] > 0
    assert admin.secret not in str(event)


@pytest.fixture
def worker_process(settings: Settings, project_root: Any) -> Iterator[subprocess.Popen[bytes]]:
    """A real `promo worker` on this session's database and Redis prefix."""
    env = {
        **os.environ,
        "DATABASE_URL": str(settings.database_url),
        "REDIS_URL": str(settings.redis_url),
        "REDIS_PREFIX": settings.redis_prefix,
    }
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], env=env, cwd=project_root)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


async def test_healthz_round_trips_a_job_through_a_real_worker(
    client: httpx.AsyncClient, worker_process: subprocess.Popen[bytes]
) -> None:
    body: dict[str, Any] = {}
    for _ in range(60):
        response = await client.get("/healthz", params={"worker": "1"}, timeout=10)
        body = response.json()
        if response.status_code == 200:
            break
        await asyncio.sleep(0.25)
    assert body["worker"]["ok"] is True, body
    assert body["worker"]["ping"]["worker"].endswith(f":{worker_process.pid}")
    assert [listed["pid"] for listed in body["worker"]["workers"]] == [worker_process.pid], body

    worker_process.send_signal(signal.SIGTERM)
    assert worker_process.wait(20) == 0
    response = await client.get("/healthz", params={"worker": "1"}, timeout=10)
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False
    assert "no worker answered" in response.json()["worker"]["error"]
    # A worker that stops cleanly removes its heartbeat: it is missing at once, not stale later.
    assert response.json()["worker"]["reason"] == "missing"
