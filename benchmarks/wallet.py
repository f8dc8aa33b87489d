"""Wallet points: paying with points through the API next to a plain code, and the expiry job's throughput.

One run measures:

  (a) through the real HTTP API (one `promo serve` process, wrk with a Lua script, 32 connections):
      (1) `redeem` of a plain code (SINGLE_CODE, 10 % off), the baseline of this run;
      (2) `redeem` paying with a wallet, `{wallet: {program: ID}, points: 100}` (1 point = 0.01 EUR);
      every request has its own idempotency key and one of --customers customers (each with a wallet
      of 10^12 points, so no spend is refused), for both; it prints p50/p95/p99 and (2)/(1) against
      the target (wallet p50 ≤ 1.3 × the plain code's).
  (b) the expiry sweep (`app.wallets.expiry.expire_due`, batches of --batch) over --credits due credits
      spread over --wallets wallets (seeded with one INSERT … SELECT generate_series, expiry instants
      shuffled against wallet order), in credits/s (target ≥ 50,000/s), next to the bare set-based
      `UPDATE wallet_transaction SET remaining = 0 WHERE <due>` over the same rows (the data is seeded
      afresh, vacuumed, analysed and checkpointed before each). The sweep's result is checked: one
      EXPIRE row per credit, every wallet's balance equal to its ledger.

Exit code 0 whether the targets are met or not (a measurement, not a test); 1 when it cannot run;
2 when wrk is missing (part (a) only; --skip-redeem runs (b) alone). Scratch databases on
--database-url's server and Redis keys under a unique prefix are removed at the end.

    .venv/bin/python benchmarks/wallet.py [--credits 1000000] [--wallets 100000] [--batch 5000]
        [--duration 10] [--warmup 3] [--rounds 3] [--skip-redeem] [--skip-expiry]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

# The other benchmarks live next to this file (sys.path[0] when the script is run).
from graphql_floor import WRK_MISSING, Service, interrupt, lua_string, scratch_api, server_parser
from redemption import CAMPAIGN_ACTIVATE, CAMPAIGN_CREATE, graphql
from redemption_wrk import checked_responses
from scratch_db import checkpoint, connect, scratch_database
from sql_count import StatementCount, counting_statements

from app.campaigns import lifecycle
from app.campaigns import services as campaigns
from app.campaigns.models import CampaignKind, CodeMode, Targeting
from app.campaigns.validation import Reward
from app.core import db
from app.core.ids import decode_id
from app.redemptions import services as redemptions
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from app.wallets import expiry

KEY = "@@KEY@@"
CUSTOMER = "@@CUSTOMER@@"
WALLET_POINTS = 10**12
POINTS_PER_REDEEM = 100
LATENCY_TARGET = 1.3
THROUGHPUT_TARGET = 50_000

# --- (a) redeem through the API -----------------------------------------------------------------

PLAIN_CAMPAIGN: dict[str, Any] = {
    "name": "Bench PLAIN10: 10 % off",
    "kind": "DISCOUNT",
    "codeMode": "SINGLE_CODE",
    "code": "PLAIN10",
    "targeting": "OPEN",
    "currency": "EUR",
    "reward": {"discount": {"type": "PERCENT", "percentOff": 10}},
}
PROGRAM: dict[str, Any] = {
    "name": "Bench points",
    "kind": "WALLET_POINTS",
    "codeMode": "NO_CODE",
    "targeting": "OPEN",
    "currency": "EUR",
    "reward": {"points": 100},
}
PROGRAM_UPDATE = """mutation Program($input: WalletProgramUpdateInput!) {
  walletProgramUpdate(input: $input) { __typename ... on Error { message code field } }
}"""
WALLET_ADJUST = """mutation Adjust($input: WalletAdjustInput!) {
  walletAdjust(input: $input) { __typename ... on Error { message code field } }
}"""
REDEEM = """mutation Redeem($input: RedeemInput!) {
  redeem(input: $input) {
    __typename
    ... on RedeemSuccess {
      redemption { id status amount discount amountDue }
      result { valid amount discount amountDue redeemables { redeemable status reason discount } }
    }
    ... on Error { message code field }
  }
}"""
ITEMS = [
    {"productId": "tshirt", "categoryIds": ["apparel"], "quantity": 2, "unitPrice": 1999},
    {"productId": "mug", "categoryIds": ["home"], "quantity": 1, "unitPrice": 899},
]
ORDER_AMOUNT = sum(item["quantity"] * item["unitPrice"] for item in ITEMS)


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    url: str
    body: str  # holds KEY and CUSTOMER, replaced for each request
    headers: Mapping[str, str]
    must: tuple[str, ...]
    must_not: tuple[str, ...] = ('"errors"', "INAPPLICABLE", "SKIPPED", "Error")


@dataclass(frozen=True)
class Latency:
    target: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    bad: int
    non_2xx: int
    socket_errors: int


def check(result: dict[str, Any], what: str) -> None:
    if result["__typename"].endswith("Error"):
        raise RuntimeError(f"{what}: {result}")


def prepare_api(api: Service, api_key: str, customers: int) -> tuple[str, str]:
    """The plain-code campaign and the points program (1 point = 1 cent), every customer's wallet filled."""
    headers = {"Authorization": f"Bearer {api_key}"}
    ids = []
    with httpx.Client(base_url=api.url, headers=headers, timeout=30.0) as client:
        for campaign in (PLAIN_CAMPAIGN, PROGRAM):
            created = graphql(client, CAMPAIGN_CREATE, {"input": campaign})["campaignCreate"]
            check(created, f"campaignCreate {campaign['name']}")
            activated = graphql(client, CAMPAIGN_ACTIVATE, {"id": created["campaign"]["id"]})["campaignActivate"]
            check(activated, f"campaignActivate {campaign['name']}")
            ids.append(created["campaign"]["id"])
        program_id = ids[1]
        updated = graphql(client, PROGRAM_UPDATE, {"input": {"program": program_id, "ratePoints": 1, "rateAmount": 1}})[
            "walletProgramUpdate"
        ]
        check(updated, "walletProgramUpdate")
        for number in range(customers):
            adjusted = graphql(
                client,
                WALLET_ADJUST,
                {
                    "input": {
                        "program": program_id,
                        "customer": {"sourceId": f"bench-{number}"},
                        "points": WALLET_POINTS,
                        "reason": "benchmark",
                        "idempotencyKey": f"fill-{number}",
                    }
                },
            )["walletAdjust"]
            check(adjusted, "walletAdjust")
    return ids[0], program_id


