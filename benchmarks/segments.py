"""How fast a segment preview runs through the service layer, next to hand-written SQL of the same predicate.

In a database created on --database-url's server (dropped at the end, or kept and reused with --keep), a
child process loads N customers (metadata with a city among 20 and a tier; created_at spread over three
years) and M events over the 90 days before a fixed instant (10 names, app_open the most frequent and
order_paid about 10 %; order_paid carries {"amount": minor units, "city": …}; a few customers do many
events) with asyncpg binary COPY (`copy_records_to_table`), then rebuilds the indexes and runs
VACUUM (ANALYZE). Loading is reported but not judged.

Then, in this process (the "API process": Tortoise initialised as the API does), for each definition:

  (1) order_paid at least 3 times in the last 30 days AND metadata.city = Paris;
  (2) app_open in the last 7 days AND NOT order_paid in the last 30 days;
  (3) sum of order_paid's amount over the last 90 days >= 100,000 (1,000.00 in minor units);

it times `app.segments.evaluation.preview(definition, now=…)` (parse, compile, the count-and-first-20
statement in its transaction with the larger work_mem, the event-name warnings), and the hand-written SQL a
DBA would write for the same predicate (same transaction shape and work_mem, same pool), one untimed warm-up
then --repeat runs each, in alternating order. Both must give the same count and the same first 20 ids
(exit 1 otherwise). It reports median and min, the ratio service / hand SQL next to the targets (<= 2 s,
<= 1.3x), and the process's peak RSS (getrusage maxrss) before and after the previews: no event is loaded
into Python, so it must stay flat. --explain prints EXPLAIN (ANALYZE, BUFFERS) of both statements. --cpu
also measures the CPU time each statement takes in one serial backend (a server on this machine only):
other work on shared cores stretches wall times, hardly CPU times.

The exit code is 0 whether the targets are met or not (it is a measurement, not a test); 1 when the two
queries disagree.

    .venv/bin/python benchmarks/segments.py [--customers 1000000] [--events 10000000] [--repeat 5] [--keep]
        [--explain] [--cpu] [--seed 11] [--json PATH] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import random
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import asyncpg
from scratch_db import connect, default_database_url, drop_database, kept_database, scratch_database, with_database
from tortoise.transactions import in_transaction

from app.segments import evaluation

NOW = datetime(2026, 11, 1, tzinfo=UTC)  # fixed, so a kept database stays valid between runs
HISTORY_DAYS = 90
SIGNUP_DAYS = 3 * 365
PREVIEW_TARGET_SECONDS = 2.0
TARGET_RATIO = 1.3
# City and weight (a long tail); definition (1) picks the most common one.
CITIES = [
    ("Paris", 14), ("Lyon", 9), ("Marseille", 8), ("Toulouse", 7), ("Nice", 6), ("Nantes", 6), ("Strasbourg", 5),
    ("Montpellier", 5), ("Bordeaux", 5), ("Lille", 5), ("Rennes", 4), ("Reims", 4), ("Le Havre", 3),
    ("Toulon", 3), ("Grenoble", 3), ("Dijon", 3), ("Angers", 2), ("Brest", 2), ("Tours", 1), ("Limoges", 1),
]  # fmt: skip
# Event name and share of all events, in per mille.
EVENT_NAMES = [
    ("app_open", 350), ("page_view", 180), ("product_view", 140), ("order_paid", 100), ("add_to_cart", 80),
    ("search", 60), ("push_open", 40), ("checkout_started", 30), ("wishlist_add", 15), ("review_posted", 5),
]  # fmt: skip
ACTIVE_SHARE = 0.7  # customers with any event in the 90 days; the others only signed up
CUSTOMER_CHUNK = 100_000
CUSTOMER_COLUMNS = ["id", "source_id", "name", "email", "metadata", "created_at", "updated_at"]
EVENT_COLUMNS = ["id", "customer_id", "name", "occurred_at", "received_at", "properties", "source"]
LOADED_TABLE = "bench_segments_loaded"  # one row once a load completed (what --keep checks)


@dataclass(frozen=True)
class Definition:
    label: str
    definition: dict[str, Any]
    hand_sql: str  # selects (id, total) like the preview: the count, and the first 20 newest first
    hand_params: list[Any]


def last(days: int) -> dict[str, Any]:
    return {"last": {"amount": days, "unit": "DAYS"}}


def counted_page(matches: str) -> str:
    """The count and the first 20 (newest first) of `matches` (a FROM … WHERE … over `customer c`), in one pass.

    The LIMIT stays outside the subquery: next to `count(*) OVER ()` it would make PostgreSQL plan for the
    first 20 rows (customers walked newest first, each one's events probed), although the count reads them all.
    """
    return (
        f"SELECT id, total FROM (SELECT c.id, c.created_at, count(*) OVER () AS total {matches}) AS matched "
        "ORDER BY created_at DESC, id DESC LIMIT 20"
    )


DEFINITIONS = [
    Definition(
        "(1) order_paid >= 3 in 30 d AND city = Paris",
        {
            "all": [
                {"event": {"name": "order_paid", "window": last(30), "count": {"atLeast": 3}}},
                {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Paris"}},
            ]
        },
        counted_page(
            "FROM customer c JOIN (SELECT customer_id FROM customer_event WHERE name = 'order_paid' "
            "AND occurred_at >= $1 GROUP BY customer_id HAVING count(*) >= 3) AS buyers ON buyers.customer_id = c.id "
            "WHERE c.metadata->>'city' = $2"
        ),
        [NOW - timedelta(days=30), "Paris"],
    ),
    Definition(
        "(2) app_open in 7 d AND NOT order_paid in 30 d",
        {
            "all": [
                {"event": {"name": "app_open", "window": last(7)}},
                {"not": {"event": {"name": "order_paid", "window": last(30)}}},
            ]
        },
        counted_page(
            "FROM customer c "
            "WHERE EXISTS (SELECT FROM customer_event e WHERE e.customer_id = c.id AND e.name = 'app_open' "
            "AND e.occurred_at >= $1) "
            "AND NOT EXISTS (SELECT FROM customer_event e WHERE e.customer_id = c.id AND e.name = 'order_paid' "
            "AND e.occurred_at >= $2)"
        ),
        [NOW - timedelta(days=7), NOW - timedelta(days=30)],
    ),
    Definition(
        "(3) sum(order_paid.amount) in 90 d >= 100,000",
        {
            "aggregate": {
                "name": "order_paid",
                "window": last(90),
                "property": "amount",
                "function": "SUM",
                "op": "GTE",
                "value": 100_000,
            }
        },
        counted_page(
            "FROM customer c JOIN (SELECT customer_id FROM customer_event WHERE name = 'order_paid' "
            "AND occurred_at >= $1 GROUP BY customer_id HAVING sum((properties->>'amount')::bigint) >= 100000) "
            "AS spenders ON spenders.customer_id = c.id"
        ),
        [NOW - timedelta(days=90)],
    ),
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000, help="customers to load (default 1,000,000)")
    parser.add_argument("--events", type=int, default=10_000_000, help="events to load (default 10,000,000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--seed", type=int, default=11, help="random seed of the data (default 11)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the loaded database (promo_bench_segments_<customers>_<events>_<seed>) and reuse it next time",
    )
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of both queries")
    parser.add_argument(
        "--cpu", action="store_true", help="also measure both statements' CPU time in one serial backend (local server)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument(
        "--database-url",
        default=default_database_url(),
        help="server to create the database on (default $BENCH_DATABASE_URL or the local server)",
    )
    args = parser.parse_args(argv)
    if args.customers < 1_000 or args.events < 1 or args.repeat < 1:
        parser.error("--customers at least 1,000, --events and --repeat at least 1")
    return args


# --- loading (in a child process, so this process's memory only shows the previews) -------------


@dataclass
class Customers:
    ids: list[uuid.UUID]
    cities: list[str]


def make_customers(rng: random.Random, count: int) -> tuple[Customers, list[tuple[Any, ...]]]:
    """`count` customers: their ids and cities, and their COPY records."""
    names, weights = zip(*CITIES, strict=True)
    cities = rng.choices(names, weights, k=count)
    metadata = {(city, tier): json.dumps({"city": city, "tier": tier}) for city in names for tier in (1, 2, 3)}
    ids = [uuid.UUID(bytes=rng.randbytes(16), version=4) for _ in range(count)]
    oldest = NOW - timedelta(days=SIGNUP_DAYS)
    span = SIGNUP_DAYS * 86_400_000_000
    records = []
    for index in range(count):
        created = oldest + timedelta(microseconds=int(rng.random() * span))
        meta = metadata[cities[index], 1 + int(rng.random() ** 2 * 3)]
        records.append((ids[index], f"c{index}", "", f"c{index}@example.com", meta, created, created))
    return Customers(ids, cities), records


def make_day(rng: random.Random, customers: Customers, day: int, count: int, first_id: int) -> list[tuple[Any, ...]]:
    """`count` events of one day (in time order, as an append-only table receives them)."""
    table = [name for name, share in EVENT_NAMES for _ in range(share)]
    platforms = ['{"platform": "ios"}', '{"platform": "android"}', '{"platform": "web"}']
    products = [f'{{"product": "p{n}"}}' for n in range(5_000)]
    active = int(len(customers.ids) * ACTIVE_SHARE)
    start = NOW - timedelta(days=HISTORY_DAYS - day)
    ids, cities, draw, lognormal = customers.ids, customers.cities, rng.random, rng.lognormvariate
    records = []
    for offset, moment in enumerate(sorted(draw() for _ in range(count))):
        occurred = start + timedelta(microseconds=int(moment * 86_400_000_000))
        name = table[int(draw() * len(table))]
        who = int(active * draw() ** 2)  # a few customers are very active, most are not
        if name == "order_paid":
            properties = f'{{"amount": {int(lognormal(8.5, 0.9))}, "city": "{cities[who]}"}}'
        elif name == "app_open":
            properties = platforms[int(draw() * 3)]
        elif name in {"product_view", "add_to_cart", "wishlist_add"}:
            properties = products[int(draw() * len(products))]
        else:
            properties = "{}"
        records.append((first_id + offset, ids[who], name, occurred, occurred, properties, "API"))
    return records


async def detach_indexes(connection: asyncpg.Connection, table: str) -> list[str]:
    """Drop `table`'s indexes and constraints other than its primary key; the statements that restore them."""
    restore = []
    constraints = await connection.fetch(
        "SELECT conname, pg_get_constraintdef(oid) AS ddl FROM pg_constraint "
        "WHERE conrelid = $1::regclass AND contype IN ('u', 'f')",
        table,
    )
    for row in constraints:
        await connection.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{row["conname"]}"')
        restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{row["conname"]}" {row["ddl"]}')
    indexes = await connection.fetch(
        "SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS ddl FROM pg_index "
        "WHERE indrelid = $1::regclass AND NOT indisprimary",
        table,
    )
    for row in indexes:
        await connection.execute(f"DROP INDEX {row['name']}")
        restore.insert(0, row["ddl"])  # indexes before the constraints (a foreign key checks every row)
    return restore


async def load(url: str, customer_count: int, event_count: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    connection = await connect(url)
    seconds: dict[str, float] = {}  # in the order of the steps
    try:
        await connection.execute("SET maintenance_work_mem = '1GB'; SET synchronous_commit = off")
        restore = [*await detach_indexes(connection, "customer"), *await detach_indexes(connection, "customer_event")]

        started = time.perf_counter()
        customers, records = make_customers(rng, customer_count)
        for start in range(0, customer_count, CUSTOMER_CHUNK):
            chunk = records[start : start + CUSTOMER_CHUNK]
            await connection.copy_records_to_table("customer", records=chunk, columns=CUSTOMER_COLUMNS)
        del records
        seconds["customers: make + COPY"] = time.perf_counter() - started

        started = time.perf_counter()
        per_day, extra = divmod(event_count, HISTORY_DAYS)
        next_id = 1
        counts: dict[str, int] = {}
        for day in range(HISTORY_DAYS):
            records = make_day(rng, customers, day, per_day + (day < extra), next_id)
            next_id += len(records)
            for record in records:
                counts[record[2]] = counts.get(record[2], 0) + 1
            await connection.copy_records_to_table("customer_event", records=records, columns=EVENT_COLUMNS)
        seconds["events: make + COPY"] = time.perf_counter() - started

        started = time.perf_counter()
        for statement in restore:
            await connection.execute(statement)
        seconds["indexes and constraints"] = time.perf_counter() - started

        await connection.execute("SELECT setval(pg_get_serial_sequence('customer_event', 'id'), $1)", next_id)
        await connection.executemany(
            "INSERT INTO event_name (name, count, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4)",
            [(name, n, NOW - timedelta(days=HISTORY_DAYS), NOW) for name, n in counts.items()],
        )
        started = time.perf_counter()
        await connection.execute("VACUUM (ANALYZE) customer")
        await connection.execute("VACUUM (ANALYZE) customer_event")
        seconds["VACUUM (ANALYZE)"] = time.perf_counter() - started
        sizes = await connection.fetchrow(
            "SELECT pg_total_relation_size('customer') AS customer, pg_total_relation_size('customer_event') AS events"
        )
        report = {
            "customers": customer_count,
            "events": event_count,
            "seed": seed,
            "seconds": list(seconds.items()),  # pairs: a jsonb object would not keep the order
            "total_seconds": sum(seconds.values()),
            "customer_mb": sizes["customer"] / 2**20,
            "event_mb": sizes["events"] / 2**20,
            "event_counts": counts,
            "loader_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        await connection.execute(f"CREATE TABLE {LOADED_TABLE} (report jsonb NOT NULL)")
        await connection.execute(f"INSERT INTO {LOADED_TABLE} VALUES ($1::jsonb)", json.dumps(report))
        return report
    finally:
        await connection.close()


def load_in_child(url: str, customers: int, events: int, seed: int) -> None:
    asyncio.run(load(url, customers, events, seed))


async def loaded_report(url: str) -> dict[str, Any] | None:
    """The report of a completed load in the database at `url`, if there is one (and the database exists)."""
    try:
        connection = await connect(url)
    except asyncpg.InvalidCatalogNameError:
        return None
    try:
        if not await connection.fetchval("SELECT to_regclass($1) IS NOT NULL", LOADED_TABLE):
            return None
        report: dict[str, Any] = json.loads(await connection.fetchval(f"SELECT report FROM {LOADED_TABLE}"))
        return report
    finally:
        await connection.close()


def run_loader(url: str, args: argparse.Namespace) -> None:
    process = multiprocessing.get_context("spawn").Process(
        target=load_in_child, args=(url, args.customers, args.events, args.seed)
    )
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"loading failed (exit code {process.exitcode})")


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Answer:
    count: int
    ids: list[uuid.UUID]


@dataclass
class Measured:
    label: str
    count: int = 0
    service: list[float] = field(default_factory=list)
    hand: list[float] = field(default_factory=list)

    @property
    def ratio_median(self) -> float:
        return statistics.median(self.service) / statistics.median(self.hand)

    @property
    def ratio_min(self) -> float:
        return min(self.service) / min(self.hand)


async def service_answer(definition: Definition) -> Answer:
    preview = await evaluation.preview(definition.definition, now=NOW)
    return Answer(preview.count, preview.customer_ids)


async def set_query(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """`sql` in a transaction with the work_mem the service gives its set queries, on the same pool."""
    async with in_transaction() as connection:
        await connection.execute_script(f"SET LOCAL work_mem = '{evaluation.SET_WORK_MEM}'")
        rows: list[dict[str, Any]] = await connection.execute_query_dict(sql, params)
        return rows


async def hand_answer(definition: Definition) -> Answer:
    rows = await set_query(definition.hand_sql, definition.hand_params)
    return Answer(rows[0]["total"] if rows else 0, [row["id"] for row in rows])


async def timed(run: Callable[[Definition], Awaitable[Answer]], definition: Definition) -> tuple[float, Answer]:
    started = time.perf_counter()
    answer = await run(definition)
    return time.perf_counter() - started, answer


def check(definition: Definition, service: Answer, hand: Answer) -> None:
    if service.count != hand.count or service.ids != hand.ids:
        print(f"\n{definition.label}: the service and the hand SQL disagree", file=sys.stderr)
        print(f"  service: count {service.count:,}, first ids {service.ids[:3]}…", file=sys.stderr)
        print(f"  hand:    count {hand.count:,}, first ids {hand.ids[:3]}…", file=sys.stderr)
        raise SystemExit(1)


async def measure(definition: Definition, repeat: int) -> Measured:
    measured = Measured(definition.label)
    _, service = await timed(service_answer, definition)  # warm-up: pages into the caches
    _, hand = await timed(hand_answer, definition)
    check(definition, service, hand)
    measured.count = service.count
    for run in range(repeat):
        order = [service_answer, hand_answer] if run % 2 == 0 else [hand_answer, service_answer]
        answers = {}
        for runner in order:
            seconds, answers[runner] = await timed(runner, definition)
            (measured.service if runner is service_answer else measured.hand).append(seconds)
        check(definition, answers[service_answer], answers[hand_answer])
    return measured


async def generated_query(definition: Definition) -> tuple[str, list[Any]]:
    """The statement (and parameters) `preview` runs for the definition."""
    captured: list[tuple[str, list[Any]]] = []
    original = evaluation._set_query

    async def capture(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        captured.append((sql, params))
        return await original(sql, params)

    with mock.patch.object(evaluation, "_set_query", capture):
        await evaluation.preview(definition.definition, now=NOW)
    return captured[0]


async def explain(definition: Definition) -> None:
    sql, params = await generated_query(definition)
    for label, statement, values in (("generated", sql, params), ("hand", definition.hand_sql, definition.hand_params)):
        rows = await set_query(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", values)
        print(f"\n--- {definition.label}: {label} SQL\n{statement}\n")
        print("\n".join(row["QUERY PLAN"] for row in rows))


@dataclass
class CpuMeasured:
    label: str
    generated: list[float] = field(default_factory=list)
    hand: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.generated) / statistics.median(self.hand)


def is_local_backend(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"postgres" in cmdline.read()
    except OSError:
        return False


def backend_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a (local) PostgreSQL backend, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure_cpu(url: str, definition: Definition, repeat: int) -> CpuMeasured | None:
    """CPU seconds of the preview's statement and the hand SQL in one serial backend (no parallel workers).

    Other work on the machine stretches wall times but hardly the CPU time a statement needs, so this ratio
    holds still when the load does not. Only for a server on this machine (its /proc); None otherwise.
    """
    sql, params = await generated_query(definition)
    connection = await connect(url)
    try:
        pid = await connection.fetchval("SELECT pg_backend_pid()")
        if not is_local_backend(pid):
            return None
        await connection.execute(f"SET work_mem = '{evaluation.SET_WORK_MEM}'; SET max_parallel_workers_per_gather = 0")
        measured = CpuMeasured(definition.label)
        statements = [(measured.generated, sql, params), (measured.hand, definition.hand_sql, definition.hand_params)]
        for run in range(repeat + 1):  # the first round warms up
            for into, statement, values in statements if run % 2 == 0 else statements[::-1]:
                before = backend_cpu_seconds(pid)
                await connection.fetch(statement, *values)
                if run:
                    into.append(backend_cpu_seconds(pid) - before)
        return measured
    finally:
        await connection.close()


# --- report -------------------------------------------------------------------------------------


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kib / 1024


def print_load(report: dict[str, Any], reused: bool) -> None:
    how = "reused (--keep)" if reused else "loaded"
    print(f"\nData {how}: {report['customers']:,} customers, {report['events']:,} events (seed {report['seed']})")
    for step, seconds in report["seconds"]:
        print(f"  {step:28} {seconds:8.1f} s")
    events_per_second = report["events"] / dict(report["seconds"])["events: make + COPY"]
    print(f"  {'total':28} {report['total_seconds']:8.1f} s   (events {events_per_second:,.0f} rows/s)")
    print(f"  sizes: customer {report['customer_mb']:,.0f} MB, customer_event {report['event_mb']:,.0f} MB")
    print(f"  loader peak RSS {report['loader_peak_rss_mb']:,.0f} MB; events per name: {report['event_counts']}")


def print_results(results: list[Measured], repeat: int) -> None:
    print(f"\nPreviews ({repeat} timed runs each after a warm-up; seconds)\n")
    print(f"{'definition':46} {'count':>9} {'service med':>11} {'min':>7} {'hand med':>9} {'min':>7} {'ratio':>13}")
    for result in results:
        print(
            f"{result.label:46} {result.count:>9,} {statistics.median(result.service):>11.3f} "
            f"{min(result.service):>7.3f} {statistics.median(result.hand):>9.3f} {min(result.hand):>7.3f} "
            f"{result.ratio_median:>6.2f}x/{result.ratio_min:.2f}x"
        )
    print(f"\nratio: median/median x / min/min x. Targets: preview <= {PREVIEW_TARGET_SECONDS} s, <= {TARGET_RATIO}x")
    for result in results:
        fast = statistics.median(result.service) <= PREVIEW_TARGET_SECONDS
        close = result.ratio_median <= TARGET_RATIO
        print(
            f"  {result.label:46} <= 2 s: {'MET' if fast else 'MISSED':6} "
            f"<= {TARGET_RATIO}x: {'MET' if close else 'MISSED'}"
        )


def print_cpu(results: list[CpuMeasured], repeat: int) -> None:
    if not results:
        print("\n--cpu: the server is not on this machine (no /proc entry for its backend); skipped")
        return
    print(f"\nCPU seconds of one serial backend (max_parallel_workers_per_gather = 0), median of {repeat}\n")
    print(f"{'definition':46} {'generated':>10} {'hand':>8} {'ratio':>7}")
    for result in results:
        generated, hand = statistics.median(result.generated), statistics.median(result.hand)
        print(f"{result.label:46} {generated:>10.2f} {hand:>8.2f} {result.ratio:>6.2f}x")


async def run(args: argparse.Namespace) -> None:
    name = f"promo_bench_segments_{args.customers}_{args.events}_{args.seed}" if args.keep else None
    if name is not None:
        report = await loaded_report(with_database(args.database_url, name))
        if report is None:
            await drop_database(args.database_url, name)  # an interrupted load: start again
        async with kept_database(args.database_url, name) as (url, _):
            await measure_all(url, args, report)
    else:
        async with scratch_database(args.database_url) as url:
            await measure_all(url, args, None)


async def measure_all(url: str, args: argparse.Namespace, report: dict[str, Any] | None) -> None:
    reused = report is not None
    if report is None:
        run_loader(url, args)
        report = await loaded_report(url)
        assert report is not None
    print_load(report, reused)
    load_before = os.getloadavg()
    rss_before, current_before = max_rss_mb(), current_rss_mb()
    results = [await measure(definition, args.repeat) for definition in DEFINITIONS]
    rss_after, current_after = max_rss_mb(), current_rss_mb()
    load_after = os.getloadavg()
    print_results(results, args.repeat)
    print(
        f"\nAPI process memory: peak RSS {rss_before:.1f} MB before the previews, {rss_after:.1f} MB after "
        f"({rss_after - rss_before:+.1f} MB); current RSS {current_before:.1f} -> {current_after:.1f} MB"
    )
    print(f"load average (1, 5, 15 min): before {load_before}, after {load_after}; {os.cpu_count()} CPUs")
    cpu: list[CpuMeasured] = []
    if args.cpu:
        cpu = [measured for d in DEFINITIONS if (measured := await measure_cpu(url, d, args.repeat)) is not None]
        print_cpu(cpu, args.repeat)
    if args.explain:
        for definition in DEFINITIONS:
            await explain(definition)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_before": load_before},
            "load": report,
            "results": [
                {
                    **asdict(result),
                    "ratio_median": result.ratio_median,
                    "ratio_min": result.ratio_min,
                }
                for result in results
            ],
            "cpu": [{**asdict(measured), "ratio": measured.ratio} for measured in cpu],
            "rss_mb": {"max_before": rss_before, "max_after": rss_after, "now_before": current_before},
            "load_after": load_after,
        }
        args.json.write_text(json.dumps(document, indent=2))


def main(argv: list[str] | None = None) -> int:
    asyncio.run(run(parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
