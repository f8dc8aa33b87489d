"""The wrk harness of redemption.py: targets, checked responses, CPU per request, redemptions written."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import secrets
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import psutil

# graphql_floor.py lives next to this file (sys.path[0] when the script is run).
from graphql_floor import CpuTimes, cpu_times, lua_string

KEY_PLACEHOLDER = "@@IDEMPOTENCY_KEY@@"
WRK_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Target:
    """One request to load; the body may hold KEY_PLACEHOLDER, replaced by a new key for each request."""

    key: str
    label: str
    url: str
    server_pid: int
    body: str
    headers: Mapping[str, str]
    must: tuple[str, ...]  # substrings every good response contains …
    must_not: tuple[str, ...] = ('"errors"',)  # … and these it never does
    method: str = "POST"

    @property
    def keyed(self) -> bool:
        return KEY_PLACEHOLDER in self.body

    def good(self, text: str) -> bool:
        """What the Lua `response` callback checks, in Python (the same test, so a check here proves it)."""
        return all(part in text for part in self.must) and not any(part in text for part in self.must_not)


@dataclass(frozen=True)
class Measurement:
    """One measured wrk run, where the CPU time went meanwhile (CPUs busy, and milliseconds of CPU per
    request of the server process and of the database's backends), and for redeem what was written."""

    target: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    bad_responses: int
    non_2xx: int
    socket_errors: int
    key_prefix: str = ""
    redemptions_written: int | None = None
    server_cpu: float = 0.0
    postgres_cpu: float = 0.0
    wrk_cpu: float = 0.0
    other_cpu: float = 0.0
    server_cpu_ms_per_request: float = 0.0
    postgres_cpu_ms_per_request: float = 0.0


def verify(target: Target) -> dict[str, Any]:
    """One request; raise unless it answers what the benchmark means to measure (never an error)."""
    body = target.body.replace(KEY_PLACEHOLDER, f"verify-{secrets.token_hex(8)}")
    response = httpx.request(target.method, target.url, content=body, headers=dict(target.headers), timeout=10.0)
    if response.status_code != 200 or not target.good(response.text):
        raise RuntimeError(f"{target.label}: unexpected answer (HTTP {response.status_code}) {response.text}")
    document: dict[str, Any] = response.json()
    operation = target.key.split("-")[0]  # the processes of two-processes have keys redeem-1, redeem-2, …
    if operation in ("validate", "redeem"):
        data = document["data"]
        result = data["validate"] if operation == "validate" else data["redeem"]["result"]
        statuses = [item["status"] for item in result["redeemables"]]
        if not statuses or any(status != "APPLICABLE" for status in statuses):
            raise RuntimeError(f"{target.label}: not every redeemable applies: {result}")
    return document


# --- database checks ----------------------------------------------------------------------------


async def fetch_value(database_url: str, query: str, *values: Any) -> Any:
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        return await connection.fetchval(query, *values)
    finally:
        await connection.close()


def redemptions_with_prefix(database_url: str, prefix: str) -> int:
    count: int = asyncio.run(
        fetch_value(database_url, "SELECT count(*) FROM redemption WHERE idempotency_key LIKE $1", f"{prefix}%")
    )
    return count


# --- wrk ----------------------------------------------------------------------------------------


def lua_list(values: Sequence[str]) -> str:
    return "{" + ", ".join(lua_string(value) for value in values) + "}"


def wrk_script(target: Target, key_prefix: str) -> str:
    """A script that sends the target's request (a new idempotency key each time, if keyed), counts the
    responses that are not what `Target.good` expects, and prints p50/p95/p99 and the counts at the end."""
    lines = [f"wrk.method = {lua_string(target.method)}"]
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in target.headers.items()]
    if target.keyed:
        head, tail = target.body.split(KEY_PLACEHOLDER)
        lines += [
            f"local head, tail, prefix = {lua_string(head)}, {lua_string(tail)}, {lua_string(key_prefix)}",
            "local sent = 0",
            "function request()",
            "  sent = sent + 1",
            '  return wrk.format(nil, nil, nil, head .. prefix .. thread_number .. "-" .. sent .. tail)',
            "end",
        ]
    elif target.body:
        lines.append(f"wrk.body = {lua_string(target.body)}")
    return "\n".join(lines + checked_responses(target.must, target.must_not)) + "\n"


