"""What the `promo` commands share: the console, running a coroutine, the database for one command.

Modules of the `promo` command import the application (Tortoise, the models, uvicorn) inside the
commands that need it: `promo --help` and the start of `promo run` stay fast.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

    from app.settings import Settings

console = Console(stderr=True, soft_wrap=True)

T = TypeVar("T")


def run_sync(coroutine: Awaitable[T]) -> T:
    async def runner() -> T:
        return await coroutine

    return asyncio.run(runner())


@contextlib.contextmanager
def database(settings: Settings | None = None) -> Iterator[str]:
    """The configured database URL (of `settings`, by default the environment's), or an embedded
    PostgreSQL started for the block if none runs."""
    from app.embedded import EmbeddedPostgres
    from app.settings import get_settings

    settings = settings or get_settings()
    if settings.database_url:
        yield settings.database_url
        return
    postgres = EmbeddedPostgres(settings.data_dir / "postgres")
    was_running = postgres.is_running()
    url = postgres.start()
    try:
        yield url
    finally:
        if not was_running:
            postgres.stop()


async def with_db(database_url: str, work: Awaitable[T]) -> T:
    from app.core.db import close_db, init_db

    await init_db(database_url)
    try:
        return await work
    finally:
        await close_db()


def run_in_database(work: Awaitable[T]) -> T:
    """`work` against the command's database; a refusal (DomainError) is printed and exits with 1."""
    import typer

    from app.core.errors import DomainError

    with database() as url:
        try:
            return run_sync(with_db(url, work))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc


async def in_parallel(
    items: Sequence[T], work: Callable[[T], Awaitable[Any]], advance: Callable[[int], None], limit: int = 8
) -> None:
    """`work` on every item, `limit` at a time (below the default pool of 10 connections)."""
    for start in range(0, len(items), limit):
        chunk = items[start : start + limit]
        await asyncio.gather(*(work(item) for item in chunk))
        advance(len(chunk))


def progress_bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
    )