def redeem_targets(api: Service, api_key: str, program_id: str) -> list[Target]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    order = {"currency": "EUR", "customer": {"sourceId": CUSTOMER}, "items": ITEMS}

    def target(key: str, label: str, redeemables: list[dict[str, Any]], must: tuple[str, ...]) -> Target:
        variables = {"input": {"order": order, "redeemables": redeemables, "idempotencyKey": KEY}}
        body = json.dumps({"query": REDEEM, "variables": variables}, separators=(",", ":"))
        return Target(key, label, f"{api.url}/graphql", body, headers, must)

    success = ('"__typename":"RedeemSuccess"', '"status":"APPLICABLE"')
    return [
        target("plain", "(1) redeem a plain code", [{"code": "PLAIN10"}], success),
        target(
            "wallet",
            "(2) redeem paying with points",
            [{"wallet": {"program": program_id}, "points": POINTS_PER_REDEEM}],
            (*success, f'"amountDue":{ORDER_AMOUNT - POINTS_PER_REDEEM}'),
        ),
    ]


def verify(target: Target) -> None:
    body = target.body.replace(KEY, f"verify-{secrets.token_hex(8)}").replace(CUSTOMER, "bench-0")
    response = httpx.post(target.url, content=body, headers=dict(target.headers), timeout=30.0)
    text = response.text
    if (
        response.status_code != 200
        or not all(p in text for p in target.must)
        or any(p in text for p in target.must_not)
    ):
        raise RuntimeError(f"{target.label}: unexpected answer (HTTP {response.status_code}) {text}")


