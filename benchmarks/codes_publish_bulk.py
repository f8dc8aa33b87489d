"""Publications per second of bulk publishing through the real chunk function, next to set-based SQL.

In a database created for the run on --database-url's server (dropped at the end), untimed setup makes
a series of N codes (12 alphanumeric characters, through the service) and an ACTIVE UNIQUE_CODES
campaign drawing from it. Then, timed:

  (1) service, new customers: `app.codes.bulk.publish_chunk` called in-process for chunks of
      `bulk.CHUNK_SIZE` of the source ids `bench-1…bench-N` (one job id for the run), exactly as the
      `publish_codes_bulk` job calls it but without arq, Redis or the job's progress updates; the
      chunks create the customers;
  (2) service, existing customers: the same on a second series and campaign (the customers of (1)
      already exist);

each verified afterwards (N publications, N distinct codes held by N distinct customers, counters).
Baselines, timed, writing the same rows set-based:

  (a) one `INSERT … SELECT` of N publication rows (codes joined to customers by ordinal) into
      `bench_publication (LIKE publication INCLUDING ALL)`: its indexes, no foreign keys;
  (b) the same statement into the real `publication` table (its foreign keys too), for a third campaign;
  (c) every write a chunk makes, set-based in one transaction: customers inserted, N codes given holders,
      N publications inserted, the counters moved (a fourth campaign on a third series).

It prints publications/s next to the target (≥ 5,000/s) and the ratios service/baseline. --breakdown
times each statement of `publish_chunk` (and its commit) by wrapping the connection it opens;
--force-custom-plans is a what-if that runs the chunks' transactions with
`SET LOCAL plan_cache_mode = force_custom_plan` (after five executions PostgreSQL may switch a prepared
statement to a generic plan, which here estimates 10 rows per array parameter). The exit code is 0
whether the target is met or not (it is a measurement, not a test); 1 when a verification fails.

    .venv/bin/python benchmarks/codes_publish_bulk.py [--count 100000] [--breakdown] [--force-custom-plans]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from scratch_db import checkpoint, connect, default_database_url, scratch_database
from tortoise.transactions import in_transaction

from app.campaigns import lifecycle
from app.campaigns import services as campaign_services
from app.campaigns.models import Campaign, CampaignKind, CodeMode, Targeting
from app.campaigns.validation import Discount, DiscountType, Reward
from app.codes import bulk, services

TARGET_PER_SECOND = 5_000
CODE_LENGTH = 12
MAXIMUM = 10_000_000
CHANNEL = "BULK"
# How --breakdown names the statements of publish_chunk, by how their SQL starts.
STATEMENTS = {
    "INSERT INTO customer": "upsert customers",
    "SELECT w.ord": "rows still to publish",
    "UPDATE code_series": "claim the codes (cursor)",
    "UPDATE campaign": "published_count",
    "WITH given": "hold codes + insert publications",
    "INSERT INTO inventory_alert": "inventory alerts",
}


@dataclass(frozen=True)
class Setup:
    """A series of N codes and the ACTIVE campaign drawing from it."""

    series_id: uuid.UUID
    campaign: Campaign


@dataclass
class Timing:
    label: str
    seconds: float
    rows: int
    statements: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float("inf")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="customers to publish to (default 100,000)")
    parser.add_argument("--breakdown", action="store_true", help="time each statement of publish_chunk")
    parser.add_argument(
        "--force-custom-plans",
        action="store_true",
        help="what-if: run publish_chunk's transactions with SET LOCAL plan_cache_mode = force_custom_plan",
    )
    parser.add_argument(
        "--database-url",
        default=default_database_url(),
        help="server to create the scratch database on (default $BENCH_DATABASE_URL or the local server)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.count <= MAXIMUM:
        parser.error(f"--count must be between 1 and {MAXIMUM:,}")
    return args


# --- setup (untimed) ----------------------------------------------------------------------------


async def make_series(name: str, count: int) -> uuid.UUID:
    series = await services.create_series(spec=services.SeriesSpec(name=name, length=CODE_LENGTH))
    target = await services.reserve(series=series, count=count, maximum=MAXIMUM)
    await services.generate_until(series_id=series.id, target_total=target)
    series_id: uuid.UUID = series.id
    return series_id


async def make_campaign(name: str, series_id: uuid.UUID) -> Campaign:
    spec = campaign_services.CampaignSpec(
        name=name,
        kind=CampaignKind.DISCOUNT,
        code_mode=CodeMode.UNIQUE_CODES,
        targeting=Targeting.OPEN,
        reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)),
        currency="EUR",
        code_series_id=series_id,
    )
    campaign = await campaign_services.create_campaign(spec=spec, actor=None)
    return await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)


async def make_setup(name: str, count: int, series_id: uuid.UUID | None = None) -> Setup:
    """A campaign on a new series of `count` codes (or on the series `series_id`)."""
    series_id = series_id or await make_series(name, count)
    return Setup(series_id=series_id, campaign=await make_campaign(name, series_id))


# --- the service --------------------------------------------------------------------------------


class TimedConnection:
    """The transaction's connection, timing each `execute_query_dict` by statement."""

    def __init__(self, inner: Any, timing: Timing) -> None:
        self._inner = inner
        self._timing = timing

    async def execute_query_dict(self, query: str, values: list[Any] | None = None) -> list[dict[str, Any]]:
        label = next((name for start, name in STATEMENTS.items() if query.startswith(start)), query[:30])
        started = time.perf_counter()
        try:
            return await self._inner.execute_query_dict(query, values)  # type: ignore[no-any-return]
        finally:
            self._timing.statements[label] = self._timing.statements.get(label, 0.0) + time.perf_counter() - started
            self._timing.calls[label] = self._timing.calls.get(label, 0) + 1

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def wrapped_transactions(timing: Timing, *, breakdown: bool, custom_plans: bool) -> Any:
    """A stand-in for `bulk.in_transaction`: times statements and the commit (`breakdown`), and/or plans
    every statement for its actual values (`custom_plans`, a what-if for a fix)."""

    @asynccontextmanager
    async def transaction() -> AsyncIterator[Any]:
        async with in_transaction() as connection:
            if custom_plans:
                await connection.execute_script("SET LOCAL plan_cache_mode = force_custom_plan")
            yield TimedConnection(connection, timing) if breakdown else connection
            timing.statements["COMMIT"] = timing.statements.get("COMMIT", 0.0) - time.perf_counter()
        timing.statements["COMMIT"] += time.perf_counter()
        timing.calls["COMMIT"] = timing.calls.get("COMMIT", 0) + 1

    return transaction


