"""Our API next to a peer, Vendure 3.7.3 (TypeScript, GraphQL Shop API), under the same wrk load.

Four loads, interleaved in this order in every round, each with its own wrk at 32 connections against
one server process (requests/s, p50, p99, and server / PostgreSQL CPU time per request):

  typename-ours      POST /graphql `{ __typename }` on `promo serve`, with an ADMIN key;
  typename-vendure   POST /shop-api `{ __typename }` on Vendure;
  validate-ours      query `validate(order, redeemables)`: by default one 10 % code (SAVE10) on a
                     one-line order, like Vendure's; `--stack realistic` uses benchmarks/redemption.py's
                     stack (2 codes + 1 automatic promotion, 3 rules each, 5 items);
  validate-vendure   one request holding the mutations applyCouponCode("SAVE10") and
                     removeCouponCode("SAVE10") on the connection's own active order (one product
                     variant, a 10 % `order_percentage_discount` coupon promotion); the pair counts as
                     one validation, and removing the code leaves the order as it was for the next one.

It prints our/Vendure ratios next to the targets (validate ≥ 10×, `{ __typename }` ≥ 3× Vendure's
requests/s), by wrk's count of responses and by connections ÷ mean latency (which a slow load's
start-up does not skew), and judges the targets on the lower of the two. Exit code 0 whether the
targets are met or not (it is a measurement, not a test); 1 when it cannot run (a server fails to
start, npm install fails, an error response is measured); 2 when wrk, node or npm is missing.

Every wrk runs as many threads as connections (`-t32 -c32`): a wrk thread has its own Lua state, so
each Vendure connection sends its own session's bearer token and never races another connection on
the same order. Vendure (@vendure/core and pg, pinned in benchmarks/peer_vendure/package.json) is
installed with npm into a scratch directory, /tmp/peer-vendure-<hash of package.json>, reused by later
runs. Each server gets a database created for the run on --database-url's server (dropped at the end);
Vendure synchronizes its schema there, with telemetry off.

    .venv/bin/python benchmarks/peer_vendure.py [--duration 10] [--warmup 3] [--rounds 1] [--stack single]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import psutil

# graphql_floor.py and the redemption*.py modules live next to this file (sys.path[0] when the script is run).
from graphql_floor import (
    WRK_MISSING,
    ScratchApi,
    Service,
    cpu_times,
    free_port,
    interrupt,
    scratch_api,
    scratch_database,
    server_parser,
    service,
    wait_until_ready,
)
from redemption import ORDER, VALIDATE, create_campaigns, redeemables
from redemption_report import table
from redemption_wrk import (
    Measurement,
    Target,
    lua_list,
    parse_wrk,
    postgres_cpu,
    run_wrk,
    with_cpu_shares,
    wrk_script,
)

PEER_DIR = Path(__file__).resolve().parent / "peer_vendure"
INSTALLED_MARKER = ".installed"  # written after a complete `npm install`
SUPERADMIN = "superadmin"
# A production Vendure refuses to start with the default superadmin password.
SUPERADMIN_PASSWORD = secrets.token_urlsafe(16)
COUPON = "SAVE10"
UNIT_PRICE = 1999  # minor units, the same one-line order on both sides
IDLE_TIMEOUT_SECONDS = 120.0
TYPENAME_TARGET, VALIDATE_TARGET = 3.0, 10.0  # our requests/s ≥ this many times Vendure's
NODE_MISSING = """node and npm are needed to run Vendure (Node 20 or later). Install them with:

    apt-get install -y nodejs npm      (Debian/Ubuntu; `brew install node` on macOS)
