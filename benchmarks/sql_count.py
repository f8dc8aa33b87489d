"""In-process count of the SQL a block of code runs: tortoise's statement log and every asyncpg call.

Used by benchmarks that call services directly (geofence_redemption.py). Benchmarks that go through the
HTTP API count round trips on the wire instead (pg_round_trips.py), which also sees what this cannot:
asyncpg preparing a statement on a miss of its statement cache.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg.connection
import asyncpg.prepared_stmt


@dataclass(frozen=True)
class StatementCount:
    """Database work of one in-process call: what tortoise logs, and every asyncpg round trip."""

    logged: int
    round_trips: int
    transaction: int  # BEGIN / COMMIT / ROLLBACK
    pool_resets: int  # asyncpg's reset query, run on each release of a pooled connection
    statements: list[str] = field(default_factory=list)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# Each call is one round trip (executemany: one pipelined batch; copy_*: counted once).
CONNECTION_METHODS = (
    "execute",
    "executemany",
    "fetch",
    "fetchrow",
    "fetchval",
    "fetchmany",
    "prepare",
    "copy_from_table",
    "copy_from_query",
    "copy_to_table",
    "copy_records_to_table",
)
PREPARED_STATEMENT_METHODS = ("fetch", "fetchrow", "fetchval", "fetchmany", "executemany", "explain")


@contextlib.contextmanager
def counting_statements() -> Iterator[Callable[[], StatementCount]]:
    """Count, for the block, tortoise's `tortoise.db_client` DEBUG records and every asyncpg call.

    The logger sees what goes through tortoise's execute_* methods; the asyncpg wrappers also see
    BEGIN/COMMIT, the pool's reset query, raw calls made on `acquire_connection()` (COPY, fetch) and
    executions of prepared statements (`PreparedStatement.fetch*`/`executemany`).
    """
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Records(), logger.level
    calls: list[str] = []
    classes: list[tuple[type, tuple[str, ...]]] = [
        (asyncpg.connection.Connection, CONNECTION_METHODS),
        (asyncpg.prepared_stmt.PreparedStatement, PREPARED_STATEMENT_METHODS),
    ]
    originals = [(cls, name, getattr(cls, name)) for cls, names in classes for name in names]

    def wrap(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self, asyncpg.prepared_stmt.PreparedStatement):
                calls.append(self.get_query())
            else:
                calls.append(str(args[0]) if args else name)
            return await method(self, *args, **kwargs)

        return counted

    for cls, name, method in originals:
        setattr(cls, name, wrap(name, method))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def count() -> StatementCount:
        transaction = sum(1 for sql in calls if re.match(r"\s*(BEGIN|COMMIT|ROLLBACK)\b", sql, re.IGNORECASE))
        resets = sum(1 for sql in calls if "pg_advisory_unlock_all" in sql)
        return StatementCount(len(handler.messages), len(calls), transaction, resets, list(handler.messages))

    try:
        yield count
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        for cls, name, method in originals:
            setattr(cls, name, method)
