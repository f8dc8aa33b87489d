"""What validating and redeeming a realistic stack costs, next to `{ __typename }` on the same server.

One run measures, with wrk at 32 connections against one API process (requests/s, p50, p95, p99):

  (1) POST /graphql `{ __typename }`: the baseline of this server, in this run;
  (2) query `validate(order, redeemables)` with 2 codes + 1 automatic promotion, 5 items, 3 rules each;
  (3) mutation `redeem(input: {order, redeemables, idempotencyKey})` with the same stack; every request
      has its own idempotency key and no limit runs out, so every request really moves the counters;

and prints (2)/(1) and (3)/(1) next to the targets (validate ≥ 35 %, redeem ≥ 20 % of the baseline,
redeem p99 ≤ 50 ms). It also counts the SQL statements one redemption (and one validation) costs, by
running one in-process against the same database. Exit code 0 whether the targets are met or not (it
is a measurement, not a test); 1 when it cannot run (the server fails to start, a check fails, an error
response is measured); 2 when wrk is missing.

The data (3 campaigns, made through the API) lives in a database created for the run on
--database-url's server (dropped at the end); the API's Redis keys use a unique prefix (deleted at the end).

    .venv/bin/python benchmarks/redemption.py [--duration 10] [--warmup 3] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import asyncpg.connection
import httpx
import psutil

# graphql_floor.py lives next to this file (sys.path[0] when the script is run).
from graphql_floor import (
    WRK_MISSING,
    CpuTimes,
    Service,
    cpu_times,
    interrupt,
    lua_string,
    scratch_api,
    server_parser,
)

from app.core import db
from app.core.ids import decode_id
from app.core.time import utcnow
from app.redemptions import redeem as redemptions
from app.redemptions import services as redemption_services
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef

KEY_PLACEHOLDER = "@@IDEMPOTENCY_KEY@@"
CUSTOMER_SOURCE_ID = "bench-customer"
LIMIT = 10_000_000  # redemptions: far more than a run can make, so no limit runs out
BUDGET = 100_000_000_000  # minor units of discount

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
    share: float | None = None  # target: at least this share of the baseline's requests/s
    p99_ms: float | None = None  # target: p99 at most this

    @property
    def keyed(self) -> bool:
        return KEY_PLACEHOLDER in self.body

    def good(self, text: str) -> bool:
        """What the Lua `response` callback checks, in Python (the same test, so a check here proves it)."""
        return all(part in text for part in self.must) and not any(part in text for part in self.must_not)


@dataclass(frozen=True)
class Measurement:
    """One measured wrk run, where the CPU time went meanwhile (CPUs busy), and for redeem what was written."""

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


@dataclass(frozen=True)
class StatementCount:
    """Database work of one in-process call: what tortoise logs, and every asyncpg round trip."""

    logged: int
    round_trips: int
    transaction: int  # BEGIN / COMMIT / ROLLBACK
    pool_resets: int  # asyncpg's reset query, run on each release of a pooled connection
    statements: list[str] = field(default_factory=list)


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (-t).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per target.")
    parser.add_argument("--rounds", type=int, default=1, help="Measure (1)–(3) this many times; report the medians.")
    parser.add_argument("--log-level", default="WARNING", help="The API's LOG_LEVEL.")
    parser.add_argument("--show-sql", action="store_true", help="Print the statements one redemption runs.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if args.connections < 1 or args.threads < 1 or args.rounds < 1:
        parser.error("--connections, --threads and --rounds must be at least 1")
    if args.duration < 1 or args.warmup < 0:
        parser.error("--duration must be at least 1 (second) and --warmup not negative")
    return args


# --- data, through the API ----------------------------------------------------------------------


def graphql(client: httpx.Client, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    document: dict[str, Any] = response.json()
    if response.status_code != 200 or document.get("errors"):
        raise RuntimeError(f"HTTP {response.status_code}: {document}")
    data: dict[str, Any] = document["data"]
    return data


def create_campaigns(api: Service, api_key: str, campaigns: Sequence[Mapping[str, Any]] = CAMPAIGNS) -> list[str]:
    """The campaigns (the three of the stack), created and activated through the API; their GraphQL ids."""
    ids = []
    headers = {"Authorization": f"Bearer {api_key}"}
    with httpx.Client(base_url=api.url, headers=headers, timeout=10.0) as client:
        for campaign in campaigns:
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


def build_targets(api: Service, api_key: str, campaign_ids: Sequence[str]) -> list[Target]:
    stack = redeemables(campaign_ids)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    applicable = '"status":"APPLICABLE"'
    not_applicable = ('"errors"', "INAPPLICABLE", "SKIPPED")

    def target(key: str, label: str, query: str, variables: Mapping[str, Any], **rest: Any) -> Target:
        body = json.dumps({"query": query, "variables": variables}, separators=(",", ":"))
        return Target(key, label, f"{api.url}/graphql", api.process.pid, body, headers, **rest)

    redeem_input = {"order": ORDER, "redeemables": stack, "idempotencyKey": KEY_PLACEHOLDER}
    return [
        target("typename", "(1) { __typename }", "{ __typename }", {}, must=('{"data":{"__typename":"Query"}}',)),
        target(
            "validate",
            "(2) validate",
            VALIDATE,
            {"order": ORDER, "redeemables": stack},
            must=('"valid":true', applicable),
            must_not=not_applicable,
            share=0.35,
        ),
        target(
            "redeem",
            "(3) redeem",
            REDEEM,
            {"input": redeem_input},
            must=('"__typename":"RedeemSuccess"', applicable),
            must_not=not_applicable,
            share=0.20,
            p99_ms=50.0,
        ),
    ]


def verify(target: Target) -> dict[str, Any]:
    """One request; raise unless it answers what the benchmark means to measure (never an error)."""
    body = target.body.replace(KEY_PLACEHOLDER, f"verify-{secrets.token_hex(8)}")
    response = httpx.post(target.url, content=body, headers=dict(target.headers), timeout=10.0)
    if response.status_code != 200 or not target.good(response.text):
        raise RuntimeError(f"{target.label}: unexpected answer (HTTP {response.status_code}) {response.text}")
    document: dict[str, Any] = response.json()
    data = document["data"]
    if target.key != "typename":
        result = data["validate"] if target.key == "validate" else data["redeem"]["result"]
        statuses = [item["status"] for item in result["redeemables"]]
        if statuses != ["APPLICABLE"] * len(CAMPAIGNS):
            raise RuntimeError(f"{target.label}: not every redeemable applies: {result}")
    return document


# --- SQL statements per redemption (in-process) -------------------------------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


ROUND_TRIP_METHODS = (
    "execute",
    "executemany",
    "fetch",
    "fetchrow",
    "fetchval",
    "fetchmany",
    "copy_from_table",
    "copy_from_query",
    "copy_to_table",
    "copy_records_to_table",
)


@contextlib.contextmanager
def counting_statements() -> Iterator[Callable[[], StatementCount]]:
    """Count, for the block, tortoise's `tortoise.db_client` DEBUG records and every asyncpg call.

    The logger sees what goes through tortoise's execute_* methods; the asyncpg wrapper also sees
    BEGIN/COMMIT, the pool's reset query and raw calls made on `acquire_connection()` (COPY, fetch).
    """
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Records(), logger.level
    calls: list[str] = []
    originals = {name: getattr(asyncpg.connection.Connection, name) for name in ROUND_TRIP_METHODS}

    def wrap(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(self: asyncpg.connection.Connection, *args: Any, **kwargs: Any) -> Any:
            calls.append(str(args[0]) if args else name)
            return await method(self, *args, **kwargs)

        return counted

    for name, method in originals.items():
        setattr(asyncpg.connection.Connection, name, wrap(name, method))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def count() -> StatementCount:
        transaction = sum(1 for sql in calls if re.match(r"\s*(BEGIN|COMMIT|ROLLBACK)\b", sql, re.IGNORECASE))
        resets = sum(1 for sql in calls if "pg_advisory_unlock_all" in sql)
        return StatementCount(len(handler.messages), len(calls), transaction, resets, list(handler.messages))

    try:
        yield count
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        for name, method in originals.items():
            setattr(asyncpg.connection.Connection, name, method)


def order_request(campaign_ids: Sequence[str]) -> OrderRequest:
    """The benchmark's order as the resolvers build it (what `to_request` makes of ORDER)."""
    refs = [
        RedeemableRef(code=ref["code"])
        if "code" in ref
        else RedeemableRef(campaign_id=decode_id("Campaign", ref["campaignId"]))
        for ref in redeemables(campaign_ids)
    ]
    items = [
        OrderItem(item["productId"], None, tuple(item["categoryIds"]), item["quantity"], item["unitPrice"])
        for item in ITEMS
    ]
    return OrderRequest(currency="EUR", items=items, redeemables=refs, customer_source_id=CUSTOMER_SOURCE_ID)


