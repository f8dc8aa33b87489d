"""Rewards per second of a distribution run through the worker's service path, next to raw SQL of the same rows.

In a database created for the run on --database-url's server (dropped at the end), untimed setup writes
N customers (default 100,000) and a LIST segment of them with `INSERT … SELECT … generate_series` (no
customer row passes through Python, so the process's memory is the run's alone), two code series of N
codes (through the code service) and four CUSTOM_LIST campaigns on the segment. Then, timed, in this
process (Tortoise initialised as the worker does, Redis events published as the worker publishes them):

  (a) codes, service: a NOW distribution of a UNIQUE_CODES campaign; `runs.schedule_due`, `runs._claim`,
      then `runs.execute(run, worker=…, events=…)` is timed: the snapshot (one INSERT … SELECT of N
      deliveries) and every chunk of `rewards.CHUNK_SIZE` (lock the chunk, move the campaign and series
      counters, hold the codes and insert the publications, mark the deliveries, the run's counters,
      the reward-granted and progress messages);
  (a) codes, baseline: one transaction that gives the segment's N customers the codes of the other
      series by ordinal (`UPDATE code … FROM (members numbered)`) and inserts their N publications from
      that statement's RETURNING (`INSERT … SELECT`), then moves the two counters;
  (b) points, service: the same on a WALLET_POINTS campaign (100 points each; wallets opened untimed
      beforehand, so service and baseline write the same rows); also (b') on a third program whose
      wallets the run opens itself (what a first distribution does), for information;
  (b) points, baseline: one transaction: `UPDATE wallet SET balance = balance + 100 … FROM segment_member`
      and an `INSERT … SELECT` of the N ledger rows from its RETURNING, then the program's counter.

Baselines run before their service run, each after a CHECKPOINT. Every run is verified (N rewarded,
N distinct codes held by N distinct customers, N ledger rows and balances). The figures are
rewards/s (N / seconds) next to the targets (codes ≥ 10,000/s, points ≥ 20,000/s, ≤ 3 × the baseline).

Then, unless --big 0, the database grows to --big customers (default 1,000,000) and a real `promo worker`
process (against the same database and a Redis prefix of its own) runs one NOW distribution of points to
all of them: its RSS is sampled every 0.2 s from outside (psutil) and its peak (`VmHWM`) read before it
is stopped; rewards/s comes from the run's stored `started_at` and `finished_at`.

--breakdown times each statement of the chunks (by wrapping the chunk transaction's connection);
--explain prints `EXPLAIN (ANALYZE, BUFFERS)` of each statement of one chunk in the middle of each run
(executed in a savepoint that is rolled back, then run for real). The exit code is 0 whether or not
the targets are met; 1 when a verification fails.

    .venv/bin/python benchmarks/distributions.py [--customers 100000] [--big 1000000] [--big-kind points]
        [--breakdown] [--explain] [--database-url URL] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import psutil
from scratch_db import checkpoint, default_database_url, scratch_database
from tortoise import connections
from tortoise.transactions import in_transaction

from app.access.scope import UNRESTRICTED
from app.campaigns import lifecycle
from app.campaigns import services as campaign_services
from app.campaigns.models import Campaign, CampaignKind, CodeMode, Targeting
from app.campaigns.validation import Discount, DiscountType, Reward
from app.codes import handout
from app.codes import services as codes
from app.core.events import EventBus
from app.core.redis import connect_redis
from app.core.time import utcnow
from app.distributions import rewards, runs, services, snapshot
from app.distributions.models import DistributionRun, RunStatus, ScheduleKind
from app.distributions.schedules import Schedule
from app.segments import services as segments
from app.segments.models import Segment, SegmentKind
from app.wallets import ledger

CODES_TARGET = 10_000
POINTS_TARGET = 20_000
TARGET_RATIO = 3.0
POINTS = 100
CODE_LENGTH = 12
PROMO = str(Path(sys.executable).parent / "promo")
# How --breakdown names the chunk statements (by their SQL).
STATEMENTS = {
    rewards.PENDING: "lock the chunk (PENDING … SKIP LOCKED)",
    rewards.ALREADY: "skip already rewarded",
    rewards.REWARDED: "mark deliveries REWARDED",
    rewards.COUNT: "run counters",
    rewards.HELD: "rows held elsewhere?",
    handout.TAKE_CAMPAIGN: "campaign counter",
    handout.TAKE_SERIES: "series cursor",
    handout.ASSIGN: "hold codes + insert publications",
    ledger.CREDIT_MANY: "lock wallets, credit, insert ledger rows",
}


def default_redis_url() -> str:
    return os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000, help="segment size of (a) and (b)")
    parser.add_argument("--big", type=int, default=1_000_000, help="customers of the worker run (0: skip it)")
    parser.add_argument("--big-kind", choices=("points", "codes"), default="points", help="reward of the big run")
    parser.add_argument("--breakdown", action="store_true", help="time each statement of the chunks")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE one chunk's statements per run")
    parser.add_argument("--database-url", default=default_database_url(), help="server for the scratch database")
    parser.add_argument("--redis-url", default=default_redis_url(), help="Redis for events and the worker")
    args = parser.parse_args(argv)
    if args.customers < 1 or (args.big and args.big < args.customers):
        parser.error("--customers must be positive and --big at least --customers (or 0)")
    return args


# --- setup (untimed) ----------------------------------------------------------------------------


async def sql(statement: str, *params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(statement, list(params))
    return rows


async def add_customers(first: int, last: int) -> None:
    """Customers `bench-<first>` … `bench-<last>`, set-based."""
    await sql(
        "INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at) "
        "SELECT gen_random_uuid(), 'bench-' || g, '', '{}'::jsonb, now(), now() "
        "FROM generate_series($1::int, $2::int) g",
        first,
        last,
    )


async def segment_of_all(name: str) -> Segment:
    segment = await segments.create_segment(spec=segments.SegmentSpec(name=name, kind=SegmentKind.LIST), actor=None)
    await sql(
        "INSERT INTO segment_member (segment_id, customer_id, added_at) SELECT $1::uuid, id, now() FROM customer",
        segment.id,
    )
    await sql("ANALYZE customer")
    await sql("ANALYZE segment_member")
    return segment


async def make_series(name: str, count: int) -> uuid.UUID:
    series = await codes.create_series(spec=codes.SeriesSpec(name=name, length=CODE_LENGTH))
    target = await codes.reserve(series=series, count=count, maximum=10_000_000)
    await codes.generate_until(series_id=series.id, target_total=target)
    series_id: uuid.UUID = series.id
    return series_id


async def make_campaign(name: str, segment: Segment, *, series_id: uuid.UUID | None) -> Campaign:
    if series_id is not None:
        kind, mode, reward = (
            CampaignKind.DISCOUNT,
            CodeMode.UNIQUE_CODES,
            Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)),
        )
    else:
        kind, mode, reward = CampaignKind.WALLET_POINTS, CodeMode.NO_CODE, Reward(points=POINTS)
    spec = campaign_services.CampaignSpec(
        name=name,
        kind=kind,
        code_mode=mode,
        targeting=Targeting.CUSTOM_LIST,
        reward=reward,
        currency="EUR",
        code_series_id=series_id,
        segment_id=segment.id,
    )
    campaign = await campaign_services.create_campaign(spec=spec, actor=None)
    return await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)


async def open_wallets(program: Campaign, segment: Segment) -> None:
    await sql(
        "INSERT INTO wallet (id, campaign_id, customer_id, code_id, balance, pending, created_at, updated_at) "
        "SELECT gen_random_uuid(), $1::uuid, customer_id, NULL, 0, 0, now(), now() FROM segment_member "
        "WHERE segment_id = $2::uuid ORDER BY customer_id",
        program.id,
        segment.id,
    )
    await sql("ANALYZE wallet")


# --- measuring ----------------------------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


async def cpu_now() -> dict[int, float]:
    """CPU seconds so far of this process (key 0) and of every backend of the scratch database.

    Wall times stretch with whatever else runs on the machine; CPU times hardly do (a server on this
    machine only: the backends are read from /proc)."""
    pids = [row["pid"] for row in await sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")]
    return {0: sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), **proc_cpu(pids)}


def proc_cpu(pids: list[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@dataclass
class Measured:
    label: str
    rows: int
    seconds: float
    cpu_seconds: float = 0.0
    snapshot_seconds: float = 0.0
    chunks: int = 0
    statements: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("inf")


class ChunkConnection:
    """A chunk transaction's connection: times statements (--breakdown), explains one chunk (--explain)."""

    def __init__(self, inner: Any, measured: Measured, explain: bool) -> None:
        self._inner = inner
        self._measured = measured
        self._explain = explain

    async def execute_query_dict(self, query: str, values: list[Any] | None = None) -> list[dict[str, Any]]:
        label = STATEMENTS.get(query, " ".join(query.split())[:60])
        if self._explain and not query.lstrip().upper().startswith(("SET", "EXPLAIN")):
            await self._inner.execute_script("SAVEPOINT bench_explain")
            plan = await self._inner.execute_query_dict("EXPLAIN (ANALYZE, BUFFERS) " + query, values)
            await self._inner.execute_script("ROLLBACK TO SAVEPOINT bench_explain")
            print(f"\n--- {self._measured.label}: {label}")
            print("\n".join(row["QUERY PLAN"] for row in plan))
        started = time.perf_counter()
        try:
            return await self._inner.execute_query_dict(query, values)  # type: ignore[no-any-return]
        finally:
            spent = time.perf_counter() - started
            self._measured.statements[label] = self._measured.statements.get(label, 0.0) + spent
            self._measured.calls[label] = self._measured.calls.get(label, 0) + 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def chunk_transactions(measured: Measured, *, explain_chunk: int | None) -> Callable[[], Any]:
    """A stand-in for `rewards.in_transaction` that wraps the connection and times the commit."""
    opened = 0

    @asynccontextmanager
    async def transaction() -> AsyncIterator[Any]:
        nonlocal opened
        opened += 1
        async with in_transaction() as connection:
            yield ChunkConnection(connection, measured, explain=opened == explain_chunk)
            measured.statements["COMMIT"] = measured.statements.get("COMMIT", 0.0) - time.perf_counter()
        measured.statements["COMMIT"] += time.perf_counter()
        measured.calls["COMMIT"] = measured.calls.get("COMMIT", 0) + 1

    return transaction


