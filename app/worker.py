"""The arq worker, run by `promo worker` (several may run against one Redis and PostgreSQL).

arq's `Worker` stops for good at the first Redis error. `WorkerRunner` keeps the process serving: it
runs one arq worker after another, waiting longer after each failed attempt (capped) until Redis
answers again, and records a heartbeat in PostgreSQL all along, so that /healthz sees the worker
even while Redis is down.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import signal
import socket
import uuid
from typing import Any, ClassVar

import structlog
from arq.connections import RedisSettings
from arq.cron import CronJob, cron
from arq.typing import WorkerCoroutine
from arq.worker import Worker, create_worker
from redis.exceptions import RedisError

from app.campaigns.tasks import run_campaign_schedule
from app.codes.tasks import generate_codes, publish_codes_bulk
from app.core.db import close_db, init_db
from app.core.events import EventBus
from app.core.logging import configure_logging
from app.core.redis import redis_settings
from app.core.time import utcnow
from app.customers.tasks import import_customers
from app.distributions.tasks import WORK_BUDGET_SECONDS, run_distributions
from app.events.tasks import RETENTION_BUDGET_SECONDS, delete_expired_events, import_events
from app.exports.tasks import delete_expired_exports, run_export
from app.jobs.tasks import requeue_stale_jobs
from app.jobs.workers import WorkerIdentity, forget_worker, record_heartbeat
from app.segments.tasks import import_segment_members
from app.settings import Settings, get_settings
from app.triggers.tasks import run_forever as run_live_actions
from app.wallets.tasks import SWEEP_BUDGET_SECONDS as WALLET_SWEEP_SECONDS
from app.wallets.tasks import expire_wallet_points, release_pending_points
from app.webhooks.tasks import RETENTION_BUDGET_SECONDS as WEBHOOK_RETENTION_BUDGET_SECONDS
from app.webhooks.tasks import SWEEP_BUDGET_SECONDS as WEBHOOK_SWEEP_SECONDS
from app.webhooks.tasks import delete_settled_webhook_events, deliver_webhooks

# What a lost or refused Redis connection raises (TimeoutError and ConnectionError are OSErrors).
REDIS_ERRORS = (RedisError, OSError)
FIRST_RECONNECT_DELAY_SECONDS = 0.5
log = structlog.get_logger(__name__)


async def ping(ctx: dict[str, Any]) -> dict[str, str]:
    """Prove that a worker takes jobs from the queue (used by `/healthz?worker=1`)."""
    return {"worker": f"{socket.gethostname()}:{os.getpid()}", "at": utcnow().isoformat()}


class WorkerSettings:
    """arq reads its static configuration from this class; `WorkerRunner` adds the rest."""

    functions: ClassVar[list[WorkerCoroutine]] = [
        ping,
        generate_codes,
        publish_codes_bulk,
        import_customers,
        import_events,
        import_segment_members,
        run_export,
    ]
    # Every second: a campaign scheduled two seconds ahead starts on time. `unique` keeps one run
    # at a time across workers; SKIP LOCKED makes overlapping runs safe anyway.
    cron_jobs: ClassVar[list[CronJob]] = [
        cron(run_campaign_schedule, second=set(range(60)), unique=True, run_at_startup=True, timeout=30),
        cron(requeue_stale_jobs, second={0, 10, 20, 30, 40, 50}, unique=True, run_at_startup=True, timeout=30),
        # Every 2 seconds: runs of schedules that came due, and runs whose worker died (lease lapsed).
        cron(
            run_distributions,
            second=set(range(0, 60, 2)),
            unique=True,
            run_at_startup=True,
            timeout=WORK_BUDGET_SECONDS + 600,
        ),
        # Every second: webhook deliveries that came due (the outbox in PostgreSQL; see app.webhooks).
        cron(
            deliver_webhooks,
            second=set(range(60)),
            unique=True,
            run_at_startup=True,
            timeout=WEBHOOK_SWEEP_SECONDS + 120,
        ),
        cron(delete_expired_exports, minute=set(range(0, 60, 5)), second=30, unique=True, timeout=300),
        cron(
            delete_settled_webhook_events,
            minute={40},
            second=0,
            unique=True,
            timeout=WEBHOOK_RETENTION_BUDGET_SECONDS + 60,
        ),
        cron(
            delete_expired_events,
            minute={0, 15, 30, 45},
            second=0,
            unique=True,
            timeout=RETENTION_BUDGET_SECONDS + 60,
        ),
        # Every minute: the release first (a released credit may be due already), then expiry. Each
        # sweep stops within its budget, before the next minute's run.
        cron(
            release_pending_points,
            second=0,
            unique=True,
            run_at_startup=True,
            timeout=WALLET_SWEEP_SECONDS + 30,
        ),
        cron(
            expire_wallet_points,
            second=5,
            unique=True,
            run_at_startup=True,
            timeout=WALLET_SWEEP_SECONDS + 30,
        ),
    ]
    health_check_interval: ClassVar[int] = 5
    max_jobs: ClassVar[int] = 10
    job_timeout: ClassVar[int] = 600


def connection_settings() -> dict[str, Any]:
    """The settings that come from the environment: Redis and the queue name."""
    settings = get_settings()
    if settings.redis_url is None:
        raise RuntimeError("REDIS_URL must be set for the worker")
    redis: RedisSettings = redis_settings(settings.redis_url)
    redis.conn_retries = 0  # WorkerRunner retries, with its own backoff, for as long as it takes
    return {"redis_settings": redis, "queue_name": settings.arq_queue_name}


class WorkerRunner:
    """One worker process: arq workers run one after another until SIGINT, SIGTERM or SIGHUP."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.identity = WorkerIdentity(
            id=uuid.uuid4(),
            queue=settings.arq_queue_name,
            host=socket.gethostname(),
            pid=os.getpid(),
            started_at=utcnow(),
        )
        self.stopping = asyncio.Event()
        self.redis_connected = False
        self.state_changed = asyncio.Event()
        self.current: Worker | None = None

    def stop(self, signum: signal.Signals) -> None:
        """Stop serving: cancel running jobs (arq re-runs them) and leave the backoff wait at once."""
        if not self.stopping.is_set():
            log.info("worker_stopping", signal=signal.Signals(signum).name)
        self.stopping.set()
        if self.current is not None:
            self.current.handle_sig(signum)

    async def run(self) -> None:
        configure_logging(level=self.settings.log_level, json=self.settings.log_json)
        assert self.settings.database_url is not None, "DATABASE_URL must be set for the worker"
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, self.stop, signum)
        await init_db(self.settings.database_url, pool_min=1, pool_max=self.settings.db_pool_max)
        beating = asyncio.create_task(self._beat())
        # Beside arq, needing only PostgreSQL: live-action evaluation and inaction timers (app.triggers).
        live_actions = asyncio.create_task(
            run_live_actions(
                stopping=self.stopping, redis_url=self.settings.redis_url, prefix=self.settings.redis_prefix
            )
        )
        try:
            await self._serve()
        finally:
            self.stopping.set()
            for task in (beating, live_actions):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            try:
                await forget_worker(self.identity.id)
            except Exception as exc:  # PostgreSQL down: the row goes stale and /healthz says so
                log.warning("worker_heartbeat_not_removed", error=f"{type(exc).__name__}: {exc}")
            await close_db()

    async def _serve(self) -> None:
        delay = FIRST_RECONNECT_DELAY_SECONDS
        attempt = 0
        while not self.stopping.is_set():
            error = await self._run_worker()
            if error is None:
                return
            if self.redis_connected:  # it served until now: this outage starts with a short wait
                delay, attempt = FIRST_RECONNECT_DELAY_SECONDS, 0
            self._set_redis_connected(False)
            attempt += 1
            log.warning(
                "worker_redis_unavailable",
                error=f"{type(error).__name__}: {error}",
                attempt=attempt,
                retry_in_seconds=delay,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), delay)
            delay = min(delay * 2, self.settings.worker_reconnect_max_seconds)

    async def _run_worker(self) -> BaseException | None:
        """Run one arq worker until it stops: the Redis error that stopped it, or None when asked to stop."""
        worker = create_worker(
            WorkerSettings,  # type: ignore[arg-type]  # arq reads the class attributes
            handle_signals=False,
            on_startup=self._connected,
            cron_jobs=_cron_jobs(self.identity.queue),
            poll_delay=self.settings.worker_poll_seconds,  # one ZRANGEBYSCORE per poll: cheap
            **connection_settings(),
        )
        self.current = worker
        worker.main_task = asyncio.create_task(worker.main())
        await asyncio.wait([worker.main_task])
        self.current = None
        await _close(worker)
        if self.stopping.is_set() or worker.main_task.cancelled():
            return None
        error = worker.main_task.exception()
        if error is None or isinstance(error, REDIS_ERRORS):
            return error
        raise error

    async def _connected(self, ctx: dict[str, Any]) -> None:
        """arq's on_startup: called once the worker reached Redis."""
        ctx["events"] = EventBus(ctx["redis"], self.settings.redis_prefix)
        ctx["queue_name"] = self.settings.arq_queue_name
        ctx["settings"] = self.settings
        self._set_redis_connected(True)
        log.info("worker_redis_connected", queue=self.identity.queue, worker_id=str(self.identity.id))

    def _set_redis_connected(self, connected: bool) -> None:
        if connected != self.redis_connected:
            self.redis_connected = connected
            self.state_changed.set()  # beat at once: /healthz learns of the change without waiting

    async def _beat(self) -> None:
        while True:
            try:
                await record_heartbeat(self.identity, redis_connected=self.redis_connected)
            except Exception as exc:  # PostgreSQL down: jobs fail and retry on their own; beat again later
                log.warning("worker_heartbeat_failed", error=f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.state_changed.wait(), self.settings.worker_heartbeat_seconds)
            self.state_changed.clear()


def _cron_jobs(queue: str) -> list[CronJob]:
    """Fresh copies of the cron jobs for one arq worker, named after the queue.

    Fresh: a worker started after an outage runs them at once, not once for every slot it missed.
    Named after the queue: arq derives a unique cron job's id from its name and time alone, so
    workers of another queue on the same Redis would otherwise take this queue's runs.
    """
    return [dataclasses.replace(job, name=f"{job.name}:{queue}", next_run=None) for job in WorkerSettings.cron_jobs]


async def _close(worker: Worker) -> None:
    """What arq's `Worker.close` does, without failing when Redis is gone.

    Jobs still running are cancelled: they resume from PostgreSQL when arq or the stale-job sweeper
    runs them again.
    """
    for task in worker.tasks.values():
        task.cancel()
    await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    pool = worker.ctx.get("redis")  # set once the worker reached Redis
    if pool is None:
        return
    with contextlib.suppress(*REDIS_ERRORS):
        await pool.delete(worker.health_check_key)
    with contextlib.suppress(*REDIS_ERRORS):
        await pool.aclose(close_connection_pool=True)
