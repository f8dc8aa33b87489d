"""What a persisted query saves: `validate` sent as full text vs by its hash, next to `{ __typename }`.

One run measures, with wrk at 32 connections against one API process (requests/s, p50, p99, and the
API's CPU time per request):

  (1) POST /graphql `{ __typename }`: the baseline of this server, in this run;
  (2) query `validate(order, redeemables)` (the stack of benchmarks/redemption.py) sent as full text:
      strawberry's parser cache and the validation cache hit, but the text is hashed, the limits
      measured and the cache keys compared on every request;
  (3) the same `validate` by hash only (Apollo APQ, `extensions.persistedQuery.sha256Hash`), after one
      request registered it: the prepared document is taken from the process's LRU, with no parse,
      limit measurement or validation;

It also times, in this process and without load, the steps before execution that a hash skips: the
parser-cache lookup, the limit measurement and the validation-cache lookup of the full text, against the
LRU lookup by hash, and the uncached parse + measure + validate a cache miss costs (CPU µs per request,
median of 5 batches).

Exit code 0 (it is a measurement, not a test); 1 when it cannot run; 2 when wrk is missing. Same scratch
database and Redis prefix as graphql_floor.py (dropped and deleted at the end).

    .venv/bin/python benchmarks/persisted_queries.py [--duration 10] [--warmup 3] [--rounds 1]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

import asyncpg
import httpx

# graphql_floor.py and redemption.py live next to this file (sys.path[0] when the script is run).
from graphql_floor import (
    WRK_MISSING,
    Measurement,
    Target,
    interrupt,
    measure_rounds,
    scratch_api,
    server_parser,
)
from redemption import ORDER, VALIDATE, create_campaigns, redeemables


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = server_parser(__doc__)
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (-c).")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (-t).")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of unmeasured load per target.")
    parser.add_argument("--duration", type=float, default=10.0, help="Measured seconds per target.")
    parser.add_argument("--rounds", type=int, default=1, help="Measure every target this many times; medians.")
    parser.add_argument("--log-level", default="WARNING", help="The API's LOG_LEVEL.")
    return parser.parse_args(argv)


def persisted(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}


def build_targets(url: str, pid: int, api_key: str, variables: Mapping[str, Any]) -> list[Target]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}

    def target(key: str, label: str, body: Mapping[str, Any]) -> Target:
        return Target(key, label, f"{url}/graphql", pid, "POST", json.dumps(body, separators=(",", ":")), headers)

    return [
        target("typename", "(1) { __typename }", {"query": "{ __typename }"}),
        target("text", "(2) validate, full text", {"query": VALIDATE, "variables": variables}),
        target("hash", "(3) validate, by hash", {"extensions": persisted(VALIDATE), "variables": variables}),
    ]


def verify(target: Target) -> None:
    """One request; raise unless it answers what the benchmark means to measure (never an error)."""
    assert target.body is not None
    response = httpx.post(target.url, content=target.body, headers=dict(target.headers), timeout=10.0)
    document = response.json()
    data = document.get("data") or {}
    good = data == {"__typename": "Query"} if target.key == "typename" else (data.get("validate") or {}).get("valid")
    if response.status_code != 200 or document.get("errors") or not good:
        raise RuntimeError(f"{target.label}: unexpected answer (HTTP {response.status_code}) {response.text[:500]}")


def report(targets: list[Target], results: list[Measurement], args: argparse.Namespace) -> str:
    baseline = results[0]
    lines = [
        f"wrk -t{args.threads} -c{args.connections}, {args.duration:g}s measured after {args.warmup:g}s warm-up; "
        "API CPU ms/request = CPUs the API kept busy / requests per second",
        "",
        f"{'target':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'API CPU ms/req':>16}{'of (1)':>8}{'other':>7}",
    ]
    for target, result in zip(targets, results, strict=True):
        cpu_ms = 1000 * result.server_cpu / result.requests_per_second
        share = result.requests_per_second / baseline.requests_per_second
        lines.append(
            f"{target.label:<26}{result.requests_per_second:>9,.0f}{result.p50_ms:>9.2f}{result.p99_ms:>9.2f}"
            f"{cpu_ms:>16.3f}{share:>8.0%}{result.other_cpu:>7.2f}"
        )
    text, hashed = results[1], results[2]
    saved = 1000 * (text.server_cpu / text.requests_per_second - hashed.server_cpu / hashed.requests_per_second)
    lines += [
        "",
        f"By hash: {hashed.requests_per_second / text.requests_per_second:.2f}× the requests/s of the full "
        f"text, {saved:.3f} ms less API CPU per request.",
    ]
    return "\n".join(lines)


def pre_execution_micros(variables: Mapping[str, Any]) -> tuple[float, float, float]:
    """CPU µs per request before execution: full text (caches hit), by hash, and uncached (a cache miss)."""
    from strawberry.extensions.parser_cache import _get_parse_cache

    from app.graphql.documents import prepare
    from app.graphql.schema import build_schema
    from app.graphql.validation import validation_errors
    from app.settings import Settings

    settings = Settings()
    schema = build_schema(settings)._schema
    parse_cached = _get_parse_cache(1024)
    prepared = prepare(schema, VALIDATE, settings)
    assert not isinstance(prepared, list), prepared
    cache = {prepared.hash: prepared}
    wanted = prepared.hash

    def full_text() -> None:
        text = json.loads(json.dumps(VALIDATE))  # a fresh string per request, as the JSON body gives
        assert not validation_errors(schema, parse_cached(text, max_tokens=settings.max_tokens), settings, variables)

    def by_hash() -> None:
        assert cache[json.loads(json.dumps(wanted))].within_limits

    def uncached() -> None:
        assert not isinstance(prepare(schema, VALIDATE, settings), list)

    def micros(step: Any, count: int = 2000) -> float:
        batches = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(count):
                step()
            batches.append((time.process_time() - started) / count * 1e6)
        return sorted(batches)[2]

    return micros(full_text), micros(by_hash), micros(uncached, 200)


def run(args: argparse.Namespace, wrk: str) -> tuple[list[Target], list[Measurement]]:
    with contextlib.ExitStack() as stack:
        scratch = scratch_api(stack, args)
        api = scratch.api
        campaign_ids = create_campaigns(api, scratch.api_key)
        variables = {"order": ORDER, "redeemables": redeemables(campaign_ids)}
        targets = build_targets(api.url, api.process.pid, scratch.api_key, variables)
        # Register the document (hash + text) the way an Apollo client does after PERSISTED_QUERY_NOT_FOUND.
        verify(
            Target(
                "text",
                "register",
                targets[1].url,
                0,
                "POST",
                json.dumps({"query": VALIDATE, "variables": variables, "extensions": persisted(VALIDATE)}),
                targets[1].headers,
            )
        )
        for target in targets:
            verify(target)
        print("Responses checked; measuring:", flush=True)
        results = measure_rounds(wrk, targets, args, scratch.workdir)
        for target in targets:
            verify(target)
        return targets, results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print(WRK_MISSING, file=sys.stderr)
        return 2
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
    variables = {"order": ORDER, "redeemables": [{"code": "SAVE10"}]}
    text_us, hash_us, uncached_us = pre_execution_micros(variables)
    print(
        f"\nIn process, CPU before execution per request: full text {text_us:.1f} µs (parser and validation "
        f"caches hit), by hash {hash_us:.1f} µs, uncached parse + measure + validate {uncached_us:.0f} µs."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