async def publish_chunks(campaign: Campaign, source_ids: list[str]) -> tuple[int, int, int]:
    """Every chunk through `bulk.publish_chunk`, as the job runs them; (published, already, exhausted)."""
    job_id = uuid.uuid4()
    totals: defaultdict[str, int] = defaultdict(int)
    for start in range(0, len(source_ids), bulk.CHUNK_SIZE):
        result = await bulk.publish_chunk(
            campaign=campaign,
            job_id=job_id,
            first_row=start + 1,
            source_ids=source_ids[start : start + bulk.CHUNK_SIZE],
            channel=CHANNEL,
        )
        totals["published"] += result.published
        totals["already"] += result.already
        totals["exhausted"] += result.exhausted
    return totals["published"], totals["already"], totals["exhausted"]


async def run_service(url: str, label: str, setup: Setup, source_ids: list[str], args: argparse.Namespace) -> Timing:
    if args.force_custom_plans:
        label += " [custom plans]"
    timing = Timing(label, 0.0, len(source_ids))
    await checkpoint(url)
    patch = None
    if args.breakdown or args.force_custom_plans:
        wrapper = wrapped_transactions(timing, breakdown=args.breakdown, custom_plans=args.force_custom_plans)
        patch = mock.patch.object(bulk, "in_transaction", wrapper)
    started = time.perf_counter()
    if patch is None:
        outcome = await publish_chunks(setup.campaign, source_ids)
    else:
        with patch:
            outcome = await publish_chunks(setup.campaign, source_ids)
    timing.seconds = time.perf_counter() - started
    if not args.breakdown:
        timing.statements.clear()
    if outcome != (len(source_ids), 0, 0):
        raise SystemExit(f"{label}: published, already, exhausted = {outcome}, expected ({len(source_ids)}, 0, 0)")
    await verify(url, setup, len(source_ids))
    return timing


