"""Counting what the process sends to PostgreSQL."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import asyncpg

# Every way asyncpg sends a statement; each call is one exchange with the server.
SENDING = ("execute", "executemany", "fetch", "fetchrow", "fetchval", "fetchmany", "_execute")


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    """The statements every asyncpg connection sends while the block runs (BEGIN/COMMIT included)."""
    sent: list[str] = []
    originals = {name: getattr(asyncpg.connection.Connection, name) for name in SENDING}
    depth = 0

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(self: asyncpg.connection.Connection, *args: Any, **kwargs: Any) -> Any:
            nonlocal depth
            if depth == 0:  # fetch calls _execute: one exchange, counted once
                sent.append(str(args[0]) if args else "?")
            depth += 1
            try:
                return await method(self, *args, **kwargs)
            finally:
                depth -= 1

        return counted

    for name, method in originals.items():
        setattr(asyncpg.connection.Connection, name, wrap(method))
    try:
        yield sent
    finally:
        for name, method in originals.items():
            setattr(asyncpg.connection.Connection, name, method)