async def service_run(
    label: str, campaign: Campaign, rows: int, events: EventBus | None, args: argparse.Namespace
) -> tuple[Measured, DistributionRun]:
    """A NOW distribution of `campaign`, created through the service and executed as the worker does."""
    measured = Measured(label, rows, 0.0)
    await services.create(
        scope=UNRESTRICTED, spec=services.DistributionSpec(campaign.id, Schedule(ScheduleKind.NOW)), actor_id=None
    )
    await runs.schedule_due(now=utcnow())
    run = await runs._claim(f"bench:{os.getpid()}")
    assert run is not None
    assert run.campaign_id == campaign.id
    take = snapshot.take

    async def timed_take(*given: Any) -> int:
        started = time.perf_counter()
        try:
            return await take(*given)
        finally:
            measured.snapshot_seconds = time.perf_counter() - started

    patches: list[Any] = [mock.patch.object(snapshot, "take", timed_take)]
    if args.breakdown or args.explain:
        middle = rows // rewards.CHUNK_SIZE // 2 + 1 if args.explain else None
        patches.append(mock.patch.object(rewards, "in_transaction", chunk_transactions(measured, explain_chunk=middle)))
    if args.explain:  # the snapshot's statement too
        patches.append(mock.patch.object(snapshot, "in_transaction", chunk_transactions(measured, explain_chunk=1)))
    for patch in patches:
        patch.start()
    try:
        await checkpoint(DATABASE_URL[0])
        cpu = await cpu_now()
        started = time.perf_counter()
        outcome = await runs.execute(run, worker=f"bench:{os.getpid()}", events=events)
        measured.seconds = time.perf_counter() - started
        measured.cpu_seconds = cpu_spent(cpu, await cpu_now())
    finally:
        for patch in patches:
            patch.stop()
    measured.chunks = outcome.chunks
    return measured, await DistributionRun.get(id=run.id)