async def verify(url: str, setup: Setup, count: int) -> None:
    """N publications, N distinct codes held by their publication's customer, N customers, counters moved."""
    connection = await connect(url)
    try:
        row = await connection.fetchrow(
            "SELECT count(*) AS publications, count(DISTINCT p.code_id) AS codes, "
            "count(DISTINCT p.customer_id) AS customers, count(*) FILTER (WHERE c.holder_id = p.customer_id "
            "AND c.series_id = $2 AND c.published_at IS NOT NULL) AS held, "
            "(SELECT count(*) FROM code WHERE series_id = $2 AND holder_id IS NOT NULL) AS holders, "
            "(SELECT issued FROM code_series WHERE id = $2) AS issued, "
            "(SELECT published_count FROM campaign WHERE id = $1) AS published_count "
            "FROM publication p JOIN code c ON c.id = p.code_id WHERE p.campaign_id = $1",
            setup.campaign.id,
            setup.series_id,
        )
    finally:
        await connection.close()
    if row is None or set(row.values()) != {count}:
        found = dict(row) if row is not None else None
        raise SystemExit(f"verification failed for campaign {setup.campaign.name}: {found} (expected {count})")


# --- baselines ----------------------------------------------------------------------------------

PUBLICATION_COLUMNS = (
    "id, campaign_id, customer_id, code_id, series_id, channel, metadata, source_id, join_once, created_at"
)
# A statement and the values it takes, in order ($1, $2, …), named as in `run_sql`.
Statement = tuple[str, tuple[str, ...]]
INSERT_SELECT = (
    "INSERT INTO {table} (" + PUBLICATION_COLUMNS + ") "
    "SELECT gen_random_uuid(), $1, cu.id, c.id, c.series_id, 'BULK', '{{}}'::jsonb, "
    "'bulk:' || $3::text || ':' || c.ordinal, true, now() "
    "FROM code c JOIN customer cu ON cu.source_id = 'bench-' || c.ordinal "
    "WHERE c.series_id = $2 AND c.ordinal <= $4"
)
INSERT_SELECT_VALUES: tuple[str, ...] = ("campaign", "series", "job", "count")
FULL_WRITES: list[Statement] = [
    (
        "INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at) "
        "SELECT gen_random_uuid(), 'full-' || i, '', '{}'::jsonb, now(), now() FROM generate_series(1, $1::int) AS i "
        "ON CONFLICT (source_id) DO NOTHING",
        ("count",),
    ),
    ("UPDATE code_series SET issued = issued + $2 WHERE id = $1", ("series", "count")),
    ("UPDATE campaign SET published_count = published_count + $2 WHERE id = $1", ("campaign", "count")),
    (
        "WITH held AS (UPDATE code SET holder_id = cu.id, published_at = now() FROM customer cu "
        "WHERE code.series_id = $2 AND code.ordinal <= $4 AND cu.source_id = 'full-' || code.ordinal "
        "RETURNING code.id, code.ordinal, cu.id AS customer_id) "
        "INSERT INTO publication (" + PUBLICATION_COLUMNS + ") "
        "SELECT gen_random_uuid(), $1, held.customer_id, held.id, $2, 'BULK', '{}'::jsonb, "
        "'bulk:' || $3::text || ':' || held.ordinal, true, now() FROM held",
        INSERT_SELECT_VALUES,
    ),
]


