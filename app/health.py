"""/healthz and /metrics: what an orchestrator and Prometheus look at."""

from __future__ import annotations

import asyncio
import hmac
from datetime import timedelta
from typing import Any

from arq.connections import ArqRedis
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from app.core.db import ping_database
from app.core.metrics import DB_POOL_CONNECTIONS, REGISTRY, record_worker_health
from app.core.secrets import bearer_token
from app.http_errors import ErrorResponse
from app.jobs.models import WorkerHeartbeat
from app.jobs.workers import workers_health
from app.settings import Settings

CHECK_TIMEOUT_SECONDS = 2.0
WORKER_PING_TIMEOUT_SECONDS = 5.0


def health_check_key(settings: Settings) -> str:
    """Where arq's worker writes its health line."""
    return f"{settings.arq_queue_name}:health-check"


async def _check(probe: Any) -> dict[str, Any]:
    try:
        await asyncio.wait_for(probe, CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure means "down"; the message says which
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}".strip(": ")}
    return {"ok": True}


def _worker_entry(worker: WorkerHeartbeat) -> dict[str, Any]:
    return {
        "id": str(worker.id),
        "host": worker.host,
        "pid": worker.pid,
        "startedAt": worker.started_at.isoformat(),
        "lastSeenAt": worker.last_seen_at.isoformat(),
        "redisConnected": worker.redis_connected,
    }


async def _heartbeats(settings: Settings) -> dict[str, Any]:
    """The workers of this queue whose heartbeat is fresh, or why there are none (from PostgreSQL)."""
    try:
        health = await asyncio.wait_for(
            workers_health(queue=settings.arq_queue_name, stale_after=timedelta(seconds=settings.worker_stale_seconds)),
            CHECK_TIMEOUT_SECONDS,
        )
    except Exception as exc:  # PostgreSQL down, or the table not migrated yet
        return {"ok": False, "reason": "unknown", "detail": f"{type(exc).__name__}: {exc}".strip(": ")}
    status: dict[str, Any] = {"ok": health.problem is None, "workers": [_worker_entry(w) for w in health.fresh]}
    if health.problem is not None:
        status["reason"] = health.problem.value
        status["lastSeenAt"] = health.last_seen_at.isoformat() if health.last_seen_at else None
    return status


async def _round_trip(redis: ArqRedis, settings: Settings) -> dict[str, Any]:
    """Send a `ping` job through the queue and wait for a worker to answer it."""
    job = await redis.enqueue_job("ping", _queue_name=settings.arq_queue_name)
    try:
        assert job is not None
        answer = await job.result(timeout=WORKER_PING_TIMEOUT_SECONDS, poll_delay=0.05)
    except Exception as exc:  # no worker took the job in time
        return {"ok": False, "error": f"no worker answered a ping job: {type(exc).__name__} {exc}".strip()}
    return {"ok": True, "ping": answer}


async def healthz(request: Request) -> JSONResponse:
    """200 when PostgreSQL and Redis answer and a worker is alive; 503 naming what is wrong.

    A worker is alive when its heartbeat (in PostgreSQL) is fresher than WORKER_STALE_SECONDS and
    it is connected to Redis; with HEALTH_REQUIRE_WORKER=false its absence is reported, not failed.
    With `?worker=1` a worker must also take a `ping` job from the queue within a few seconds; with
    `?worker=0` the workers are reported but not required (a probe of the API process itself).
    """
    settings: Settings = request.app.state.settings
    redis: ArqRedis = request.app.state.redis
    asked = request.query_params.get("worker")
    round_trip = asked in {"1", "true"}
    postgres, redis_status, worker = await asyncio.gather(
        _check(ping_database()), _check(redis.ping()), _heartbeats(settings)
    )
    worker_required = (settings.health_require_worker and asked not in {"0", "false"}) or round_trip
    if redis_status["ok"]:
        try:
            line = await asyncio.wait_for(redis.get(health_check_key(settings)), CHECK_TIMEOUT_SECONDS)
        except Exception:  # Redis went away since its ping: its own check already says so next time
            line = None
        worker["health"] = line.decode() if line else None
        if round_trip:
            answer = await _round_trip(redis, settings)
            answered = answer.pop("ok")
            worker.update(answer)
            worker["ok"] = worker["ok"] and answered
    healthy = postgres["ok"] and redis_status["ok"] and (worker["ok"] or not worker_required)
    body = {
        "status": "ok" if healthy else "unavailable",
        "postgres": postgres,
        "redis": redis_status,
        "worker": worker,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)


def _record_pool() -> None:
    pool = getattr(connections.get("default"), "_pool", None)
    if pool is None:
        return
    size, idle = pool.get_size(), pool.get_idle_size()
    DB_POOL_CONNECTIONS.labels("idle").set(idle)
    DB_POOL_CONNECTIONS.labels("in_use").set(size - idle)
    DB_POOL_CONNECTIONS.labels("max").set(pool.get_max_size())


def _metrics_refusal(request: Request, settings: Settings) -> ErrorResponse | None:
    """Why this request may not read /metrics, if it may not."""
    if settings.metrics_token is None:
        if settings.is_production:
            return ErrorResponse(403, "FORBIDDEN", "Set METRICS_TOKEN to scrape /metrics in production.")
        return None
    sent = bearer_token(request.headers.get("authorization")) or ""
    if hmac.compare_digest(sent.encode(), settings.metrics_token.get_secret_value().encode()):
        return None
    message = "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`."
    return ErrorResponse(401, "UNAUTHENTICATED", message, {"WWW-Authenticate": "Bearer"})


async def metrics(request: Request) -> Response:
    """Prometheus text format, for holders of METRICS_TOKEN when one is set."""
    settings: Settings = request.app.state.settings
    refusal = _metrics_refusal(request, settings)
    if refusal is not None:
        return refusal
    redis: ArqRedis = request.app.state.redis
    _record_pool()
    try:
        line, queued = await asyncio.wait_for(
            asyncio.gather(redis.get(health_check_key(settings)), redis.zcard(settings.arq_queue_name)),
            CHECK_TIMEOUT_SECONDS,
        )
        record_worker_health(line.decode() if line else None, int(queued))
    except Exception:  # Redis down: the job gauges keep their last values; /healthz says why
        pass
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
