"""How close /graphql comes to the floor set by a plain Starlette endpoint on the same server stack.

One run measures, with wrk at 32 connections (requests/s, p50, p99):

  (a) a trivial Starlette JSON endpoint (`benchmarks/plain_app.py`), served like the API;
  (b) POST /graphql `{ __typename }` on the real API (`promo serve`) with an ADMIN key;
  (c) POST /graphql `{ viewer { name role } }` with the same key;

and prints (b)/(a) and (c)/(a) next to the targets (b ≥ 40 % of a, issue #19, stretch 50 %; c ≥ 40 % of a),
and the API's CPU time per request next to plain Starlette's (both servers' process CPU time ÷ the
requests wrk completed, psutil) with their ratio. The exit code is 0
whether the targets are met or not (it is a measurement, not a test); 1 when it cannot run (a server
fails to start, a check fails, an error response is measured); 2 when wrk is missing.

The API runs against a database created for the run on --database-url's server (dropped at the
end) and a unique Redis key prefix (its keys deleted at the end).

    .venv/bin/python benchmarks/graphql_floor.py [--duration 10] [--warmup 3] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import psutil
from redis.asyncio import Redis

from app.core.db import apply_migrations

BENCH_DIR = Path(__file__).resolve().parent
PLAIN_APP = BENCH_DIR / "plain_app.py"
BIN_DIR = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
HOST = "127.0.0.1"
STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
WRK_MISSING = """wrk is not installed; this benchmark needs it (a Python load generator would be the
bottleneck). Install it with:

    apt-get install -y wrk        (Debian/Ubuntu; `brew install wrk` on macOS)
"""


@dataclass(frozen=True)
class Target:
    """One endpoint to load, and the share of the floor's requests/s it should reach."""

    key: str
    label: str
    url: str
    server_pid: int
    method: str = "GET"
    body: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    floor_share: float | None = None


@dataclass(frozen=True)
class Measurement:
    """What wrk reported for one target, and where the CPU time went meanwhile (in CPUs busy)."""

    target: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    server_cpu: float = 0.0
    wrk_cpu: float = 0.0
    other_cpu: float = 0.0
    # The server's process CPU time (user + system) divided by the requests wrk completed meanwhile.
    server_cpu_ms_per_request: float = 0.0


@dataclass(frozen=True)
class CpuTimes:
    """CPU seconds used so far by the machine, by the server under load and by reaped children (wrk)."""

    machine: float
    server: float
    children: float
    at: float


@dataclass
class Service:
    """A server subprocess, its URL and where its output goes."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


# --- command line -------------------------------------------------------------------------------


def server_parser(doc: str | None) -> argparse.ArgumentParser:
    """A command line with the servers every API benchmark runs against (`--database-url`, `--redis-url`)."""
    parser = argparse.ArgumentParser(
        description=doc.split("\n\n")[0] if doc else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="PostgreSQL server on which a scratch database is created (env BENCH_DATABASE_URL).",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help="Redis used by the API, under a unique key prefix (env BENCH_REDIS_URL).",
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (-t).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per target.")
    parser.add_argument(
        "--rounds", type=int, default=1, help="Measure (a), (b), (c) this many times; report the medians."
    )
    parser.add_argument("--log-level", default="WARNING", help="The API's LOG_LEVEL.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if args.connections < 1 or args.threads < 1 or args.rounds < 1:
        parser.error("--connections, --threads and --rounds must be at least 1")
    if args.duration < 1 or args.warmup < 0:
        parser.error("--duration must be at least 1 (second) and --warmup not negative")
    return args


# --- scratch database and Redis prefix ----------------------------------------------------------


def with_database(url: str, name: str) -> str:
    """`url` pointing at the database `name` instead of its own."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