DATABASE_URL: list[str] = []  # the scratch database's URL, once made


async def timed_sql(label: str, rows: int, statements: list[tuple[str, list[Any]]]) -> Measured:
    """`statements` in one transaction, timed (after a CHECKPOINT)."""
    await checkpoint(DATABASE_URL[0])
    cpu = await cpu_now()
    started = time.perf_counter()
    async with in_transaction() as connection:
        for statement, params in statements:
            await connection.execute_query_dict(statement, params)
    seconds = time.perf_counter() - started
    return Measured(label, rows, seconds, cpu_spent(cpu, await cpu_now()))


def codes_baseline(campaign: Campaign, segment: Segment) -> list[tuple[str, list[Any]]]:
    return [
        (
            "WITH members AS (SELECT customer_id, row_number() OVER (ORDER BY customer_id) AS ordinal "
            "FROM segment_member WHERE segment_id = $1), "
            "held AS (UPDATE code SET holder_id = m.customer_id, published_at = now() FROM members m "
            "WHERE code.series_id = $2 AND code.ordinal = m.ordinal RETURNING code.id, m.customer_id) "
            "INSERT INTO publication (id, campaign_id, customer_id, code_id, series_id, channel, metadata, "
            "source_id, join_once, created_at) SELECT gen_random_uuid(), $3, customer_id, id, $2, 'distribution', "
            "'{}'::jsonb, 'baseline:' || customer_id, true, now() FROM held",
            [segment.id, campaign.code_series_id, campaign.id],
        ),
        (
            "UPDATE code_series SET issued = issued + (SELECT count(*) FROM segment_member WHERE segment_id = $2) "
            "WHERE id = $1",
            [campaign.code_series_id, segment.id],
        ),
        (
            "UPDATE campaign SET published_count = published_count + "
            "(SELECT count(*) FROM segment_member WHERE segment_id = $2) WHERE id = $1",
            [campaign.id, segment.id],
        ),
    ]