def wrk_script(target: Target, key_prefix: str, customers: int) -> str:
    """Each request: a new idempotency key, the next customer in turn; counts unexpected answers."""
    head, rest = target.body.split(CUSTOMER)
    middle, tail = rest.split(KEY)
    lines = ['wrk.method = "POST"']
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in target.headers.items()]
    lines += [
        f"local head, middle, tail = {lua_string(head)}, {lua_string(middle)}, {lua_string(tail)}",
        f"local prefix, customers = {lua_string(key_prefix)}, {customers}",
        "local sent = 0",
        "function request()",
        "  sent = sent + 1",
        "  local customer = 'bench-' .. ((sent * 7919 + thread_number) % customers)",
        '  return wrk.format(nil, nil, nil, head .. customer .. middle .. prefix .. thread_number .. "-" .. sent'
        " .. tail)",
        "end",
    ]
    return "\n".join(lines + checked_responses(target.must, target.must_not)) + "\n"


def run_wrk(wrk: str, target: Target, script: Path, args: argparse.Namespace, seconds: float) -> dict[str, float]:
    command = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s"]
    command += ["-s", str(script), target.url]
    done = subprocess.run(command, capture_output=True, text=True, check=True, start_new_session=True)
    figures = {}
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            _, name, value = line.split()
            figures[name] = float(value)
    if "requests" not in figures:
        raise RuntimeError(f"no figures in wrk's output:\n{done.stdout}\n{done.stderr}")
    return figures


def measure(wrk: str, target: Target, args: argparse.Namespace, workdir: Path) -> Latency:
    print(f"  {target.label}: {args.warmup:g}s warm-up, {args.duration:g}s measured … ", end="", flush=True)
    script = workdir / f"{target.key}.lua"
    if args.warmup > 0:
        script.write_text(wrk_script(target, f"w{secrets.token_hex(6)}-", args.customers))
        run_wrk(wrk, target, script, args, args.warmup)
    script.write_text(wrk_script(target, f"m{secrets.token_hex(6)}-", args.customers))
    f = run_wrk(wrk, target, script, args, args.duration)
    result = Latency(
        target.key,
        f["requests"] / (f["duration_us"] / 1e6),
        f["p50_us"] / 1000,
        f["p95_us"] / 1000,
        f["p99_us"] / 1000,
        int(f["requests"]),
        int(f["bad"]),
        int(f["non_2xx"]),
        int(f["socket_errors"]),
    )
    print(f"{result.requests_per_second:,.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms")
    if result.bad or result.non_2xx:
        raise RuntimeError(f"{target.label}: {result.bad} unexpected answers, {result.non_2xx} non-2xx")
    return result


async def wallet_consistency(database_url: str) -> dict[str, int]:
    """Wallets whose balance differs from their ledger, and points spent, after the load."""
    connection = await connect(database_url)
    try:
        inconsistent = await connection.fetchval(INCONSISTENT)
        spent = await connection.fetchval("SELECT -COALESCE(sum(points), 0) FROM wallet_transaction WHERE points < 0")
        return {"inconsistent_wallets": int(inconsistent), "points_spent": int(spent)}
    finally:
        await connection.close()


