"""The text report and the JSON document of `redemption.py`: figures next to issue #19's targets."""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # redemption.py imports this module; the types are only for annotations
    from pipeline_cpu import PipelineResult
    from redemption import Outcome
    from redemption_wrk import Measurement

# Issue #19's targets (same run, this machine).
TYPENAME_SHARE_OF_PLAIN = 0.40  # { __typename } requests/s ≥ 40 % of plain Starlette's (stretch 50 %)
TYPENAME_STRETCH = 0.50
API_CPU_TIMES_PLAIN = {"validate": 25.0, "redeem": 30.0}  # API CPU per request ≤ × plain's CPU per request
POSTGRES_CPU_TIMES_PLAIN = {"redeem": 8.0}  # PostgreSQL CPU per request ≤ × plain's CPU per request
ROUND_TRIPS_MAX = {"validate": 3.0, "redeem": 3.0}  # per operation, in steady state
PROCESSES_API_CPUS = 1.7  # the API processes against one campaign's counters keep at least this many CPUs busy
OPEN_LOOP_P99_MS = 50.0  # redeem p99 at half the maximum redeem rate, open loop


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


def met(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def times(value: float, plain: Measurement | None) -> str:
    """`value` (ms of CPU per request) as a multiple of plain Starlette's CPU per request."""
    if plain is None or plain.server_cpu_ms_per_request <= 0:
        return "-"
    return f"{value / plain.server_cpu_ms_per_request:.1f}x"


def wrk_table(outcome: Outcome, plain: Measurement | None) -> list[str]:
    header = ("target", "req/s", "p50 ms", "p95 ms", "p99 ms", "API ms/req", "x plain", "PG ms/req", "x plain")
    rows: list[tuple[str, ...]] = [(*header, "server", "pg", "wrk", "other")]
    for target, result in zip(outcome.targets, outcome.results, strict=True):
        rows.append(
            (
                target.label,
                f"{result.requests_per_second:,.0f}",
                f"{result.p50_ms:.2f}",
                f"{result.p95_ms:.2f}",
                f"{result.p99_ms:.2f}",
                f"{result.server_cpu_ms_per_request:.3f}",
                times(result.server_cpu_ms_per_request, plain),
                f"{result.postgres_cpu_ms_per_request:.3f}",
                times(result.postgres_cpu_ms_per_request, plain),
                f"{result.server_cpu:.2f}",
                f"{result.postgres_cpu:.2f}",
                f"{result.wrk_cpu:.2f}",
                f"{result.other_cpu:.2f}",
            )
        )
    return table(rows)


def verdicts(outcome: Outcome) -> list[str]:
    """One line per issue #19 target this run measured."""
    results = {result.target: result for result in outcome.results}
    plain = results.get("plain")
    lines = []
    if "typename" in results:
        if plain is None:
            lines.append("(1) { __typename }: share of plain Starlette's req/s not measured (run plain too)")
        else:
            share = results["typename"].requests_per_second / plain.requests_per_second
            lines.append(
                f"(1) {{ __typename }}: {share:.1%} of plain Starlette's req/s; target ≥ {TYPENAME_SHARE_OF_PLAIN:.0%} "
                f"(stretch {TYPENAME_STRETCH:.0%}): {met(share >= TYPENAME_SHARE_OF_PLAIN)}"
            )
    for key, label in (("validate", "(2) validate"), ("redeem", "(3) redeem")):
        if key not in results:
            continue
        if plain is None or plain.server_cpu_ms_per_request <= 0:
            lines.append(f"{label}: CPU ratios not measured (run plain too)")
            continue
        yardstick = plain.server_cpu_ms_per_request
        api = results[key].server_cpu_ms_per_request / yardstick
        goal = API_CPU_TIMES_PLAIN[key]
        lines.append(
            f"{label}: API CPU per request {api:.1f}x plain Starlette's; target ≤ {goal:g}x: {met(api <= goal)}"
        )
        if key in POSTGRES_CPU_TIMES_PLAIN:
            pg, goal = results[key].postgres_cpu_ms_per_request / yardstick, POSTGRES_CPU_TIMES_PLAIN[key]
            lines.append(
                f"{label}: PostgreSQL CPU per request {pg:.1f}x plain Starlette's CPU per request; "
                f"target ≤ {goal:g}x: {met(pg <= goal)}"
            )
    for key, count in outcome.round_trips.items():
        goal = ROUND_TRIPS_MAX[key]
        lines.append(
            f"(4) round trips per {key}: {count.per_request:.2f}; target ≤ {goal:g}: {met(count.per_request <= goal)}"
        )
    if (processes := outcome.processes) is not None:
        lines.append(
            f"(5) {processes.processes} API processes, redeem at {processes.processes * processes.connections_each} "
            f"connections: {processes.api_cpus:.2f} CPUs busy; target ≥ {PROCESSES_API_CPUS:g}: "
            f"{met(processes.api_cpus >= PROCESSES_API_CPUS)}"
        )
    if (open_loop := outcome.open_loop) is not None:
        lines.append(
            f"(6) redeem p99 at {open_loop.rate:,.1f}/s offered (open loop): {open_loop.p99_ms:.1f} ms; target ≤ "
            f"{OPEN_LOOP_P99_MS:g} ms: {met(open_loop.p99_ms <= OPEN_LOOP_P99_MS)}"
        )
    return lines


def details(outcome: Outcome) -> list[str]:
    lines = []
    for result in outcome.results:
        if result.redemptions_written is not None:
            lines.append(
                f"(3) measured run: wrk completed {result.requests:,} redeem requests; the database holds "
                f"{result.redemptions_written:,} redemptions with that run's key prefix"
            )
    for key, count in outcome.round_trips.items():
        lines.append(
            f"(4) {key}: {count.round_trips:,} round trips in {count.requests} sequential requests (per request "
            f"{count.fewest}–{count.most}, median {count.median:g}); of them {count.transaction_control} "
            f"BEGIN/COMMIT/ROLLBACK and {count.prepares} prepares; the idle API process made "
            f"{count.idle_per_second:.1f}/s"
        )
    if (processes := outcome.processes) is not None:
        each = ", ".join(f"{run.requests_per_second:,.0f} req/s p99 {run.p99_ms:.1f} ms" for run in processes.runs)
        lines.append(
            f"(5) {processes.requests_per_second:,.0f} redeem/s in all ({each}); PostgreSQL "
            f"{processes.postgres_cpus:.2f} CPUs, other {processes.other_cpu:.2f}; wrk completed "
            f"{processes.requests:,} requests, the database holds {processes.redemptions_written:,} of those runs"
        )
    if (open_loop := outcome.open_loop) is not None:
        lines.append(
            f"(6) {open_loop.measured:,} measured of {open_loop.scheduled:,} scheduled: p50 {open_loop.p50_ms:.1f}, "
            f"p90 {open_loop.p90_ms:.1f}, p99 {open_loop.p99_ms:.1f}, max {open_loop.max_ms:.1f} ms from the "
            f"scheduled time; sent late p99 {open_loop.lag_p99_ms:.2f} ms; generator {open_loop.generator_cpus:.2f} "
            f"CPUs, API {open_loop.api_cpus:.2f} ({open_loop.server_cpu_ms_per_request:.2f} ms/req), PostgreSQL "
            f"{open_loop.postgres_cpus:.2f} ({open_loop.postgres_cpu_ms_per_request:.2f} ms/req); "
            f"{open_loop.connections_opened} connections; {open_loop.redemptions_written:,} redemptions written"
        )
        lines += [f"    warning: {warning}" for warning in open_loop.warnings]
    if (pipeline := outcome.pipeline) is not None:
        lines += pipeline_lines(outcome, pipeline)
    consistent = len(set(outcome.totals.values())) == 1
    lines.append(
        "At the end, redemptions and the counters each of them moves by one "
        f"({'all equal' if consistent else 'MISMATCH'}): " + ", ".join(f"{k} {v:,}" for k, v in outcome.totals.items())
    )
    return lines


def pipeline_lines(outcome: Outcome, pipeline: PipelineResult) -> list[str]:
    """(7): the pipeline's CPU alone, and what the API spent around it (HTTP, GraphQL, the answer's JSON)."""
    results = {result.target: result for result in outcome.results}
    plain = results.get("plain")
    lines = []
    for key, alone in (("validate", pipeline.validate_ms), ("redeem", pipeline.redeem_ms)):
        line = f"(7) {key}: the pipeline alone (in-process, sequential) {alone:.3f} ms CPU per call"
        line += f" ({times(alone, plain)})"
        if (api := results.get(key)) is not None:
            around = api.server_cpu_ms_per_request - alone
            line += (
                f"; around it (HTTP, GraphQL, JSON) {around:.3f} ms ({times(around, plain)}) of the API's "
                f"{api.server_cpu_ms_per_request:.3f} ms ({times(api.server_cpu_ms_per_request, plain)})"
            )
        lines.append(line)
    return lines


def report(outcome: Outcome, args: argparse.Namespace) -> str:
    results = {result.target: result for result in outcome.results}
    rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
    load = " ".join(f"{value:.2f}" for value in outcome.load_before)
    load_after = " ".join(f"{value:.2f}" for value in outcome.load_after)
    lines = [
        f"wrk -t{args.threads} -c{args.connections} per API process, {args.duration:g}s measured after {args.warmup:g}s"
        f" warm-up{rounds}; {os.cpu_count()} CPUs shared by the load generators, the API and PostgreSQL; load "
        f"average {load} before, {load_after} after",
    ]
    if outcome.results:
        lines += [
            "API ms/req: CPU time of the server process ÷ requests; PG ms/req: CPU time of the PostgreSQL backends",
            "of the scratch database ÷ requests; x plain: either ÷ plain Starlette's CPU per request (the yardstick).",
            "server, pg, wrk, other: CPUs kept busy by the server, those backends, wrk and everything else",
            "(well above 0.1 means other programs disturbed the figures)",
            "",
            *wrk_table(outcome, results.get("plain")),
        ]
    lines += ["", "Targets (issue #19):", *(f"  {line}" for line in verdicts(outcome)), "", *details(outcome)]
    return "\n".join(lines)


def json_document(outcome: Outcome, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "options": {key: value for key, value in vars(args).items() if key not in ("json",)},
        "load_average": {"before": list(outcome.load_before), "after": list(outcome.load_after)},
        "results": [asdict(result) for result in outcome.results],
        "rounds": [[asdict(result) for result in runs] for runs in outcome.rounds],
        "round_trips": {key: asdict(count) for key, count in outcome.round_trips.items()},
        "processes": asdict(outcome.processes) if outcome.processes else None,
        "open_loop": asdict(outcome.open_loop) if outcome.open_loop else None,
        "pipeline": asdict(outcome.pipeline) if outcome.pipeline else None,
        "totals": outcome.totals,
        "verdicts": verdicts(outcome),
    }
