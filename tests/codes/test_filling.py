"""Parallel generation: ranges written out of order, absorbed in order, resumed after a crash."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest
from tortoise import connections

from app.codes import filling, importing, services
from app.codes.exceptions import GenerationInProgress
from app.codes.generation import fresh_keyed_codes, insert_series_codes
from app.codes.models import Code, CodeRange, CodeSeries

pytestmark = pytest.mark.usefixtures("db")


async def make_series(name: str = "S") -> CodeSeries:
    return await services.create_series(spec=services.SeriesSpec(name=name, length=12))


async def contiguous(series_id: uuid.UUID, count: int) -> None:
    ordinals = sorted(await Code.filter(series_id=series_id).values_list("ordinal", flat=True))
    assert ordinals == list(range(1, count + 1))
    assert (await CodeSeries.get(id=series_id)).total == count
    assert not await CodeRange.filter(series_id=series_id).exists()


async def test_missing_ranges_skip_what_committed_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filling, "BATCH_SIZE", 100)
    made = await make_series()
    await CodeRange.create(series_id=made.id, first_ordinal=101, count=100)
    await CodeRange.create(series_id=made.id, first_ordinal=301, count=50)
    async with connections.get("default").acquire_connection() as raw:
        ranges = await filling._missing_ranges(raw, made.id, 400)
    assert ranges == [(1, 100), (201, 100), (351, 50)]


async def test_a_crash_after_a_later_batch_committed_resumes_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filling, "BATCH_SIZE", 1_000)
    made = await make_series()
    shape = services.shape_of(made)
    # A killed run committed ordinals 1001..2000 (with its range row) but never 1..1000.
    async with connections.get("default").acquire_connection() as raw, raw.transaction():
        codes, keys = fresh_keyed_codes(shape, 1_000, set())
        await insert_series_codes(raw, series_id=made.id, first_ordinal=1_001, codes=codes, keys=keys)
        await raw.execute("INSERT INTO code_range (series_id, first_ordinal, count) VALUES ($1, 1001, 1000)", made.id)
    assert (await CodeSeries.get(id=made.id)).total == 0  # publication sees none of them yet
    total = await services.generate_until(series_id=made.id, target_total=3_000)
    assert total == 3_000
    await contiguous(made.id, 3_000)


async def test_many_batches_in_parallel_land_contiguously(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filling, "BATCH_SIZE", 500)
    made = await make_series()
    seen: list[int] = []

    async def progress(total: int) -> None:
        seen.append(total)

    total = await services.generate_until(series_id=made.id, target_total=5_000, on_progress=progress)
    assert total == 5_000
    await contiguous(made.id, 5_000)
    assert seen[-1] == 5_000
    assert seen == sorted(seen)  # progress never goes back, whichever writer reports


async def test_concurrent_generations_of_one_series_never_overshoot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filling, "BATCH_SIZE", 400)
    made = await make_series()
    totals = await asyncio.gather(
        services.generate_until(series_id=made.id, target_total=2_000),
        services.generate_until(series_id=made.id, target_total=3_000),
        services.generate_until(series_id=made.id, target_total=1_000),
    )
    assert max(totals) == 3_000
    await contiguous(made.id, 3_000)


async def test_imports_wait_for_a_running_generation_then_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "IMPORT_LOCK_WAIT", "200ms")
    made = await make_series()
    async with connections.get("default").acquire_connection() as holder:
        await holder.execute("SELECT pg_advisory_lock(hashtext($1))", filling.lock_key(made.id))
        try:
            with pytest.raises(GenerationInProgress):
                await importing.import_codes(series_id=made.id, data=b"code\nPARTNER-1\n")
        finally:
            await holder.execute("SELECT pg_advisory_unlock(hashtext($1))", filling.lock_key(made.id))
    await CodeRange.create(series_id=made.id, first_ordinal=51, count=50)
    with pytest.raises(GenerationInProgress, match="interrupted"):
        await importing.import_codes(series_id=made.id, data=b"code\nPARTNER-1\n")
    assert not await Code.filter(series_id=made.id).exists()


async def test_an_ordinal_taken_outside_the_bookkeeping_fails_instead_of_looping() -> None:
    made = await make_series()
    async with connections.get("default").acquire_connection() as raw:
        await insert_series_codes(raw, series_id=made.id, first_ordinal=5, codes=["STRAY-1"], keys=["stray-1"])
    with pytest.raises(asyncpg.UniqueViolationError):
        await asyncio.wait_for(services.generate_until(series_id=made.id, target_total=10), 30)
    # The series lock was released: a generation can run again (and fails the same way, promptly).
    with pytest.raises(asyncpg.UniqueViolationError):
        await asyncio.wait_for(services.generate_until(series_id=made.id, target_total=10), 30)
