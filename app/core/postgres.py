"""Tortoise's asyncpg client, with the pool release the app needs: no reset round trip after a statement
that completed, a full reset after one that did not.

asyncpg runs a statement in two exchanges: Parse/Describe ending in Flush (no Sync), then Bind/Execute/Sync.
A statement interrupted between them (its task cancelled, as graphql-core does to the sibling resolvers of
a failed non-null field; or an argument asyncpg cannot encode) leaves the server inside the implicit
transaction the Parse opened, holding the statement's locks until that connection is used again: with an
idle pool that can be minutes, during which a migration or a TRUNCATE waits. asyncpg's own reset query
would close it, so it runs whenever a statement ended in an exception.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.base.client import PoolConnectionWrapper


async def keep_session(connection: asyncpg.Connection) -> None:
    """Pool release without asyncpg's reset query (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL).

    Tortoise releases the connection after every statement outside a transaction, so that query was a
    second round trip for most statements. The app sets no session state: it takes only transaction-scoped
    advisory locks, declares no cursors outside transactions, never LISTENs and never SETs session
    settings. asyncpg still rolls back a transaction left open before the connection is reused, and
    `ResettingPoolConnection` resets a connection whose statement failed or was interrupted.
    """


class ResettingPoolConnection(PoolConnectionWrapper[asyncpg.Connection]):
    """A pooled connection for one statement, fully reset before release when the statement raised."""

    async def __aexit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        try:
            if exc_type is not None and self.connection is not None:
                try:
                    await self.connection.reset()
                except Exception:
                    # Not reusable (the server went away, say): dropped, and the statement's own error goes on.
                    self.connection.terminate()
                except BaseException:
                    self.connection.terminate()
                    raise
        finally:
            await super().__aexit__(exc_type, exc_val, exc_tb)


class ResettingAsyncpgClient(AsyncpgDBClient):
    """Statements outside transactions use `ResettingPoolConnection` (a transaction's rollback already
    ends whatever its statements left open)."""

    def acquire_connection(self) -> Any:
        return ResettingPoolConnection(self, self._pool_init_lock)


# Tortoise loads a backend as a module exposing `client_class` (the `engine` of a connection's config).
client_class = ResettingAsyncpgClient
