"""Streaming an export's COPY statements into one file, several at once when they split a table.

One statement: `COPY (sql) TO STDOUT` streamed into `<file>.part`. Several (a table split into block
ranges, `app.exports.rows.split_sql`): each runs on its own pooled connection, all in ONE snapshot
(REPEATABLE READ; the first exports it, the others import it), as `pg_dump -j` does, so the file is the
table at one instant; each writes its own part file, appended in order to the first (header once) by the
kernel (`os.copy_file_range`). Memory stays flat either way: chunks go straight to disk.

Pool safety: the first connection is waited for as any query's; the others only briefly, and a
statement without a connection of its own waits for one that finished its part. So an export never
holds a connection while waiting without bound for another one (no pool deadlock, however many exports
run at once): with a busy pool it degrades to one connection running the parts one after another.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import asyncpg
import structlog
from tortoise import connections

Progress = Callable[[int], Awaitable[None]]
Query = tuple[str, list[Any]]
PROGRESS_EVERY_ROWS = 50_000
SAMPLE_BYTES = 1 << 20
# How long a parallel export waits for each further pooled connection before doing without it.
SPARE_CONNECTION_WAIT_SECONDS = 0.5
APPEND_CHUNK_BYTES = 1 << 30
log = structlog.get_logger(__name__)
# COPY hands over chunks of a few kB to tens of kB: buffered, a file takes one write() per MiB.
WRITE_BUFFER_BYTES = 1 << 20


@dataclass(frozen=True)
class Written:
    """A finished file."""

    rows: int
    size: int


class _RowCounter:
    """Rows streamed so far over every statement, estimated from the bytes (an estimate anyway while
    streaming: quoted cells may hold line breaks); reports every `every` rows.

    Line breaks are counted in the first SAMPLE_BYTES only: counting them all cost about 0.08 s of the
    worker's CPU per million rows (measured), a tenth of an export.

    Reports run beside the COPY, never inside it: a report writes through the pool, and a COPY waiting
    for it while holding its connections could deadlock a busy pool. The latest count is sent when the
    previous report is done; `settle` waits for the last one once the connections are released.
    """

    def __init__(self, on_rows: Progress | None, every: int) -> None:
        self.on_rows = on_rows
        self.every = every
        self.bytes = self.sampled_bytes = self.sampled_rows = self.reported = 0
        self._latest = 0
        self._sending: asyncio.Task[None] | None = None

    def _report(self, rows: int) -> None:
        self._latest = rows
        if self._sending is None or self._sending.done():
            self._sending = asyncio.create_task(self._send())

    async def _send(self) -> None:
        assert self.on_rows is not None
        sent = -1
        while sent != self._latest:
            sent = self._latest
            await self.on_rows(sent)

    async def settle(self) -> None:
        """Wait for the report under way (its error, if any, is raised here)."""
        if self._sending is not None:
            await self._sending

    async def abandon(self) -> None:
        """Stop the report under way (the export failed)."""
        sending = self._sending
        if sending is None:
            return
        sending.cancel()
        await asyncio.wait({sending})
        if not sending.cancelled():
            sending.exception()  # retrieved: the export's own error is the one raised

    def sink(self, out: BinaryIO) -> Callable[[bytes], Coroutine[Any, Any, None]]:
        async def write(chunk: bytes) -> None:
            out.write(chunk)
            if self.on_rows is None:
                return
            self.bytes += len(chunk)
            if self.sampled_bytes < SAMPLE_BYTES:
                self.sampled_rows += chunk.count(b"\n")
                self.sampled_bytes += len(chunk)
            seen = self.bytes * self.sampled_rows // max(self.sampled_bytes, 1)
            if seen - self.reported >= self.every:
                self.reported = seen
                self._report(max(0, seen - 1))

        return write


async def _copy(
    connection: asyncpg.Connection, query: Query, out: BinaryIO, counter: _RowCounter, *, header: bool
) -> int:
    sql, params = query
    # COPY takes no bind parameters: asyncpg inlines them server-side (its `copy_from_query(*args)`).
    status: str = await connection.copy_from_query(
        sql, *params, output=counter.sink(out), format="csv", header=header, encoding="utf-8"
    )
    return int(status.split()[-1])


def _part_path(partial: Path, index: int) -> Path:
    return partial if index == 0 else partial.with_name(f"{partial.name.removesuffix('.part')}.{index}.part")


def _append(out: BinaryIO, part: Path) -> None:
    """Append `part` to `out` inside the kernel (no bytes through Python)."""
    with part.open("rb") as source:
        left = os.fstat(source.fileno()).st_size
        while left > 0:
            moved = os.copy_file_range(source.fileno(), out.fileno(), min(left, APPEND_CHUNK_BYTES))
            if moved == 0:
                raise OSError(f"could not append {part}")
            left -= moved


async def _spare_connections(wanted: int, stack: contextlib.AsyncExitStack) -> list[asyncpg.Connection]:
    """Up to `wanted` more pooled connections, each waited for briefly (never without bound)."""
    client = connections.get("default")
    found: list[asyncpg.Connection] = []
    for _ in range(wanted):
        try:
            found.append(
                await asyncio.wait_for(
                    stack.enter_async_context(client.acquire_connection()), SPARE_CONNECTION_WAIT_SECONDS
                )
            )
        except TimeoutError:
            log.warning("export_connection_unavailable", wanted=wanted, found=len(found))
            break
    return found


async def _copy_parts(queries: list[Query], partial: Path, first: BinaryIO, counter: _RowCounter) -> int:
    """Run every statement in one snapshot, each into its part file (the first into `first`)."""
    client = connections.get("default")
    async with contextlib.AsyncExitStack() as stack:
        exporter: asyncpg.Connection = await stack.enter_async_context(client.acquire_connection())
        await stack.enter_async_context(exporter.transaction(isolation="repeatable_read", readonly=True))
        snapshot = await exporter.fetchval("SELECT pg_export_snapshot()")
        spares = await _spare_connections(len(queries) - 1, stack)
        for spare in spares:
            await stack.enter_async_context(spare.transaction(isolation="repeatable_read", readonly=True))
            await spare.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # COPY and SET take no parameters
        waiting = list(enumerate(queries))
        counts = [0] * len(queries)

        async def run(connection: asyncpg.Connection) -> None:
            while waiting:
                index, query = waiting.pop(0)
                if index == 0:
                    counts[0] = await _copy(connection, query, first, counter, header=True)
                    continue
                with _part_path(partial, index).open("wb", buffering=WRITE_BUFFER_BYTES) as out:
                    counts[index] = await _copy(connection, query, out, counter, header=False)

        try:
            async with asyncio.TaskGroup() as group:  # one part failing cancels the others
                for connection in [exporter, *spares]:
                    group.create_task(run(connection))
        except ExceptionGroup as failed:
            raise failed.exceptions[0] from None
    return sum(counts)


async def write_csv(
    queries: list[Query], path: Path, *, on_rows: Progress | None = None, progress_every: int = PROGRESS_EVERY_ROWS
) -> Written:
    """Stream the statements' CSV (UTF-8, one header row) into `path`, written whole or not at all;
    `on_rows(rows so far)` every `progress_every` rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    counter = _RowCounter(on_rows, progress_every)
    try:
        with partial.open("wb", buffering=WRITE_BUFFER_BYTES) as out:
            if len(queries) == 1:
                async with connections.get("default").acquire_connection() as connection:
                    rows = await _copy(connection, queries[0], out, counter, header=True)
            else:
                rows = await _copy_parts(queries, partial, out, counter)
                out.flush()
                for index in range(1, len(queries)):
                    _append(out, _part_path(partial, index))
            out.flush()
            os.fsync(out.fileno())
        await counter.settle()
    finally:
        await counter.abandon()
        for index in range(1, len(queries)):
            _part_path(partial, index).unlink(missing_ok=True)
    size = partial.stat().st_size
    os.replace(partial, path)
    return Written(rows=rows, size=size)