"""

SINGLE_CAMPAIGN: dict[str, Any] = {
    "name": "Bench SAVE10: 10 % off",
    "kind": "DISCOUNT",
    "codeMode": "SINGLE_CODE",
    "code": COUPON,
    "targeting": "OPEN",
    "currency": "EUR",
    "reward": {"discount": {"type": "PERCENT", "percentOff": 10}},
}
SINGLE_ORDER: dict[str, Any] = {
    "currency": "EUR",
    "items": [{"productId": "bench-tee", "categoryIds": ["apparel"], "quantity": 1, "unitPrice": UNIT_PRICE}],
}

VENDURE_LOGIN = f"""mutation {{ login(username: "{SUPERADMIN}", password: "{SUPERADMIN_PASSWORD}") {{
  __typename ... on ErrorResult {{ errorCode message }} }} }}"""
VENDURE_PRODUCT = "mutation Product($input: CreateProductInput!) { createProduct(input: $input) { id } }"
VENDURE_VARIANTS = """mutation Variants($input: [CreateProductVariantInput!]!) {
  createProductVariants(input: $input) { id price stockOnHand } }"""
VENDURE_PROMOTION = """mutation Promotion($input: CreatePromotionInput!) { createPromotion(input: $input) {
  __typename ... on Promotion { id } ... on ErrorResult { errorCode message } } }"""
VENDURE_ADD_ITEM = """mutation Add($variant: ID!) { addItemToOrder(productVariantId: $variant, quantity: 1) {
  __typename ... on Order { code total } ... on ErrorResult { errorCode message } } }"""
VENDURE_PAIR = f"""mutation Pair {{
  apply: applyCouponCode(couponCode: "{COUPON}") {{
    __typename ... on Order {{ couponCodes discounts {{ amount }} subTotal }} ... on ErrorResult {{ errorCode message }}
  }}
  remove: removeCouponCode(couponCode: "{COUPON}") {{ couponCodes subTotal }}
}}"""


@dataclass(frozen=True)
class Load:
    """One of the four loads: the request (and its checks), and on Vendure the session token of each connection."""

    target: Target
    system: str
    test: str
    database: str
    tokens: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    """What wrk measured for a load, and the CPU time per request of its server and database backends."""

    system: str
    test: str
    measurement: Measurement
    little_rps: float  # connections / mean latency: the closed loop's rate, without the start-up fill
    server_cpu_ms: float
    postgres_cpu_ms: float


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections, and as many threads.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per load.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per load.")
    parser.add_argument("--rounds", type=int, default=1, help="Measure the four loads this many times; medians.")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="Seconds wrk waits for a response (Vendure's pair is slow)."
    )
    parser.add_argument(
        "--stack", choices=("single", "realistic"), default="single", help="What our validate evaluates."
    )
    parser.add_argument("--log-level", default="WARNING", help="Our API's LOG_LEVEL.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if args.connections < 1 or args.rounds < 1:
        parser.error("--connections and --rounds must be at least 1")
    if args.duration < 1 or args.warmup < 0:
        parser.error("--duration must be at least 1 (second) and --warmup not negative")
    args.threads = args.connections  # what redemption_wrk.run_wrk passes as -t
    return args


# --- Vendure: install, start, data --------------------------------------------------------------


def install_vendure(npm: str) -> Path:
    """The scratch directory holding node_modules for package.json (installed unless a run did it) and server.js."""
    package = (PEER_DIR / "package.json").read_bytes()
    scratch = Path(tempfile.gettempdir()) / f"peer-vendure-{hashlib.sha256(package).hexdigest()[:12]}"
    scratch.mkdir(exist_ok=True)
    if not (scratch / INSTALLED_MARKER).exists():
        print(f"Installing Vendure into {scratch} (npm install, about a minute) …", flush=True)
        (scratch / "package.json").write_bytes(package)
        command = [npm, "install", "--no-audit", "--no-fund", "--omit=dev", "--loglevel=error"]
        done = subprocess.run(command, cwd=scratch, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"npm install failed ({done.returncode}):\n{done.stderr[-3000:]}")
        (scratch / INSTALLED_MARKER).touch()
    shutil.copyfile(PEER_DIR / "server.js", scratch / "server.js")  # node resolves modules beside the script
    return scratch


def start_vendure(
    stack: contextlib.ExitStack, node: str, scratch: Path, logs: Path, args: argparse.Namespace
) -> tuple[Service, str]:
    """Vendure on its own scratch database (and that database's name); `stack` stops it and drops the database."""
    database_url = stack.enter_context(scratch_database(args.database_url))
    port = free_port()
    env = {
        **os.environ,
        "PEER_VENDURE_DATABASE_URL": database_url,
        "PEER_VENDURE_PORT": str(port),
        "PEER_VENDURE_SUPERADMIN": SUPERADMIN_PASSWORD,
        "VENDURE_DISABLE_TELEMETRY": "true",
        "NODE_ENV": "production",
    }
    database = urlsplit(database_url).path[1:]
    print(f"Vendure database {database}; starting Vendure (schema synchronize) …", flush=True)
    vendure = stack.enter_context(service("vendure", [node, str(scratch / "server.js")], env, port, logs))
    wait_until_ready(vendure, "/health")
    return vendure, database


def vendure_call(
    client: httpx.Client, path: str, query: str, variables: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], str | None]:
    """The data of one GraphQL call, and the session token it returned if any; raise on any error."""
    response = client.post(path, json={"query": query, "variables": variables or {}})
    document: dict[str, Any] = response.json()
    data = document.get("data") or {}
    failed = any(isinstance(value, dict) and "errorCode" in value for value in data.values())
    if response.status_code != 200 or document.get("errors") or failed:
        raise RuntimeError(f"Vendure {path}: HTTP {response.status_code}: {document}")
    return data, response.headers.get("vendure-auth-token")


