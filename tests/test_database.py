"""The connection pool: a statement that fails or is interrupted leaves no session waiting mid-statement.

asyncpg prepares a statement (Parse/Describe/Flush) before binding it; interrupted in between, the
server kept an implicit transaction and its locks open on an idle pooled connection, so a migration or
a TRUNCATE waited until the pool recycled it (five minutes).
"""

from __future__ import annotations

import itertools
import uuid

import asyncpg
import pytest
from graphql.pyutils.gather_with_cancel import gather_with_cancel
from tortoise import connections
from tortoise.exceptions import OperationalError

from tests.conftest import Servers

_statements = itertools.count()


def fresh_statement() -> str:
    """SQL text asyncpg has not prepared yet (a cached statement skips the Parse exchange)."""
    return f"SELECT id, name FROM category WHERE id <> $1 /* {next(_statements)} {uuid.uuid4()} */"


async def sessions_mid_statement(servers: Servers) -> list[str]:
    """Other sessions of the test database that are inside a statement (locks held, waiting on us)."""
    checker = await asyncpg.connect(servers.database_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await checker.fetch(
            "SELECT query FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'"
        )
    finally:
        await checker.close()
    return [row["query"] for row in rows]


async def test_a_statement_whose_argument_cannot_be_encoded_leaves_no_session_mid_statement(
    db: None, servers: Servers
) -> None:
    with pytest.raises(OperationalError, match="invalid input for query argument"):
        await connections.get("default").execute_query(fresh_statement(), ["not a uuid"])
    assert await sessions_mid_statement(servers) == []


async def test_statements_cancelled_with_a_failing_sibling_leave_no_session_mid_statement(
    db: None, servers: Servers
) -> None:
    """graphql-core cancels the other resolvers when a non-null field fails; some land between prepare and bind."""

    async def fails() -> None:
        raise LookupError

    for _ in range(30):
        statement = connections.get("default").execute_query(fresh_statement(), [uuid.uuid4()])
        with pytest.raises(LookupError):
            await gather_with_cancel(statement, fails())
        assert await sessions_mid_statement(servers) == []
