"""How close code generation through the real service comes to a raw binary COPY of the same codes.

Each run, in a database created for it on --database-url's server (dropped at the end), measures:

  (a) baseline: N random 12-character alphanumeric codes made from `os.urandom` and written with one
      asyncpg binary COPY (`copy_records_to_table`) into `bench_copy (code, code_key)`, which has the
      same unique index on `code_key` as the real `code` table;
  (b) the service: `create_series` (length 12, ALPHANUMERIC), `reserve` N codes and `generate_until`
      the target, as the API and the `generate_codes` job do (codes made in Python, COPY straight into
      `code`, one batch of 100,000 codes per transaction, savepoint fallback on duplicates).

Both timings include making the codes in Python. It prints wall seconds, codes/s and (b)/(a) next to
the target (b ≤ 1.5 × a). With --repeat the pair is measured several times (the `code` table emptied
in between) and the best of each is compared. --breakdown adds where the service's time goes: making
the codes in Python, and the same COPY into tables that get one feature of `code` at a time.

The exit code is 0 whether the target is met or not (it is a measurement, not a test); 1 when a run
leaves the tables in an unexpected state.

    .venv/bin/python benchmarks/codes_generate.py [--count 1000000] [--repeat 1] [--breakdown]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import string
import time
import uuid
from dataclasses import dataclass

from scratch_db import checkpoint, connect, default_database_url, scratch_database

from app.codes import generation, services
from app.codes.models import Charset
from app.core.time import utcnow

ALPHABET = (string.ascii_uppercase + string.ascii_lowercase + string.digits).encode()
CODE_LENGTH = 12
TARGET_RATIO = 1.5
MAXIMUM = 10_000_000
CODE_COLUMNS = ["series_id", "code", "code_key", "ordinal", "created_at"]
# The `code` table rebuilt one feature at a time (for --breakdown); each step adds to the one before.
LADDER: list[tuple[str, list[str]]] = [
    (
        "2 columns, unique(code_key) (the baseline's table)",
        [
            "CREATE TABLE ladder (code varchar(200) NOT NULL, code_key varchar(200) NOT NULL)",
            "CREATE UNIQUE INDEX ON ladder (code_key)",
        ],
    ),
    (
        "+ series_id, ordinal, created_at",
        ["ALTER TABLE ladder ADD series_id uuid, ADD ordinal int, ADD created_at timestamptz"],
    ),
    ("+ bigserial primary key", ["ALTER TABLE ladder ADD id bigserial PRIMARY KEY"]),
    ("+ unique(series_id, ordinal)", ["CREATE UNIQUE INDEX ON ladder (series_id, ordinal)"]),
    (
        "+ the other (NULL) columns, index on holder_id",
        [
            "ALTER TABLE ladder ADD published_at timestamptz, ADD expires_at timestamptz, ADD value int, "
            "ADD campaign_id uuid, ADD holder_id uuid",
            "CREATE INDEX ON ladder (holder_id)",
        ],
    ),
    ("+ FK series_id -> code_series", ["ALTER TABLE ladder ADD FOREIGN KEY (series_id) REFERENCES code_series (id)"]),
    (
        "+ FKs campaign_id, holder_id (= code)",
        [
            "ALTER TABLE ladder ADD FOREIGN KEY (campaign_id) REFERENCES campaign (id)",
            "ALTER TABLE ladder ADD FOREIGN KEY (holder_id) REFERENCES customer (id)",
        ],
    ),
]


@dataclass(frozen=True)
class Pair:
    """One run of the baseline and the service, in wall seconds."""

    raw_copy: float
    service: float

    @property
    def ratio(self) -> float:
        return self.service / self.raw_copy


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000, help="codes to generate (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=1, help="measure the pair this many times (default 1)")
    parser.add_argument("--breakdown", action="store_true", help="also show where the service's time goes")
    parser.add_argument(
        "--database-url",
        default=default_database_url(),
        help="server to create the scratch database on (default $BENCH_DATABASE_URL or the local server)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.count <= MAXIMUM or args.repeat < 1:
        parser.error(f"--count must be between 1 and {MAXIMUM:,}, --repeat at least 1")
    return args


# --- (a) raw COPY -------------------------------------------------------------------------------


def random_codes(count: int) -> list[str]:
    """`count` distinct (case-insensitively) random alphanumeric codes, as fast as Python makes them."""
    usable = 256 - 256 % len(ALPHABET)
    mapping = bytes.maketrans(bytes(range(usable)), bytes(ALPHABET[i % len(ALPHABET)] for i in range(usable)))
    rejected = bytes(range(usable, 256))
    codes: dict[str, str] = {}
    while len(codes) < count:
        missing = count - len(codes)
        text = os.urandom(missing * CODE_LENGTH * 11 // 10 + 64).translate(mapping, rejected).decode("ascii")
        for start in range(0, len(text) - CODE_LENGTH + 1, CODE_LENGTH):
            code = text[start : start + CODE_LENGTH]
            codes.setdefault(code.lower(), code)
            if len(codes) == count:
                break
    return list(codes.values())


async def raw_copy(url: str, count: int) -> float:
    connection = await connect(url)
    try:
        await connection.execute("DROP TABLE IF EXISTS bench_copy")
        await connection.execute("CREATE TABLE bench_copy (code text NOT NULL, code_key text NOT NULL)")
        await connection.execute("CREATE UNIQUE INDEX ON bench_copy (code_key)")
        await checkpoint(url)
        started = time.perf_counter()
        records = [(code, code.lower()) for code in random_codes(count)]
        await connection.copy_records_to_table("bench_copy", records=records, columns=["code", "code_key"])
        seconds = time.perf_counter() - started
        stored = await connection.fetchval("SELECT count(DISTINCT code_key) FROM bench_copy")
    finally:
        await connection.close()
    if stored != count:
        raise SystemExit(f"raw COPY stored {stored:,} distinct codes, expected {count:,}")
    return seconds


# --- (b) the service ----------------------------------------------------------------------------


async def service_generate(url: str, count: int, run: int) -> float:
    connection = await connect(url)
    try:
        await connection.execute("TRUNCATE code CASCADE")  # every run starts from an empty table
    finally:
        await connection.close()
    series = await services.create_series(spec=services.SeriesSpec(name=f"bench-{run}", length=CODE_LENGTH))
    await checkpoint(url)
    started = time.perf_counter()
    target = await services.reserve(series=series, count=count, maximum=MAXIMUM)
    total = await services.generate_until(series_id=series.id, target_total=target)
    seconds = time.perf_counter() - started
    await verify_series(url, series.id, count, total)
    return seconds


async def verify_series(url: str, series_id: uuid.UUID, count: int, total: int) -> None:
    connection = await connect(url)
    try:
        row = await connection.fetchrow(
            "SELECT count(*) AS n, min(ordinal) AS lo, max(ordinal) AS hi, count(DISTINCT code_key) AS keys, "
            "bool_and(length(code) = $2) AS shaped FROM code WHERE series_id = $1",
            series_id,
            CODE_LENGTH,
        )
    finally:
        await connection.close()
    if row is None or total != count or tuple(row.values()) != (count, 1, count, count, True):
        raise SystemExit(f"the series is not as expected: total={total:,}, {dict(row) if row else None}")


# --- --breakdown --------------------------------------------------------------------------------


def service_python(count: int, series_id: uuid.UUID) -> tuple[float, float, list[list[tuple[object, ...]]]]:
    """Seconds the service spends making codes, and making COPY records, for `count` codes (and the records)."""
    shape = generation.CodeShape(Charset.ALPHANUMERIC, None, CODE_LENGTH, "", "", None)
    making = recording = 0.0
    batches: list[list[tuple[object, ...]]] = []
    for first in range(1, count + 1, generation.BATCH_SIZE):
        started = time.perf_counter()
        codes, keys = generation.fresh_keyed_codes(shape, min(generation.BATCH_SIZE, count - first + 1), set())
        made = time.perf_counter()
        ordinals = range(first, first + len(codes))
        records = zip(itertools.repeat(series_id), codes, keys, ordinals, itertools.repeat(utcnow()), strict=False)
        batches.append(list(records))
        making, recording = making + made - started, recording + time.perf_counter() - made
    return making, recording, batches


async def copy_ladder(url: str, batches: list[list[tuple[object, ...]]]) -> list[tuple[str, float]]:
    """The same records COPYed (one transaction per batch, like the service) into growing copies of `code`."""
    connection = await connect(url)
    timings: list[tuple[str, float]] = []
    narrow = [[record[1:3] for record in batch] for batch in batches]  # (code, code_key) for the first step
    try:
        await connection.execute("DROP TABLE IF EXISTS ladder")
        for step, (label, statements) in enumerate(LADDER):
            if step:
                await connection.execute("TRUNCATE ladder")
            for statement in statements:
                await connection.execute(statement)
            columns = ["code", "code_key"] if step == 0 else CODE_COLUMNS
            await checkpoint(url)
            started = time.perf_counter()
            for records in narrow if step == 0 else batches:
                async with connection.transaction():
                    await connection.copy_records_to_table("ladder", records=records, columns=columns)
            timings.append((label, time.perf_counter() - started))
        await connection.execute("DROP TABLE ladder")
    finally:
        await connection.close()
    return timings


async def breakdown(url: str, count: int) -> None:
    series = await services.create_series(spec=services.SeriesSpec(name="bench-breakdown", length=CODE_LENGTH))
    making, recording, batches = service_python(count, series.id)
    ladder = await copy_ladder(url, batches)
    print(f"\nWhere the service's time goes ({count:,} codes; 1 transaction per {generation.BATCH_SIZE:,})\n")
    print(f"{'step':62} {'wall s':>8} {'added s':>8}")
    print(f"{'Python: fresh_keyed_codes() making the codes':62} {making:>8.2f}")
    print(f"{'Python: building the COPY records':62} {recording:>8.2f}")
    previous = None
    for label, seconds in ladder:
        added = "" if previous is None else f"{seconds - previous:+8.2f}"
        print(f"{'COPY into: ' + label:62} {seconds:>8.2f} {added:>8}")
        previous = seconds


# --- report -------------------------------------------------------------------------------------


def report(count: int, pairs: list[Pair]) -> None:
    print(f"\nGenerating {count:,} codes (12 alphanumeric characters), {len(pairs)} run(s)\n")
    print(f"{'run':>4} {'raw COPY s':>11} {'service s':>10} {'ratio':>7}")
    for run, pair in enumerate(pairs, start=1):
        print(f"{run:>4} {pair.raw_copy:>11.2f} {pair.service:>10.2f} {pair.ratio:>6.2f}x")
    best = Pair(min(p.raw_copy for p in pairs), min(p.service for p in pairs))
    verdict = "MET" if best.ratio <= TARGET_RATIO else "MISSED"
    print(f"\n{'best of runs':34} {'wall s':>8} {'codes/s':>12}")
    print(f"{'raw asyncpg COPY (1 statement)':34} {best.raw_copy:>8.2f} {count / best.raw_copy:>12,.0f}")
    print(f"{'service reserve + generate_until':34} {best.service:>8.2f} {count / best.service:>12,.0f}")
    median = statistics.median(p.ratio for p in pairs)
    print(f"\nservice / raw COPY = {best.ratio:.2f}x (best runs), {median:.2f}x (median run)")
    print(f"target <= {TARGET_RATIO}x: {verdict}")


async def run(args: argparse.Namespace) -> None:
    pairs: list[Pair] = []
    async with scratch_database(args.database_url) as url:
        for run_number in range(1, args.repeat + 1):
            raw = await raw_copy(url, args.count)
            service = await service_generate(url, args.count, run_number)
            pairs.append(Pair(raw, service))
        report(args.count, pairs)
        if args.breakdown:
            await breakdown(url, args.count)


def main(argv: list[str] | None = None) -> int:
    asyncio.run(run(parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
