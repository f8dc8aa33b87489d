"""One `promo run` per data directory, and what a killed run left behind stopped before the next starts.

`run.pid` holds the running `promo run`'s pid under an exclusive lock (`flock`): the lock goes with
the process, however it ends, so a live owner is told apart from a stale file without guessing.
`worker.pid` names the worker it started. The embedded servers keep their own pid files
(`postgres/postmaster.pid`, `redis/redis.pid`).
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import typer

from app.cli.common import console
from app.core.processes import live_process, read_pid, remove_pid, runs_promo, stop, write_pid
from app.embedded import EmbeddedServices

RUN_PID_FILE = "run.pid"
WORKER_PID_FILE = "worker.pid"


@dataclass
class DataDirOwnership:
    """This process's claim on a data directory, held until `release`."""

    data_dir: Path
    lock: IO[str]
    worker_pid: int | None = None

    @classmethod
    def claim(cls, data_dir: Path) -> DataDirOwnership:
        """Take the data directory, or exit with a message when another `promo run` holds it."""
        data_dir.mkdir(parents=True, exist_ok=True)
        pid_file = data_dir / RUN_PID_FILE
        lock = pid_file.open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            owner = read_pid(pid_file)
            console.print(
                f"[red]Another `promo run` (pid {owner or 'unknown'}) is using {data_dir}.[/] "
                "Stop it first, or give this one its own --data-dir (DATA_DIR)."
            )
            raise typer.Exit(2) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        return cls(data_dir, lock)

    def stop_leftovers(self, services: EmbeddedServices) -> None:
        """Stop the worker and the servers a previous run of this data directory left running."""
        worker = live_process(self.data_dir / WORKER_PID_FILE, runs_promo("worker"))
        if worker is not None:
            console.print(f"Stopping the worker an earlier run left (pid {worker.pid}).")
            stop(worker)
        for name, server in (("Redis", services.redis), ("PostgreSQL", services.postgres)):
            process = server.running()
            if process is not None:
                console.print(f"Stopping the {name} an earlier run left (pid {process.pid}).")
                server.stop()

    def record_worker(self, pid: int) -> None:
        self.worker_pid = pid
        write_pid(self.data_dir / WORKER_PID_FILE, pid)

    def release(self) -> None:
        """Remove the pid files (the worker and the servers are stopped by then) and drop the lock."""
        if self.worker_pid is not None:
            remove_pid(self.data_dir / WORKER_PID_FILE, self.worker_pid)
        remove_pid(self.data_dir / RUN_PID_FILE, os.getpid())
        self.lock.close()
