"""Distributions end to end through real `promo worker` processes (arq cron `run_distributions`).

Each test gets its own Redis prefix (so its own queue and cron job ids) and workers that read the
test database. The workers run with a short `DISTRIBUTION_LEASE_SECONDS` so a dead or frozen worker's
run is taken over within seconds instead of 30. Waits have generous time limits but nothing asserts
on a duration: what is checked is stored state (timestamps against the schedule, counts, statuses).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest
from tortoise import connections

from app.access.scope import UNRESTRICTED
from app.campaigns.models import Campaign
from app.core.time import utcnow
from app.distributions import services
from app.distributions.models import (
    Delivery,
    DeliveryStatus,
    Distribution,
    DistributionRun,
    DistributionStatus,
    RewardPolicy,
    RunStatus,
    ScheduleKind,
)
from app.distributions.schedules import Schedule
from app.jobs.models import WorkerHeartbeat
from tests.codes.test_publication import series_with
from tests.conftest import Servers
from tests.distributions.helpers import distribute, distributing, list_segment
from tests.e2e.conftest import PROMO
from tests.e2e.test_generation_job import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
BIG = 60_000  # 12 chunks of 5,000
LEASE_SECONDS = "3"


@dataclass
class Workers:
    """`promo worker` processes against the test database and a Redis prefix of their own."""

    env: dict[str, str]
    log_dir: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> subprocess.Popen[bytes]:
        log_path = self.log_dir / f"worker-{len(self.started)}.log"
        with log_path.open("wb") as log:  # the child keeps its own descriptor
            process = subprocess.Popen(
                [PROMO, "worker"],
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed as a whole below
            )
        self.started.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-4000:] for path in sorted(self.log_dir.glob("worker-*.log")))

    async def connected(self, count: int) -> None:
        """Wait until `count` workers of this queue report a Redis connection (their heartbeat)."""

        async def ready() -> bool:
            for process in self.started:
                if process.poll() is not None:
                    raise AssertionError(f"a worker exited early:\n{self.logs()}")
            queue = f"{self.env['REDIS_PREFIX']}queue"
            return await WorkerHeartbeat.filter(queue=queue, redis_connected=True).count() >= count

        await wait_for(ready, 120)


@pytest.fixture
def workers(servers: Servers, tmp_path: Path) -> Iterator[Workers]:
    """Started workers are stopped after the test, and none (nor any child) may survive it."""
    pool = Workers(
        env={
            "DATABASE_URL": servers.database_url,
            "REDIS_URL": servers.redis_url,
            "REDIS_PREFIX": f"{servers.redis_prefix}dist-{uuid.uuid4().hex[:8]}:",
            "DISTRIBUTION_LEASE_SECONDS": LEASE_SECONDS,
        },
        log_dir=tmp_path,
    )
    yield pool
    pids: set[int] = set()
    for process in pool.started:
        if process.poll() is None:
            pids.update(child.pid for child in psutil.Process(process.pid).children(recursive=True))
            os.killpg(process.pid, signal.SIGCONT)  # a frozen worker must run to see SIGTERM
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        pids.add(process.pid)
    survivors = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                survivors.append(pid)
        except psutil.NoSuchProcess:
            continue
    assert not survivors, f"worker processes survived the test: {survivors}"


def pid_of(run: DistributionRun) -> int:
    """The process of the worker that holds the run (`host:pid:tick`)."""
    assert run.claimed_by is not None
    return int(run.claimed_by.split(":")[-2])


async def only_run(distribution: Distribution) -> DistributionRun | None:
    return await DistributionRun.filter(distribution_id=distribution.id).first()


async def wait_run(distribution: Distribution, status: RunStatus, seconds: float = 180) -> DistributionRun:
    async def reached() -> bool:
        return await DistributionRun.filter(distribution_id=distribution.id, status=status).exists()

    await wait_for(reached, seconds)
    return await DistributionRun.get(distribution_id=distribution.id, status=status)


async def query(sql: str, *params: Any) -> dict[str, Any]:
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(sql, list(params))
    return rows[0]


async def assert_codes_exactly_once(campaign: Campaign, run: DistributionRun, count: int) -> None:
    """Each of `count` eligible customers holds one code of the campaign, published once, delivered once."""
    published = await query(
        "SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, count(DISTINCT code_id) AS codes "
        "FROM publication WHERE campaign_id = $1",
        campaign.id,
    )
    assert dict(published) == {"n": count, "customers": count, "codes": count}
    deliveries = await query(
        "SELECT count(*) FILTER (WHERE status = 'REWARDED') AS rewarded, count(*) AS n, "
        "count(DISTINCT customer_id) AS customers, count(DISTINCT code_id) AS codes "
        "FROM distribution_delivery WHERE run_id = $1",
        run.id,
    )
    assert dict(deliveries) == {"rewarded": count, "n": count, "customers": count, "codes": count}
    held = await query(
        "SELECT count(*) AS n, count(DISTINCT holder_id) AS holders FROM code WHERE series_id = $1 "
        "AND holder_id IS NOT NULL",
        campaign.code_series_id,
    )
    assert dict(held) == {"n": count, "holders": count}
    # Every delivery's code is the one its customer holds, and its publication names that code.
    mismatched = await query(
        "SELECT count(*) AS n FROM distribution_delivery d LEFT JOIN code k ON k.id = d.code_id "
        "LEFT JOIN publication p ON p.campaign_id = d.campaign_id AND p.customer_id = d.customer_id "
        "WHERE d.run_id = $1 AND (k.holder_id IS DISTINCT FROM d.customer_id OR p.code_id IS DISTINCT FROM d.code_id)",
        run.id,
    )
    assert mismatched["n"] == 0
    campaign_row = await Campaign.get(id=campaign.id)
    assert campaign_row.published_count == count
    assert (run.eligible, run.rewarded, run.skipped, run.failed) == (count, count, 0, 0)


async def test_a_distribution_scheduled_once_fires_at_its_time_not_before(workers: Workers) -> None:
    segment = await list_segment("Once", [f"o{i}" for i in range(20)])
    campaign = await distributing("At nine", segment, code_series_id=await series_with(30))
    workers.start()
    await workers.connected(1)  # the worker is sweeping before the instant comes
    at = (utcnow() + timedelta(seconds=4)).replace(microsecond=0)
    distribution, _ = await services.create(
        scope=UNRESTRICTED,
        spec=services.DistributionSpec(campaign.id, Schedule(ScheduleKind.ONCE, at=at)),
        actor_id=None,
    )
    assert distribution.next_run_at == at
    run = await wait_run(distribution, RunStatus.SUCCEEDED, 60)
    assert run.scheduled_for == at
    assert run.started_at is not None
    assert run.started_at >= at
    assert run.finished_at is not None
    assert run.finished_at >= run.started_at
    deliveries = await Delivery.filter(run_id=run.id)
    assert len(deliveries) == 20
    assert all(d.status is DeliveryStatus.REWARDED and d.delivered_at is not None for d in deliveries)
    assert min(d.delivered_at for d in deliveries if d.delivered_at is not None) >= at
    first_publication = await query("SELECT min(created_at) AS at FROM publication WHERE campaign_id = $1", campaign.id)
    assert first_publication["at"] >= at
    await assert_codes_exactly_once(campaign, run, 20)
    done = await Distribution.get(id=distribution.id)
    assert (done.status, done.next_run_at) == (DistributionStatus.COMPLETED, None)
    assert await DistributionRun.filter(distribution_id=distribution.id).count() == 1


async def make_due(distribution: Distribution) -> datetime:
    """Let the next occurrence come due now, as the passing of time would.

    A recurring schedule's occurrence is due when `next_run_at <= now`; cronsim's calendar (every
    minute, daily at 09:00, …) is tested on its own (tests/distributions). Waiting for real minute
    boundaries would make this test slow, and `* * * * *` could also fire on its own in the middle of
    the test, so the distribution gets a yearly expression that cannot come due during the test and
    this moves its `next_run_at` to a second ago. Everything else is the worker's: the sweep creates
    the run, advances `next_run_at` to the expression's following occurrence, and runs it.
    """
    due = utcnow() - timedelta(seconds=1)
    await connections.get("default").execute_query_dict(
        "UPDATE distribution SET next_run_at = $2 WHERE id = $1 RETURNING id", [distribution.id, due]
    )
    return due


async def test_a_recurring_distribution_fires_twice_and_rewards_only_newcomers(workers: Workers) -> None:
    first_members = [f"r{i}" for i in range(30)]
    segment = await list_segment("Regulars", first_members)
    campaign = await distributing("Monthly", segment, code_series_id=await series_with(100))
    yearly = Schedule(ScheduleKind.CRON, cron="0 0 1 1 *")
    distribution, _ = await services.create(
        scope=UNRESTRICTED,
        spec=services.DistributionSpec(campaign.id, yearly, RewardPolicy.ONCE_PER_CAMPAIGN),
        actor_id=None,
    )
    assert distribution.next_run_at is not None
    assert distribution.next_run_at > utcnow() + timedelta(days=1)
    workers.start()
    await workers.connected(1)
    assert not await DistributionRun.filter(distribution_id=distribution.id).exists()  # not due yet

    first_due = await make_due(distribution)
    first = await wait_run(distribution, RunStatus.SUCCEEDED, 60)
    assert first.scheduled_for == first_due
    assert (first.eligible, first.rewarded, first.skipped) == (30, 30, 0)
    advanced = await Distribution.get(id=distribution.id)
    assert advanced.status is DistributionStatus.ACTIVE
    assert advanced.next_run_at == yearly.following(after=utcnow(), time_zone=campaign.time_zone)

    newcomers = [f"n{i}" for i in range(12)]
    await list_segment("Newcomers", newcomers)  # the customers exist …
    await connections.get("default").execute_query_dict(  # … and join the campaign's segment
        "INSERT INTO segment_member (segment_id, customer_id, added_at) SELECT $1, id, now() FROM customer "
        "WHERE source_id = ANY($2::text[])",
        [segment.id, newcomers],
    )
    second_due = await make_due(distribution)

    async def second_done() -> bool:
        return await DistributionRun.filter(distribution_id=distribution.id, status=RunStatus.SUCCEEDED).count() == 2

    await wait_for(second_done, 60)
    second = await DistributionRun.get(distribution_id=distribution.id, scheduled_for=second_due)
    assert second.status is RunStatus.SUCCEEDED
    assert (second.eligible, second.rewarded, second.skipped) == (42, 12, 30)
    rewarded = await query(
        "SELECT array_agg(c.source_id ORDER BY c.source_id) AS ids FROM distribution_delivery d "
        "JOIN customer c ON c.id = d.customer_id WHERE d.run_id = $1 AND d.status = 'REWARDED'",
        second.id,
    )
    assert rewarded["ids"] == sorted(newcomers)
    assert await Delivery.filter(run_id=second.id, status=DeliveryStatus.SKIPPED_ALREADY).count() == 30
    published = await query(
        "SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, count(DISTINCT code_id) AS codes "
        "FROM publication WHERE campaign_id = $1",
        campaign.id,
    )
    assert dict(published) == {"n": 42, "customers": 42, "codes": 42}
    assert await DistributionRun.filter(distribution_id=distribution.id).count() == 2


async def big_distribution(name: str) -> tuple[Campaign, Distribution]:
    segment = await list_segment(name, [f"{name}{i}" for i in range(BIG)])
    campaign = await distributing(name, segment, code_series_id=await series_with(BIG))
    return campaign, await distribute(campaign)


async def rewarded_some(distribution: Distribution) -> bool:
    run = await only_run(distribution)
    return run is not None and run.rewarded > 0


async def test_a_killed_worker_run_is_finished_by_another_with_each_customer_rewarded_once(workers: Workers) -> None:
    campaign, distribution = await big_distribution("kill")
    first = workers.start()
    await wait_for(lambda: rewarded_some(distribution), 180)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    run = await only_run(distribution)
    assert run is not None
    assert run.status is RunStatus.RUNNING
    assert pid_of(run) == first.pid
    assert 0 < run.rewarded < BIG, "the run finished before the worker could be killed"
    # A chunk commits whole: what the dead worker left is exactly what its counters say.
    assert await Delivery.filter(run_id=run.id, status=DeliveryStatus.REWARDED).count() == run.rewarded
    assert (await query("SELECT count(*) AS n FROM publication WHERE campaign_id = $1", campaign.id))["n"] == (
        run.rewarded
    )

    second = workers.start()
    finished = await wait_run(distribution, RunStatus.SUCCEEDED)
    assert pid_of(finished) == second.pid  # taken over once the dead worker's lease lapsed
    await assert_codes_exactly_once(campaign, finished, BIG)


async def frozen_holding_a_chunk(run: DistributionRun, process: subprocess.Popen[bytes]) -> int:
    """Freeze the worker (SIGSTOP) at a moment it holds a chunk's rows, its run's row left free.

    Returns how many PENDING rows its open transaction holds.
    """
    for _ in range(2_000):
        os.kill(process.pid, signal.SIGSTOP)
        rows = await connections.get("default").execute_query_dict(
            "SELECT (SELECT count(*) FROM distribution_delivery WHERE run_id = $1 AND status = 'PENDING') "
            "- (SELECT count(*) FROM (SELECT 1 FROM distribution_delivery WHERE run_id = $1 AND status = 'PENDING' "
            "FOR UPDATE SKIP LOCKED) free) AS held, "
            "EXISTS (SELECT 1 FROM distribution_run WHERE id = $1 FOR UPDATE SKIP LOCKED) AS run_free, "
            "(SELECT status FROM distribution_run WHERE id = $1) AS status",
            [run.id],
        )
        if rows[0]["status"] != "RUNNING":
            raise AssertionError(f"the run is {rows[0]['status']} before a worker could be frozen mid-chunk")
        if rows[0]["held"] > 0 and rows[0]["run_free"]:
            return int(rows[0]["held"])
        os.kill(process.pid, signal.SIGCONT)
        await asyncio.sleep(0.02)
    raise AssertionError("the worker was never caught holding a chunk")


async def test_two_workers_on_one_run_never_deliver_twice(workers: Workers) -> None:
    """Worker 1 is frozen in the middle of a chunk; its lease lapses and worker 2 takes the run over
    while worker 1's chunk is still open; then worker 1 wakes up and commits it. Both wrote to the run."""
    campaign, distribution = await big_distribution("two")
    first = workers.start()
    await wait_for(lambda: rewarded_some(distribution), 180)
    run = await only_run(distribution)
    assert run is not None
    held = await frozen_holding_a_chunk(run, first)
    second = workers.start()

    async def taken_over() -> bool:
        return pid_of(await DistributionRun.get(id=run.id)) == second.pid

    await wait_for(taken_over, 60)

    async def second_can_do_no_more() -> bool:
        # Worker 2 waits behind worker 1's open chunk: blocked on a lock it holds, or done with the rest.
        current = await DistributionRun.get(id=run.id)
        waiting = await query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return waiting["n"] > 0 or current.rewarded >= BIG - held

    await wait_for(second_can_do_no_more, 120)
    current = await DistributionRun.get(id=run.id)
    assert current.status is RunStatus.RUNNING  # not finished while worker 1's chunk is unsettled
    assert await Delivery.filter(run_id=run.id, status=DeliveryStatus.PENDING).count() >= held
    os.kill(first.pid, signal.SIGCONT)

    finished = await wait_run(distribution, RunStatus.SUCCEEDED)
    assert first.poll() is None
    assert second.poll() is None
    await assert_codes_exactly_once(campaign, finished, BIG)