def points_baseline(program: Campaign, segment: Segment, rows: int) -> list[tuple[str, list[Any]]]:
    return [
        (
            "WITH moved AS (UPDATE wallet w SET balance = w.balance + $3, updated_at = now() FROM segment_member m "
            "WHERE m.segment_id = $1 AND w.campaign_id = $2 AND w.customer_id = m.customer_id "
            "RETURNING w.id, w.balance, w.customer_id) "
            f"INSERT INTO wallet_transaction ({ledger.INSERT_COLUMNS}) SELECT id, 'CREDIT', 'POSTED', $3, balance, "
            "$3, NULL, NULL, 'Distribution', 'DISTRIBUTION', 'baseline', NULL, 'baseline:' || customer_id, NULL, "
            "now() FROM moved",
            [segment.id, program.id, POINTS],
        ),
        (
            "INSERT INTO wallet_program (campaign_id, rate_points, rate_amount, credited, earning_rules, version, "
            "updated_at) VALUES ($1, 100, 100, $2, '[]', 1, now()) ON CONFLICT (campaign_id) "
            "DO UPDATE SET credited = wallet_program.credited + EXCLUDED.credited",
            [program.id, POINTS * rows],
        ),
    ]


async def verify_codes(campaign: Campaign, rows: int, run: DistributionRun | None) -> list[str]:
    [row] = await sql(
        "SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, count(DISTINCT code_id) AS codes "
        "FROM publication WHERE campaign_id = $1",
        campaign.id,
    )
    [held] = await sql(
        "SELECT count(*) AS n, count(DISTINCT holder_id) AS holders FROM code WHERE series_id = $1 "
        "AND holder_id IS NOT NULL",
        campaign.code_series_id,
    )
    problems = []
    if dict(row) != {"n": rows, "customers": rows, "codes": rows}:
        problems.append(f"{campaign.name}: publications {dict(row)}")
    if dict(held) != {"n": rows, "holders": rows}:
        problems.append(f"{campaign.name}: held codes {dict(held)}")
    problems += verify_run(campaign, rows, run)
    return problems


async def verify_points(program: Campaign, rows: int, run: DistributionRun | None) -> list[str]:
    [row] = await sql(
        "SELECT count(*) AS n, count(DISTINCT w.customer_id) AS customers, sum(t.points) AS points "
        "FROM wallet_transaction t JOIN wallet w ON w.id = t.wallet_id WHERE w.campaign_id = $1",
        program.id,
    )
    [balances] = await sql(
        "SELECT count(*) FILTER (WHERE balance = $2) AS right FROM wallet WHERE campaign_id = $1", program.id, POINTS
    )
    problems = []
    if dict(row) != {"n": rows, "customers": rows, "points": rows * POINTS}:
        problems.append(f"{program.name}: ledger {dict(row)}")
    if balances["right"] != rows:
        problems.append(f"{program.name}: {balances['right']} wallets hold {POINTS}")
    problems += verify_run(program, rows, run)
    return problems


