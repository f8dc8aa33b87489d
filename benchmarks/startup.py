"""Warm start of `promo run`: from exec to the first 200 on /healthz, next to a bare uvicorn app.

A data directory is initialised by one unmeasured run (initdb, migrations, the development key),
then each measured run starts the embedded servers on it, serves, and is stopped with Ctrl-C (SIGINT
to its process group). Two moments are timed from exec: `/healthz?worker=0` answering 200 (the API
serves) and plain `/healthz` answering 200 (a worker also reports), plus the CPU time the `promo run`
process itself used until it served (user + system; unlike wall time it barely depends on what else
the machine runs). The baselines, measured in the same run: importing uvicorn and starlette, and a
hello-world Starlette app on uvicorn to its first 200.

    .venv/bin/python benchmarks/startup.py                 # 5 runs each
    .venv/bin/python benchmarks/startup.py --runs 3 --compare /work/main/.venv/bin/promo
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil

from app.embedded import free_port

PROMO = str(Path(sys.executable).with_name("promo"))
PROJECT = Path(__file__).resolve().parents[1]
TIMEOUT_SECONDS = 120
HELLO_APP = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
app = Starlette(routes=[Route("/", lambda request: JSONResponse({"ok": True}))])
uvicorn.run(app, port=int(sys.argv[1]), log_config=None, access_log=False, loop="uvloop", http="httptools")
"""


def first_200(url: str, process: subprocess.Popen[bytes], started: float) -> float:
    """Seconds from `started` until `url` answers 200."""
    deadline = started + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer 200 within {TIMEOUT_SECONDS}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def promo_run(promo: str, data_dir: Path, *, through_make: bool = False) -> tuple[float, float, float]:
    """(seconds to the API serving, seconds to a worker reporting too, CPU seconds until serving);
    `through_make` starts it as a user does, `make run` in the project (uv run, then promo run)."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    command = [promo, "run", "--port", str(port), "--data-dir", str(data_dir)]
    if through_make:
        env.update(PORT=str(port), DATA_DIR=str(data_dir))
        command = ["make", "--no-print-directory", "-C", str(PROJECT), "run"]
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        api = first_200(f"http://127.0.0.1:{port}/healthz?worker=0", process, started)
        cpu = psutil.Process(process.pid).cpu_times()
        full = first_200(f"http://127.0.0.1:{port}/healthz", process, started)
    finally:
        stop(process)
    return api, full, cpu.user + cpu.system


def hello_uvicorn() -> float:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", HELLO_APP, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return first_200(f"http://127.0.0.1:{port}/", process, started)
    finally:
        stop(process)


def command_seconds(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def report(label: str, samples: list[float]) -> None:
    print(f"  {label:<52} best {min(samples):6.2f} s   median {statistics.median(samples):6.2f} s")


def measure(runs: int, sample: Callable[[], float]) -> list[float]:
    return [sample() for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (default 5)")
    parser.add_argument("--data-dir", type=Path, help="an existing data directory (default: a new one)")
    parser.add_argument("--compare", help="another `promo` executable (e.g. another checkout's) to time alike")
    args = parser.parse_args()
    promos = {"promo": PROMO, **({"compared": args.compare} if args.compare else {})}
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.data_dir or Path(scratch) / "data"
        promo_run(PROMO, data_dir)  # initialises the data directory; not measured

        print(f"Warm start, {args.runs} runs each (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs)")
        print("Baselines:")
        report(
            "python -c 'import uvicorn, starlette'",
            measure(args.runs, lambda: command_seconds([sys.executable, "-c", "import uvicorn, starlette"])),
        )
        report("hello-world Starlette on uvicorn, exec to first 200", measure(args.runs, hello_uvicorn))
        for name, promo in promos.items():
            print(f"{name} ({promo}):")
            report("promo --help", measure(args.runs, lambda promo=promo: command_seconds([promo, "--help"])))
            timings = [promo_run(promo, data_dir) for _ in range(args.runs)]
            report("promo run, exec to /healthz?worker=0 200 (API serves)", [api for api, _, _ in timings])
            report("promo run, exec to /healthz 200 (worker reports too)", [full for _, full, _ in timings])
            report("promo run, CPU time of its own process until it serves", [cpu for _, _, cpu in timings])
        print(f"make run (in {PROJECT}):")
        timings = [promo_run(PROMO, data_dir, through_make=True) for _ in range(args.runs)]
        report("make run, exec to /healthz?worker=0 200 (API serves)", [api for api, _, _ in timings])
    print("Target: the API serves within 5 s of exec on a warm start.")


if __name__ == "__main__":
    main()
