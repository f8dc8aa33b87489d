"""Prometheus metrics of the API process, exposed at `/metrics`."""

from __future__ import annotations

import re
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

# Labelled by the executed operation's first root field (bounded by the schema; `other` when the
# operation starts with a fragment or names no operation of the document, `-` when refused before
# execution), never by the client-chosen operation name.
GRAPHQL_REQUESTS = Counter(
    "promo_graphql_requests_total",
    "GraphQL HTTP requests by first root field and outcome (ok, rejected 4xx, failed 5xx).",
    ["root_field", "outcome"],
    registry=REGISTRY,
)
GRAPHQL_LATENCY = Histogram(
    "promo_graphql_request_duration_seconds",
    "GraphQL HTTP request latency by first root field.",
    ["root_field"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)


class GraphQLRequestMetrics:
    """GRAPHQL_REQUESTS and GRAPHQL_LATENCY with each label set's child looked up once per process.

    `labels()` takes a lock and builds a key on every call; the children are bounded by the schema's
    root fields, so keeping them costs a small dict and saves that work on every request.
    """

    def __init__(self) -> None:
        self._counters: dict[tuple[str, str], Any] = {}
        self._histograms: dict[str, Any] = {}

    def record(self, root_field: str, outcome: str, seconds: float) -> None:
        counter = self._counters.get((root_field, outcome))
        if counter is None:
            counter = self._counters[root_field, outcome] = GRAPHQL_REQUESTS.labels(root_field, outcome)
        histogram = self._histograms.get(root_field)
        if histogram is None:
            histogram = self._histograms[root_field] = GRAPHQL_LATENCY.labels(root_field)
        counter.inc()
        histogram.observe(seconds)


graphql_request_metrics = GraphQLRequestMetrics()

RATE_LIMIT_CHECKS = Counter(
    "promo_rate_limit_checks_total",
    "CLIENT key rate-limit checks by outcome (allowed, refused, unavailable: Redis unreachable, let through).",
    ["outcome"],
    registry=REGISTRY,
)
DB_POOL_CONNECTIONS = Gauge(
    "promo_db_pool_connections",
    "PostgreSQL pool connections of this process, by state.",
    ["state"],
    registry=REGISTRY,
)
REDEMPTION_BATCH = Histogram(
    "promo_redemption_batch_size",
    "Redemptions written together by one statement (group commit), per batch of two or more.",
    buckets=(2, 3, 4, 6, 8, 12, 16, 24, 32),
    registry=REGISTRY,
)
REDEMPTION_BATCH_REDONE = Counter(
    "promo_redemption_batches_redone_total",
    "Batches a limit, a campaign version or an idempotency key refused, redone one redemption at a time.",
    registry=REGISTRY,
)
JOBS = Gauge(
    "promo_jobs",
    "arq jobs: queued now, and the worker's completed/failed/retried/ongoing counts.",
    ["state"],
    registry=REGISTRY,
)

_HEALTH_FIELD = re.compile(r"j_(complete|failed|retried|ongoing)=(\d+)")


def record_worker_health(health_line: str | None, queued: int) -> None:
    """Set the job gauges from arq's health-check line (`j_complete=3 j_failed=0 …`)."""
    JOBS.labels("queued").set(queued)
    for state, value in _HEALTH_FIELD.findall(health_line or ""):
        JOBS.labels(state).set(int(value))
