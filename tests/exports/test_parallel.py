"""A table exported by several COPY statements (block ranges, one snapshot) gives the file one COPY gives."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from pathlib import Path

import asyncpg
import pytest
from tortoise import connections

from app.access.models import Role
from app.access.scope import UNRESTRICTED, Scope
from app.campaigns.models import CodeMode
from app.codes import services as codes
from app.exports.copying import write_csv
from app.exports.models import ExportObject
from app.exports.rows import RowFilter, rows, split_sql
from app.exports.services import columns_of
from app.locations.models import AssignmentLevel
from app.locations.scope import Place
from app.locations.services import PlaceFields, create_area, create_store
from tests.codes.test_publication import live_campaign

pytestmark = pytest.mark.usefixtures("db")
CODES = ExportObject.CODES
PER_SERIES = 4000  # a few hundred blocks: three ranges of real rows


async def add_codes(series_id: uuid.UUID, start: int, count: int) -> None:
    """Codes `C<n>`, every seventh one looking like a formula (the file must defuse it either way)."""
    await connections.get("default").execute_query(
        "INSERT INTO code (series_id, code, code_key, ordinal, created_at, redeemed_count, gift_spent) "
        "SELECT $1, CASE WHEN n % 7 = 0 THEN '=' ELSE 'C' END || n, 'c' || n, n, now(), 0, 0 "
        "FROM generate_series($2::int, $2::int + $3::int - 1) AS n",
        [series_id, start, count],
    )


async def two_campaigns() -> Scope:
    """Interleaved codes of a campaign in the returned restricted scope and of one outside it."""
    area = await create_area(fields=PlaceFields(name="North"))
    inside = await create_store(area_id=area.id, fields=PlaceFields(name="n1"))
    outside = await create_store(area_id=area.id, fields=PlaceFields(name="n2"))
    for name, store in (("In", inside), ("Out", outside)):
        series = await codes.create_series(spec=codes.SeriesSpec(name=name, length=12))
        await live_campaign(
            name,
            code_mode=CodeMode.UNIQUE_CODES,
            code_series_id=series.id,
            places=[Place(AssignmentLevel.STORE, area.id, store.id)],
        )
        await add_codes(series.id, 1 if name == "In" else PER_SERIES + 1, PER_SERIES)
    await connections.get("default").execute_script("ANALYZE code")
    return Scope(role=Role.MANAGER, places=(Place(AssignmentLevel.STORE, area.id, inside.id),))


def lines(path: Path) -> tuple[str, list[str]]:
    header, *body = path.read_text(encoding="utf-8").splitlines()
    return header, sorted(body)


def partial_files(directory: Path) -> list[Path]:
    return list(directory.glob("*.part"))


async def test_split_export_has_exactly_the_rows_of_one_copy(tmp_path: Path) -> None:
    restricted = await two_campaigns()
    columns = columns_of(CODES)
    selected = await rows(CODES, scope=UNRESTRICTED, where=RowFilter())
    one = await split_sql(CODES, columns, selected, parts=1)
    three = await split_sql(CODES, columns, selected, parts=3, min_pages=1)
    assert (len(one), len(three)) == (1, 3)
    assert len(await split_sql(CODES, columns, selected, parts=3)) == 1  # a small table: one statement
    single = await write_csv(one, tmp_path / "one.csv")
    split = await write_csv(three, tmp_path / "three.csv")
    assert split == single
    header, body = lines(tmp_path / "three.csv")
    assert (header, body) == lines(tmp_path / "one.csv")
    assert header.startswith("code,campaign_id,series_id")
    assert len(body) == 2 * PER_SERIES
    assert "'=7" in {line.split(",")[0] for line in body}
    assert not partial_files(tmp_path)
    # A restricted key's export is narrowed by the scope's subquery: one statement, only the rows in scope.
    scoped = await rows(CODES, scope=restricted, where=RowFilter())
    narrowed = await split_sql(CODES, columns, scoped, parts=3, min_pages=1)
    assert len(narrowed) == 1
    await write_csv(narrowed, tmp_path / "restricted.csv")
    _, body = lines(tmp_path / "restricted.csv")
    assert {int(line.split(",")[0].strip("'=C")) for line in body} == set(range(1, PER_SERIES + 1))


async def change_everything(connection: asyncpg.Connection) -> None:
    """Rows move (an update writes a new version past the last block), go, and arrive."""
    await connection.execute("UPDATE code SET code = 'X' || code WHERE ordinal % 3 = 0")
    await connection.execute("DELETE FROM code WHERE ordinal % 5 = 0")
    series = await connection.fetchval("SELECT series_id FROM code LIMIT 1")
    await connection.execute(
        "INSERT INTO code (series_id, code, code_key, ordinal, created_at, redeemed_count, gift_spent) "
        "SELECT $1, 'N' || n, 'n' || n, n, now(), 0, 0 FROM generate_series(100001, 100500) AS n",
        series,
    )


@pytest.mark.parametrize("connections_free", [1, 2])
async def test_split_export_is_one_snapshot_while_rows_change(tmp_path: Path, connections_free: int) -> None:
    """Three parts on the connections left free: with one, they run one after another; with two, the
    third waits for either. Rows change once the first part streams; the file is the table before."""
    await two_campaigns()
    selected = await rows(CODES, scope=UNRESTRICTED, where=RowFilter())
    columns = columns_of(CODES)
    await write_csv(await split_sql(CODES, columns, selected, parts=1), tmp_path / "before.csv")
    client = connections.get("default")
    async with contextlib.AsyncExitStack() as held:
        taken = [
            await held.enter_async_context(client.acquire_connection())
            for _ in range(client._pool.get_max_size() - connections_free)
        ]
        changed = False

        async def change_once(_done: int) -> None:
            nonlocal changed
            if not changed:
                changed = True
                await change_everything(taken[0])

        queries = await split_sql(CODES, columns, selected, parts=3, min_pages=1)
        written = await write_csv(queries, tmp_path / "during.csv", on_rows=change_once, progress_every=1)
    assert changed
    assert lines(tmp_path / "during.csv") == lines(tmp_path / "before.csv")
    assert written.rows == 2 * PER_SERIES
    await write_csv(await split_sql(CODES, columns, selected, parts=1), tmp_path / "after.csv")
    assert lines(tmp_path / "after.csv") != lines(tmp_path / "before.csv")


async def test_progress_reports_never_hold_up_an_export_on_a_full_pool(tmp_path: Path) -> None:
    """The parts take the last two free connections; a progress report needs one more. Reported from
    inside the COPY, the export would wait for a connection it holds itself (a pool deadlock)."""
    await two_campaigns()
    selected = await rows(CODES, scope=UNRESTRICTED, where=RowFilter())
    queries = await split_sql(CODES, columns_of(CODES), selected, parts=2, min_pages=1)
    client = connections.get("default")
    reported: list[int] = []

    async def report(done: int) -> None:
        await client.execute_query("SELECT 1")  # a pooled connection, as the job's progress write takes
        reported.append(done)

    async with contextlib.AsyncExitStack() as held:
        for _ in range(client._pool.get_max_size() - 2):
            await held.enter_async_context(client.acquire_connection())
        # A bound only so that a deadlock fails the test instead of hanging the suite.
        written = await asyncio.wait_for(
            write_csv(queries, tmp_path / "codes.csv", on_rows=report, progress_every=1), 120
        )
    assert written.rows == 2 * PER_SERIES
    assert reported
    assert reported == sorted(reported)
