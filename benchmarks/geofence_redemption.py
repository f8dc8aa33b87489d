"""What a GEOFENCE rule adds to a redemption: the same redemption with and without it, in one run.

Two campaigns differ only by one validation rule: `GEOPLUS10` has an extra GEOFENCE rule (mode INSIDE)
whose geofences contain the order's location, `PLAIN10` has not. Both are 10 % off with the same three
other rules and limits no run can reach. Among several thousand city-sized polygon geofences (50–500
vertices, scattered over the globe, plus a few overlapping the order's location), one run against one
API process (`promo serve`) measures:

  (1) sequential requests on one keep-alive connection, in rounds of four in a shuffled order (redeem and
      validate, each with and without the rule) so drift hits both variants alike: mean, p50, p90, p99
      per variant and the overhead (with − without, mean with a 95 % interval, and p50);
  (2) optionally, wrk at 32 connections on each redeem variant (requests/s, p50, p99, API CPU per request);
  (3) in-process, the SQL statements of one validation and one redemption of each variant.

Target (issue #7): a redemption with a geofence rule costs ≤ 1 ms more than the same one without it. The
exit code is 0 whether it is met or not (it is a measurement); 1 when the benchmark cannot run (the server
fails to start, a check fails, an error response is measured).

The data lives in a database created for the run on --database-url's server (dropped at the end); the
API's Redis keys use a unique prefix (deleted at the end).

    .venv/bin/python benchmarks/geofence_redemption.py [--geofences 5000] [--requests 2000] [--wrk-duration 8]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx

# The other benchmarks live next to this file (sys.path[0] when the script is run).
from geofence_lookup import EARTH_KM_PER_DEGREE, city, star
from graphql_floor import (
    Service,
    interrupt,
    scratch_api,
    server_parser,
)
from redemption import (
    CAMPAIGN_ACTIVATE,
    CAMPAIGN_CREATE,
    CUSTOMER_SOURCE_ID,
    ITEMS,
    LIMIT,
    REDEEM,
    VALIDATE,
    graphql,
)
from redemption_report import table
from redemption_wrk import KEY_PLACEHOLDER, Measurement, Target, fetch_value, median
from redemption_wrk import measure as wrk_measure
from shapely.geometry import Polygon
from sql_count import StatementCount, counting_statements

from app.core import db
from app.core.geometry import ShapeIndex
from app.core.ids import encode_id
from app.core.time import utcnow
from app.geofences import services as geofences
from app.redemptions import services as redemption_services
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef

TARGET_MS = 1.0
LOCATION = (52.5200, 13.4050)  # latitude, longitude of every measured order (Berlin)
OUTSIDE = (0.0, -30.0)  # mid-Atlantic: in none of the rule's geofences
SEED = 20261122
GEO, PLAIN = "geofence", "plain"
VARIANTS = (PLAIN, GEO)
VARIANT_LABELS = {PLAIN: "without", GEO: "with GEOFENCE"}
OPERATIONS = ("redeem", "validate")
CODES = {GEO: "GEOPLUS10", PLAIN: "PLAIN10"}
GEOFENCE_RULE_ID = "geo"

# The rules both campaigns have; the geofence campaign adds one GEOFENCE rule (built once its geofences exist).
COMMON_RULES: list[dict[str, Any]] = [
    {"id": "min", "kind": "MIN_ORDER_AMOUNT", "amount": 1000},
    {"id": "cust", "kind": "CUSTOMER_REDEMPTIONS", "limit": LIMIT, "period": "DAY"},
    {"id": "camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
]


def campaign_input(variant: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": f"Bench {CODES[variant]}: 10 % off",
        "kind": "DISCOUNT",
        "codeMode": "SINGLE_CODE",
        "code": CODES[variant],
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "PERCENT", "percentOff": 10}},
        "validationRules": rules,
    }


def order(location: tuple[float, float] | None) -> dict[str, Any]:
    where = {"location": {"latitude": location[0], "longitude": location[1]}} if location else {}
    return {"currency": "EUR", "customer": {"sourceId": CUSTOMER_SOURCE_ID}, "items": ITEMS, **where}


GEOFENCE_CREATE = """mutation Create($input: GeofenceInput!) {
  geofenceCreate(input: $input) {
    __typename
    ... on GeofenceSuccess { geofence { id name kind bounds } }
    ... on Error { message code field }
  }
}"""


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--geofences", type=int, default=5000, help="Scattered city-sized polygon geofences.")
    parser.add_argument("--overlapping", type=int, default=9, help="Extra polygons that also cover the location.")
    parser.add_argument("--requests", type=int, default=2000, help="Measured sequential requests per variant.")
    parser.add_argument("--warmup-requests", type=int, default=200, help="Unmeasured sequential requests first.")
    parser.add_argument(
        "--in-process-rounds", type=int, default=300, help="Timed in-process rounds of the four service calls."
    )
    parser.add_argument("--wrk-duration", type=float, default=8.0, help="Measured wrk seconds per variant; 0: no wrk.")
    parser.add_argument("--wrk-warmup", type=float, default=2.0, help="Seconds of unmeasured wrk load per variant.")
    parser.add_argument("--wrk-rounds", type=int, default=1, help="wrk runs of each variant (median reported).")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (-t).")
    parser.add_argument("--log-level", default="WARNING", help="The API's LOG_LEVEL.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if args.geofences < 2 or args.overlapping < 0:
        parser.error("--geofences must be at least 2 and --overlapping not negative")
    if args.requests < 10 or args.warmup_requests < 0:
        parser.error("--requests must be at least 10 and --warmup-requests not negative")
    if args.in_process_rounds < 10:
        parser.error("--in-process-rounds must be at least 10")
    if args.wrk_duration < 0 or args.wrk_warmup < 0 or args.wrk_rounds < 1:
        parser.error("--wrk-duration and --wrk-warmup must not be negative, --wrk-rounds at least 1")
    if args.connections < 1 or args.threads < 1:
        parser.error("--connections and --threads must be at least 1")
    return args


# --- geofences ----------------------------------------------------------------------------------


def geojson(polygon: Polygon) -> dict[str, Any]:
    """The polygon as GeoJSON with list positions (what the API's JSON input gives the service)."""
    return {"type": "Polygon", "coordinates": [[[x, y] for x, y in polygon.exterior.coords]]}


def overlapping(count: int, rng: random.Random) -> list[Polygon]:
    """Districts around LOCATION: centres within 1 km, 2–4 km across their radius, so each covers it."""
    shapes = []
    for _ in range(count):
        bearing, distance_km = rng.uniform(0, 2 * math.pi), rng.uniform(0, 1.0)
        lat = LOCATION[0] + distance_km * math.sin(bearing) / EARTH_KM_PER_DEGREE
        lon = LOCATION[1] + distance_km * math.cos(bearing) / (EARTH_KM_PER_DEGREE * math.cos(math.radians(lat)))
        shapes.append(star(lat, lon, rng.uniform(2.0, 4.0), rng.randint(50, 500), rng))
    return shapes


async def insert_geofences(database_url: str, shapes: Mapping[str, Polygon], concurrency: int = 8) -> dict[str, str]:
    """Every shape through the app's own service, in this process against the benchmark's database; the
    API process picks them up through its index refresh. Returns name → opaque id."""
    await db.init_db(database_url)
    try:
        gate = asyncio.Semaphore(concurrency)

        async def create(name: str, polygon: Polygon) -> tuple[str, str]:
            async with gate:
                shape = geofences.GeofenceShape(polygon=geojson(polygon))
                row = await geofences.create_geofence(name=name, shape=shape)
                return name, encode_id("Geofence", row.id)

        return dict(await asyncio.gather(*(create(name, polygon) for name, polygon in shapes.items())))
    finally:
        await db.close_db()


def create_geofence_via_api(client: httpx.Client, name: str, polygon: Polygon) -> str:
    created = graphql(client, GEOFENCE_CREATE, {"input": {"name": name, "polygon": geojson(polygon)}})
    result = created["geofenceCreate"]
    if result["__typename"] != "GeofenceSuccess":
        raise RuntimeError(f"geofenceCreate {name!r}: {result}")
    geofence_id: str = result["geofence"]["id"]
    return geofence_id


@dataclass(frozen=True)
class GeofenceSet:
    scattered: int
    overlapping: int
    vertices: int  # over every polygon
    rule_ids: list[str]  # the GEOFENCE rule's geofence_ids (opaque)
    insert_seconds: float


def create_geofences(args: argparse.Namespace, database_url: str, client: httpx.Client) -> GeofenceSet:
    """Scattered cities and districts around LOCATION (in-process, through the service), and the geofence
    the rule names first (through the API): 300 vertices, 6 km across its radius, centred on LOCATION."""
    rng = random.Random(SEED)
    scattered = {f"city-{index:05d}": city(rng) for index in range(args.geofences)}
    districts = {f"district-{index:02d}": shape for index, shape in enumerate(overlapping(args.overlapping, rng))}
    target = star(*LOCATION, 6.0, 300, rng)
    vertices = sum(len(shape.exterior.coords) - 1 for shape in [*scattered.values(), *districts.values(), target])
    print(
        f"Creating {args.geofences:,} scattered + {args.overlapping} overlapping polygon geofences in-process "
        f"(app.geofences.services.create_geofence) … ",
        end="",
        flush=True,
    )
    started = time.monotonic()
    ids = asyncio.run(insert_geofences(database_url, {**scattered, **districts}))
    insert_seconds = time.monotonic() - started
    print(f"{insert_seconds:.1f} s", flush=True)
    target_id = create_geofence_via_api(client, "bench-target", target)
    # The rule lists three geofences, as a campaign for "our three cities" would: the one that contains the
    # order's location and two far away (a lookup matches the location against all three ids).
    rule_ids = [target_id, ids["city-00000"], ids["city-00001"]]
    return GeofenceSet(args.geofences, args.overlapping, vertices, rule_ids, insert_seconds)


# --- campaigns, requests and checks -------------------------------------------------------------


def create_campaigns(client: httpx.Client, fences: GeofenceSet) -> None:
    geofence_rule = {"id": GEOFENCE_RULE_ID, "kind": "GEOFENCE", "geofence_ids": fences.rule_ids, "mode": "INSIDE"}
    for variant in VARIANTS:
        rules = [*COMMON_RULES, geofence_rule] if variant == GEO else COMMON_RULES
        campaign = campaign_input(variant, rules)
        created = graphql(client, CAMPAIGN_CREATE, {"input": campaign})["campaignCreate"]
        if created["__typename"] != "CampaignCreateSuccess":
            raise RuntimeError(f"campaignCreate {campaign['name']!r}: {created}")
        activated = graphql(client, CAMPAIGN_ACTIVATE, {"id": created["campaign"]["id"]})["campaignActivate"]
        if activated.get("campaign", {}).get("status") != "ACTIVE":
            raise RuntimeError(f"campaignActivate {campaign['name']!r}: {activated}")


def request_body(operation: str, variant: str, location: tuple[float, float] | None = LOCATION) -> str:
    """The JSON body; a redeem body holds KEY_PLACEHOLDER where each request puts its own idempotency key."""
    redeemables = [{"code": CODES[variant]}]
    if operation == "redeem":
        variables: dict[str, Any] = {
            "input": {"order": order(location), "redeemables": redeemables, "idempotencyKey": KEY_PLACEHOLDER}
        }
        query = REDEEM
    else:
        variables, query = {"order": order(location), "redeemables": redeemables}, VALIDATE
    return json.dumps({"query": query, "variables": variables}, separators=(",", ":"))


def check_answer(operation: str, variant: str, status: int, text: str) -> dict[str, Any]:
    """The redeemable's result; raise unless the answer is a success with the code APPLICABLE."""
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    what = f"{operation} {CODES[variant]}"
    if status != 200 or not isinstance(document, dict) or document.get("errors") or not document.get("data"):
        raise RuntimeError(f"{what}: HTTP {status}: {text[:2000]}")
    data = document["data"]
    if operation == "redeem":
        if data["redeem"]["__typename"] != "RedeemSuccess":
            raise RuntimeError(f"{what}: not a RedeemSuccess: {data}")
        result = data["redeem"]["result"]
    else:
        result = data["validate"]
    items = result["redeemables"]
    if not result["valid"] or len(items) != 1 or items[0]["status"] != "APPLICABLE" or items[0]["discount"] <= 0:
        raise RuntimeError(f"{what}: the code does not apply: {result}")
    first: dict[str, Any] = items[0]
    return first


def check_rule_is_evaluated(client: httpx.Client) -> None:
    """The GEOFENCE rule decides: outside its geofences and without a location, the geofence code is refused
    for that rule (and the plain code is not); a passing rule is an APPLICABLE geofence code."""
    cases = [(OUTSIDE, "OUTSIDE_GEOFENCE"), (None, "LOCATION_MISSING")]
    for location, reason in cases:
        for variant in VARIANTS:
            response = client.post("/graphql", content=request_body("validate", variant, location))
            document = response.json()
            if response.status_code != 200 or document.get("errors"):
                raise RuntimeError(f"validate at {location}: HTTP {response.status_code}: {document}")
            (item,) = document["data"]["validate"]["redeemables"]
            expected = ("INAPPLICABLE", reason, GEOFENCE_RULE_ID) if variant == GEO else ("APPLICABLE", None, None)
            if (item["status"], item["reason"], item["ruleId"]) != expected:
                raise RuntimeError(f"validate {CODES[variant]} at {location}: expected {expected}, got {item}")


# --- sequential latency -------------------------------------------------------------------------


@dataclass(frozen=True)
class Latencies:
    operation: str
    variant: str
    n: int
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float


@dataclass(frozen=True)
class Overhead:
    operation: str
    mean_ms: float  # mean of the per-round differences (with − without)
    ci95_ms: float  # half-width of its 95 % interval
    p50_ms: float  # p50 with − p50 without
    p99_ms: float  # p99 with − p99 without
    met: bool  # mean ≤ TARGET_MS


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summarise(operation: str, variant: str, seconds: Sequence[float]) -> Latencies:
    ms = [value * 1000 for value in seconds]
    return Latencies(
        operation,
        variant,
        len(ms),
        statistics.fmean(ms),
        percentile(ms, 0.50),
        percentile(ms, 0.90),
        percentile(ms, 0.99),
        max(ms),
    )


def overhead(operation: str, samples: Mapping[tuple[str, str], Sequence[float]]) -> Overhead:
    with_rule, without = samples[(operation, GEO)], samples[(operation, PLAIN)]
    differences = [(a - b) * 1000 for a, b in zip(with_rule, without, strict=True)]
    mean = statistics.fmean(differences)
    ci95 = 1.96 * statistics.stdev(differences) / math.sqrt(len(differences))
    p50 = (percentile(with_rule, 0.5) - percentile(without, 0.5)) * 1000
    p99 = (percentile(with_rule, 0.99) - percentile(without, 0.99)) * 1000
    return Overhead(operation, mean, ci95, p50, p99, mean <= TARGET_MS)


def measure_sequential(
    api: Service, api_key: str, rounds: int, warmup: int, key_prefix: str
) -> dict[tuple[str, str], list[float]]:
    """`warmup` + `rounds` rounds of the four requests in a shuffled order, one at a time on one keep-alive
    connection; every answer checked. Returns the measured seconds per (operation, variant), by round."""
    pairs = [(operation, variant) for operation in OPERATIONS for variant in VARIANTS]
    bodies = {(operation, variant): request_body(operation, variant) for operation, variant in pairs}
    samples: dict[tuple[str, str], list[float]] = {pair: [] for pair in bodies}
    rng = random.Random(SEED)
    order_of = list(bodies)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clock = time.perf_counter
    print(
        f"Sequential: {warmup:,} warm-up + {rounds:,} measured rounds of 4 requests (redeem and validate, "
        "with and without the rule, shuffled) … ",
        end="",
        flush=True,
    )
    started = time.monotonic()
    with httpx.Client(base_url=api.url, headers=headers, limits=limits, timeout=30.0) as client:
        for number in range(warmup + rounds):
            rng.shuffle(order_of)
            for operation, variant in order_of:
                body = bodies[(operation, variant)]
                if operation == "redeem":
                    body = body.replace(KEY_PLACEHOLDER, f"{key_prefix}{variant}-{number}")
                before = clock()
                response = client.post("/graphql", content=body)
                elapsed = clock() - before
                check_answer(operation, variant, response.status_code, response.text)
                if number >= warmup:
                    samples[(operation, variant)].append(elapsed)
    print(f"{time.monotonic() - started:.0f} s", flush=True)
    return samples


# --- SQL statements and service times (in-process) ------------------------------------------------


def order_request(variant: str) -> OrderRequest:
    """The measured order as the resolvers build it from the GraphQL input."""
    items = [
        OrderItem(item["productId"], None, tuple(item["categoryIds"]), item["quantity"], item["unitPrice"])
        for item in ITEMS
    ]
    return OrderRequest(
        currency="EUR",
        items=items,
        redeemables=[RedeemableRef(code=CODES[variant])],
        customer_source_id=CUSTOMER_SOURCE_ID,
        location=LOCATION,
    )


@dataclass(frozen=True)
class SqlCounts:
    counts: dict[str, StatementCount]  # "<operation> <variant>" → one call, in steady state
    index_check: StatementCount | None  # one geofence redemption whose index version check is due
    index_build_seconds: float  # this process's first geofence lookup (loads every geofence)


@dataclass(frozen=True)
class ServiceTimes:
    """The services alone (no HTTP, no GraphQL), in-process, interleaved like the sequential requests."""

    rounds: int
    mean_ms: dict[str, float]  # "<operation> <variant>" → mean time of one call
    lookup_in_flow_us: float  # ShapeIndex.covering, mean, inside those calls
    lookup_tight_us: float  # the same lookup repeated in a tight loop (warm CPU caches)


@contextlib.contextmanager
def timing_lookups() -> Iterator[list[float]]:
    """Seconds spent in every `ShapeIndex.covering` call (the index lookup itself) during the block."""
    spent: list[float] = []
    original = ShapeIndex.covering

    def timed(self: ShapeIndex, latitude: float, longitude: float) -> set[str]:
        started = time.perf_counter()
        try:
            return original(self, latitude, longitude)
        finally:
            spent.append(time.perf_counter() - started)

    ShapeIndex.covering = timed  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        ShapeIndex.covering = original  # type: ignore[method-assign]


async def in_process(database_url: str, rounds: int) -> tuple[SqlCounts, ServiceTimes]:
    """In this process, against the benchmark's database: the statements of one validation and one
    redemption of each variant, each right after an uncounted one of its kind (so the geofence index is
    loaded and was just checked); then `rounds` shuffled rounds of the four calls, timed."""
    await db.init_db(database_url)
    try:
        started = time.monotonic()
        await redemption_services.validate(order_request(GEO), utcnow())
        build = time.monotonic() - started
        counts: dict[str, StatementCount] = {}
        for operation in OPERATIONS:
            for variant in VARIANTS:
                await call(operation, variant)
                with counting_statements() as count:
                    await call(operation, variant)
                    counts[f"{operation} {variant}"] = count()
        index_check = None
        cache = getattr(geofences, "index_cache", None)
        if cache is not None and hasattr(cache, "checked_at"):
            cache.checked_at = 0.0  # the check of the index version falls due on the next lookup
            with counting_statements() as count:
                await call("redeem", GEO)
                index_check = count()
        times = await time_services(rounds)
        return SqlCounts(counts, index_check, build), times
    finally:
        await db.close_db()


async def time_services(rounds: int, warmup: int = 20) -> ServiceTimes:
    spent: dict[str, list[float]] = {f"{op} {variant}": [] for op in OPERATIONS for variant in VARIANTS}
    names = list(spent)
    rng = random.Random(SEED)
    with timing_lookups() as lookups:
        for number in range(warmup + rounds):
            rng.shuffle(names)
            for name in names:
                operation, variant = name.split()
                before = time.perf_counter()
                await call(operation, variant)
                if number >= warmup:
                    spent[name].append(time.perf_counter() - before)
            if number == warmup - 1:
                lookups.clear()
        in_flow = statistics.fmean(lookups) if lookups else math.nan
        lookups.clear()
        for _ in range(1000):
            await geofences.covering(latitude=LOCATION[0], longitude=LOCATION[1])
        tight = statistics.fmean(lookups) if lookups else math.nan
    means = {name: statistics.fmean(values) * 1000 for name, values in sorted(spent.items())}
    return ServiceTimes(rounds, means, in_flow * 1e6, tight * 1e6)


async def call(operation: str, variant: str) -> None:
    if operation == "validate":
        evaluation, _ = await redemption_services.validate(order_request(variant), utcnow())
    else:
        key = f"sql-count-{secrets.token_hex(8)}"
        evaluation, redemption = await redemption_services.redeem(request=order_request(variant), idempotency_key=key)
        if redemption is None:
            raise RuntimeError(f"the in-process redemption of {CODES[variant]} was refused: {evaluation.outcomes}")
    if len(evaluation.applicable()) != 1:
        raise RuntimeError(f"in-process {operation} of {CODES[variant]}: not applicable: {evaluation.outcomes}")


# --- wrk (optional) -----------------------------------------------------------------------------


def wrk_targets(api: Service, api_key: str) -> dict[str, Target]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    return {
        variant: Target(
            key=f"redeem-{variant}",
            label=f"redeem {VARIANT_LABELS[variant]}",
            url=f"{api.url}/graphql",
            server_pid=api.process.pid,
            body=request_body("redeem", variant),
            headers=headers,
            must=('"__typename":"RedeemSuccess"', '"status":"APPLICABLE"'),
            must_not=('"errors"', "INAPPLICABLE", "SKIPPED"),
        )
        for variant in VARIANTS
    }


def measure_wrk(
    wrk: str, api: Service, api_key: str, args: argparse.Namespace, scripts: Path, database_url: str
) -> dict[str, Measurement]:
    """Each redeem variant under wrk; rounds alternate which goes first (ABBA), medians reported."""
    options = argparse.Namespace(
        warmup=args.wrk_warmup, duration=args.wrk_duration, connections=args.connections, threads=args.threads
    )
    targets = wrk_targets(api, api_key)
    runs: dict[str, list[Measurement]] = {variant: [] for variant in VARIANTS}
    print(f"wrk -t{args.threads} -c{args.connections}, redeem:", flush=True)
    for number in range(args.wrk_rounds):
        for variant in VARIANTS if number % 2 == 0 else VARIANTS[::-1]:
            runs[variant].append(wrk_measure(wrk, targets[variant], options, scripts, database_url))
    return {variant: median(results) for variant, results in runs.items()}


# --- report -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    fences: GeofenceSet
    first_lookup_seconds: float
    latencies: list[Latencies]
    overheads: dict[str, Overhead]
    sql: SqlCounts
    services: ServiceTimes
    wrk: dict[str, Measurement]
    written: dict[str, int]


def sql_line(name: str, count: StatementCount) -> tuple[str, ...]:
    return (name, str(count.logged), str(count.round_trips), str(count.transaction), str(count.pool_resets))


def report(outcome: Outcome, args: argparse.Namespace) -> str:
    fences = outcome.fences
    total = fences.scattered + fences.overlapping + 1
    lines = [
        f"{total:,} polygon geofences ({fences.vertices:,} vertices): {fences.scattered:,} scattered cities, "
        f"{fences.overlapping} districts and the rule's own geofence covering the order's location; the rule "
        f"names {len(fences.rule_ids)} geofences. First geofenced request (loads every geofence, builds the "
        f"index): {outcome.first_lookup_seconds:.2f} s through the API, {outcome.sql.index_build_seconds:.2f} s "
        "in-process",
        f"One API process; sequential requests on one keep-alive connection (client-side latency), "
        f"{os.cpu_count()} CPUs shared by the client, the API and PostgreSQL",
        "",
    ]
    rows: list[tuple[str, ...]] = [("request", "n", "mean ms", "p50 ms", "p90 ms", "p99 ms", "max ms")]
    for item in outcome.latencies:
        rows.append(
            (
                f"{item.operation} {VARIANT_LABELS[item.variant]}",
                f"{item.n:,}",
                f"{item.mean_ms:.3f}",
                f"{item.p50_ms:.3f}",
                f"{item.p90_ms:.3f}",
                f"{item.p99_ms:.3f}",
                f"{item.max_ms:.1f}",
            )
        )
    lines += [*table(rows), ""]
    rows = [("overhead (with − without)", "mean ms", "95% CI ±", "p50 ms", "p99 ms", "target", "met")]
    for operation, cost in outcome.overheads.items():
        rows.append(
            (
                operation,
                f"{cost.mean_ms:+.3f}",
                f"{cost.ci95_ms:.3f}",
                f"{cost.p50_ms:+.3f}",
                f"{cost.p99_ms:+.3f}",
                f"≤ {TARGET_MS:g} ms" if operation == "redeem" else "-",
                ("yes" if cost.met else "NO") if operation == "redeem" else "-",
            )
        )
    lines += [*table(rows), ""]
    if outcome.wrk:
        rows = [("wrk redeem", "req/s", "p50 ms", "p99 ms", "server", "pg", "other", "API CPU ms/req")]
        for variant, result in outcome.wrk.items():
            rows.append(
                (
                    VARIANT_LABELS[variant],
                    f"{result.requests_per_second:,.0f}",
                    f"{result.p50_ms:.2f}",
                    f"{result.p99_ms:.2f}",
                    f"{result.server_cpu:.2f}",
                    f"{result.postgres_cpu:.2f}",
                    f"{result.other_cpu:.2f}",
                    f"{1000 * result.server_cpu / result.requests_per_second:.3f}",
                )
            )
        rounds = f", median of {args.wrk_rounds} rounds" if args.wrk_rounds > 1 else ""
        lines += [
            f"wrk -t{args.threads} -c{args.connections}, {args.wrk_duration:g}s measured after "
            f"{args.wrk_warmup:g}s warm-up{rounds}",
            *table(rows),
            "",
        ]
    rows = [("SQL per call (in-process)", "logged", "round trips", "BEGIN/COMMIT", "pool resets")]
    rows += [sql_line(name, count) for name, count in outcome.sql.counts.items()]
    if outcome.sql.index_check is not None:
        rows.append(sql_line("redeem geofence, index check due", outcome.sql.index_check))
    lines += [*table(rows)]
    extra = {
        operation: outcome.sql.counts[f"{operation} {GEO}"].logged - outcome.sql.counts[f"{operation} {PLAIN}"].logged
        for operation in OPERATIONS
    }
    lines.append(
        "Statements the rule adds in steady state: "
        + ", ".join(f"{operation} {value:+d}" for operation, value in extra.items())
        + (
            f"; when the index version check is due (at most every {geofences.INDEX_CHECK_SECONDS:g} s per process): "
            f"{outcome.sql.index_check.logged - outcome.sql.counts[f'redeem {PLAIN}'].logged:+d}"
            if outcome.sql.index_check is not None and hasattr(geofences, "INDEX_CHECK_SECONDS")
            else ""
        )
    )
    services = outcome.services
    lines.append("")
    lines.append(
        f"In-process, the services alone (no HTTP, no GraphQL), {services.rounds} shuffled rounds: "
        + "; ".join(
            f"{operation} {plain:.3f} → {fenced:.3f} ms ({fenced - plain:+.3f})"
            for operation in OPERATIONS
            for plain, fenced in [(services.mean_ms[f"{operation} {PLAIN}"], services.mean_ms[f"{operation} {GEO}"])]
        )
    )
    lines.append(
        f"The geofence lookup (ShapeIndex.covering) inside those calls: mean {services.lookup_in_flow_us:.1f} µs; "
        f"the same lookup repeated in a tight loop (warm CPU caches): {services.lookup_tight_us:.1f} µs"
    )
    lines.append(
        "Sequential redemptions written, by variant: " + ", ".join(f"{k} {v:,}" for k, v in outcome.written.items())
    )
    lines.append("")
    redeem = outcome.overheads["redeem"]
    lines.append(
        f"Redeem with a GEOFENCE rule costs {redeem.mean_ms:+.3f} ms (95% CI ±{redeem.ci95_ms:.3f}) on the mean, "
        f"{redeem.p50_ms:+.3f} ms at p50; target ≤ {TARGET_MS:g} ms: {'MET' if redeem.met else 'NOT MET'}"
    )
    return "\n".join(lines)


# --- orchestration ------------------------------------------------------------------------------


def timed(action: Callable[[], Any]) -> float:
    started = time.monotonic()
    action()
    return time.monotonic() - started


def run(args: argparse.Namespace, wrk: str | None) -> Outcome:
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        api, api_key, database_url, workdir = scratch.api, scratch.api_key, scratch.database_url, scratch.workdir
        headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
        client = stack.enter_context(httpx.Client(base_url=api.url, headers=headers, timeout=120.0))
        fences = create_geofences(args, database_url, client)
        create_campaigns(client, fences)
        # The API builds its index on its first lookup; time it, then check every answer the run measures.
        first_lookup = timed(lambda: client.post("/graphql", content=request_body("validate", GEO)))
        for operation in OPERATIONS:
            for variant in VARIANTS:
                body = request_body(operation, variant).replace(KEY_PLACEHOLDER, f"verify-{secrets.token_hex(8)}")
                response = client.post("/graphql", content=body)
                check_answer(operation, variant, response.status_code, response.text)
        check_rule_is_evaluated(client)
        print("Responses checked (the GEOFENCE rule refuses OUTSIDE_GEOFENCE and LOCATION_MISSING).", flush=True)
        print(f"In-process: SQL statements, then {args.in_process_rounds} timed rounds of the services … ", end="")
        started = time.monotonic()
        sql, services = asyncio.run(in_process(database_url, args.in_process_rounds))
        print(f"{time.monotonic() - started:.0f} s", flush=True)
        key_prefix = f"seq-{secrets.token_hex(4)}-"
        samples = measure_sequential(api, api_key, args.requests, args.warmup_requests, key_prefix)
        written = {
            variant: int(
                asyncio.run(
                    fetch_value(
                        database_url,
                        "SELECT count(*) FROM redemption WHERE idempotency_key LIKE $1",
                        f"{key_prefix}{variant}-%",
                    )
                )
            )
            for variant in VARIANTS
        }
        expected = args.requests + args.warmup_requests
        if any(count != expected for count in written.values()):
            raise RuntimeError(f"expected {expected} sequential redemptions of each variant, found {written}")
        measured = {}
        if wrk is not None and args.wrk_duration > 0:
            measured = measure_wrk(wrk, api, api_key, args, workdir, database_url)
        latencies = [summarise(op, variant, samples[(op, variant)]) for op in OPERATIONS for variant in VARIANTS]
        overheads = {operation: overhead(operation, samples) for operation in OPERATIONS}
        return Outcome(fences, first_lookup, latencies, overheads, sql, services, measured, written)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None and args.wrk_duration > 0:
        print("wrk is not installed (apt-get install -y wrk): the wrk part is skipped.", file=sys.stderr)
    # Ctrl-C (even when started with SIGINT ignored, as background jobs are) and SIGTERM unwind the
    # same way, so the server is stopped and the scratch database dropped.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, interrupt)
    started = time.monotonic()
    try:
        result = run(args, wrk)
    except KeyboardInterrupt:
        print("\nInterrupted; server stopped and scratch database dropped.", file=sys.stderr)
        return 130
    except (RuntimeError, subprocess.CalledProcessError, OSError, asyncpg.PostgresError, httpx.HTTPError) as exc:
        print(f"\nThe benchmark could not run: {exc}", file=sys.stderr)
        return 1
    print()
    print(report(result, args))
    print(f"\n({time.monotonic() - started:.0f}s)")
    if args.json is not None:
        document = {
            "geofences": asdict(result.fences),
            "first_lookup_seconds": result.first_lookup_seconds,
            "latencies": [asdict(item) for item in result.latencies],
            "overheads": {name: asdict(item) for name, item in result.overheads.items()},
            "wrk": {name: asdict(item) for name, item in result.wrk.items()},
            "sql": {name: asdict(count) for name, count in result.sql.counts.items()},
            "sql_index_check": asdict(result.sql.index_check) if result.sql.index_check else None,
            "services": asdict(result.services),
            "written": result.written,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