def vendure_data(vendure: Service, sessions: int) -> tuple[str, ...]:
    """The product variant and the coupon promotion through the Admin API; then `sessions` shop sessions,
    each with an active order holding the variant. Their bearer tokens."""
    with httpx.Client(base_url=vendure.url, timeout=30.0) as client:
        _, admin_token = vendure_call(client, "/admin-api", VENDURE_LOGIN)
        client.headers["Authorization"] = f"Bearer {admin_token}"
        name = [{"languageCode": "en", "name": "Bench tee"}]
        product, _ = vendure_call(
            client,
            "/admin-api",
            VENDURE_PRODUCT,
            {"input": {"translations": [{**name[0], "slug": "bench-tee", "description": ""}]}},
        )
        variant = {
            "productId": product["createProduct"]["id"],
            "sku": "BENCH-TEE",
            "price": UNIT_PRICE,
            "stockOnHand": 1_000_000,
            "translations": name,
        }
        variants, _ = vendure_call(client, "/admin-api", VENDURE_VARIANTS, {"input": [variant]})
        promotion = {
            "enabled": True,
            "couponCode": COUPON,
            "conditions": [],
            "actions": [{"code": "order_percentage_discount", "arguments": [{"name": "discount", "value": "10"}]}],
            "translations": [{"languageCode": "en", "name": "Bench SAVE10: 10 % off"}],
        }
        vendure_call(client, "/admin-api", VENDURE_PROMOTION, {"input": promotion})
        del client.headers["Authorization"]
        variant_id = variants["createProductVariants"][0]["id"]
        tokens = []
        for _ in range(sessions):
            _, token = vendure_call(client, "/shop-api", VENDURE_ADD_ITEM, {"variant": variant_id})
            if token is None:
                raise RuntimeError("Vendure's addItemToOrder returned no vendure-auth-token header")
            tokens.append(token)
        return tuple(tokens)


# --- the four loads -----------------------------------------------------------------------------


def request_body(query: str, variables: Mapping[str, Any] | None = None) -> str:
    return json.dumps({"query": query, "variables": variables or {}}, separators=(",", ":"))


TYPENAME_ANSWER = ('{"data":{"__typename":"Query"}}',)
PAIR_ANSWER = (  # the code applied (10 % of the one line off), then removed again
    f'"couponCodes":["{COUPON}"],"discounts":[{{"amount":-{round(UNIT_PRICE / 10)}}}]',
    '"couponCodes":[]',
)


