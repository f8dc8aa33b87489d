"""The parts of redemption.py beyond one wrk per target: round trips on the wire, several API processes, open loop."""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

# The other modules live next to this file (sys.path[0] when the script is run).
from graphql_floor import BENCH_DIR, BIN_DIR, ScratchApi, Service, free_port, service, wait_until_ready
from pg_round_trips import RoundTrip, RoundTripProxy, counting
from redemption_wrk import (
    KEY_PLACEHOLDER,
    Measurement,
    Target,
    parse_wrk,
    postgres_cpu,
    redemptions_with_prefix,
    run_wrks,
    verify,
    wrk_script,
)

ROUND_TRIP_WARMUP_REQUESTS = 20
IDLE_SECONDS = 2.0
GENERATOR_BUSY_CPUS = 0.5  # above this the open-loop generator may be what delays requests
GENERATOR_LATE_MS = 5.0


@dataclass(frozen=True)
class RoundTripCount:
    """Round trips to PostgreSQL of `requests` sequential requests of one operation, in steady state."""

    operation: str
    requests: int
    round_trips: int
    per_request: float  # round_trips / requests: the figure compared with the target
    transaction_control: int  # of round_trips: BEGIN / COMMIT / ROLLBACK
    prepares: int  # of round_trips: statements prepared (asyncpg statement-cache misses)
    fewest: int  # per request
    median: float
    most: int
    idle_per_second: float  # round trips of the idle API process (background work), for comparison
    statements: list[str] = field(default_factory=list)  # the round trips of one median request


@dataclass(frozen=True)
class ProcessesResult:
    """Redeem through several API processes at once, one wrk each, against the same counters."""

    processes: int
    connections_each: int
    requests_per_second: float  # all processes together
    p99_ms: float  # the worst of the processes' p99
    api_cpus: float  # sum of the API processes' CPU seconds ÷ wall seconds
    postgres_cpus: float
    other_cpu: float
    requests: int
    redemptions_written: int
    runs: list[Measurement]


@dataclass(frozen=True)
class OpenLoopResult:
    """Redeem at a fixed offered load from the open-loop generator; latency from the scheduled send time."""

    rate: float
    scheduled: int
    measured: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    lag_p99_ms: float  # how late the generator sent (included in the latencies)
    lag_max_ms: float
    generator_cpus: float
    api_cpus: float
    postgres_cpus: float
    server_cpu_ms_per_request: float
    postgres_cpu_ms_per_request: float
    connections_opened: int
    redemptions_written: int
    warnings: list[str] = field(default_factory=list)


# --- round trips per operation, through the HTTP API -------------------------------------------


def start_api(stack: contextlib.ExitStack, name: str, env: Mapping[str, str], workdir: Path) -> Service:
    """One more `promo serve` with `env`, stopped when `stack` closes."""
    port = free_port()
    command = [str(BIN_DIR / "promo"), "serve", "--port", str(port)]
    api = stack.enter_context(service(name, command, env, port, workdir))
    wait_until_ready(api, "/healthz")
    return api


def send(client: httpx.Client, target: Target) -> None:
    """One request (a new idempotency key if keyed); raise unless it is a good answer."""
    body = target.body.replace(KEY_PLACEHOLDER, f"rt-{secrets.token_hex(8)}")
    response = client.request(target.method, target.url, content=body, headers=dict(target.headers))
    if response.status_code != 200 or not target.good(response.text):
        raise RuntimeError(f"{target.label}: unexpected answer (HTTP {response.status_code}) {response.text}")


def describe(round_trip: RoundTrip) -> str:
    text = " ; ".join(" ".join(statement.split()) for statement in round_trip.statements) or "(nothing)"
    return f"{round_trip.ending:5} {text[:300]}"