async def run_sql(url: str, label: str, statements: list[Statement], setup: Setup, count: int) -> Timing:
    """`statements` in one transaction, timed; the last one must insert `count` rows."""
    values: dict[str, object] = {
        "campaign": setup.campaign.id,
        "series": setup.series_id,
        "job": str(uuid.uuid4()),
        "count": count,
    }
    await checkpoint(url)
    connection = await connect(url)
    try:
        started = time.perf_counter()
        async with connection.transaction():
            for sql, names in statements:
                status = await connection.execute(sql, *(values[name] for name in names))
        seconds = time.perf_counter() - started
    finally:
        await connection.close()
    if status != f"INSERT 0 {count}":
        raise SystemExit(f"{label}: the last statement says {status!r}, expected {count:,} rows inserted")
    return Timing(label, seconds, count)


async def baselines(url: str, first: Setup, count: int) -> list[Timing]:
    connection = await connect(url)
    try:
        await connection.execute("CREATE TABLE bench_publication (LIKE publication INCLUDING ALL)")
    finally:
        await connection.close()
    into_copy: list[Statement] = [(INSERT_SELECT.format(table="bench_publication"), INSERT_SELECT_VALUES)]
    into_real: list[Statement] = [(INSERT_SELECT.format(table="publication"), INSERT_SELECT_VALUES)]
    second = await make_setup("bench-baseline-b", count, series_id=first.series_id)
    third = await make_setup("bench-baseline-c", count)
    return [
        await run_sql(url, "(a) INSERT…SELECT, publication's indexes", into_copy, first, count),
        await run_sql(url, "(b) INSERT…SELECT into publication (+FKs)", into_real, second, count),
        await run_sql(url, "(c) all the chunk's writes, set-based", FULL_WRITES, third, count),
    ]


# --- report -------------------------------------------------------------------------------------


def report(count: int, service: list[Timing], baseline: list[Timing]) -> None:
    print(f"\nBulk publishing to {count:,} customers (chunks of {bulk.CHUNK_SIZE:,}, no queue)\n")
    print(f"{'':46} {'wall s':>8} {'rows/s':>10} {'vs target':>10}")
    for timing in service:
        verdict = "MET" if timing.per_second >= TARGET_PER_SECOND else "MISSED"
        rate = f"{timing.per_second:,.0f}"
        print(f"{timing.label:46} {timing.seconds:>8.2f} {rate:>10} {verdict:>10}")
    for timing in baseline:
        print(f"{timing.label:46} {timing.seconds:>8.2f} {timing.per_second:>10,.0f}")
    print(f"\ntarget: service >= {TARGET_PER_SECOND:,} publications/s")
    for timing in service:
        ratios = ", ".join(f"{timing.seconds / base.seconds:.1f}x {base.label[:3]}" for base in baseline)
        print(f"{timing.label}: service / baseline time = {ratios}")
    for timing in service:
        if timing.statements:
            print_breakdown(timing)


def print_breakdown(timing: Timing) -> None:
    print(f"\nWhere the time goes: {timing.label} ({timing.seconds:.2f} s)\n")
    print(f"{'statement':34} {'calls':>6} {'total s':>8} {'ms/call':>8} {'share':>6}")
    for label, seconds in sorted(timing.statements.items(), key=lambda item: -item[1]):
        calls = timing.calls[label]
        print(f"{label:34} {calls:>6} {seconds:>8.2f} {1000 * seconds / calls:>8.2f} {seconds / timing.seconds:>6.0%}")
    rest = timing.seconds - sum(timing.statements.values())
    print(f"{'Python in publish_chunk, the rest':34} {'':>6} {rest:>8.2f} {'':>8} {rest / timing.seconds:>6.0%}")


async def run(args: argparse.Namespace) -> None:
    source_ids = [f"bench-{row}" for row in range(1, args.count + 1)]
    async with scratch_database(args.database_url) as url:
        first = await make_setup("bench", args.count)
        service = [await run_service(url, "(1) service, new customers", first, source_ids, args)]
        second = await make_setup("bench-existing", args.count)
        service.append(await run_service(url, "(2) service, existing customers", second, source_ids, args))
        baseline = await baselines(url, first, args.count)
    report(args.count, service, baseline)


def main(argv: list[str] | None = None) -> int:
    asyncio.run(run(parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
