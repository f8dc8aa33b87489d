"""`promo run`, `serve`, `worker`, `migrate` and `schema`: the service's processes and its contracts."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.cli.app import cli
from app.cli.common import console, database, run_sync, with_db

if TYPE_CHECKING:
    import uvicorn

    from app.cli.ownership import DataDirOwnership
    from app.embedded import EmbeddedServices
    from app.settings import Settings

DEV_KEY_FILE = "dev-api-key"
SERVER_OPTIONS: dict[str, Any] = {"log_config": None, "access_log": False, "loop": "uvloop", "http": "httptools"}


async def _dev_api_key(data_dir: Path) -> str:
    """The embedded development admin key, kept in the data directory so restarts reuse it."""
    from app.access import services as access
    from app.access.models import ApiKey, Role
    from app.core.secrets import digest_key

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
    # The README's Quickstart starts from these two variables.
    key = f" PROMO_KEY=$(cat {shlex.quote(str(settings.data_dir / DEV_KEY_FILE))})" if dev_key else ""
    console.print(f"  Shell     export PROMO_URL={base}{key}", highlight=False)
    console.print("  Press Ctrl-C to stop.\n")


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    from app.core.processes import die_with_parent

    # SIGTERM when `promo run` dies, even by SIGKILL: the worker stops as if asked (Linux).
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"], env=env, preexec_fn=die_with_parent(signal.SIGTERM)
    )


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _say(message: str) -> None:
    """Print a status line; after SIGHUP the terminal may be gone, which must not stop the shutdown."""
    with contextlib.suppress(OSError):
        console.print(message)


def _exit_on_signal(signum: int, frame: object) -> None:
    if signum == signal.SIGHUP:
        _say("Received SIGHUP (the terminal closed?): stopping.")
    raise SystemExit(0)


def _serve(server: uvicorn.Server) -> None:
    """Run uvicorn; SIGHUP stops it gracefully as SIGTERM does (uvicorn alone leaves SIGHUP fatal)."""

    def hang_up(signum: int, frame: object) -> None:
        if not server.should_exit:
            _say("Received SIGHUP (the terminal closed?): stopping.")
        server.should_exit = True

    signal.signal(signal.SIGHUP, hang_up)
    server.run()


def _ignore_stop_signals() -> None:
    """While stopping the worker and the servers: a second SIGTERM or SIGHUP must not cut that short."""
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, signal.SIG_IGN)


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
    from app.cli.ownership import DataDirOwnership
    from app.embedded import EmbeddedServices
    from app.settings import get_settings, is_loopback_host

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
    ownership: DataDirOwnership | None = None
    services: EmbeddedServices | None = None
    worker_process: subprocess.Popen[bytes] | None = None
    try:
        # Starting allocates long-lived objects only (modules, the schema): collecting meanwhile is
        # wasted work, a sixth of the start. The app's lifespan collects once and freezes them.
        gc.disable()
        if embedded:
            ownership = DataDirOwnership.claim(settings.data_dir)
            services = EmbeddedServices.under(settings.data_dir)
            ownership.stop_leftovers(services)
            services.launch()
        import uvicorn

        from app.core.db import apply_migrations
        from app.main import create_app  # imported while the servers boot

        if services is not None:
            started_urls = services.wait_ready()
            settings = settings.model_copy(update={"database_url": started_urls[0], "redis_url": started_urls[1]})
        database_url, redis_url = settings.database_url, settings.redis_url
        assert database_url is not None
        assert redis_url is not None
        applied = run_sync(apply_migrations(database_url))
        if applied:
            console.print(f"Applied migrations: {', '.join(applied)}")
        if worker:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis_url,
                "REDIS_PREFIX": settings.redis_prefix,
            }
            worker_process = _start_worker(env)
            if ownership is not None:
                ownership.record_worker(worker_process.pid)
        dev_key = None
        if embedded:
            dev_key = run_sync(with_db(database_url, _dev_api_key(settings.data_dir)))
            settings = settings.model_copy(update={"graphiql_api_key": dev_key})
        _banner(settings, embedded=embedded, dev_key=dev_key)
        app = create_app(settings)
        gc.enable()
        _serve(uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, **SERVER_OPTIONS)))
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_stop_signals()
        if worker_process is not None:
            _stop_worker(worker_process)
        if services is not None:
            services.stop()
            _say("Embedded PostgreSQL and Redis stopped.")
        if ownership is not None:
            ownership.release()


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
) -> None:
    """The API alone, against DATABASE_URL and REDIS_URL (production shape)."""
    from app.settings import get_settings

    # The address goes into the environment so every worker's settings know where it listens.
    os.environ.update({name: str(value) for name, value in {"HOST": host, "PORT": port}.items() if value is not None})
    get_settings.cache_clear()
    settings = get_settings()
    if not settings.database_url or not settings.redis_url:
        console.print("[red]Set DATABASE_URL and REDIS_URL[/] (or use `promo run` for embedded servers).")
        raise typer.Exit(2)
    import uvicorn

    if workers > 1:  # uvicorn's supervisor: SIGHUP restarts the worker processes
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            **SERVER_OPTIONS,
        )
        return
    config = uvicorn.Config(
        "app.main:create_app", factory=True, host=settings.host, port=settings.port, **SERVER_OPTIONS
    )
    _serve(uvicorn.Server(config))


@cli.command()
def worker() -> None:
    """The arq worker alone, against DATABASE_URL and REDIS_URL; it waits out Redis outages."""
    gc.disable()  # as in `promo run`: nothing to collect while the modules load
    from app.settings import get_settings
    from app.worker import WorkerRunner

    gc.enable()

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
    from app.core.db import apply_migrations, unmigrated_model_changes

    if check:
        pending = run_sync(unmigrated_model_changes())
        if pending:
            console.print("[red]The models have changes no migration covers.[/] Run:")
            console.print("  aerich migrate --name <what-changed>   (then commit migrations/)")
            console.print(pending)
            raise typer.Exit(1)
        console.print("Migrations cover every model change.")
        return
    with database() as url:
        applied = run_sync(apply_migrations(url))
    console.print(f"Applied: {', '.join(applied)}" if applied else "The database is up to date.")


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