def checked_responses(must: Sequence[str], must_not: Sequence[str]) -> list[str]:
    """Lua counting responses that lack a `must` part or hold a `must_not` one, and printing the BENCH
    figures (requests, duration, errors, p50/p95/p99) when wrk is done."""
    return [
        f"local must, must_not = {lua_list(must)}, {lua_list(must_not)}",
        "local threads = {}",
        "bad = 0",
        "function setup(thread)",
        "  thread:set('thread_number', #threads + 1)",
        "  table.insert(threads, thread)",
        "end",
        "function response(status, headers, body)",
        "  for _, part in ipairs(must) do",
        "    if not string.find(body, part, 1, true) then bad = bad + 1 return end",
        "  end",
        "  for _, part in ipairs(must_not) do",
        "    if string.find(body, part, 1, true) then bad = bad + 1 return end",
        "  end",
        "end",
        "function done(summary, latency, requests)",
        "  local total = 0",
        "  for _, thread in ipairs(threads) do total = total + thread:get('bad') end",
        "  local e = summary.errors",
        "  io.write(string.format('BENCH bad %d\\n', total))",
        "  io.write(string.format('BENCH requests %d\\n', summary.requests))",
        "  io.write(string.format('BENCH duration_us %d\\n', summary.duration))",
        "  io.write(string.format('BENCH non_2xx %d\\n', e.status))",
        "  io.write(string.format('BENCH socket_errors %d\\n', e.connect + e.read + e.write + e.timeout))",
        "  for _, p in ipairs({50, 95, 99}) do",
        "    io.write(string.format('BENCH p%d_us %.1f\\n', p, latency:percentile(p)))",
        "  end",
        "end",
    ]


def parse_wrk(target: Target, output: str, key_prefix: str) -> Measurement:
    figures = {name: float(value) for name, value in re.findall(r"^BENCH (\w+) ([\d.]+)$", output, re.MULTILINE)}
    try:
        return Measurement(
            target=target.key,
            requests_per_second=figures["requests"] / (figures["duration_us"] / 1e6),
            p50_ms=figures["p50_us"] / 1000,
            p95_ms=figures["p95_us"] / 1000,
            p99_ms=figures["p99_us"] / 1000,
            requests=int(figures["requests"]),
            bad_responses=int(figures["bad"]),
            non_2xx=int(figures["non_2xx"]),
            socket_errors=int(figures["socket_errors"]),
            key_prefix=key_prefix if target.keyed else "",
        )
    except KeyError as missing:
        raise RuntimeError(f"no {missing} in wrk's output:\n{output}") from None


def wrk_command(
    wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float, timeout: float | None = None
) -> list[str]:
    """`timeout`: seconds before wrk gives up on a response (WRK_TIMEOUT_SECONDS unless given)."""
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s"]
    # wrk leaves a response slower than its timeout (2 s by default) out of the latencies and counts it as a
    # socket error; on a loaded machine that would hide exactly the slow requests.
    wait = WRK_TIMEOUT_SECONDS if timeout is None else max(1, round(timeout))
    return [*command, f"--timeout={wait}s", "-s", str(script), target.url]


def run_wrk(
    wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float, timeout: float | None = None
) -> str:
    """wrk's output; `timeout` as in wrk_command."""
    # Its own session: Ctrl-C interrupts the benchmark (which stops wrk) instead of failing wrk first.
    command = wrk_command(wrk, target, script, args, seconds, timeout)
    done = subprocess.run(command, capture_output=True, text=True, check=True, start_new_session=True)
    return done.stdout


