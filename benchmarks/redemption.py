"""What validating and redeeming a realistic stack cost, measured against plain Starlette in the same run.

One run measures (issue #19's targets are printed next to the figures):

  (0) GET / on a trivial Starlette app (`benchmarks/plain_app.py`, served like the API): the yardstick,
      its requests/s and its CPU per request;
  (1) POST /graphql `{ __typename }`, (2) query `validate(order, redeemables)` with 2 codes + 1 automatic
      promotion, 5 items, 3 rules each, and (3) mutation `redeem(input: {…, idempotencyKey})` with the same
      stack (every request its own key; no limit runs out, so every request moves the counters), each with
      wrk at 32 connections against one API process: requests/s, p50/p95/p99, API CPU per request and
      PostgreSQL CPU per request (CPU time of the API process / of the database's backends ÷ requests),
      both as multiples of plain Starlette's CPU per request;
  (4) round trips to PostgreSQL per validate and per redeem in steady state, counted on the wire by a
      proxy between a second API process and PostgreSQL (`pg_round_trips.py`), through the HTTP API;
  (5) redeem through `--processes` API processes against the same campaigns' counters, one wrk of
      `--connections` each, at once: how many CPUs the API processes keep busy;
  (6) redeem p99 at a fixed offered load of half (3)'s requests/s, from an open-loop generator
      (`open_loop.py`) that measures latency from each request's scheduled time.

Exit code 0 whether the targets are met or not (it is a measurement, not a test); 1 when it cannot run
(a server fails to start, a check fails, an error response is measured); 2 when wrk is missing.

The data (3 campaigns, made through the API) lives in a database created for the run on
--database-url's server (dropped at the end); the API's Redis keys use a unique prefix (deleted at the end).

    .venv/bin/python benchmarks/redemption.py [--duration 10] [--warmup 3] [--rounds 1] [--only PARTS]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import psutil

# graphql_floor.py and the other modules live next to this file (sys.path[0] when the script is run).
from graphql_floor import (
    BENCH_DIR,
    BIN_DIR,
    PLAIN_APP,
    WRK_MISSING,
    CpuTimes,
    ScratchApi,
    Service,
    cpu_times,
    free_port,
    interrupt,
    lua_string,
    scratch_api,
    server_parser,
    service,
    wait_until_ready,
)
from pg_round_trips import RoundTrip, RoundTripProxy, counting
from redemption_report import json_document, report

KEY_PLACEHOLDER = "@@IDEMPOTENCY_KEY@@"
CUSTOMER_SOURCE_ID = "bench-customer"
LIMIT = 10_000_000  # redemptions: far more than a run can make, so no limit runs out
BUDGET = 100_000_000_000  # minor units of discount
PARTS = ("plain", "typename", "validate", "redeem", "round-trips", "two-processes", "open-loop")
WRK_PARTS = PARTS[:4]

ROUND_TRIP_WARMUP_REQUESTS = 20
IDLE_SECONDS = 2.0
GENERATOR_BUSY_CPUS = 0.5  # above this the open-loop generator may be what delays requests
GENERATOR_LATE_MS = 5.0

# --- the stack: 2 codes + 1 automatic promotion, 3 validation rules each ------------------------

CAMPAIGNS: list[dict[str, Any]] = [
    {
        "name": "Bench SAVE10: 10 % off apparel",
        "kind": "DISCOUNT",
        "codeMode": "SINGLE_CODE",
        "code": "SAVE10",
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "PERCENT", "percentOff": 10}},
        "appliesToCategories": ["apparel"],
        "validationRules": [
            {"id": "save10-min", "kind": "MIN_ORDER_AMOUNT", "amount": 1000},
            {"id": "save10-cust", "kind": "CUSTOMER_REDEMPTIONS", "limit": LIMIT, "period": "DAY"},
            {"id": "save10-camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
        ],
    },
    {
        "name": "Bench TAKE5: 5 EUR off",
        "kind": "DISCOUNT",
        "codeMode": "SINGLE_CODE",
        "code": "TAKE5",
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "AMOUNT", "amountOff": 500}},
        "validationRules": [
            {"id": "take5-items", "kind": "ITEMS", "category_ids": ["apparel"]},
            {"id": "take5-camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
            {"id": "take5-budget", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": BUDGET},
        ],
    },
    {
        "name": "Bench automatic: 5 % off",
        "kind": "DISCOUNT",
        "codeMode": "NO_CODE",
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "PERCENT", "percentOff": 5}},
        "validationRules": [
            {"id": "auto-tw", "kind": "TIME_WINDOW", "days_of_week": [1, 2, 3, 4, 5, 6, 7]},
            {"id": "auto-cust", "kind": "CUSTOMER_REDEMPTIONS", "limit": LIMIT, "period": "DAY"},
            {"id": "auto-camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
        ],
    },
]
CAMPAIGN_COUNTERS = ("save10-camp", "take5-camp", "auto-camp")  # each moves by 1 per redemption
ITEMS: list[dict[str, Any]] = [
    {"productId": "tshirt", "categoryIds": ["apparel"], "quantity": 2, "unitPrice": 1999},
    {"productId": "jeans", "categoryIds": ["apparel"], "quantity": 1, "unitPrice": 5999},
    {"productId": "mug", "categoryIds": ["home"], "quantity": 3, "unitPrice": 899},
    {"productId": "novel", "categoryIds": ["books"], "quantity": 1, "unitPrice": 1499},
    {"productId": "socks", "categoryIds": ["apparel", "accessories"], "quantity": 4, "unitPrice": 499},
]
ORDER: dict[str, Any] = {"currency": "EUR", "customer": {"sourceId": CUSTOMER_SOURCE_ID}, "items": ITEMS}

CAMPAIGN_CREATE = """mutation Create($input: CampaignCreateInput!) {
  campaignCreate(input: $input) {
    __typename
    ... on CampaignCreateSuccess { campaign { id } }
    ... on Error { message code field }
  }
}"""
CAMPAIGN_ACTIVATE = """mutation Activate($id: ID!) {
  campaignActivate(input: {id: $id}) {
    __typename
    ... on CampaignTransitionSuccess { campaign { id status } }
    ... on Error { message code field }
  }
}"""
RESULT_FIELDS = """valid amount discount amountAfterDiscounts amountDue
    redeemables { redeemable status reason ruleId discount }
    lines { productId quantity amount discount }"""
VALIDATE = f"""query Validate($order: OrderInput!, $redeemables: [RedeemableInput!]!) {{
  validate(order: $order, redeemables: $redeemables) {{
    {RESULT_FIELDS}
  }}
}}"""
REDEEM = f"""mutation Redeem($input: RedeemInput!) {{
  redeem(input: $input) {{
    __typename
    ... on RedeemSuccess {{
      redemption {{ id status amount discount amountDue }}
      result {{ {RESULT_FIELDS} }}
    }}
    ... on Error {{ message code field }}
  }}
}}"""


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


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (-t).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per target.")
    parser.add_argument("--rounds", type=int, default=1, help="Measure (1)–(3) this many times; report the medians.")
    parser.add_argument("--log-level", default="WARNING", help="The API's LOG_LEVEL.")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"Comma-separated parts to run, of: {', '.join(PARTS)}. Ratios need plain; open-loop needs "
        "redeem or --open-loop-rate.",
    )
    parser.add_argument(
        "--round-trip-requests", type=int, default=200, help="Sequential requests per operation for round-trips."
    )
    parser.add_argument("--processes", type=int, default=2, help="API processes of two-processes (wrk each).")
    parser.add_argument(
        "--open-loop-rate", type=float, default=None, help="Offered redeem/s of open-loop (default: half of (3))."
    )
    parser.add_argument("--show-sql", action="store_true", help="Print the round trips of one validate/redeem.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if args.connections < 1 or args.threads < 1 or args.rounds < 1 or args.processes < 1:
        parser.error("--connections, --threads, --rounds and --processes must be at least 1")
    if args.duration < 1 or args.warmup < 0:
        parser.error("--duration must be at least 1 (second) and --warmup not negative")
    args.only = [part.strip() for part in args.only.split(",") if part.strip()]
    if unknown := set(args.only) - set(PARTS):
        parser.error(f"--only: unknown parts {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")
    if "open-loop" in args.only and "redeem" not in args.only and args.open_loop_rate is None:
        parser.error("--only open-loop needs redeem (its rate is half of redeem's maximum) or --open-loop-rate")
    if args.round_trip_requests < 1:
        parser.error("--round-trip-requests must be at least 1")
    return args


# --- data, through the API ----------------------------------------------------------------------


def graphql(client: httpx.Client, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    document: dict[str, Any] = response.json()
    if response.status_code != 200 or document.get("errors"):
        raise RuntimeError(f"HTTP {response.status_code}: {document}")
    data: dict[str, Any] = document["data"]
    return data


def create_campaigns(api: Service, api_key: str) -> list[str]:
    """The three campaigns, created and activated through the API; their GraphQL ids."""
    ids = []
    headers = {"Authorization": f"Bearer {api_key}"}
    with httpx.Client(base_url=api.url, headers=headers, timeout=10.0) as client:
        for campaign in CAMPAIGNS:
            created = graphql(client, CAMPAIGN_CREATE, {"input": campaign})["campaignCreate"]
            if created["__typename"] != "CampaignCreateSuccess":
                raise RuntimeError(f"campaignCreate {campaign['name']!r}: {created}")
            campaign_id = created["campaign"]["id"]
            activated = graphql(client, CAMPAIGN_ACTIVATE, {"id": campaign_id})["campaignActivate"]
            if activated.get("campaign", {}).get("status") != "ACTIVE":
                raise RuntimeError(f"campaignActivate {campaign['name']!r}: {activated}")
            ids.append(campaign_id)
    return ids


def redeemables(campaign_ids: Sequence[str]) -> list[dict[str, str]]:
    """The two codes and the automatic promotion, as RedeemableInput."""
    automatic = [cid for cid, c in zip(campaign_ids, CAMPAIGNS, strict=True) if c["codeMode"] == "NO_CODE"]
    codes = [c["code"] for c in CAMPAIGNS if c["codeMode"] == "SINGLE_CODE"]
    return [*({"code": code} for code in codes), *({"campaignId": cid} for cid in automatic)]


# --- targets and their checks -------------------------------------------------------------------


def build_targets(api: Service, api_key: str, campaign_ids: Sequence[str], plain: Service | None) -> list[Target]:
    """The wrk targets: plain Starlette (when it runs), then { __typename }, validate and redeem."""
    stack = redeemables(campaign_ids)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    applicable = '"status":"APPLICABLE"'
    not_applicable = ('"errors"', "INAPPLICABLE", "SKIPPED")

    def target(key: str, label: str, query: str, variables: Mapping[str, Any], **rest: Any) -> Target:
        body = json.dumps({"query": query, "variables": variables}, separators=(",", ":"))
        return Target(key, label, f"{api.url}/graphql", api.process.pid, body, headers, **rest)

    redeem_input = {"order": ORDER, "redeemables": stack, "idempotencyKey": KEY_PLACEHOLDER}
    targets = [] if plain is None else [plain_target(plain)]
    return [
        *targets,
        target("typename", "(1) { __typename }", "{ __typename }", {}, must=('{"data":{"__typename":"Query"}}',)),
        target(
            "validate",
            "(2) validate",
            VALIDATE,
            {"order": ORDER, "redeemables": stack},
            must=('"valid":true', applicable),
            must_not=not_applicable,
        ),
        target(
            "redeem",
            "(3) redeem",
            REDEEM,
            {"input": redeem_input},
            must=('"__typename":"RedeemSuccess"', applicable),
            must_not=not_applicable,
        ),
    ]


def plain_target(plain: Service) -> Target:
    return Target(
        "plain", "(0) plain Starlette", f"{plain.url}/", plain.process.pid, "", {}, ('{"ok":true}',), (), "GET"
    )


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
        if statuses != ["APPLICABLE"] * len(CAMPAIGNS):
            raise RuntimeError(f"{target.label}: not every redeemable applies: {result}")
    return document


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


async def consistency(database_url: str) -> dict[str, int]:
    """Redemptions, and the counters every redemption moves by one (they must all be equal)."""
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        figures = {"redemptions": await connection.fetchval("SELECT count(*) FROM redemption")}
        for rule_id in CAMPAIGN_COUNTERS:
            # Counters are named rule:<campaign id>:<rule id>:<period bucket>. The cast: sum() of integers is
            # numeric, a Decimal, which --json cannot write.
            used = await connection.fetchval(
                "SELECT sum(used)::bigint FROM redemption_counter WHERE name LIKE $1", f"rule:%:{rule_id}:all"
            )
            figures[f"rule {rule_id}"] = used or 0
        for row in await connection.fetch("SELECT code, redeemed_count FROM code ORDER BY code"):
            figures[f"code {row['code']}.redeemed_count"] = row["redeemed_count"]
        return figures
    finally:
        await connection.close()


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
    lines += [
        f"local must, must_not = {lua_list(target.must)}, {lua_list(target.must_not)}",
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
    return "\n".join(lines) + "\n"


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


def wrk_command(wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float) -> list[str]:
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s"]
    return [*command, "-s", str(script), target.url]


def run_wrk(wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float) -> str:
    # Its own session: Ctrl-C interrupts the benchmark (which stops wrk) instead of failing wrk first.
    command = wrk_command(wrk, target, script, args, seconds)
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


# --- orchestration ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """Everything a run measured; the parts not selected with --only stay empty."""

    targets: list[Target]
    results: list[Measurement]  # the median run of each wrk target
    rounds: list[list[Measurement]]
    round_trips: dict[str, RoundTripCount]
    processes: ProcessesResult | None
    open_loop: OpenLoopResult | None
    totals: dict[str, int]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)


def run(args: argparse.Namespace, wrk: str) -> Outcome:
    only = set(args.only)
    load_before = os.getloadavg()
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        api, api_key, database_url, workdir = scratch.api, scratch.api_key, scratch.database_url, scratch.workdir
        plain = None
        if "plain" in only:
            port = free_port()
            plain = stack.enter_context(
                service("plain", [sys.executable, str(PLAIN_APP), "--port", str(port)], os.environ, port, workdir)
            )
            wait_until_ready(plain, "/")
        campaign_ids = create_campaigns(api, api_key)
        every_target = build_targets(api, api_key, campaign_ids, plain)
        by_key = {target.key: target for target in every_target}
        for target in every_target:
            verify(target)
        print("Responses checked; measuring:", flush=True)
        targets = [target for target in every_target if target.key in only]
        results, rounds = measure_rounds(wrk, targets, args, workdir, database_url) if targets else ([], [])
        measured = {result.target: result for result in results}
        processes = None
        if "two-processes" in only:
            processes = measure_processes(wrk, stack, scratch, by_key["redeem"], args)
        open_loop = None
        if "open-loop" in only:
            rate = args.open_loop_rate or measured["redeem"].requests_per_second / 2
            open_loop = measure_open_loop(by_key["redeem"], max(1.0, rate), args, scratch)
        round_trips = {}
        if "round-trips" in only:
            print(f"  (4) round trips: {args.round_trip_requests} sequential requests each, through a proxy … ", end="")
            operations = [by_key["validate"], by_key["redeem"]]
            round_trips = count_round_trips(stack, scratch, operations, args.round_trip_requests)
            print(", ".join(f"{key} {count.per_request:.2f}" for key, count in round_trips.items()), flush=True)
            if args.show_sql:
                for key, count in round_trips.items():
                    print(f"Round trips of one {key} (steady state):", *count.statements, sep="\n  ")
        for target in every_target:
            verify(target)
        totals = asyncio.run(consistency(database_url))
        return Outcome(targets, results, rounds, round_trips, processes, open_loop, totals, load_before)


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
    started = time.monotonic()
    try:
        outcome = run(args, wrk)
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped and scratch database dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError, httpx.HTTPError) as exc:
        print(f"The benchmark could not run: {exc}", file=sys.stderr)
        return 1
    outcome.load_after = os.getloadavg()
    print()
    print(report(outcome, args))
    print(f"\n({time.monotonic() - started:.0f}s)")
    if args.json is not None:
        # default=None: anything json cannot write (a Decimal, say) fails here rather than being stringified.
        args.json.write_text(json.dumps(json_document(outcome, args), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
