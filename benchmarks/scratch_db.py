"""A throw-away (or kept), migrated database for the benchmarks that need one."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import asyncpg

from app.core import db

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def default_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def with_database(url: str, name: str) -> str:
    """`url` pointing at the database `name` instead of its own."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


async def connect(url: str) -> asyncpg.Connection:
    """A plain asyncpg connection of its own (outside Tortoise's pool)."""
    return await asyncpg.connect(asyncpg_dsn(url))


async def execute_on(url: str, statement: str) -> None:
    connection = await connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@asynccontextmanager
async def scratch_database(server_url: str) -> AsyncIterator[str]:
    """A new database `promo_bench_<random>`, migrated and opened through Tortoise; dropped afterwards."""
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
        await drop_database(server_url, name)


@asynccontextmanager
async def kept_database(server_url: str, name: str) -> AsyncIterator[tuple[str, bool]]:
    """The database `name`, created unless it exists, migrated and opened through Tortoise; never dropped.

    Yields its URL and whether it existed already (a benchmark's `--keep`: a previous run's data is reused).
    """
    connection = await connect(server_url)
    try:
        existed = bool(await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
        if not existed:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    url = with_database(server_url, name)
    await db.apply_migrations(url)
    await db.init_db(url)
    try:
        yield url, existed
    finally:
        await db.close_db()


async def drop_database(server_url: str, name: str) -> None:
    await execute_on(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def checkpoint(url: str) -> None:
    """Flush dirty pages, so a timed section does not pay for the previous one's writes."""
    await execute_on(url, "CHECKPOINT")
