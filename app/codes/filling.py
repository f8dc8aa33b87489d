"""Filling a series up to its target: ranges of ordinals written in parallel, absorbed in order.

One generation per series runs at a time (a session advisory lock on a coordinator connection, the
same key imports take). It splits the missing ordinals into batches and writes them over
GENERATION_WRITERS connections at once, so PostgreSQL's index work uses more than one core. Each batch
commits its codes with a `code_range` row; `code_series.total` then advances over every range that
now continues it, so `total` always counts contiguous ordinals 1..total (what publication draws
from). After a crash, the next run fills exactly the ranges no committed `code_range` row covers.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Awaitable, Callable

import asyncpg

from app.codes.generation import (
    BATCH_SIZE,
    CodeShape,
    existing_keys,
    fresh_keyed_codes,
    insert_series_codes,
    raw_connection,
)

GENERATION_WRITERS = 2  # connections writing at once (the machines we target have 2+ cores)
PARALLEL_SPACE_FACTOR = 1000  # below this many possible codes per wanted code, collisions make one writer better

ProgressCallback = Callable[[int], Awaitable[None]]


def lock_key(series_id: uuid.UUID) -> str:
    """The advisory lock key serialising generation and imports of one series."""
    return str(series_id)


async def fill(
    *, series_id: uuid.UUID, shape: CodeShape, target_total: int, on_progress: ProgressCallback | None = None
) -> int:
    """Write codes until the series holds `target_total` contiguous ordinals; returns the total."""
    async with raw_connection() as coordinator:  # type: ignore[attr-defined]
        try:
            await coordinator.execute("SELECT pg_advisory_lock(hashtext($1))", lock_key(series_id))
            missing = await _missing_ranges(coordinator, series_id, target_total)
            dense = shape.space() < PARALLEL_SPACE_FACTOR * target_total
            writers = 1 if dense else min(GENERATION_WRITERS, len(missing))
            queue = deque(missing)
            reported = 0

            async def report(total: int) -> None:
                nonlocal reported
                if on_progress is not None and total > reported:  # writers finish out of order
                    reported = total
                    await on_progress(total)

            try:
                async with asyncio.TaskGroup() as writing:  # one writer failing stops the others before the unlock
                    for _ in range(max(1, writers)):
                        writing.create_task(_write(series_id, shape, queue, report))
            except ExceptionGroup as failed:
                raise failed.exceptions[0] from failed
            total: int = await coordinator.fetchval("SELECT total FROM code_series WHERE id = $1", series_id)
            return total
        finally:
            try:
                await coordinator.execute("SELECT pg_advisory_unlock(hashtext($1))", lock_key(series_id))
            except BaseException:
                # The pool does not reset sessions: a connection that may still hold the lock must die with it.
                coordinator.terminate()
                raise


async def _missing_ranges(raw: asyncpg.Connection, series_id: uuid.UUID, target_total: int) -> list[tuple[int, int]]:
    """(first ordinal, count) batches between the contiguous total and the target no committed range covers."""
    total: int = await raw.fetchval("SELECT total FROM code_series WHERE id = $1", series_id)
    written = await raw.fetch(
        "SELECT first_ordinal, count FROM code_range WHERE series_id = $1 ORDER BY first_ordinal", series_id
    )
    done = [(int(row["first_ordinal"]), int(row["count"])) for row in written]
    ranges: list[tuple[int, int]] = []
    position = total + 1
    for first, count in [*done, (target_total + 1, 0)]:
        end = min(first, target_total + 1)
        while position < end:
            size = min(BATCH_SIZE, end - position)
            ranges.append((position, size))
            position += size
        position = max(position, first + count)
    return ranges


async def _write(
    series_id: uuid.UUID, shape: CodeShape, queue: deque[tuple[int, int]], report: ProgressCallback
) -> None:
    async with raw_connection() as raw:  # type: ignore[attr-defined]
        while queue:
            first, count = queue.popleft()
            codes, keys = fresh_keyed_codes(shape, count, set())
            async with raw.transaction():
                await _insert(raw, shape, series_id, first, codes, keys)
                await raw.execute(
                    "INSERT INTO code_range (series_id, first_ordinal, count) VALUES ($1, $2, $3)",
                    series_id,
                    first,
                    count,
                )
                total = await _absorb(raw, series_id)
            await report(total)


async def _insert(
    raw: asyncpg.Connection, shape: CodeShape, series_id: uuid.UUID, first: int, codes: list[str], keys: list[str]
) -> None:
    """COPY the batch; codes that meet existing (or concurrently written) ones are replaced by new ones."""
    count = len(codes)
    taken = set(keys)
    while True:
        try:
            async with raw.transaction():  # a savepoint: a clash undoes only this attempt
                await insert_series_codes(raw, series_id=series_id, first_ordinal=first, codes=codes, keys=keys)
            return
        except (asyncpg.UniqueViolationError, asyncpg.DeadlockDetectedError) as exc:
            if isinstance(exc, asyncpg.UniqueViolationError) and "code_key" not in (exc.constraint_name or ""):
                raise  # ordinals already taken: never retried as if they were code clashes
            clashing = await existing_keys(raw, keys)
            kept = [(code, key) for code, key in zip(codes, keys, strict=True) if key not in clashing]
            more_codes, more_keys = fresh_keyed_codes(shape, count - len(kept), taken)
            codes = [code for code, _ in kept] + more_codes
            keys = [key for _, key in kept] + more_keys


async def _absorb(raw: asyncpg.Connection, series_id: uuid.UUID) -> int:
    """Advance `total` over the committed ranges that continue it (this batch's included); return it."""
    total: int = await raw.fetchval("SELECT total FROM code_series WHERE id = $1 FOR UPDATE", series_id)
    while True:
        count = await raw.fetchval(
            "DELETE FROM code_range WHERE series_id = $1 AND first_ordinal = $2 RETURNING count", series_id, total + 1
        )
        if count is None:
            break
        total += count
    await raw.execute("UPDATE code_series SET total = $2 WHERE id = $1", series_id, total)
    return total