async def count_statements(database_url: str, program_id: str) -> dict[str, StatementCount]:
    """One redemption of each kind in this process, against the benchmark's database (after one uncounted)."""
    program = decode_id("Campaign", program_id)
    refs = {
        "plain": RedeemableRef(code="PLAIN10"),
        "wallet": RedeemableRef(wallet_program_id=program, points=POINTS_PER_REDEEM),
    }
    items = [OrderItem(i["productId"], None, tuple(i["categoryIds"]), i["quantity"], i["unitPrice"]) for i in ITEMS]
    await db.init_db(database_url)
    try:
        counts = {}
        for key, ref in refs.items():
            for counted in (False, True):
                request = OrderRequest(currency="EUR", items=items, redeemables=[ref], customer_source_id="bench-1")
                with counting_statements() as count:
                    _, redemption = await redemptions.redeem(
                        request=request, idempotency_key=f"sql-{key}-{secrets.token_hex(6)}"
                    )
                if redemption is None:
                    raise RuntimeError(f"the in-process {key} redemption was refused")
                if counted:
                    counts[key] = count()
        return counts
    finally:
        await db.close_db()


def run_redeem(
    args: argparse.Namespace, wrk: str
) -> tuple[list[Latency], list[list[Latency]], dict[str, int], dict[str, StatementCount]]:
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        print(f"Filling {args.customers} wallets through the API …", flush=True)
        _, program_id = prepare_api(scratch.api, scratch.api_key, args.customers)
        targets = redeem_targets(scratch.api, scratch.api_key, program_id)
        for target in targets:
            verify(target)
        print("Responses checked; measuring (targets alternate each round):", flush=True)
        rounds = [[measure(wrk, t, args, scratch.workdir) for t in targets] for _ in range(args.rounds)]
        totals = asyncio.run(wallet_consistency(scratch.database_url))
        counts = asyncio.run(count_statements(scratch.database_url, program_id))
    medians = [sorted(runs, key=lambda r: r.p50_ms)[len(runs) // 2] for runs in zip(*rounds, strict=True)]
    return medians, rounds, totals, counts


# --- (b) the expiry sweep -----------------------------------------------------------------------

# `wallets` customers and wallets; `credits` due credits of 1..10 points dealt round-robin over the
# wallets, due within the last 30 days in an order unrelated to the wallets'; balances to match.
SEED = """
WITH customers AS (
    INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at)
    SELECT gen_random_uuid(), 'x' || n, '', '{}', now(), now() FROM generate_series(0, $2 - 1) n
    RETURNING id
), wallets AS (
    INSERT INTO wallet (id, campaign_id, customer_id, balance, pending, created_at, updated_at)
    SELECT gen_random_uuid(), $1, id, 0, 0, now(), now() FROM customers
    RETURNING id
)
SELECT count(*) FROM wallets
"""
SEED_CREDITS = """
INSERT INTO wallet_transaction (wallet_id, kind, status, points, balance_after, remaining, expires_at, reason,
    source, created_at)
SELECT w.id, 'CREDIT', 'POSTED', 1 + n % 10, NULL, 1 + n % 10,
    $2::timestamptz - ((n::bigint * 7919) % 2592000) * interval '1 second', 'seed', 'EVENT', now()
FROM generate_series(0, $1 - 1) n
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM wallet) w ON w.k = n % $3
"""
SET_BALANCES = """
UPDATE wallet w SET balance = t.total FROM (
    SELECT wallet_id, sum(remaining) AS total FROM wallet_transaction GROUP BY wallet_id
) t WHERE t.wallet_id = w.id
"""
BASELINE = (
    "UPDATE wallet_transaction SET remaining = 0 WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $1"
)
INCONSISTENT = """
SELECT count(*) FROM wallet w LEFT JOIN (
    SELECT wallet_id, sum(points) FILTER (WHERE status = 'POSTED') AS posted, sum(remaining) AS unspent
    FROM wallet_transaction GROUP BY wallet_id
) t ON t.wallet_id = w.id
WHERE w.balance <> COALESCE(t.posted, 0) OR w.balance <> COALESCE(t.unspent, 0)
"""


@dataclass(frozen=True)
class Throughput:
    what: str
    credits: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.credits / self.seconds


async def seed(url: str, program_id: Any, credits: int, wallets: int, now: datetime) -> float:
    connection = await connect(url)
    try:
        started = time.monotonic()
        await connection.execute("TRUNCATE wallet_transaction, wallet, customer CASCADE")
        await connection.execute(SEED, program_id, wallets)
        await connection.execute(SEED_CREDITS, credits, now, wallets)
        await connection.execute(SET_BALANCES)
        await connection.execute("VACUUM ANALYZE wallet_transaction")
        await connection.execute("VACUUM ANALYZE wallet")
        return time.monotonic() - started
    finally:
        await connection.close()


async def run_expiry(args: argparse.Namespace) -> tuple[Throughput, Throughput, dict[str, int]]:
    now = datetime.now(UTC)
    async with scratch_database(args.database_url) as url:
        program = await campaigns.create_campaign(
            spec=campaigns.CampaignSpec(
                name="Expiring",
                kind=CampaignKind.WALLET_POINTS,
                code_mode=CodeMode.NO_CODE,
                targeting=Targeting.OPEN,
                reward=Reward(points=100),
                currency="EUR",
            ),
            actor=None,
        )
        await lifecycle.activate(campaign_id=program.id, actor=None, events=None)

        print(f"Seeding {args.credits:,} due credits over {args.wallets:,} wallets …", end=" ", flush=True)
        print(f"{await seed(url, program.id, args.credits, args.wallets, now):.1f}s", flush=True)
        await checkpoint(url)
        connection = await connect(url)
        try:
            started = time.monotonic()
            status = await connection.execute(BASELINE, now)
            baseline = Throughput(
                "bare UPDATE … SET remaining = 0", int(status.split()[-1]), time.monotonic() - started
            )
        finally:
            await connection.close()
        print(f"  baseline: {baseline.credits:,} rows in {baseline.seconds:.2f}s", flush=True)

        print("Seeding again …", end=" ", flush=True)
        print(f"{await seed(url, program.id, args.credits, args.wallets, now):.1f}s", flush=True)
        await checkpoint(url)
        started = time.monotonic()
        sweep = await expiry.expire_due(now=now, batch_size=args.batch, budget_seconds=3600, workers=args.workers)
        what = f"expire_due (batches of {args.batch:,}, {args.workers} connection(s))"
        job = Throughput(what, sweep.rows, time.monotonic() - started)
        print(f"  expiry: {job.credits:,} credits in {job.seconds:.2f}s ({sweep.batches} batches)", flush=True)

        connection = await connect(url)
        try:
            checks = {
                "expire_rows": await connection.fetchval(
                    "SELECT count(*) FROM wallet_transaction WHERE kind = 'EXPIRE'"
                ),
                "distinct_credits": await connection.fetchval(
                    "SELECT count(DISTINCT related_id) FROM wallet_transaction WHERE kind = 'EXPIRE'"
                ),
                "still_due": await connection.fetchval(
                    "SELECT count(*) FROM wallet_transaction WHERE remaining > 0 AND expires_at <= $1", now
                ),
                "inconsistent_wallets": await connection.fetchval(INCONSISTENT),
            }
        finally:
            await connection.close()
    return baseline, job, checks


# --- report -------------------------------------------------------------------------------------


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--customers", type=int, default=1000, help="(a) customers with a wallet, taken in turn.")
    parser.add_argument("--connections", type=int, default=32, help="(a) wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="(a) wrk threads (-t).")
    parser.add_argument("--warmup", type=float, default=3.0, help="(a) seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="(a) measured seconds per target.")
    parser.add_argument("--rounds", type=int, default=3, help="(a) rounds; the medians are reported.")
    parser.add_argument("--log-level", default="WARNING", help="(a) the API's LOG_LEVEL.")
    parser.add_argument("--credits", type=int, default=1_000_000, help="(b) due credits.")
    parser.add_argument("--wallets", type=int, default=100_000, help="(b) wallets they are spread over.")
    parser.add_argument("--batch", type=int, default=expiry.BATCH_SIZE, help="(b) the sweep's batch size.")
    parser.add_argument("--workers", type=int, default=1, help="(b) the sweep's concurrent batches.")
    parser.add_argument("--skip-redeem", action="store_true", help="Skip (a).")
    parser.add_argument("--skip-expiry", action="store_true", help="Skip (b).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None and not args.skip_redeem:
        print(WRK_MISSING, file=sys.stderr)
        return 2
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    document: dict[str, Any] = {"machine": machine(), "at": datetime.now(UTC).isoformat()}
    lines = [f"Machine: {machine()}"]
    try:
        if not args.skip_redeem:
            assert wrk is not None
            (plain, wallet), rounds, totals, counts = run_redeem(args, wrk)
            ratio = wallet.p50_ms / plain.p50_ms
            met = "MET" if ratio <= LATENCY_TARGET else "NOT MET"
            per_round = sorted(w.p50_ms / p.p50_ms for p, w in rounds)
            round_ratios = ", ".join(f"{w.p50_ms / p.p50_ms:.2f}×" for p, w in rounds)
            lines += [
                f"(a) redeem, one API process, wrk -t{args.threads} -c{args.connections}, {args.duration:g}s × "
                f"{args.rounds} rounds (median p50), {args.customers} customers:",
                f"  plain code:   {plain.requests_per_second:8,.0f} req/s  p50 {plain.p50_ms:6.2f} ms  "
                f"p95 {plain.p95_ms:6.2f} ms  p99 {plain.p99_ms:6.2f} ms",
                f"  wallet pay:   {wallet.requests_per_second:8,.0f} req/s  p50 {wallet.p50_ms:6.2f} ms  "
                f"p95 {wallet.p95_ms:6.2f} ms  p99 {wallet.p99_ms:6.2f} ms",
                f"  wallet / plain p50: {ratio:.2f}× (target ≤ {LATENCY_TARGET}×): {met}; per round {round_ratios} "
                f"(median {per_round[len(per_round) // 2]:.2f}×)",
                *(
                    f"  SQL per {key} redeem (in-process): {c.logged} statements, {c.round_trips} asyncpg round trips "
                    f"({c.transaction} BEGIN/COMMIT, {c.pool_resets} pool resets)"
                    for key, c in counts.items()
                ),
                f"  after the load: {totals['inconsistent_wallets']} wallets disagree with their ledger; "
                f"{totals['points_spent']:,} points spent",
            ]
            document["redeem"] = {
                "plain": asdict(plain),
                "wallet": asdict(wallet),
                "ratio": ratio,
                "rounds": [[asdict(r) for r in runs] for runs in rounds],
                "sql": {key: asdict(c) for key, c in counts.items()},
                **totals,
            }
        if not args.skip_expiry:
            baseline, job, checks = asyncio.run(run_expiry(args))
            met = "MET" if job.per_second >= THROUGHPUT_TARGET else "NOT MET"
            lines += [
                f"(b) expiry of {args.credits:,} due credits over {args.wallets:,} wallets:",
                f"  {baseline.what}: {baseline.credits:,} rows in {baseline.seconds:.2f}s = "
                f"{baseline.per_second:,.0f} rows/s",
                f"  {job.what}: {job.credits:,} credits in {job.seconds:.2f}s = {job.per_second:,.0f} credits/s "
                f"({job.seconds / baseline.seconds:.2f}× the bare UPDATE's time); "
                f"target ≥ {THROUGHPUT_TARGET:,}/s: {met}",
                "  checks: " + ", ".join(f"{k} {v:,}" for k, v in checks.items()),
            ]
            document["expiry"] = {
                "baseline": {**asdict(baseline), "per_second": baseline.per_second},
                "job": {**asdict(job), "per_second": job.per_second},
                "checks": checks,
            }
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped and scratch databases dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError, httpx.HTTPError) as exc:
        print(f"The benchmark could not run: {exc}", file=sys.stderr)
        return 1
    print()
    print("\n".join(lines))
    if args.json is not None:
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