def run_wrks(wrk: str, runs: Sequence[tuple[Target, Path]], args: argparse.Namespace, seconds: float) -> list[str]:
    """Several wrk at once (one per target); their outputs."""
    processes = [
        subprocess.Popen(
            wrk_command(wrk, target, script, args, seconds),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for target, script in runs
    ]
    outputs = []
    try:
        for process in processes:
            stdout, stderr = process.communicate()
            if process.returncode != 0:
                raise RuntimeError(f"wrk failed ({process.returncode}): {stderr}")
            outputs.append(stdout)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    return outputs


# --- CPU shares ---------------------------------------------------------------------------------


def postgres_cpu(database: str) -> dict[int, float]:
    """CPU seconds so far of the PostgreSQL backends serving `database` (visible by their title)."""
    seconds = {}
    for process in psutil.process_iter(["name", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            if process.info["name"] == "postgres" and database in " ".join(process.info["cmdline"] or ()):
                times = process.cpu_times()
                seconds[process.pid] = times.user + times.system
    return seconds


def with_cpu_shares(
    result: Measurement,
    before: tuple[CpuTimes, dict[int, float]],
    after: tuple[CpuTimes, dict[int, float]],
) -> Measurement:
    """`result` with the CPUs kept busy by the server, its database's backends, wrk and everything else."""
    (start, pg_start), (end, pg_end) = before, after
    elapsed = end.at - start.at
    server = end.server - start.server
    wrk = end.children - start.children
    postgres = sum(seconds - pg_start.get(pid, 0.0) for pid, seconds in pg_end.items())
    other = max(0.0, end.machine - start.machine - server - wrk - postgres)
    requests = max(1, result.requests)
    return replace(
        result,
        server_cpu=server / elapsed,
        postgres_cpu=postgres / elapsed,
        wrk_cpu=wrk / elapsed,
        other_cpu=other / elapsed,
        server_cpu_ms_per_request=server * 1000 / requests,
        postgres_cpu_ms_per_request=postgres * 1000 / requests,
    )


# --- measuring ----------------------------------------------------------------------------------


def measure(wrk: str, target: Target, args: argparse.Namespace, scripts: Path, database_url: str) -> Measurement:
    """A warm-up run, then the measured one; error responses make the figures meaningless."""
    print(f"  {target.label}: {args.warmup:g}s warm-up, {args.duration:g}s measured … ", end="", flush=True)
    if args.warmup > 0:
        script = scripts / f"{target.key}-warmup.lua"
        script.write_text(wrk_script(target, f"w{secrets.token_hex(6)}-"))
        run_wrk(wrk, target, script, args, args.warmup)
    key_prefix = f"m{secrets.token_hex(6)}-"
    script = scripts / f"{target.key}.lua"
    script.write_text(wrk_script(target, key_prefix))
    database = urlsplit(database_url).path[1:]
    server = psutil.Process(target.server_pid)
    before = (cpu_times(server), postgres_cpu(database))
    output = run_wrk(wrk, target, script, args, args.duration)
    after = (cpu_times(server), postgres_cpu(database))
    result = with_cpu_shares(parse_wrk(target, output, key_prefix), before, after)
    if server.status() == psutil.STATUS_ZOMBIE:
        raise RuntimeError(f"{target.label}: the server exited during the measurement")
    if target.keyed:
        result = replace(result, redemptions_written=redemptions_with_prefix(database_url, key_prefix))
    written = f", {result.redemptions_written:,} redemptions written" if target.keyed else ""
    if result.redemptions_written is not None and result.redemptions_written < result.requests:
        written += " (FEWER than the successful responses)"
    print(f"{result.requests_per_second:,.0f} req/s, p99 {result.p99_ms:.1f} ms{written}", flush=True)
    if result.non_2xx or result.bad_responses:
        raise RuntimeError(
            f"{target.label}: of {result.requests} responses, {result.non_2xx} were not 2xx and "
            f"{result.bad_responses} were not the expected answer"
        )
    if result.socket_errors:
        print(f"    warning: {result.socket_errors} socket errors (connect/read/write/timeout)")
    return result


def median(runs: Sequence[Measurement]) -> Measurement:
    """The run with the median requests/s (the upper one of an even count)."""
    return sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]


def measure_rounds(
    wrk: str, targets: list[Target], args: argparse.Namespace, scripts: Path, database_url: str
) -> tuple[list[Measurement], list[list[Measurement]]]:
    """Every target in turn, `--rounds` times, so a disturbance hits the targets alike; medians and all runs."""
    rounds: list[list[Measurement]] = []
    for number in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"Round {number}/{args.rounds}:", flush=True)
        rounds.append([measure(wrk, target, args, scripts, database_url) for target in targets])
    return [median(runs) for runs in zip(*rounds, strict=True)], rounds
