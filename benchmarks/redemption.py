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
      proxy between an extra API process and PostgreSQL (`pg_round_trips.py`), through the HTTP API;
  (5) redeem through `--processes` API processes against the same campaigns' counters, one wrk of
      `--connections` each, at once: how many CPUs the API processes keep busy;
  (6) redeem p99 at a fixed offered load of half (3)'s requests/s, from an open-loop generator
      (`open_loop.py`) that measures latency from each request's scheduled time;
  (7) the pipeline alone: CPU per validate and per redeem of the same stack called in-process, without
      HTTP or GraphQL (`pipeline_cpu.py`); (2)/(3)'s API CPU minus it is what the layers above cost.

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
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx

# graphql_floor.py and the other modules live next to this file (sys.path[0] when the script is run).
from graphql_floor import (
    PLAIN_APP,
    WRK_MISSING,
    Service,
    free_port,
    interrupt,
    scratch_api,
    server_parser,
    service,
    wait_until_ready,
)
from pipeline_cpu import PipelineResult, measure_pipeline
from redemption_phases import (
    OpenLoopResult,
    ProcessesResult,
    RoundTripCount,
    count_round_trips,
    measure_open_loop,
    measure_processes,
)
from redemption_report import json_document, report
from redemption_wrk import KEY_PLACEHOLDER, Measurement, Target, measure_rounds, verify

CUSTOMER_SOURCE_ID = "bench-customer"
LIMIT = 10_000_000  # redemptions: far more than a run can make, so no limit runs out
BUDGET = 100_000_000_000  # minor units of discount
PARTS = ("plain", "typename", "validate", "redeem", "round-trips", "two-processes", "open-loop", "pipeline")


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


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (-t).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per target.")
    parser.add_argument("--rounds", type=int, default=1, help="Measure (0)–(3) this many times; report the medians.")
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
        "--open-loop-rate", type=float, default=None, help="Offered redeem/s of open-loop; unset: half of (3)'s req/s."
    )
    parser.add_argument("--pipeline-requests", type=int, default=2000, help="In-process calls of each operation (7).")
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
    pipeline: PipelineResult | None
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
        pipeline = None
        if "pipeline" in only:
            print(f"  (7) pipeline in-process: {args.pipeline_requests} calls each … ", end="", flush=True)
            pipeline = measure_pipeline(database_url, ORDER, redeemables(campaign_ids), args.pipeline_requests)
            print(f"validate {pipeline.validate_ms:.3f} ms, redeem {pipeline.redeem_ms:.3f} ms", flush=True)
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
        return Outcome(targets, results, rounds, round_trips, processes, open_loop, pipeline, totals, load_before)


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
