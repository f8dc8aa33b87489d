"""The outbox: webhook events written by the statement that records a change, in its transaction.

Every domain that changes something calls `emit` (payloads built in Python) or `emit_rows` (payloads
selected by SQL, set-based) with the connection of its transaction. One statement inserts the events
and one `webhook_delivery` per enabled endpoint that wants the type, and only when such an endpoint
exists at that moment (the `EXISTS` is evaluated inside the transaction, so it is exact).

To keep hot paths free of that statement when no endpoint wants a type (most installations, most
types), each process keeps the set of wanted types for at most `WANTED_TTL_SECONDS`:

- the cache says "wanted": the statement runs, and its own `EXISTS` decides (never a false event);
- the cache says "not wanted": nothing runs. This is the only way an event can be left out, and only
  while the cache is stale: an endpoint (or a newly wanted type) reaches every process's cache at most
  `WANTED_TTL_SECONDS` (plus one refresh query) after it was committed. Changes committed later always
  produce events; the process that changed the endpoint forgets its cache at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient

from app.webhooks.models import WebhookEventType

WANTED_TTL_SECONDS = 1.0
# Attempts of a delivery: the first at once, then one after each of these waits (~27 hours in all).
RETRY_DELAYS_SECONDS = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
MAX_ATTEMPTS = len(RETRY_DELAYS_SECONDS) + 1


def fan_out(select: str, event_type: str = "$1", attempts: str = "$2", *, returning: bool = True) -> str:
    """Two CTEs (`ev`, `dl`): one event per row of `select` (one `jsonb` column) and its deliveries.

    Another statement may embed them (the redemption hot path writes its event in its own statement).
    """
    return f"""
ev AS (
    INSERT INTO webhook_event (id, type, payload, created_at)
    SELECT gen_random_uuid(), {event_type}::text, p.payload, now() FROM ({select}) AS p(payload)
    WHERE EXISTS (SELECT 1 FROM webhook_endpoint WHERE enabled AND event_types ? {event_type}::text)
    RETURNING id
),
dl AS (
    INSERT INTO webhook_delivery (id, event_id, endpoint_id, event_type, status, attempts, max_attempts,
        next_attempt_at, created_at)
    SELECT gen_random_uuid(), ev.id, e.id, {event_type}::text, 'PENDING', 0, {attempts}, now(), now()
    FROM ev JOIN webhook_endpoint e ON e.enabled AND e.event_types ? {event_type}::text
    {"RETURNING event_id" if returning else ""}
)"""


def _fan_out_statement(select: str) -> str:
    return f"WITH {fan_out(select)} SELECT event_id FROM dl"


_FROM_JSON = _fan_out_statement("SELECT value::jsonb FROM unnest($3::text[]) AS value")


class WantedTypes:
    """The event types some enabled endpoint wants, as this process last read them."""

    def __init__(self, ttl_seconds: float = WANTED_TTL_SECONDS) -> None:
        self.ttl_seconds = ttl_seconds
        self._types: frozenset[str] = frozenset()
        self._read_at: float | None = None

    def forget(self) -> None:
        """Read them again at the next use (after this process changed an endpoint)."""
        self._read_at = None

    async def get(self, connection: BaseDBAsyncClient) -> frozenset[str]:
        now = time.monotonic()
        if self._read_at is None or now - self._read_at >= self.ttl_seconds:
            rows = await connection.execute_query_dict(
                "SELECT DISTINCT jsonb_array_elements_text(event_types) AS type FROM webhook_endpoint WHERE enabled"
            )
            self._types = frozenset(row["type"] for row in rows)
            self._read_at = now
        return self._types


wanted_types = WantedTypes()


async def emit(connection: BaseDBAsyncClient, event_type: WebhookEventType, payloads: Iterable[dict[str, Any]]) -> int:
    """Store one event per payload for the endpoints wanting `event_type` now; the number of deliveries."""
    if event_type.value not in await wanted_types.get(connection):
        return 0
    encoded = [orjson.dumps(payload).decode() for payload in payloads]
    if not encoded:
        return 0
    rows = await connection.execute_query_dict(_FROM_JSON, [event_type.value, MAX_ATTEMPTS, encoded])
    return len(rows)


async def emit_rows(
    connection: BaseDBAsyncClient, event_type: WebhookEventType, select: str, params: Sequence[Any]
) -> int:
    """Like `emit`, with one event per row of `select` (one `jsonb` column; its parameters start at $3)."""
    if event_type.value not in await wanted_types.get(connection):
        return 0
    rows = await connection.execute_query_dict(_fan_out_statement(select), [event_type.value, MAX_ATTEMPTS, *params])
    return len(rows)
