"""/healthz and /metrics: what an orchestrator and Prometheus look at."""

from __future__ import annotations

import asyncio
import hmac
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


async def _worker_status(redis: ArqRedis, settings: Settings, *, round_trip: bool) -> dict[str, Any]:
    line = await redis.get(health_check_key(settings))
    status: dict[str, Any] = {"seen": line is not None, "health": line.decode() if line else None}
    if round_trip:
        job = await redis.enqueue_job("ping", _queue_name=settings.arq_queue_name)
        try:
            assert job is not None
            status["ping"] = await job.result(timeout=WORKER_PING_TIMEOUT_SECONDS, poll_delay=0.05)
            status["ok"] = True
        except Exception as exc:  # no worker took the job in time
            status["ok"] = False
            status["error"] = f"no worker answered a ping job: {type(exc).__name__} {exc}".strip()
    return status


async def healthz(request: Request) -> JSONResponse:
    """200 when PostgreSQL and Redis answer, 503 naming the one that does not.

    With `?worker=1` a worker must also take a `ping` job from the queue within a few seconds.
    """
    settings: Settings = request.app.state.settings
    redis: ArqRedis = request.app.state.redis
    round_trip = request.query_params.get("worker") in {"1", "true"}
    postgres, redis_status = await asyncio.gather(_check(ping_database()), _check(redis.ping()))
    worker: dict[str, Any] = {"seen": False}
    if redis_status["ok"]:
        worker = await _worker_status(redis, settings, round_trip=round_trip)
    healthy = postgres["ok"] and redis_status["ok"] and (not round_trip or worker.get("ok", False))
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
