"""`promo run` killed, left behind, started twice and hung up on: real processes, no leftovers."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from app.cli.ownership import RUN_PID_FILE, WORKER_PID_FILE
from app.core.processes import read_pid, runs_promo
from app.embedded import POSTGRES_SYSTEM_USER, EmbeddedPostgres, free_port, postgres_bin_path, redis_executable
from tests.conftest import Servers
from tests.e2e.conftest import PROMO, RunningService, start_service

pytestmark = pytest.mark.e2e

EXIT_DEADLINE_SECONDS = 60


def wait_gone(pids: set[int]) -> list[str]:
    """Wait (up to a generous deadline) for the processes to exit; what is still alive after it."""
    deadline = time.monotonic() + EXIT_DEADLINE_SECONDS
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in alive if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"}
        time.sleep(0.1)
    return [f"{pid} {' '.join(psutil.Process(pid).cmdline())}" for pid in alive if psutil.pid_exists(pid)]


def start_like_an_older_version(data_dir: Path, log: Path) -> set[int]:
    """PostgreSQL, Redis and a worker detached from any parent, as versions before pid files left them."""
    pgdata = data_dir / "postgres"
    pg_port, redis_port = free_port(), free_port()
    EmbeddedPostgres(pgdata).prepare_directory()  # other pytest sessions may have narrowed /tmp/pytest-of-*
    pg_ctl = [str(postgres_bin_path() / "pg_ctl"), "-D", str(pgdata), "-l", str(pgdata / "server.log"), "-w"]
    started = subprocess.run(
        [*pg_ctl, "-o", f"-h 127.0.0.1 -p {pg_port} -k ''", "start"],
        user=POSTGRES_SYSTEM_USER if os.geteuid() == 0 else None,
        cwd="/",
        check=False,
        capture_output=True,
        text=True,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    redis_dir = data_dir / "redis"
    redis = [redis_executable(), "--bind", "127.0.0.1", "--port", str(redis_port), "--dir", str(redis_dir)]
    subprocess.run(
        [*redis, "--daemonize", "yes", "--pidfile", str(redis_dir / "redis.pid"), "--save", ""],
        check=True,
        capture_output=True,
    )
    (redis_dir / "port").write_text(str(redis_port))
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/promo",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
    }
    # Through a shell that exits at once: the worker's parent is gone, as after a killed run.
    detached = subprocess.run(
        ["sh", "-c", f'"{PROMO}" worker >"{log}" 2>&1 & echo $!'],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    )
    worker_pid = int(detached.stdout)
    (data_dir / WORKER_PID_FILE).write_text(f"{worker_pid}\n")
    deadline = time.monotonic() + 10
    while not (redis_dir / "redis.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return {worker_pid, read_pid(pgdata / "postmaster.pid") or 0, read_pid(redis_dir / "redis.pid") or 0}


def workers_under(service: RunningService) -> list[int]:
    children = psutil.Process(service.process.pid).children(recursive=True)
    return [child.pid for child in children if runs_promo("worker")(child)]


def test_killed_run_leftovers_second_run_and_hang_up(tmp_path: Path, service_factory: list[RunningService]) -> None:
    data_dir = tmp_path / "data"

    # SIGKILL: `promo run` cannot stop anything, yet its worker and servers exit by themselves.
    killed = start_service(data_dir, tmp_path / "killed.log")
    service_factory.append(killed)
    killed.wait_healthy()
    assert read_pid(data_dir / RUN_PID_FILE) == killed.process.pid
    assert read_pid(data_dir / WORKER_PID_FILE) in workers_under(killed)
    assert len(killed.helper_pids) > 2  # the worker, PostgreSQL (and its backends) and Redis
    killed.process.kill()
    killed.process.wait()
    assert wait_gone(killed.helper_pids) == []

    # Leftovers of an older version on this data directory: the next run stops them, runs one worker.
    leftovers = start_like_an_older_version(data_dir, tmp_path / "old-worker.log")
    assert all(psutil.pid_exists(pid) for pid in leftovers)
    service = start_service(data_dir, tmp_path / "service.log")
    service_factory.append(service)
    health = service.wait_healthy()
    assert [pid for pid in leftovers if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"] == []
    log = service.log()
    for name in ("worker", "PostgreSQL", "Redis"):
        assert f"Stopping the {name} an earlier run left" in log
    assert workers_under(service) == [read_pid(data_dir / WORKER_PID_FILE)]
    assert str(read_pid(data_dir / WORKER_PID_FILE)) in str(health["worker"])  # it answered the ping

    # A second `promo run` on the same data directory is refused before it starts anything.
    second = subprocess.run(
        [PROMO, "run", "--port", str(free_port()), "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert second.returncode == 2
    assert f"Another `promo run` (pid {service.process.pid}) is using" in second.stderr
    assert workers_under(service) == [read_pid(data_dir / WORKER_PID_FILE)]

    # SIGHUP (the terminal closed): one line, then the same orderly stop as Ctrl-C.
    assert service.stop(signal.SIGHUP) == 0
    log = service.log()
    assert "Received SIGHUP (the terminal closed?): stopping." in log
    assert "Traceback" not in log
    assert "Embedded PostgreSQL and Redis stopped." in log
    assert service.leftover_processes() == []
    assert not (data_dir / RUN_PID_FILE).exists()
    assert not (data_dir / WORKER_PID_FILE).exists()


@pytest.mark.usefixtures("db")
def test_serve_and_worker_stop_cleanly_on_sighup(servers: Servers, processes: Any) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}hangup:",
    }
    api = processes("serve", env)
    worker = processes("worker", env)
    api.wait_healthy()  # the worker's heartbeat is in: its signal handlers are installed
    for process in (api, worker):
        process.process.send_signal(signal.SIGHUP)
    assert api.process.wait(60) == 0
    assert worker.process.wait(60) == 0
    assert "Received SIGHUP (the terminal closed?): stopping." in api.log()
    assert "Application shutdown complete." in api.log()  # the lifespan ran: an orderly stop
    assert '"signal": "SIGHUP", "event": "worker_stopping"' in worker.log()
    for log in (api.log(), worker.log()):
        assert "Traceback" not in log
