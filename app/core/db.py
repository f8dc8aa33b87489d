"""Connecting Tortoise ORM and applying the aerich migrations in `migrations/`."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import asyncpg
from tortoise import Tortoise, connections

from app.settings import tortoise_config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


async def init_db(database_url: str, *, pool_min: int = 1, pool_max: int = 10) -> None:
    """Open the connection pool used by every model, in every task of this process.

    Tortoise 1.x keeps its state per context; the global fallback makes the state opened in the
    ASGI lifespan (or a worker's startup) visible to request and job tasks.
    """
    await Tortoise.init(
        config=tortoise_config(database_url, pool_min=pool_min, pool_max=pool_max),
        _enable_global_fallback=True,
    )


async def close_db() -> None:
    """Close every pool opened by `init_db` and forget the global state."""
    await Tortoise.close_connections()


async def pending_migrations(database_url: str) -> set[str]:
    """The migration files not recorded as applied in aerich's table (one query; aerich is not loaded)."""
    files = {path.name for path in (MIGRATIONS_DIR / "models").glob("*.py")}
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        if await connection.fetchval("SELECT to_regclass('aerich')") is None:
            return files
        applied = await connection.fetch("SELECT version FROM aerich WHERE app = 'models'")
    finally:
        await connection.close()
    return files - {row["version"] for row in applied}


async def apply_migrations(database_url: str) -> list[str]:
    """Apply the migrations not yet applied to `database_url`; return their file names.

    A new database gets the schema from the committed migrations (never from the models directly),
    so what runs in production is exactly what the tests ran. Importing and initialising aerich
    costs about a second, so it is skipped when nothing is pending (every warm start).
    """
    if not await pending_migrations(database_url):
        return []
    from aerich import Command

    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=str(MIGRATIONS_DIR),
    )
    try:
        await command.init()
        return await command.upgrade(run_in_transaction=True)
    finally:
        await Command.aclose()


async def unmigrated_model_changes() -> str | None:
    """The migration aerich would generate for model changes no committed migration covers, if any.

    Runs offline (no database): the models are compared with the state stored in the last
    migration file, inside a scratch copy of `migrations/` so nothing is written to the project.
    """
    from aerich import Command

    with tempfile.TemporaryDirectory() as scratch:
        location = Path(scratch) / "migrations"
        shutil.copytree(MIGRATIONS_DIR, location)
        command = Command(
            tortoise_config=tortoise_config("postgres://offline@127.0.0.1:1/offline"),
            app="models",
            location=str(location),
        )
        try:
            await command.init(offline=True)
            generated = await command.migrate(name="unmigrated", offline=True, no_input=True)
            if not generated:
                return None
            return next(location.rglob(generated)).read_text()
        finally:
            await Command.aclose()


async def ping_database() -> None:
    """Raise unless PostgreSQL answers a trivial query."""
    await connections.get("default").execute_query("SELECT 1")
