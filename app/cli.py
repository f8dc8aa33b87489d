"""The `promo` command: run the service, the worker, migrations, API keys and the schema."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Iterator
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvicorn
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from app.access import services as access
from app.access.models import ApiKey, Role
from app.access.scope import UNRESTRICTED
from app.core.db import apply_migrations, close_db, init_db, unmigrated_model_changes
from app.core.errors import DomainError
from app.core.ids import decode_id
from app.core.secrets import digest_key
from app.embedded import EmbeddedPostgres, EmbeddedServices
from app.locations.models import AssignmentLevel
from app.locations.services import PlaceInput
from app.settings import Settings, get_settings, is_loopback_host

cli = typer.Typer(help="Promotion engine: GraphQL API, worker and tools.", no_args_is_help=True)
api_key_cli = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
cli.add_typer(api_key_cli, name="api-key")
import_cli = typer.Typer(help="Import data from files, with a progress bar.", no_args_is_help=True)
cli.add_typer(import_cli, name="import")
console = Console(stderr=True, soft_wrap=True)

T = TypeVar("T")
DEV_KEY_FILE = "dev-api-key"


def _run(coroutine: Awaitable[T]) -> T:
    async def runner() -> T:
        return await coroutine

    return asyncio.run(runner())


@contextlib.contextmanager
def _database(settings: Settings) -> Iterator[str]:
    """The configured database URL, or an embedded PostgreSQL started for the block if none runs."""
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


async def _with_db(database_url: str, work: Awaitable[T]) -> T:
    await init_db(database_url)
    try:
        return await work
    finally:
        await close_db()


async def _dev_api_key(data_dir: Path) -> str:
    """The embedded development admin key, kept in the data directory so restarts reuse it."""
    key_file = data_dir / DEV_KEY_FILE
    if key_file.exists():
        plaintext = key_file.read_text().strip()
        if await ApiKey.filter(digest=digest_key(plaintext), revoked_at__isnull=True).exists():
            return plaintext
    _, plaintext = await access.create_api_key(name="Development (embedded)", role=Role.ADMIN, created_by=None)
    key_file.write_text(plaintext + "\n")
    key_file.chmod(0o600)
    return plaintext


def _banner(settings: Settings, *, embedded: bool, dev_key: str | None) -> None:
    base = f"http://{settings.host}:{settings.port}"
    where = f"embedded PostgreSQL + Redis under {settings.data_dir}" if embedded else "configured servers"
    console.print(f"\n[bold green]Promo engine[/] is starting ({where}).")
    console.print(f"  GraphiQL  {base}/graphql")
    if dev_key:
        if settings.graphiql_key_shown:
            console.print("            the Authorization header is pre-filled with the development key:")
        console.print(f"  API key   [bold]{dev_key}[/]")
        console.print("            (send it as `Authorization: Bearer <key>`; it is kept in the data dir)")
    else:
        console.print("  API key   create one with `promo api-key create --name me --role ADMIN`")
    console.print(f"  Health    {base}/healthz   Metrics {base}/metrics")
    console.print("  Press Ctrl-C to stop.\n")


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], env=env)


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


@cli.command()
def run(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Embedded servers' data.")] = None,
    worker: Annotated[bool, typer.Option(help="Also run an arq worker.")] = True,
    graphiql_key: Annotated[
        bool | None,
        typer.Option(
            "--graphiql-key/--no-graphiql-key",
            help="Pre-fill GraphiQL with the development ADMIN key (embedded mode, loopback host only).",
        ),
    ] = None,
) -> None:
    """Everything in one command: embedded servers when no URLs are set, migrations, API, worker."""
    options = {"host": host, "port": port, "data_dir": data_dir, "graphiql_prefill_key": graphiql_key}
    settings = get_settings().model_copy(update={name: value for name, value in options.items() if value is not None})
    embedded = settings.database_url is None or settings.redis_url is None
    if embedded and settings.graphiql_prefill_key and not is_loopback_host(settings.host):
        # Checked before anything starts: the GraphiQL page needs no key, so whoever reaches it gets ADMIN.
        console.print(
            f"[red]Refusing to listen on {settings.host}[/] with the development ADMIN key pre-filled in GraphiQL: "
            "anyone who can reach that address would get the key. Listen on 127.0.0.1 (the default), "
            "or turn the pre-fill off with --no-graphiql-key (GRAPHIQL_PREFILL_KEY=false)."
        )
        raise typer.Exit(2)
    # uvicorn re-raises SIGTERM after its graceful shutdown; turning it (and SIGHUP) into SystemExit
    # lets the `finally` below stop the worker and the embedded servers instead of orphaning them.
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, _exit_on_signal)
    services: EmbeddedServices | None = None
    worker_process: subprocess.Popen[bytes] | None = None
    try:
        if embedded:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            services = EmbeddedServices.under(settings.data_dir)
            started_urls = services.start()
            settings = settings.model_copy(update={"database_url": started_urls[0], "redis_url": started_urls[1]})
        database_url, redis_url = settings.database_url, settings.redis_url
        assert database_url is not None
        assert redis_url is not None
        applied = _run(apply_migrations(database_url))
        if applied:
            console.print(f"Applied migrations: {', '.join(applied)}")
        dev_key = None
        if embedded:
            dev_key = _run(_with_db(database_url, _dev_api_key(settings.data_dir)))
            settings = settings.model_copy(update={"graphiql_api_key": dev_key})
        if worker:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "REDIS_PREFIX": settings.redis_prefix,
            }
            worker_process = _start_worker(env)
        _banner(settings, embedded=embedded, dev_key=dev_key)
        from app.main import create_app

        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            loop="uvloop",
            http="httptools",
        )
    except KeyboardInterrupt:
        pass
    finally:
        if worker_process is not None:
            _stop_worker(worker_process)
        if services is not None:
            services.stop()
            console.print("Embedded PostgreSQL and Redis stopped.")


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
) -> None:
    """The API alone, against DATABASE_URL and REDIS_URL (production shape)."""
    # The address goes into the environment so every worker's settings know where it listens.
    os.environ.update({name: str(value) for name, value in {"HOST": host, "PORT": port}.items() if value is not None})
    get_settings.cache_clear()
    settings = get_settings()
    if not settings.database_url or not settings.redis_url:
        console.print("[red]Set DATABASE_URL and REDIS_URL[/] (or use `promo run` for embedded servers).")
        raise typer.Exit(2)
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=None,
        access_log=False,
        loop="uvloop",
        http="httptools",
    )


@cli.command()
def worker() -> None:
    """The arq worker alone, against DATABASE_URL and REDIS_URL; it waits out Redis outages."""
    from app.worker import WorkerRunner

    settings = get_settings()
    if not settings.database_url or not settings.redis_url:
        console.print("[red]Set DATABASE_URL and REDIS_URL[/] for the worker.")
        raise typer.Exit(2)
    asyncio.run(WorkerRunner(settings).run())


@cli.command()
def migrate(
    check: Annotated[bool, typer.Option(help="Only check that migrations cover every model change (offline).")] = False,
) -> None:
    """Apply the migrations not yet applied (embedded PostgreSQL when DATABASE_URL is unset)."""
    if check:
        pending = _run(unmigrated_model_changes())
        if pending:
            console.print("[red]The models have changes no migration covers.[/] Run:")
            console.print("  aerich migrate --name <what-changed>   (then commit migrations/)")
            console.print(pending)
            raise typer.Exit(1)
        console.print("Migrations cover every model change.")
        return
    with _database(get_settings()) as url:
        applied = _run(apply_migrations(url))
    console.print(f"Applied: {', '.join(applied)}" if applied else "The database is up to date.")


@api_key_cli.command("create")
def api_key_create(
    name: Annotated[str, typer.Option(help="What the key is for.")],
    role: Annotated[Role, typer.Option(help="What the key may do.")] = Role.ADMIN,
    area: Annotated[list[str] | None, typer.Option(help="Restrict to this area (its id; repeatable).")] = None,
    area_stores: Annotated[
        list[str] | None, typer.Option(help="Restrict to all stores of this area (its id; repeatable).")
    ] = None,
    store: Annotated[list[str] | None, typer.Option(help="Restrict to this store (its id; repeatable).")] = None,
) -> None:
    """Create a key and print it (only this once). MANAGER and STORE keys need assignments."""
    with _database(get_settings()) as url:
        try:
            places = [
                *(
                    PlaceInput(AssignmentLevel.AREA, decode_id("Area", value, field="area"), None)
                    for value in area or []
                ),
                *(
                    PlaceInput(AssignmentLevel.AREA_ALL_STORES, decode_id("Area", value, field="area-stores"), None)
                    for value in area_stores or []
                ),
                *(
                    PlaceInput(AssignmentLevel.STORE, None, decode_id("Store", value, field="store"))
                    for value in store or []
                ),
            ]
            created = access.create_api_key(name=name, role=role, created_by=None, access=places)
            key, plaintext = _run(_with_db(url, created))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc
    console.print(f"Created {key.role.value} key {key.prefix!r} ({key.name}). It is shown only now:")
    typer.echo(plaintext)


@api_key_cli.command("list")
def api_key_list(
    include_revoked: Annotated[bool, typer.Option(help="Also list revoked keys.")] = False,
) -> None:
    """List keys (never their secrets)."""

    async def all_keys() -> list[ApiKey]:
        query = ApiKey.all() if include_revoked else ApiKey.filter(revoked_at__isnull=True)
        return await query.order_by("-created_at")

    with _database(get_settings()) as url:
        keys = _run(_with_db(url, all_keys()))
    table = Table("prefix", "name", "role", "created", "last used", "revoked")
    for key in keys:
        table.add_row(
            key.prefix,
            key.name,
            key.role.value,
            f"{key.created_at:%Y-%m-%d %H:%M}",
            f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "-",
            f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "-",
        )
    Console().print(table)


@api_key_cli.command("revoke")
def api_key_revoke(prefix: Annotated[str, typer.Argument(help="The key's prefix.")]) -> None:
    """Revoke a key by its prefix; API processes refuse it within a second."""

    async def revoke() -> ApiKey:
        key = await access.find_api_key_by_prefix(prefix=prefix)
        return await access.revoke_api_key(key_id=key.id, revoked_by=None)

    with _database(get_settings()) as url:
        try:
            key = _run(_with_db(url, revoke()))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc
    console.print(f"Revoked {key.prefix} ({key.name}).")


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
    )


class ExportChoice(StrEnum):
    """What `promo export` writes (the GraphQL ExportObject values, in lower case)."""

    codes = "codes"
    publications = "publications"
    redemptions = "redemptions"
    customers = "customers"
    campaigns = "campaigns"
    wallet_transactions = "wallet-transactions"
    deliveries = "deliveries"
    events = "events"


@cli.command("export")
def export_command(
    what: Annotated[ExportChoice, typer.Argument(help="What to export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The CSV file to write.")],
    campaign: Annotated[str | None, typer.Option(help="Only rows of this campaign (its id).")] = None,
    fields: Annotated[str | None, typer.Option(help="Comma-separated columns (default: all).")] = None,
    created_from: Annotated[datetime | None, typer.Option(help="Rows created at or after (UTC).")] = None,
    created_to: Annotated[datetime | None, typer.Option(help="Rows created before (UTC).")] = None,
) -> None:
    """Write a CSV export straight to a file (the same SQL and format as exportCreate; every row)."""
    from app.exports import services as exports
    from app.exports.copying import write_csv
    from app.exports.models import ExportObject
    from app.exports.rows import RowFilter

    kind = ExportObject(what.name.upper())

    def utc(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    async def work() -> int:
        where = RowFilter(
            campaign_id=decode_id("Campaign", campaign, field="campaign") if campaign else None,
            created_from=utc(created_from),
            created_to=utc(created_to),
        )
        columns = await exports.check_request(
            kind=kind,
            columns=[name.strip() for name in fields.split(",")] if fields else None,
            where=where,
            scope=UNRESTRICTED,
        )
        total = await exports.count_rows(kind=kind, where=where)
        with _progress() as bar:
            task = bar.add_task(f"Exporting {what.value}", total=total)

            async def advance(done: int) -> None:
                bar.update(task, completed=min(done, total))

            queries = await exports.copy_sql(
                kind=kind, columns=columns, where=where, parts=get_settings().exports_parallel
            )
            written = await write_csv(queries, output.resolve(), on_rows=advance)
            bar.update(task, completed=written.rows, total=max(total, written.rows))
        return written.rows

    with _database(get_settings()) as url:
        try:
            count = _run(_with_db(url, work()))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc
    console.print(f"Wrote {count:,} rows to {output}.")


@import_cli.command("customers")
def import_customers(
    file: Annotated[
        Path, typer.Argument(help="CSV with `source_id` and any of name, email, phone, latitude, longitude.")
    ],
) -> None:
    """Upsert customers from a CSV file (the same job as the customersImport mutation, run here)."""
    from app.customers import importing
    from app.jobs.models import Job

    async def work() -> Job:
        job = await importing.request_import(data=file.read_bytes(), created_by_id=None, redis=None, queue_name="")
        with _progress() as bar:
            task = bar.add_task("Importing customers", total=job.total)
            running = asyncio.create_task(importing.run_import(job.id, None))
            while not running.done():
                await asyncio.wait({running}, timeout=0.2)
                current = await Job.get(id=job.id)
                bar.update(task, completed=current.processed)
            await running
            finished = await Job.get(id=job.id)
            bar.update(task, completed=finished.processed)
        return finished

    with _database(get_settings()) as url:
        try:
            job = _run(_with_db(url, work()))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc
    console.print(f"Imported {job.succeeded:,} customers; {job.failed:,} rows refused.")
    for error in job.errors[:20]:
        console.print(f"  row {error.get('row')}: {error.get('field') or ''} {error['message']}")
    if job.failed:
        raise typer.Exit(1)


@cli.command()
def schema(
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = Path("schema.graphql"),
    check: Annotated[bool, typer.Option(help="Fail if the file differs from the code.")] = False,
) -> None:
    """Export the GraphQL schema (SDL) from the code, or check the committed file is current."""
    from app.graphql.schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if check:
        current = output.read_text() if output.exists() else ""
        if current != sdl:
            console.print(f"[red]{output} is stale[/]: run `promo schema` and commit it.")
            raise typer.Exit(1)
        console.print(f"{output} is up to date.")
        return
    output.write_text(sdl)
    console.print(f"Wrote {output}.")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