def count_round_trips(
    stack: contextlib.ExitStack, scratch: ScratchApi, targets: Sequence[Target], requests: int
) -> dict[str, RoundTripCount]:
    """Round trips per request of each target, through an API process whose database connections pass
    through a counting proxy: `requests` sequential requests after a warm-up (steady state)."""
    proxy = stack.enter_context(RoundTripProxy(scratch.database_url))
    api = start_api(stack, "api-round-trips", {**scratch.env, "DATABASE_URL": proxy.url}, scratch.workdir)
    counts = {}
    with httpx.Client(timeout=30.0) as client:
        idle_start = proxy.count()
        time.sleep(IDLE_SECONDS)
        idle_per_second = (proxy.count() - idle_start) / IDLE_SECONDS
        for target in targets:
            aimed = replace(target, url=f"{api.url}/graphql", server_pid=api.process.pid)
            for _ in range(ROUND_TRIP_WARMUP_REQUESTS):
                send(client, aimed)
            first = proxy.count()
            each: list[list[RoundTrip]] = []
            for _ in range(requests):
                with counting(proxy) as made:
                    send(client, aimed)
                each.append(made)
            time.sleep(0.2)  # anything the last request left running in the background
            total = proxy.round_trips[first:]
            sizes = [len(made) for made in each]
            middle = statistics.median(sizes)
            typical = min(each, key=lambda made: abs(len(made) - middle))
            counts[target.key] = RoundTripCount(
                operation=target.key,
                requests=requests,
                round_trips=len(total),
                per_request=len(total) / requests,
                transaction_control=sum(1 for trip in total if trip.transaction_control),
                prepares=sum(1 for trip in total if trip.prepare_only),
                fewest=min(sizes),
                median=middle,
                most=max(sizes),
                idle_per_second=idle_per_second,
                statements=[describe(trip) for trip in typical],
            )
    return counts


def busy_seconds() -> float:
    machine = psutil.cpu_times()
    return float(machine.user + machine.nice + machine.system + machine.irq + machine.softirq + machine.steal)


def process_seconds(processes: Sequence[psutil.Process]) -> float:
    return sum(times.user + times.system for times in (process.cpu_times() for process in processes))


def measure_processes(
    wrk: str, stack: contextlib.ExitStack, scratch: ScratchApi, redeem: Target, args: argparse.Namespace
) -> ProcessesResult:
    """Redeem through `--processes` API processes at once (the scratch API and more), one wrk of
    `--connections` each, against the same campaigns' counters; the CPUs the API processes keep busy."""
    apis = [scratch.api]
    apis += [start_api(stack, f"api-{n}", scratch.env, scratch.workdir) for n in range(2, args.processes + 1)]
    targets = [
        replace(redeem, key=f"redeem-{n}", url=f"{api.url}/graphql", server_pid=api.process.pid)
        for n, api in enumerate(apis, start=1)
    ]
    for target in targets:
        verify(target)
    print(
        f"  (5) redeem through {len(apis)} API processes, wrk -c{args.connections} each: {args.warmup:g}s warm-up, "
        f"{args.duration:g}s measured … ",
        end="",
        flush=True,
    )
    if args.warmup > 0:
        warmups = []
        for target in targets:
            script = scratch.workdir / f"{target.key}-warmup.lua"
            script.write_text(wrk_script(target, f"w{secrets.token_hex(6)}-"))
            warmups.append((target, script))
        run_wrks(wrk, warmups, args, args.warmup)
    prefixes = {target.key: f"p{secrets.token_hex(6)}-" for target in targets}
    runs = []
    for target in targets:
        script = scratch.workdir / f"{target.key}.lua"
        script.write_text(wrk_script(target, prefixes[target.key]))
        runs.append((target, script))
    database = urlsplit(scratch.database_url).path[1:]
    servers = [psutil.Process(target.server_pid) for target in targets]
    pg_before, api_before, machine_before = postgres_cpu(database), process_seconds(servers), busy_seconds()
    started = time.monotonic()
    outputs = run_wrks(wrk, runs, args, args.duration)
    elapsed = time.monotonic() - started
    pg_after, api_after, machine_after = postgres_cpu(database), process_seconds(servers), busy_seconds()
    results = [parse_wrk(target, output, prefixes[target.key]) for target, output in zip(targets, outputs, strict=True)]
    for target, result in zip(targets, results, strict=True):
        if result.non_2xx or result.bad_responses:
            raise RuntimeError(
                f"{target.label} via {target.url}: of {result.requests} responses, {result.non_2xx} were not 2xx "
                f"and {result.bad_responses} were not the expected answer"
            )
    postgres = sum(seconds - pg_before.get(pid, 0.0) for pid, seconds in pg_after.items())
    api = api_after - api_before
    written = sum(redemptions_with_prefix(scratch.database_url, prefix) for prefix in prefixes.values())
    outcome = ProcessesResult(
        processes=len(apis),
        connections_each=args.connections,
        requests_per_second=sum(result.requests_per_second for result in results),
        p99_ms=max(result.p99_ms for result in results),
        api_cpus=api / elapsed,
        postgres_cpus=postgres / elapsed,
        other_cpu=max(0.0, machine_after - machine_before - api - postgres) / elapsed,
        requests=sum(result.requests for result in results),
        redemptions_written=written,
        runs=results,
    )
    print(f"{outcome.requests_per_second:,.0f} req/s, API processes {outcome.api_cpus:.2f} CPUs busy", flush=True)
    return outcome