async def execute_on_server(server_url: str, statement: str) -> None:
    connection = await asyncpg.connect(server_url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A new, empty database on `server_url`'s server for the block; dropped afterwards."""
    name = f"promo_bench_{secrets.token_hex(4)}"
    asyncio.run(execute_on_server(server_url, f'CREATE DATABASE "{name}"'))
    try:
        yield with_database(server_url, name)
    finally:
        asyncio.run(execute_on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def delete_redis_keys(redis_url: str, prefix: str) -> None:
    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@contextlib.contextmanager
def scratch_redis_prefix(redis_url: str) -> Iterator[str]:
    """A unique key prefix for the block; its keys are deleted afterwards."""
    prefix = f"bench-{secrets.token_hex(4)}:"
    try:
        yield prefix
    finally:
        asyncio.run(delete_redis_keys(redis_url, prefix))


# --- subprocesses -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def create_api_key(env: Mapping[str, str]) -> str:
    """A new ADMIN key made with the CLI; the plaintext is the last line it prints on stdout."""
    command = [str(BIN_DIR / "promo"), "api-key", "create", "--name", "bench", "--role", "ADMIN"]
    done = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"`promo api-key create` failed ({done.returncode}):\n{done.stderr}")
    return lines[-1].strip()


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn's graceful shutdown), then SIGKILL if it does not exit in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def service(name: str, command: list[str], env: Mapping[str, str], port: int, logs: Path) -> Iterator[Service]:
    """A server subprocess for the block, its output in `logs/<name>.log`; always stopped."""
    log_path = logs / f"{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=dict(env), stdout=log, stderr=subprocess.STDOUT)
    try:
        yield Service(name=name, process=process, url=f"http://{HOST}:{port}", log_path=log_path)
    finally:
        stop(process)


def wait_until_ready(server: Service, path: str) -> None:
    """Poll `path` until it answers 200; fail early, with the server's output, if it exits."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                code = server.process.returncode
                raise RuntimeError(f"{server.name} exited ({code}):\n{server.log_tail()}")
            with contextlib.suppress(httpx.TransportError):
                if client.get(server.url + path).status_code == 200:
                    return
            time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not answer {path} in time:\n{server.log_tail()}")


# --- targets and their checks -------------------------------------------------------------------


def graphql_target(key: str, label: str, api: Service, api_key: str, query: str, share: float) -> Target:
    return Target(
        key=key,
        label=label,
        url=f"{api.url}/graphql",
        server_pid=api.process.pid,
        method="POST",
        body=json.dumps({"query": query}),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"},
        floor_share=share,
    )


def build_targets(plain: Service, api: Service, api_key: str) -> list[Target]:
    return [
        Target(key="a", label="(a) plain Starlette JSON", url=f"{plain.url}/", server_pid=plain.process.pid),
        graphql_target("b", "(b) { __typename }", api, api_key, "{ __typename }", 0.40),
        graphql_target("c", "(c) { viewer { name role } }", api, api_key, "{ viewer { name role } }", 0.40),
    ]


EXPECTED_DATA: dict[str, Any] = {
    "a": {"ok": True},
    "b": {"data": {"__typename": "Query"}},
}


def check_response(target: Target, status: int, document: Any) -> None:
    """Raise unless `target` answers what the benchmark means to measure (never an error)."""
    if status != 200:
        raise RuntimeError(f"{target.label}: HTTP {status}: {document}")
    if target.key == "c":
        viewer = (document.get("data") or {}).get("viewer") or {}
        correct = "errors" not in document and viewer.get("role") == "ADMIN" and bool(viewer.get("name"))
    else:
        correct = document == EXPECTED_DATA[target.key]
    if not correct:
        raise RuntimeError(f"{target.label}: unexpected answer {document}")


def verify(target: Target) -> None:
    response = httpx.request(target.method, target.url, content=target.body, headers=dict(target.headers), timeout=5.0)
    check_response(target, response.status_code, response.json())


# --- wrk ----------------------------------------------------------------------------------------


def lua_string(value: str) -> str:
    """`value` as a double-quoted Lua literal; anything but plain printable ASCII as a \\ddd escape."""
    escaped = (chr(byte) if 32 <= byte < 127 and chr(byte) not in '"\\' else f"\\{byte:03d}" for byte in value.encode())
    return f'"{"".join(escaped)}"'


def wrk_script(target: Target) -> str:
    lines = [f"wrk.method = {lua_string(target.method)}"]
    if target.body is not None:
        lines.append(f"wrk.body = {lua_string(target.body)}")
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in target.headers.items()]
    return "\n".join(lines) + "\n"


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_latency_ms(output: str, percentile: int) -> float:
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no {percentile}% latency in wrk's output:\n{output}")
    return float(match[1]) * _UNIT_MS[match[2]]


def parse_count(output: str, pattern: str) -> int:
    match = re.search(pattern, output)
    return sum(int(group) for group in match.groups()) if match else 0


def parse_wrk(target: Target, output: str) -> Measurement:
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    requests = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    if rate is None or requests is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    return Measurement(
        target=target.key,
        requests_per_second=float(rate[1]),
        p50_ms=parse_latency_ms(output, 50),
        p99_ms=parse_latency_ms(output, 99),
        requests=int(requests[1]),
        non_2xx=parse_count(output, r"Non-2xx or 3xx responses: (\d+)"),
        socket_errors=parse_count(output, r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"),
    )


def run_wrk(wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float) -> str:
    command = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(script),
        target.url,
    ]
    # Its own session: Ctrl-C interrupts the benchmark (which stops wrk) instead of failing wrk first.
    done = subprocess.run(command, capture_output=True, text=True, check=True, start_new_session=True)
    return done.stdout


def cpu_times(server: psutil.Process) -> CpuTimes:
    machine = psutil.cpu_times()
    busy = machine.user + machine.nice + machine.system + machine.irq + machine.softirq + machine.steal
    own = server.cpu_times()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuTimes(
        machine=float(busy),
        server=float(own.user + own.system),
        children=children.ru_utime + children.ru_stime,
        at=time.monotonic(),
    )


def with_cpu_shares(result: Measurement, before: CpuTimes, after: CpuTimes) -> Measurement:
    """`result` with the CPUs kept busy by the server, by wrk and by everything else."""
    elapsed = after.at - before.at
    server = after.server - before.server
    wrk = after.children - before.children
    other = max(0.0, after.machine - before.machine - server - wrk)
    return replace(
        result,
        server_cpu=server / elapsed,
        wrk_cpu=wrk / elapsed,
        other_cpu=other / elapsed,
        server_cpu_ms_per_request=server * 1000 / max(1, result.requests),
    )


def measure(wrk: str, target: Target, args: argparse.Namespace, scripts: Path) -> Measurement:
    """A warm-up run, then the measured one; error responses make the figures meaningless."""
    script = scripts / f"{target.key}.lua"
    script.write_text(wrk_script(target))
    print(f"  {target.label}: {args.warmup:g}s warm-up, {args.duration:g}s measured … ", end="", flush=True)
    if args.warmup > 0:
        run_wrk(wrk, target, script, args, args.warmup)
    server = psutil.Process(target.server_pid)
    before = cpu_times(server)
    output = run_wrk(wrk, target, script, args, args.duration)
    result = with_cpu_shares(parse_wrk(target, output), before, cpu_times(server))
    if server.status() == psutil.STATUS_ZOMBIE:
        raise RuntimeError(f"{target.label}: the server exited during the measurement")
    print(f"{result.requests_per_second:,.0f} req/s", flush=True)
    if result.non_2xx:
        raise RuntimeError(f"{target.label}: {result.non_2xx} of {result.requests} responses were not 2xx")
    if result.socket_errors:
        print(f"    warning: {result.socket_errors} socket errors (connect/read/write/timeout)")
    return result


def median(runs: Sequence[Measurement]) -> Measurement:
    """The run with the median requests/s (the upper one of an even count)."""
    return sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]


def measure_rounds(wrk: str, targets: list[Target], args: argparse.Namespace, scripts: Path) -> list[Measurement]:
    """Every target in turn, `--rounds` times, so a disturbance hits the targets alike."""
    rounds: list[list[Measurement]] = []
    for number in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"Round {number}/{args.rounds}:", flush=True)
        rounds.append([measure(wrk, target, args, scripts) for target in targets])
    return [median(runs) for runs in zip(*rounds, strict=True)]


# --- report -------------------------------------------------------------------------------------


def verdict(target: Target, result: Measurement, floor: Measurement) -> tuple[str, str, str]:
    """(share of the floor, target, met?) cells for one row."""
    share = result.requests_per_second / floor.requests_per_second
    if target.floor_share is None:
        return f"{share:.0%}", "floor", "-"
    met = share >= target.floor_share
    return f"{share:.1%}", f"≥ {target.floor_share:.0%}", "yes" if met else "NO"


def cpu_ratio(result: Measurement, floor: Measurement) -> float:
    """The server's CPU per request as a multiple of the floor's (measured in the same run)."""
    return result.server_cpu_ms_per_request / max(floor.server_cpu_ms_per_request, 1e-9)


def report(targets: list[Target], results: list[Measurement], args: argparse.Namespace) -> str:
    floor = results[0]
    header = (
        "target",
        "req/s",
        "p50 ms",
        "p99 ms",
        "server",
        "wrk",
        "other",
        "CPU ms/req",
        "× (a)",
        "of (a)",
        "target",
        "met",
    )
    rows = [header]
    for target, result in zip(targets, results, strict=True):
        rows.append(
            (
                target.label,
                f"{result.requests_per_second:,.0f}",
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{result.server_cpu:.2f}",
                f"{result.wrk_cpu:.2f}",
                f"{result.other_cpu:.2f}",
                f"{result.server_cpu_ms_per_request:.3f}",
                f"{cpu_ratio(result, floor):.1f}",
                *verdict(target, result, floor),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
    lines = [
        f"wrk -t{args.threads} -c{args.connections}, {args.duration:g}s measured after {args.warmup:g}s "
        f"warm-up{rounds}; {os.cpu_count()} CPUs shared by wrk and the servers",
        "server, wrk, other: CPUs kept busy by the server under load, by wrk, and by everything else",
        "(PostgreSQL, the kernel, other programs; well above 0.1 means the figures were disturbed)",
        "CPU ms/req: the server process's CPU time ÷ its requests; × (a): that as a multiple of plain Starlette's",
        "",
    ]
    for index, row in enumerate(rows):
        numbers = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in numbers)]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines.append("")
    for target, result in zip(targets[1:], results[1:], strict=True):
        share, goal, met = verdict(target, result, floor)
        status = "MET" if met == "yes" else "NOT MET"
        lines.append(f"{target.label}: {share} of (a), target {goal}: {status}")
    for target, result in zip(targets[1:], results[1:], strict=True):
        lines.append(
            f"{target.label}: API CPU {result.server_cpu_ms_per_request:.3f} ms/request = "
            f"{cpu_ratio(result, floor):.1f}× plain Starlette's {floor.server_cpu_ms_per_request:.3f} ms"
        )
    return "\n".join(lines)


# --- orchestration ------------------------------------------------------------------------------


def api_env(database_url: str, redis_url: str, redis_prefix: str, log_level: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": redis_prefix,
        "LOG_LEVEL": log_level,
        # The benchmarked API runs without a worker; /healthz tells when it is ready to serve requests.
        "HEALTH_REQUIRE_WORKER": "false",
    }


@dataclass(frozen=True)
class ScratchApi:
    """One `promo serve` on a migrated scratch database and Redis prefix, with an ADMIN key."""

    api: Service
    api_key: str
    database_url: str
    workdir: Path
    env: Mapping[str, str]  # the API's environment, for more API processes on the same database and prefix


def scratch_api(stack: contextlib.ExitStack, args: argparse.Namespace) -> ScratchApi:
    """Start it; `stack` stops the API, deletes the Redis keys and drops the database (also on failure)."""
    workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="promo-bench-")))
    database_url = stack.enter_context(scratch_database(args.database_url))
    redis_prefix = stack.enter_context(scratch_redis_prefix(args.redis_url))
    env = api_env(database_url, args.redis_url, redis_prefix, args.log_level)
    print(f"Database {urlsplit(database_url).path[1:]}, Redis prefix {redis_prefix}", flush=True)
    asyncio.run(apply_migrations(database_url))
    api_key = create_api_key(env)
    port = free_port()
    api = stack.enter_context(
        service("api", [str(BIN_DIR / "promo"), "serve", "--port", str(port)], env, port, workdir)
    )
    wait_until_ready(api, "/healthz")
    return ScratchApi(api, api_key, database_url, workdir, env)


def run(args: argparse.Namespace, wrk: str) -> tuple[list[Target], list[Measurement]]:
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        api, api_key, workdir = scratch.api, scratch.api_key, scratch.workdir
        plain_port = free_port()
        plain_command = [sys.executable, str(PLAIN_APP), "--port", str(plain_port)]
        plain = stack.enter_context(service("plain", plain_command, os.environ, plain_port, workdir))
        wait_until_ready(plain, "/")
        targets = build_targets(plain, api, api_key)
        for target in targets:
            verify(target)
        print("Responses checked; measuring:", flush=True)
        results = measure_rounds(wrk, targets, args, workdir)
        for target in targets:
            verify(target)
        return targets, results


def interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr)
        return 2
    # Ctrl-C (even when started with SIGINT ignored, as background jobs are) and SIGTERM unwind the
    # same way, so the servers are stopped and the scratch database dropped.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    try:
        targets, results = run(args, wrk)
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped and scratch database dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError) as exc:
        print(f"The benchmark could not run: {exc}", file=sys.stderr)
        return 1
    print()
    print(report(targets, results, args))
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(result) for result in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
