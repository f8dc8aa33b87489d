"""The arq worker, run by `promo worker` (several may run against one Redis and PostgreSQL)."""

from __future__ import annotations

import os
import socket
from typing import Any, ClassVar

from arq.connections import RedisSettings
from arq.cron import CronJob, cron
from arq.typing import StartupShutdown, WorkerCoroutine

from app.campaigns.tasks import run_campaign_schedule
from app.codes.tasks import generate_codes, publish_codes_bulk
from app.core.db import close_db, init_db
from app.core.events import EventBus
from app.core.logging import configure_logging
from app.core.redis import redis_settings
from app.core.time import utcnow
from app.customers.tasks import import_customers
from app.jobs.tasks import requeue_stale_jobs
from app.settings import get_settings


async def ping(ctx: dict[str, Any]) -> dict[str, str]:
    """Prove that a worker takes jobs from the queue (used by `/healthz?worker=1`)."""
    return {"worker": f"{socket.gethostname()}:{os.getpid()}", "at": utcnow().isoformat()}


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    configure_logging(level=settings.log_level, json=settings.log_json)
    assert settings.database_url is not None, "DATABASE_URL must be set for the worker"
    await init_db(settings.database_url, pool_min=1, pool_max=settings.db_pool_max)
    ctx["events"] = EventBus(ctx["redis"], settings.redis_prefix)
    ctx["queue_name"] = settings.arq_queue_name


async def shutdown(ctx: dict[str, Any]) -> None:
    await close_db()


class WorkerSettings:
    """arq reads its static configuration from this class; `connection_settings` adds the rest."""

    functions: ClassVar[list[WorkerCoroutine]] = [ping, generate_codes, publish_codes_bulk, import_customers]
    # Every second: a campaign scheduled two seconds ahead starts on time. `unique` keeps one run
    # at a time across workers; SKIP LOCKED makes overlapping runs safe anyway.
    cron_jobs: ClassVar[list[CronJob]] = [
        cron(run_campaign_schedule, second=set(range(60)), unique=True, run_at_startup=True, timeout=30),
        cron(requeue_stale_jobs, second={0, 10, 20, 30, 40, 50}, unique=True, run_at_startup=True, timeout=30),
    ]
    on_startup: ClassVar[StartupShutdown] = startup
    on_shutdown: ClassVar[StartupShutdown] = shutdown
    health_check_interval: ClassVar[int] = 5
    max_jobs: ClassVar[int] = 10
    job_timeout: ClassVar[int] = 600


def connection_settings() -> dict[str, Any]:
    """The settings that come from the environment: Redis and the queue name."""
    settings = get_settings()
    if settings.redis_url is None:
        raise RuntimeError("REDIS_URL must be set for the worker")
    redis: RedisSettings = redis_settings(settings.redis_url)
    return {"redis_settings": redis, "queue_name": settings.arq_queue_name}