def measure_open_loop(redeem: Target, rate: float, args: argparse.Namespace, scratch: ScratchApi) -> OpenLoopResult:
    """Redeem at `rate` requests/s from the open-loop generator (a process of its own, so its CPU shows)."""
    print(
        f"  (6) redeem open loop at {rate:,.1f}/s: {args.warmup:g}s warm-up, {args.duration:g}s measured … ",
        end="",
        flush=True,
    )
    prefix = f"o{secrets.token_hex(6)}-"
    spec = {
        "url": redeem.url,
        "body": redeem.body,
        "headers": dict(redeem.headers),
        "rate": rate,
        "warmup": args.warmup,
        "duration": args.duration,
        "must": list(redeem.must),
        "must_not": list(redeem.must_not),
        "key_placeholder": KEY_PLACEHOLDER,
        "key_prefix": prefix,
    }
    spec_path = scratch.workdir / "open-loop.json"
    spec_path.write_text(json.dumps(spec))
    database = urlsplit(scratch.database_url).path[1:]
    server = psutil.Process(redeem.server_pid)
    pg_before, api_before, started = postgres_cpu(database), process_seconds([server]), time.monotonic()
    command = [sys.executable, str(BENCH_DIR / "open_loop.py"), str(spec_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, start_new_session=True)
    elapsed = time.monotonic() - started
    pg_after, api_after = postgres_cpu(database), process_seconds([server])
    if done.returncode != 0:
        raise RuntimeError(f"the open-loop generator failed ({done.returncode}):\n{done.stderr}")
    figures = json.loads(done.stdout)
    if figures["errors"] or figures["bad"]:
        raise RuntimeError(
            f"open loop: {figures['errors']} requests failed and {figures['bad']} answers were not the expected "
            f"one; first: {figures['first_problem']}"
        )
    postgres = sum(seconds - pg_before.get(pid, 0.0) for pid, seconds in pg_after.items())
    api = api_after - api_before
    generator_cpus = figures["generator_cpu_seconds"] / figures["wall_seconds"]
    warnings = []
    if generator_cpus >= GENERATOR_BUSY_CPUS:
        warnings.append(f"the generator kept {generator_cpus:.2f} CPUs busy: it may have delayed requests itself")
    if figures["lag_p99_ms"] >= GENERATOR_LATE_MS:
        warnings.append(
            f"the generator sent late (p99 {figures['lag_p99_ms']:.1f} ms, max {figures['lag_max_ms']:.1f} ms "
            "after the scheduled time; included in the latencies)"
        )
    outcome = OpenLoopResult(
        rate=rate,
        scheduled=figures["scheduled"],
        measured=figures["measured"],
        p50_ms=figures["p50_ms"],
        p90_ms=figures["p90_ms"],
        p99_ms=figures["p99_ms"],
        max_ms=figures["max_ms"],
        lag_p99_ms=figures["lag_p99_ms"],
        lag_max_ms=figures["lag_max_ms"],
        generator_cpus=generator_cpus,
        api_cpus=api / elapsed,
        postgres_cpus=postgres / elapsed,
        server_cpu_ms_per_request=api * 1000 / max(1, figures["scheduled"]),
        postgres_cpu_ms_per_request=postgres * 1000 / max(1, figures["scheduled"]),
        connections_opened=figures["connections_opened"],
        redemptions_written=redemptions_with_prefix(scratch.database_url, prefix),
        warnings=warnings,
    )
    print(f"p99 {outcome.p99_ms:.1f} ms", flush=True)
    for warning in warnings:
        print(f"    warning: {warning}")
    return outcome
