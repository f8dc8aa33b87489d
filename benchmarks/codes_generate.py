"""How close code generation through the real service comes to a raw binary COPY of the same codes.

One run, in a database created for it on --database-url's server (dropped at the end):

  (a) baseline: N random 12-character alphanumeric codes made with `os.urandom` and written with one
      asyncpg binary COPY (`copy_records_to_table`) into `bench_copy (code, code_key)`, which has the
      same unique index on `code_key` as the real `code` table;
  (b) the service: `create_series` (length 12, ALPHANUMERIC), `reserve` N codes and
      `generate_until` the target, exactly as the API and the `generate_codes` job do (COPY into
      `code`, batches of 100,000 codes per transaction, savepoint fallback on duplicates).

Both timings include making the random codes in Python. It prints wall seconds, codes/s and (b)/(a)
next to the target (b ≤ 1.5 × a). The exit code is 0 whether the target is met or not (it is a
measurement, not a test).

    .venv/bin/python benchmarks/codes_generate.py [--count 1000000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import string
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import asyncpg

from app.codes import services
from app.core import db

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
ALPHABET = (string.ascii_uppercase + string.ascii_lowercase + string.digits).encode()
CODE_LENGTH = 12
TARGET_RATIO = 1.5
MAXIMUM = 10_000_000


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    codes: int

    @property
    def per_second(self) -> float:
        return self.codes / self.seconds if self.seconds > 0 else float("inf")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000, help="codes to generate (default 1,000,000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="server to create the scratch database on (default $BENCH_DATABASE_URL or the local server)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.count <= MAXIMUM:
        parser.error(f"--count must be between 1 and {MAXIMUM:,}")
    return args


# --- scratch database ---------------------------------------------------------------------------


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def with_database(url: str, name: str) -> str:
    """`url` pointing at the database `name` instead of its own."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


async def execute_on(url: str, statement: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    """A new database, migrated and opened through Tortoise for the block; dropped afterwards."""
    name = f"promo_bench_{secrets.token_hex(4)}"
    await execute_on(server_url, f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    try:
        await db.apply_migrations(url)
        await db.init_db(url)
        try:
            yield url
        finally:
            await db.close_db()
    finally:
        await execute_on(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def checkpoint(url: str) -> None:
    """Flush dirty pages so one timed section does not pay for the previous one's writes."""
    await execute_on(url, "CHECKPOINT")


# --- (a) raw COPY -------------------------------------------------------------------------------


def random_codes(count: int) -> list[str]:
    """`count` distinct (case-insensitively) random alphanumeric codes, as fast as Python makes them."""
    usable = 256 - 256 % len(ALPHABET)
    mapping = bytes.maketrans(bytes(range(usable)), bytes(ALPHABET[i % len(ALPHABET)] for i in range(usable)))
    drop = bytes(range(usable, 256))
    codes: dict[str, str] = {}
    while len(codes) < count:
        missing = count - len(codes)
        text = os.urandom(missing * CODE_LENGTH * 11 // 10 + 64).translate(mapping, drop).decode("ascii")
        for start in range(0, len(text) - CODE_LENGTH + 1, CODE_LENGTH):
            code = text[start : start + CODE_LENGTH]
            codes.setdefault(code.lower(), code)
            if len(codes) == count:
                break
    return list(codes.values())


async def raw_copy(url: str, count: int) -> Timing:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("CREATE TABLE bench_copy (code text NOT NULL, code_key text NOT NULL)")
        await connection.execute("CREATE UNIQUE INDEX ON bench_copy (code_key)")
        await checkpoint(url)
        started = time.perf_counter()
        records = [(code, code.lower()) for code in random_codes(count)]
        await connection.copy_records_to_table("bench_copy", records=records, columns=["code", "code_key"])
        seconds = time.perf_counter() - started
        stored = await connection.fetchval("SELECT count(*) FROM bench_copy")
    finally:
        await connection.close()
    if stored != count:
        raise SystemExit(f"raw COPY stored {stored:,} rows, expected {count:,}")
    return Timing("raw asyncpg COPY (1 statement)", seconds, count)


# --- (b) the service ----------------------------------------------------------------------------


async def service_generate(url: str, count: int) -> Timing:
    series = await services.create_series(spec=services.SeriesSpec(name="bench", length=CODE_LENGTH))
    await checkpoint(url)
    started = time.perf_counter()
    target = await services.reserve(series=series, count=count, maximum=MAXIMUM)
    total = await services.generate_until(series_id=series.id, target_total=target)
    seconds = time.perf_counter() - started
    await verify_series(url, series.id, count, total)
    return Timing("service generate_until", seconds, count)


async def verify_series(url: str, series_id: object, count: int, total: int) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        row = await connection.fetchrow(
            "SELECT count(*) AS n, min(ordinal) AS lo, max(ordinal) AS hi, count(DISTINCT code_key) AS keys, "
            "bool_and(length(code) = $2) AS shaped FROM code WHERE series_id = $1",
            series_id,
            CODE_LENGTH,
        )
    finally:
        await connection.close()
    expected = (count, 1, count, count, True)
    if total != count or tuple(row.values()) != expected:
        raise SystemExit(f"the series is not as expected: total={total:,}, {dict(row)}")


# --- report -------------------------------------------------------------------------------------


def report(count: int, baseline: Timing, service: Timing) -> None:
    ratio = service.seconds / baseline.seconds
    verdict = "MET" if ratio <= TARGET_RATIO else "MISSED"
    rows = [(t.label, f"{t.seconds:.2f}", f"{t.per_second:,.0f}") for t in (baseline, service)]
    print(f"\nGenerating {count:,} codes (12 alphanumeric characters)\n")
    print(f"{'':34} {'wall s':>8} {'codes/s':>12}")
    for label, seconds, rate in rows:
        print(f"{label:34} {seconds:>8} {rate:>12}")
    print(f"\nservice / raw COPY = {ratio:.2f}x   (target <= {TARGET_RATIO}x: {verdict})")


async def run(args: argparse.Namespace) -> None:
    async with scratch_database(args.database_url) as url:
        baseline = await raw_copy(url, args.count)
        service = await service_generate(url, args.count)
    report(args.count, baseline, service)


def main(argv: list[str] | None = None) -> int:
    asyncio.run(run(parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