def our_redeemables(ours: ScratchApi, stack: str) -> list[dict[str, str]]:
    """Our campaigns for the stack, created and activated through the API, as RedeemableInput."""
    if stack == "realistic":
        return redeemables(create_campaigns(ours.api, ours.api_key))
    create_campaigns(ours.api, ours.api_key, [SINGLE_CAMPAIGN])
    return [{"code": COUPON}]


def build_loads(ours: ScratchApi, vendure: Service, vendure_db: str, tokens: tuple[str, ...], stack: str) -> list[Load]:
    """The four loads, in the order each round measures them."""
    ours_db = urlsplit(ours.database_url).path[1:]
    ours_headers = {"Content-Type": "application/json", "Authorization": f"Bearer {ours.api_key}"}

    def our_load(test: str, body: str, **checks: Any) -> Load:
        url, pid = f"{ours.api.url}/graphql", ours.api.process.pid
        return Load(Target(f"{test}-ours", test, url, pid, body, ours_headers, **checks), "ours", test, ours_db)

    def vendure_load(test: str, body: str, tokens: tuple[str, ...] = (), **checks: Any) -> Load:
        url, pid = f"{vendure.url}/shop-api", vendure.process.pid
        target = Target(f"{test}-vendure", test, url, pid, body, {"Content-Type": "application/json"}, **checks)
        return Load(target, "Vendure", test, vendure_db, tokens)

    order = ORDER if stack == "realistic" else SINGLE_ORDER
    validate = request_body(VALIDATE, {"order": order, "redeemables": our_redeemables(ours, stack)})
    return [
        our_load("typename", request_body("{ __typename }"), must=TYPENAME_ANSWER),
        vendure_load("typename", request_body("{ __typename }"), must=TYPENAME_ANSWER),
        our_load(
            "validate",
            validate,
            must=('"valid":true', '"status":"APPLICABLE"'),
            must_not=('"errors"', "INAPPLICABLE", "SKIPPED"),
        ),
        vendure_load(
            "validate", request_body(VENDURE_PAIR), tokens, must=PAIR_ANSWER, must_not=('"errors"', '"errorCode"')
        ),
    ]


def lua_script(load: Load) -> str:
    """redemption_wrk.py's script (its response checks and BENCH figures) plus the mean latency, and on Vendure
    each thread's token."""
    lines = [
        wrk_script(load.target, ""),
        "local counting_done = done",
        "function done(summary, latency, requests)",
        "  counting_done(summary, latency, requests)",
        "  io.write(string.format('BENCH mean_us %.1f\\n', latency.mean))",
        "end",
    ]
    if load.tokens:  # each thread (one connection) sends the session token of its own order
        lines += [
            f"local tokens = {lua_list(load.tokens)}",
            "local counting_setup = setup",
            "function setup(thread)",
            "  counting_setup(thread)",
            "  thread:set('token', tokens[(#threads - 1) % #tokens + 1])",
            "end",
            "function init(args)",
            "  wrk.headers['Authorization'] = 'Bearer ' .. token",
            "end",
        ]
    return "\n".join(lines) + "\n"


def verify(load: Load) -> None:
    """One request (with the first session's token, on Vendure); raise unless it is what the load checks."""
    headers = dict(load.target.headers)
    if load.tokens:
        headers["Authorization"] = f"Bearer {load.tokens[0]}"
    response = httpx.post(load.target.url, content=load.target.body, headers=headers, timeout=10.0)
    if response.status_code != 200 or not load.target.good(response.text):
        raise RuntimeError(f"{load.target.key}: unexpected answer (HTTP {response.status_code}) {response.text}")