async def count_statements(database_url: str, campaign_ids: Sequence[str]) -> dict[str, StatementCount]:
    """One validation and one redemption in this process, against the benchmark's database."""
    await db.init_db(database_url)
    try:
        # A first call of each, uncounted, as the server had made before the counted ones.
        await redemption_services.validate(order_request(campaign_ids), utcnow())
        counts = {}
        with counting_statements() as count:
            await redemption_services.validate(order_request(campaign_ids), utcnow())
            counts["validate"] = count()
        with counting_statements() as count:
            _, redemption = await redemptions.redeem(
                request=order_request(campaign_ids), idempotency_key=f"sql-count-{secrets.token_hex(8)}"
            )
            counts["redeem"] = count()
        if redemption is None:
            raise RuntimeError("the in-process redemption was refused")
        return counts
    finally:
        await db.close_db()


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
    lines = ['wrk.method = "POST"']
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
    else:
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


def run_wrk(
    wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float, timeout: float | None = None
) -> str:
    """wrk's output; `timeout`: seconds before wrk gives up on a response (its own default is 2)."""
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s"]
    if timeout is not None:
        command.append(f"--timeout={max(1, round(timeout))}s")
    command += ["-s", str(script), target.url]
    # Its own session: Ctrl-C interrupts the benchmark (which stops wrk) instead of failing wrk first.
    done = subprocess.run(command, capture_output=True, text=True, check=True, start_new_session=True)
    return done.stdout


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
    return replace(
        result,
        server_cpu=server / elapsed,
        postgres_cpu=postgres / elapsed,
        wrk_cpu=wrk / elapsed,
        other_cpu=other / elapsed,
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


# --- report -------------------------------------------------------------------------------------


def verdicts(target: Target, result: Measurement, baseline: Measurement) -> tuple[str, str, str]:
    """(share of the baseline, targets, met?) cells for one row."""
    share = result.requests_per_second / baseline.requests_per_second
    if target.share is None:
        return "100%", "baseline", "-"
    goals, met = [f"≥ {target.share:.0%}"], share >= target.share
    if target.p99_ms is not None:
        goals.append(f"p99 ≤ {target.p99_ms:g} ms")
        met = met and result.p99_ms <= target.p99_ms
    return f"{share:.1%}", ", ".join(goals), "yes" if met else "NO"


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


def report(
    targets: list[Target],
    results: list[Measurement],
    counts: Mapping[str, StatementCount],
    totals: Mapping[str, int],
    args: argparse.Namespace,
) -> str:
    baseline = results[0]
    header = (
        "target",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "server",
        "pg",
        "wrk",
        "other",
        "of (1)",
        "target",
        "met",
    )
    rows: list[tuple[str, ...]] = [header]
    for target, result in zip(targets, results, strict=True):
        rows.append(
            (
                target.label,
                f"{result.requests_per_second:,.0f}",
                f"{result.p50_ms:.2f}",
                f"{result.p95_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{result.server_cpu:.2f}",
                f"{result.postgres_cpu:.2f}",
                f"{result.wrk_cpu:.2f}",
                f"{result.other_cpu:.2f}",
                *verdicts(target, result, baseline),
            )
        )
    rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
    lines = [
        f"One API process; wrk -t{args.threads} -c{args.connections}, {args.duration:g}s measured after "
        f"{args.warmup:g}s warm-up{rounds}; {os.cpu_count()} CPUs shared by wrk, the API and PostgreSQL",
        "server, pg, wrk, other: CPUs kept busy by the API process, by the PostgreSQL backends of the scratch",
        "database, by wrk, and by everything else (well above 0.1 means other programs disturbed the figures)",
        "",
        *table(rows),
        "",
    ]
    for target, result in zip(targets[1:], results[1:], strict=True):
        share, goal, met = verdicts(target, result, baseline)
        status = "MET" if met == "yes" else "NOT MET"
        lines.append(f"{target.label}: {share} of (1), p99 {result.p99_ms:.1f} ms; target {goal}: {status}")
    for result in results:
        if result.redemptions_written is not None:
            lines.append(
                f"(3) measured run: wrk completed {result.requests:,} redeem requests; the database holds "
                f"{result.redemptions_written:,} redemptions with that run's key prefix"
            )
    lines.append("")
    for name, count in counts.items():
        unlogged = count.round_trips - count.logged - count.transaction - count.pool_resets
        lines.append(
            f"SQL per {name} (in-process): {count.logged} statements logged by tortoise.db_client; "
            f"{count.round_trips} asyncpg round trips = those + {count.transaction} BEGIN/COMMIT + "
            f"{count.pool_resets} pool-release resets" + (f" + {unlogged} unlogged" if unlogged else "")
        )
    consistent = len(set(totals.values())) == 1
    lines.append(
        "At the end, redemptions and the counters each of them moves by one "
        f"({'all equal' if consistent else 'MISMATCH'}): " + ", ".join(f"{k} {v:,}" for k, v in totals.items())
    )
    return "\n".join(lines)


# --- orchestration ------------------------------------------------------------------------------


@dataclass
class Outcome:
    targets: list[Target]
    results: list[Measurement]
    rounds: list[list[Measurement]]
    counts: dict[str, StatementCount]
    totals: dict[str, int]


def run(args: argparse.Namespace, wrk: str) -> Outcome:
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        api, api_key, database_url, workdir = scratch.api, scratch.api_key, scratch.database_url, scratch.workdir
        campaign_ids = create_campaigns(api, api_key)
        targets = build_targets(api, api_key, campaign_ids)
        for target in targets:
            verify(target)
        counts = asyncio.run(count_statements(database_url, campaign_ids))
        if args.show_sql:
            print("Statements of one redemption:", *counts["redeem"].statements, sep="\n  ")
        print("Responses checked; measuring:", flush=True)
        results, rounds = measure_rounds(wrk, targets, args, workdir, database_url)
        for target in targets:
            verify(target)
        totals = asyncio.run(consistency(database_url))
        return Outcome(targets, results, rounds, counts, totals)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr)
        return 2
    # Ctrl-C (even when started with SIGINT ignored, as background jobs are) and SIGTERM unwind the
    # same way, so the server is stopped and the scratch database dropped.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    started = time.monotonic()
    try:
        outcome = run(args, wrk)
    except KeyboardInterrupt:
        print("\nInterrupted; server stopped and scratch database dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError, httpx.HTTPError) as exc:
        print(f"The benchmark could not run: {exc}", file=sys.stderr)
        return 1
    print()
    print(report(outcome.targets, outcome.results, outcome.counts, outcome.totals, args))
    print(f"\n({time.monotonic() - started:.0f}s)")
    if args.json is not None:
        document = {
            "results": [asdict(result) for result in outcome.results],
            "rounds": [[asdict(result) for result in runs] for runs in outcome.rounds],
            "sql": {name: asdict(count) for name, count in outcome.counts.items()},
            "totals": outcome.totals,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
