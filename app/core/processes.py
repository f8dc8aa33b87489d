"""Child processes that die with their parent, and pid files that find a killed run's leftovers.

`promo run` starts PostgreSQL, Redis and a worker. If it is killed with SIGKILL it cannot stop them,
so each child asks Linux to signal it when its parent dies (`PR_SET_PDEATHSIG`). Where that is not
available, or for processes started by an older version, the pid files in the data directory let
the next run find and stop them. A pid file is trusted only while its process is the program it
names and started before the file was written: a pid reused by an unrelated process is never killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil

PR_SET_PDEATHSIG = 1
# A process may start a moment before it writes its own pid file; a reused pid starts after it.
PID_FILE_SLACK_SECONDS = 1.0


def die_with_parent(signum: int) -> Callable[[], None] | None:
    """A `preexec_fn` making the child receive `signum` when its parent dies (None off Linux).

    Linux sends it when the *thread* that forked the child exits, so children must be started from
    a thread that lives as long as the process (the main thread).
    """
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here: only async-signal-safe work after fork
    parent = os.getpid()

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl: nobody will send the signal
            os.kill(os.getpid(), signum)

    return preexec


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def live_process(pid_file: Path, is_expected: Callable[[psutil.Process], bool]) -> psutil.Process | None:
    """The process named in `pid_file` when it is alive, is what `is_expected` checks, and is not a
    later process that reused the pid (it started before the file was last written)."""
    pid = read_pid(pid_file)
    if pid is None or pid == os.getpid():
        return None
    try:
        process = psutil.Process(pid)
        written_at = pid_file.stat().st_mtime
        if process.status() == psutil.STATUS_ZOMBIE or process.create_time() > written_at + PID_FILE_SLACK_SECONDS:
            return None
        return process if is_expected(process) else None
    except (OSError, psutil.Error):
        return None


def runs_promo(command: str) -> Callable[[psutil.Process], bool]:
    """Checks that a process is `promo <command>` (the console script or `python -m app.cli`)."""

    def check(process: psutil.Process) -> bool:
        arguments = process.cmdline()
        starts = [index for index, argument in enumerate(arguments) if argument == "app.cli" or is_promo(argument)]
        return any(command in arguments[index + 1 :] for index in starts)

    return check


def is_promo(argument: str) -> bool:
    return Path(argument).name == "promo"


def works_in(directory: Path, name: str) -> Callable[[psutil.Process], bool]:
    """Checks that a process is `name` with `directory` as its working directory (servers chdir there)."""

    def check(process: psutil.Process) -> bool:
        return name in process.name() and Path(process.cwd()) == directory.resolve()

    return check


def write_pid(pid_file: Path, pid: int) -> None:
    pid_file.write_text(f"{pid}\n")


def remove_pid(pid_file: Path, pid: int) -> None:
    """Remove `pid_file` if it still names `pid` (a newer run may have taken it over)."""
    if read_pid(pid_file) == pid:
        with contextlib.suppress(FileNotFoundError):
            pid_file.unlink()


def stop(process: psutil.Process, signum: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Send `signum`, wait up to `timeout` seconds for the process to end, then SIGKILL it."""
    with contextlib.suppress(psutil.NoSuchProcess):
        process.send_signal(signum)
        if not _ended(process, timeout):
            process.kill()
            _ended(process, 10)


def _ended(process: psutil.Process, timeout: float) -> bool:
    """Whether the process ended within `timeout`; a zombie has ended (its parent reaps it, not us)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.05)
    return False