# --- measuring ----------------------------------------------------------------------------------


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds so far of the server process and its children (node may fork helpers; uvicorn does not)."""
    process = psutil.Process(pid)
    seconds = 0.0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            times = member.cpu_times()
            seconds += times.user + times.system
    return seconds


def wait_until_idle(pid: int) -> None:
    """Until the server has finished what an ended wrk left in flight (< 10 % of a CPU for a quarter second),
    so a backlog does not count against the next run; at most IDLE_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + IDLE_TIMEOUT_SECONDS
    before = server_cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = server_cpu_seconds(pid)
        if now - before < 0.025:
            return
        before = now


def measure(wrk: str, load: Load, args: argparse.Namespace, scripts: Path) -> Figures:
    """A warm-up run, then the measured one; error responses make the figures meaningless."""
    target = load.target
    print(f"  {target.key}: {args.warmup:g}s warm-up, {args.duration:g}s measured … ", end="", flush=True)
    script = scripts / f"{target.key}.lua"
    script.write_text(lua_script(load))
    if args.warmup > 0:
        run_wrk(wrk, target, script, args, args.warmup, args.timeout)
        wait_until_idle(target.server_pid)
    server = psutil.Process(target.server_pid)
    before = cpu_times(server), postgres_cpu(load.database), server_cpu_seconds(target.server_pid)
    output = run_wrk(wrk, target, script, args, args.duration, args.timeout)
    # The server finishes the requests wrk left in flight (one per connection) before the CPU is read again:
    # their CPU time was spent in the window, so they count as requests served.
    wait_until_idle(target.server_pid)
    after = cpu_times(server), postgres_cpu(load.database), server_cpu_seconds(target.server_pid)
    result = with_cpu_shares(parse_wrk(target, output, ""), before[:2], after[:2])
    if server.status() == psutil.STATUS_ZOMBIE:
        raise RuntimeError(f"{target.key}: the server exited during the measurement")
    if not result.requests:
        raise RuntimeError(f"{target.key}: no response within the measured {args.duration:g}s; raise --duration")
    if result.non_2xx or result.bad_responses:
        raise RuntimeError(
            f"{target.key}: of {result.requests} responses, {result.non_2xx} were not 2xx and "
            f"{result.bad_responses} were not the expected answer"
        )
    served = result.requests + args.connections
    postgres = result.postgres_cpu * (after[0].at - before[0].at)
    mean = re.search(r"^BENCH mean_us ([\d.]+)$", output, re.MULTILINE)
    if mean is None:
        raise RuntimeError(f"no mean latency in wrk's output:\n{output}")
    little = args.connections / (float(mean[1]) / 1e6)
    server_ms = 1000 * (after[2] - before[2]) / served
    figures = Figures(load.system, load.test, result, little, server_ms, 1000 * postgres / served)
    print(f"{result.requests_per_second:,.1f} req/s ({little:,.1f} by c/mean), p99 {result.p99_ms:.1f} ms", flush=True)
    if result.socket_errors:
        print(f"    warning: {result.socket_errors} socket errors (connect/read/write/timeout)")
    return figures