def verify_run(campaign: Campaign, rows: int, run: DistributionRun | None) -> list[str]:
    if run is None:
        return []
    if (run.status, run.eligible, run.rewarded, run.skipped) != (RunStatus.SUCCEEDED, rows, rows, 0):
        return [f"{campaign.name}: run {run.status.value} eligible {run.eligible} rewarded {run.rewarded}"]
    return []


# --- the big run, in a real worker process ------------------------------------------------------


@dataclass
class BigRun:
    customers: int
    kind: str
    seconds: float
    rewarded: int
    rss_idle_mb: float
    rss_samples_mb: list[float]
    peak_mb: float
    status: str

    @property
    def per_second(self) -> float:
        return self.rewarded / self.seconds if self.seconds else float("inf")


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([PROMO, "worker"], env=env, stdout=subprocess.DEVNULL, start_new_session=True)


def vm_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


async def big_run(args: argparse.Namespace, segment: Segment, campaign: Campaign) -> BigRun:
    prefix = f"bench-dist-{uuid.uuid4().hex[:8]}:"
    env = {**os.environ, "DATABASE_URL": DATABASE_URL[0], "REDIS_URL": args.redis_url, "REDIS_PREFIX": prefix}
    env["LOG_LEVEL"] = "WARNING"
    worker = start_worker(env)
    try:
        deadline = time.monotonic() + 120
        while (
            not await sql("SELECT 1 FROM worker_heartbeat WHERE queue = $1 AND redis_connected", f"{prefix}queue")
            and time.monotonic() < deadline
        ):
            if worker.poll() is not None:
                raise RuntimeError("the worker exited")
            await asyncio.sleep(0.2)
        await asyncio.sleep(3)  # its startup ticks are over
        process = psutil.Process(worker.pid)
        idle = process.memory_info().rss / 2**20
        await checkpoint(DATABASE_URL[0])
        distribution, _ = await services.create(
            scope=UNRESTRICTED, spec=services.DistributionSpec(campaign.id, Schedule(ScheduleKind.NOW)), actor_id=None
        )
        samples: list[float] = []
        run: DistributionRun | None = None
        while True:
            samples.append(process.memory_info().rss / 2**20)
            run = await DistributionRun.get_or_none(distribution_id=distribution.id)
            if run is not None and run.status not in {RunStatus.PENDING, RunStatus.RUNNING}:
                break
            if worker.poll() is not None:
                raise RuntimeError("the worker exited")
            await asyncio.sleep(0.2)
        peak = vm_kb(worker.pid, "VmHWM") / 1024
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    assert run is not None
    assert run.started_at is not None
    assert run.finished_at is not None
    seconds = (run.finished_at - run.started_at).total_seconds()
    return BigRun(args.big, args.big_kind, seconds, run.rewarded, idle, samples, peak, run.status.value)


# --- report -------------------------------------------------------------------------------------


def line(service: Measured, baseline: Measured, target: int) -> str:
    ratio = service.seconds / baseline.seconds
    cpu_ratio = service.cpu_seconds / baseline.cpu_seconds if baseline.cpu_seconds else float("inf")
    met = service.per_second >= target and ratio <= TARGET_RATIO
    return (
        f"| {service.label} | {service.rows:,} | {service.seconds:.2f} s = **{service.per_second:,.0f}/s** "
        f"(snapshot {service.snapshot_seconds:.2f} s, {service.chunks} chunks) | {baseline.seconds:.2f} s = "
        f"{baseline.per_second:,.0f}/s | **{ratio:.2f} ×** | {service.cpu_seconds:.1f} / {baseline.cpu_seconds:.1f} s "
        f"= {cpu_ratio:.2f} × | ≥ {target:,}/s and ≤ {TARGET_RATIO:g} × — {'**met**' if met else '**not met**'} |"
    )


def breakdown(measured: Measured) -> str:
    total = sum(measured.statements.values())
    rows = [f"\n{measured.label}: {total:.2f} s in chunk statements ({measured.seconds:.2f} s in all)"]
    for label, seconds in sorted(measured.statements.items(), key=lambda item: -item[1]):
        rows.append(f"  {seconds:7.2f} s  {measured.calls.get(label, 0):4d} ×  {label}")
    return "\n".join(rows)


