"""How fast one API process takes events in, next to `{ __typename }` on the same server.

One run measures, with wrk against one API process (`promo serve`):

  (1) POST /graphql `{ __typename }` (32 connections): the baseline of this server, in this run;
  (2) mutation `eventTrack`, one event per request (32 connections), each with its own idempotency key,
      a customer drawn from 10,000 source ids, one of 5 event names and 3 properties;
  (3) mutation `eventsTrack` with 500 such events per request (4 connections).

and prints (2)/(1) next to the target (≥ 25 %) and the events/s of (3) next to its target (≥ 20,000).
Every answer is checked by wrk's Lua `response` callback (a success, nothing refused); after each
measured run the events whose key carries that run's prefix are counted in the database. Exit code 0
whether the targets are met or not; 1 when it cannot run or an answer is wrong; 2 when wrk is missing.

    .venv/bin/python benchmarks/events_ingest.py [--duration 10] [--warmup 3] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import psutil

# graphql_floor.py and redemption.py live next to this file (sys.path[0] when the script is run).
from graphql_floor import WRK_MISSING, Service, cpu_times, interrupt, lua_string, scratch_api, server_parser
from redemption_report import table
from redemption_wrk import postgres_cpu

CUSTOMERS = 10_000
NAMES = ("page_view", "app_open", "add_to_cart", "order_paid", "search")
CITIES = ("Paris", "Lyon", "Berlin", "Madrid", "Rome")
BATCH = 500
TRACK = (
    "mutation T($i: EventTrackInput!) { eventTrack(input: $i) { __typename "
    "... on EventTrackSuccess { created event { id } } ... on Error { code field } } }"
)
TRACK_MANY = (
    "mutation T($i: [EventsTrackItemInput!]!) { eventsTrack(inputs: $i) { __typename "
    "... on EventsTrackSuccess { created duplicates refused } ... on Error { code field } } }"
)


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    events_per_request: int
    body_lua: str  # Lua expression building one request body from `prefix`, `thread_number` and `sent`
    must: tuple[str, ...]


@dataclass(frozen=True)
class Measurement:
    target: str
    requests_per_second: float
    events_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_responses: int
    non_2xx: int
    socket_errors: int
    events_written: int = 0
    server_cpu: float = 0.0
    postgres_cpu: float = 0.0
    wrk_cpu: float = 0.0
    other_cpu: float = 0.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections for (1) and (2).")
    parser.add_argument("--batch-connections", type=int, default=4, help="wrk connections for (3).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per target.")
    parser.add_argument("--rounds", type=int, default=1, help="Measure (1)–(3) this many times; report the medians.")
    parser.add_argument("--log-level", default="WARNING", help="The API's LOG_LEVEL.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if min(args.connections, args.batch_connections, args.rounds) < 1 or args.duration < 1 or args.warmup < 0:
        parser.error("connections and rounds must be at least 1, --duration at least 1, --warmup not negative")
    return args


# --- request bodies, built by wrk's Lua for each request ----------------------------------------

LUA_HELPERS = f"""
local names = {{{", ".join(lua_string(name) for name in NAMES)}}}
local cities = {{{", ".join(lua_string(city) for city in CITIES)}}}
local function event(key)
  local n = math.random(1, 1000000)
  return '{{"customer":{{"sourceId":"bench-' .. math.random(1, {CUSTOMERS}) .. '"}},"name":"'
    .. names[math.random(1, #names)] .. '","properties":{{"amount":' .. n .. ',"city":"'
    .. cities[math.random(1, #cities)] .. '","first":' .. (n % 2 == 0 and 'true' or 'false')
    .. '}},"idempotencyKey":"' .. key .. '"}}'
end
local function batch(key)
  local parts = {{}}
  for i = 1, {BATCH} do parts[i] = event(key .. "-" .. i) end
  return table.concat(parts, ",")
end
"""


def targets() -> list[Target]:
    def document(query: str, variables: str) -> str:
        head, tail = json.dumps({"query": query, "variables": {"i": "@"}}).split('"@"')
        return f"{lua_string(head)} .. {variables} .. {lua_string(tail)}"

    key = 'prefix .. thread_number .. "-" .. sent'
    return [
        Target("typename", "(1) { __typename }", 0, lua_string('{"query":"{ __typename }"}'), ('"Query"',)),
        Target("track", "(2) eventTrack", 1, document(TRACK, f"event({key})"), ('"created":true', "EventTrackSuccess")),
        Target(
            "batch",
            f"(3) eventsTrack × {BATCH}",
            BATCH,
            document(TRACK_MANY, f'"[" .. batch({key}) .. "]"'),
            (f'"created":{BATCH}', '"refused":0'),
        ),
    ]


def wrk_script(target: Target, prefix: str, headers: dict[str, str]) -> str:
    """Builds each request's body, counts answers lacking any of `must`, prints figures at the end."""
    must = "{" + ", ".join(lua_string(part) for part in target.must) + "}"
    header_lines = "\n".join(f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
    return f"""wrk.method = "POST"
{header_lines}
{LUA_HELPERS}
local prefix = {lua_string(prefix)}
local sent = 0
local threads = {{}}
bad = 0
function setup(thread)
  thread:set('thread_number', #threads + 1)
  table.insert(threads, thread)
end
function init(args) math.randomseed(os.time() + thread_number * 7919) end
function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, {target.body_lua})
end
local must = {must}
function response(status, headers, body)
  for _, part in ipairs(must) do
    if not string.find(body, part, 1, true) then bad = bad + 1 return end
  end
  if string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get('bad') end
  local e = summary.errors
  io.write(string.format('BENCH bad %d\\n', total))
  io.write(string.format('BENCH requests %d\\n', summary.requests))
  io.write(string.format('BENCH duration_us %d\\n', summary.duration))
  io.write(string.format('BENCH non_2xx %d\\n', e.status))
  io.write(string.format('BENCH socket_errors %d\\n', e.connect + e.read + e.write + e.timeout))
  io.write(string.format('BENCH p50_us %.1f\\n', latency:percentile(50)))
  io.write(string.format('BENCH p99_us %.1f\\n', latency:percentile(99)))
end
"""


# --- measuring ----------------------------------------------------------------------------------


async def events_with_prefix(database_url: str, prefix: str) -> int:
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM customer_event WHERE idempotency_key LIKE $1", f"{prefix}%"
        )
        return count
    finally:
        await connection.close()


def run_wrk(wrk: str, script: Path, url: str, connections: int, seconds: float) -> dict[str, float]:
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", str(script), url]
    done = subprocess.run(command, capture_output=True, text=True, check=True, start_new_session=True)
    figures = {}
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            _, name, value = line.split()
            figures[name] = float(value)
    if "requests" not in figures:
        raise RuntimeError(f"unexpected wrk output:\n{done.stdout}\n{done.stderr}")
    return figures


def measure(
    wrk: str, target: Target, api: Service, api_key: str, args: argparse.Namespace, database_url: str, workdir: Path
) -> Measurement:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    connections = args.batch_connections if target.key == "batch" else args.connections
    url = f"{api.url}/graphql"
    print(f"  {target.label}: {args.warmup:g}s warm-up, {args.duration:g}s measured … ", end="", flush=True)
    script = workdir / f"{target.key}.lua"
    if args.warmup > 0:
        script.write_text(wrk_script(target, f"w{secrets.token_hex(4)}-", headers))
        run_wrk(wrk, script, url, connections, args.warmup)
    prefix = f"m{secrets.token_hex(4)}-"
    script.write_text(wrk_script(target, prefix, headers))
    database = urlsplit(database_url).path[1:]
    server = psutil.Process(api.process.pid)
    before = (cpu_times(server), postgres_cpu(database))
    figures = run_wrk(wrk, script, url, connections, args.duration)
    after = (cpu_times(server), postgres_cpu(database))
    seconds = figures["duration_us"] / 1e6
    result = Measurement(
        target=target.key,
        requests_per_second=figures["requests"] / seconds,
        events_per_second=figures["requests"] * target.events_per_request / seconds,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        requests=int(figures["requests"]),
        bad_responses=int(figures["bad"]),
        non_2xx=int(figures["non_2xx"]),
        socket_errors=int(figures["socket_errors"]),
        events_written=asyncio.run(events_with_prefix(database_url, prefix)) if target.events_per_request else 0,
    )
    (start, pg_start), (end, pg_end) = before, after
    elapsed = end.at - start.at
    own = end.server - start.server
    postgres = sum(value - pg_start.get(pid, 0.0) for pid, value in pg_end.items())
    load = end.children - start.children
    result = replace(
        result,
        server_cpu=own / elapsed,
        postgres_cpu=postgres / elapsed,
        wrk_cpu=load / elapsed,
        other_cpu=max(0.0, end.machine - start.machine - own - postgres - load) / elapsed,
    )
    rate = f"{result.requests_per_second:,.0f} req/s"
    if target.events_per_request > 1:
        rate += f" = {result.events_per_second:,.0f} events/s"
    print(f"{rate}, p99 {result.p99_ms:.1f} ms", flush=True)
    if result.non_2xx or result.bad_responses:
        raise RuntimeError(
            f"{target.label}: of {result.requests} responses, {result.non_2xx} were not 2xx and "
            f"{result.bad_responses} were not the expected answer"
        )
    return result


def median(runs: list[Measurement]) -> Measurement:
    return sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]


# --- report -------------------------------------------------------------------------------------


def report(results: list[Measurement], args: argparse.Namespace) -> str:
    baseline, track, batch = results
    share = track.requests_per_second / baseline.requests_per_second
    header = ("target", "req/s", "events/s", "p50 ms", "p99 ms", "server", "pg", "wrk", "other", "written")
    header += ("/API CPU-s",)
    rows: list[tuple[str, ...]] = [header]
    for target, result in zip(targets(), results, strict=True):
        rows.append(
            (
                target.label,
                f"{result.requests_per_second:,.0f}",
                f"{result.events_per_second:,.0f}" if target.events_per_request else "-",
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{result.server_cpu:.2f}",
                f"{result.postgres_cpu:.2f}",
                f"{result.wrk_cpu:.2f}",
                f"{result.other_cpu:.2f}",
                f"{result.events_written:,}" if target.events_per_request else "-",
                f"{result.requests_per_second / result.server_cpu:,.0f}" if result.server_cpu else "-",
            )
        )
    rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
    efficiency = ""
    if batch.server_cpu and batch.postgres_cpu:
        efficiency = (
            f" ({batch.events_per_second / batch.server_cpu:,.0f} events per API CPU-second, "
            f"{batch.events_per_second / batch.postgres_cpu:,.0f} per PostgreSQL CPU-second)"
        )
    return "\n".join(
        [
            f"One API process; wrk -t1, -c{args.connections} for (1) and (2), -c{args.batch_connections} for (3); "
            f"{args.duration:g}s measured after {args.warmup:g}s warm-up{rounds}",
            "server, pg, wrk, other: CPUs kept busy by the API process, the scratch database's PostgreSQL backends,",
            "wrk, and everything else; written: events of the measured run found in the database afterwards;",
            "/API CPU-s: requests per second of API CPU time (req/s ÷ server), steadier than req/s on a busy machine",
            "",
            *table(rows),
            "",
            f"(2) eventTrack: {share:.1%} of (1); target ≥ 25 %: {'MET' if share >= 0.25 else 'NOT MET'}",
            f"(3) eventsTrack × {BATCH}: {batch.events_per_second:,.0f} events/s; target ≥ 20,000: "
            f"{'MET' if batch.events_per_second >= 20_000 else 'NOT MET'}{efficiency}",
        ]
    )


def verify(api: Service, api_key: str) -> None:
    """One request of (2) and of (3) outside wrk, checked in full."""
    headers = {"Authorization": f"Bearer {api_key}"}
    event = {"customer": {"sourceId": "bench-1"}, "name": "page_view", "properties": {"amount": 1}}
    with httpx.Client(base_url=api.url, headers=headers, timeout=30) as client:
        one = client.post("/graphql", json={"query": TRACK, "variables": {"i": event}}).json()
        if one.get("data", {}).get("eventTrack", {}).get("created") is not True:
            raise RuntimeError(f"eventTrack: unexpected answer {one}")
        many = client.post("/graphql", json={"query": TRACK_MANY, "variables": {"i": [event] * BATCH}}).json()
        if many.get("data", {}).get("eventsTrack", {}).get("created") != BATCH:
            raise RuntimeError(f"eventsTrack: unexpected answer {many}")


def run(args: argparse.Namespace, wrk: str) -> list[Measurement]:
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        verify(scratch.api, scratch.api_key)
        print("Responses checked; measuring:", flush=True)
        rounds = []
        for number in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"Round {number}/{args.rounds}:", flush=True)
            rounds.append(
                [
                    measure(wrk, target, scratch.api, scratch.api_key, args, scratch.database_url, scratch.workdir)
                    for target in targets()
                ]
            )
        return [median(list(runs)) for runs in zip(*rounds, strict=True)]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr)
        return 2
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    started = time.monotonic()
    try:
        results = run(args, wrk)
    except KeyboardInterrupt:
        print("\nInterrupted; server stopped and scratch database dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError, httpx.HTTPError) as exc:
        print(f"The benchmark could not run: {exc}", file=sys.stderr)
        return 1
    print()
    print(report(results, args))
    print(f"\n({time.monotonic() - started:.0f}s)")
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(result) for result in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