def measure_rounds(wrk: str, loads: list[Load], args: argparse.Namespace, scripts: Path) -> list[Figures]:
    """The four loads in turn, `--rounds` times; for each, the run with the median requests/s (upper of two)."""
    rounds: list[list[Figures]] = []
    for number in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"Round {number}/{args.rounds}:", flush=True)
        rounds.append([measure(wrk, load, args, scripts) for load in loads])
    return [
        sorted(runs, key=lambda run: run.measurement.requests_per_second)[len(runs) // 2]
        for runs in zip(*rounds, strict=True)
    ]


# --- report -------------------------------------------------------------------------------------


def ratio_lines(results: Sequence[Figures]) -> list[str]:
    """Our/Vendure requests/s by both measures next to the targets, judged on the lower one; and CPU."""
    by_key = {(figures.system, figures.test): figures for figures in results}
    lines = []
    for test, label, goal in (
        ("typename", "{ __typename }", TYPENAME_TARGET),
        ("validate", "validate", VALIDATE_TARGET),
    ):
        ours, theirs = by_key[("ours", test)], by_key[("Vendure", test)]
        counted = ours.measurement.requests_per_second / theirs.measurement.requests_per_second
        little = ours.little_rps / theirs.little_rps
        cpu = theirs.server_cpu_ms / ours.server_cpu_ms if ours.server_cpu_ms else float("inf")
        met = "MET" if min(counted, little) >= goal else "NOT MET"
        lines.append(
            f"{label}: ours/Vendure {counted:.1f}× by wrk's count, {little:.1f}× by connections/mean latency "
            f"(target ≥ {goal:g}× on the lower: {met}); Vendure's server CPU per request is {cpu:.1f}× ours"
        )
    return lines


def report(results: Sequence[Figures], args: argparse.Namespace, load_average: str) -> str:
    header = ("test", "system", "req/s", "c/mean", "p50 ms", "p99 ms", "server ms", "pg ms", "wrk", "other")
    rows: list[tuple[str, ...]] = [header]
    for figures in results:
        result = figures.measurement
        rows.append(
            (
                figures.test,
                figures.system,
                f"{result.requests_per_second:,.1f}",
                f"{figures.little_rps:,.1f}",
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{figures.server_cpu_ms:.3f}",
                f"{figures.postgres_cpu_ms:.3f}",
                f"{result.wrk_cpu:.2f}",
                f"{result.other_cpu:.2f}",
            )
        )
    rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
    stack = "benchmarks/redemption.py's stack" if args.stack == "realistic" else "one 10 % code, one-line order"
    return "\n".join(
        [
            f"wrk -t{args.connections} -c{args.connections}, {args.duration:g}s measured after {args.warmup:g}s "
            f"warm-up{rounds}; {os.cpu_count()} CPUs shared by wrk, both servers and PostgreSQL; "
            f"load average {load_average}",
            f"our validate: {stack}; Vendure's: applyCouponCode + removeCouponCode in one request (one validation)",
            "req/s: responses wrk counted ÷ seconds; c/mean: connections ÷ mean latency, the same rate without the",
            "start-up fill (a load whose latency nears --duration completes few requests in the window)",
            "server ms, pg ms: CPU time per request of the server process (and children) and of its database's",
            "PostgreSQL backends; wrk, other: CPUs kept busy by wrk and by everything else (other programs;",
            "well above 0.1 means the figures were disturbed)",
            "",
            *table(rows),
            "",
            *ratio_lines(results),
        ]
    )


# --- orchestration ------------------------------------------------------------------------------


def run(args: argparse.Namespace, wrk: str, node: str, npm: str) -> list[Figures]:
    scratch = install_vendure(npm)
    with contextlib.ExitStack() as stack:
        ours = scratch_api(stack, args)
        vendure, vendure_db = start_vendure(stack, node, scratch, ours.workdir, args)
        tokens = vendure_data(vendure, args.connections)
        loads = build_loads(ours, vendure, vendure_db, tokens, args.stack)
        for load in loads:
            verify(load)
        print("Responses checked; measuring:", flush=True)
        results = measure_rounds(wrk, loads, args, ours.workdir)
        for load in loads:
            verify(load)
        return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk, node, npm = shutil.which("wrk"), shutil.which("node"), shutil.which("npm")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr)
        return 2
    if node is None or npm is None:
        print(NODE_MISSING, file=sys.stderr)
        return 2
    # Ctrl-C (even when started with SIGINT ignored, as background jobs are) and SIGTERM unwind the
    # same way, so the servers are stopped and the scratch databases dropped.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    started = time.monotonic()
    try:
        results = run(args, wrk, node, npm)
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped and scratch databases dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError, httpx.HTTPError) as exc:
        print(f"The benchmark could not run: {exc}", file=sys.stderr)
        return 1
    load_average = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print()
    print(report(results, args, load_average))
    print(f"\n({time.monotonic() - started:.0f}s)")
    if args.json is not None:
        document = {"load_average": load_average, "results": [asdict(figures) for figures in results]}
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