async def run(args: argparse.Namespace) -> int:
    loads = [os.getloadavg()]
    redis = connect_redis(args.redis_url)
    events = EventBus(redis, f"bench-dist-{uuid.uuid4().hex[:8]}:")
    problems: list[str] = []
    async with scratch_database(args.database_url) as url:
        DATABASE_URL.append(url)
        started = time.perf_counter()
        await add_customers(1, args.customers)
        segment = await segment_of_all("Bench")
        code_campaigns = [
            await make_campaign(name, segment, series_id=await make_series(name, args.customers))
            for name in ("codes-service", "codes-baseline")
        ]
        programs = [
            await make_campaign(name, segment, series_id=None) for name in ("points-service", "points-baseline")
        ]
        for program in programs:
            await open_wallets(program, segment)
        fresh = await make_campaign("points-fresh-wallets", segment, series_id=None)
        print(f"setup: {time.perf_counter() - started:.1f} s (untimed)", flush=True)

        code_base = await timed_sql("codes, raw SQL", args.customers, codes_baseline(code_campaigns[1], segment))
        problems += await verify_codes(code_campaigns[1], args.customers, None)
        code_service, code_run = await service_run("(a) codes", code_campaigns[0], args.customers, events, args)
        problems += await verify_codes(code_campaigns[0], args.customers, code_run)
        print(f"(a) codes: service {code_service.seconds:.2f} s, baseline {code_base.seconds:.2f} s", flush=True)
        loads.append(os.getloadavg())

        point_base = await timed_sql(
            "points, raw SQL", args.customers, points_baseline(programs[1], segment, args.customers)
        )
        problems += await verify_points(programs[1], args.customers, None)
        point_service, point_run = await service_run(
            "(b) points (wallets open)", programs[0], args.customers, events, args
        )
        problems += await verify_points(programs[0], args.customers, point_run)
        fresh_service, fresh_run = await service_run(
            "(b') points (run opens the wallets)", fresh, args.customers, events, args
        )
        problems += await verify_points(fresh, args.customers, fresh_run)
        print(f"(b) points: service {point_service.seconds:.2f} s, baseline {point_base.seconds:.2f} s", flush=True)
        loads.append(os.getloadavg())
        peak_here = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        big: BigRun | None = None
        if args.big:
            started = time.perf_counter()
            await add_customers(args.customers + 1, args.big)
            everyone = await segment_of_all("Everyone")
            series = await make_series("big", args.big) if args.big_kind == "codes" else None
            big_campaign = await make_campaign("big", everyone, series_id=series)
            print(f"big setup: {time.perf_counter() - started:.1f} s (untimed)", flush=True)
            big = await big_run(args, everyone, big_campaign)
            loads.append(os.getloadavg())
            checks = verify_codes if args.big_kind == "codes" else verify_points
            problems += await checks(big_campaign, args.big, await DistributionRun.get(campaign_id=big_campaign.id))
    await redis.aclose()

    print(
        f"\n{platform.node()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"load averages (1 min) during the run: {', '.join(f'{load[0]:.2f}' for load in loads)}"
    )
    print(
        "\n| run | rewards | service (runs.execute) | raw SQL baseline | service / baseline | CPU service / baseline "
        "| target |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    print(line(code_service, code_base, CODES_TARGET))
    print(line(point_service, point_base, POINTS_TARGET))
    print(line(fresh_service, point_base, POINTS_TARGET) + " (information: also opens the wallets)")
    print(f"\nthis process's peak RSS after (a) and (b): {peak_here:.0f} MB")
    if big is not None:
        during = big.rss_samples_mb
        print(
            f"\nbig run, {big.kind}, real `promo worker`: {big.rewarded:,} of {big.customers:,} rewarded, "
            f"{big.status}, {big.seconds:.1f} s (stored started_at → finished_at) = **{big.per_second:,.0f}/s**; "
            f"worker RSS idle {big.rss_idle_mb:.0f} MB, during the run {min(during):.0f}–{max(during):.0f} MB "
            f"({len(during)} samples), peak (VmHWM) {big.peak_mb:.0f} MB"
        )
    if args.breakdown:
        for measured in (code_service, point_service, fresh_service):
            print(breakdown(measured))
    if problems:
        print("\nVERIFICATION FAILED:\n" + "\n".join(problems))
        return 1
    print("\nverified: every run rewarded each customer once")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return asyncio.run(run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
