"""Writing events: one statement per event (eventTrack) or per batch (eventsTrack, imports), no ORM objects.

Each statement inserts the events, keeps the catalogue current and queues the events a live-action
trigger listens to (`trigger_inbox`; back-filled imports and events older than the lateness bound,
`LIVE_ACTION_LATENESS_SECONDS`, never are) in the same transaction:
`event_name` gains the count and time span, `event_property` the (name, key, JSON type) triples not
seen before. Concurrent statements take their locks in one order, so they never deadlock each
other: customers by source id, events by idempotency key, names by name, then (after every name,
forced by the scalar subquery on `named`) property triples in order. A retry of a known idempotency
key inserts nothing and touches no catalogue row. What is left (a deadlock with the retention sweep,
which deletes before it counts) is retried.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import orjson
from asyncpg.exceptions import DeadlockDetectedError
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.events.models import EventSource
from app.events.validation import CleanEvent
from app.settings import get_settings

DEADLOCK_RETRIES = 3
T = TypeVar("T")

# The catalogue upkeep shared by both statements; expects a CTE `event (name, occurred_at, properties)`.
# LATENESS stands for the statement's parameter holding the lateness bound (its number differs per statement).
CATALOGUE = """
, named AS (
    INSERT INTO event_name AS n (name, count, first_seen_at, last_seen_at)
    SELECT name, count(*), min(occurred_at), max(occurred_at) FROM event GROUP BY name ORDER BY name
    ON CONFLICT (name) DO UPDATE SET count = n.count + EXCLUDED.count,
        first_seen_at = LEAST(n.first_seen_at, EXCLUDED.first_seen_at),
        last_seen_at = GREATEST(n.last_seen_at, EXCLUDED.last_seen_at)
    RETURNING 1
), typed AS (
    INSERT INTO event_property (name, key, json_type)
    SELECT DISTINCT e.name, p.key, jsonb_typeof(p.value) FROM event e CROSS JOIN LATERAL jsonb_each(e.properties) p
    WHERE (SELECT count(*) FROM named) >= 0
      AND NOT EXISTS (SELECT 1 FROM event_property k
                      WHERE k.name = e.name AND k.key = p.key AND k.json_type = jsonb_typeof(p.value))
    ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING
), inbox AS (
    -- Live events a LIVE_ACTION trigger listens to wait here for the evaluator (app.triggers): queued in
    -- the statement that stores them, so none is lost whatever happens to Redis or the worker after.
    INSERT INTO trigger_inbox (event_id, created_at)
    SELECT e.id, now() FROM event e
    WHERE $6::text = 'API' AND e.occurred_at > now() - LATENESS::interval
      AND EXISTS (SELECT 1 FROM trigger_event_name t WHERE t.name = e.name)
    ON CONFLICT DO NOTHING
)
"""

ONE_EVENT = (
    """
, event AS (
    INSERT INTO customer_event (customer_id, name, occurred_at, properties, idempotency_key, source)
    SELECT id, $2, $3, $4::jsonb, $5, $6 FROM who
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, name, occurred_at, received_at, properties
)"""
    + CATALOGUE
    + "SELECT who.id AS customer_id, event.id, event.received_at FROM who LEFT JOIN event ON true"
)

# $1 is the customer's id, $7 the lateness bound.
ONE_BY_ID = ("WITH who AS (SELECT id FROM customer WHERE id = $1)" + ONE_EVENT).replace("LATENESS", "$7")
# $1 is the source id, $7 the id of the customer if it is new, $8 the lateness bound. An existing customer is
# neither written nor locked.
ONE_BY_SOURCE_ID = (
    """WITH known AS (SELECT id FROM customer WHERE source_id = $1),
created AS (
    INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at)
    SELECT $7, $1, '', '{}'::jsonb, now(), now() WHERE NOT EXISTS (SELECT 1 FROM known)
    ON CONFLICT (source_id) DO NOTHING
    RETURNING id
), who AS (SELECT id FROM known UNION ALL SELECT id FROM created)"""
    + ONE_EVENT
).replace("LATENESS", "$8")

MANY = (
    """WITH input AS (
    SELECT nextval('customer_event_id_seq') AS id, t.*
    FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[]) WITH ORDINALITY
        AS t(customer_id, name, occurred_at, properties, idempotency_key, ord)
), event AS (
    INSERT INTO customer_event (id, customer_id, name, occurred_at, properties, idempotency_key, source)
    SELECT id, customer_id, name, occurred_at, properties::jsonb, idempotency_key, $6 FROM input
    ORDER BY idempotency_key
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, name, occurred_at, properties
)"""
    + CATALOGUE
    # One row of arrays: decoding 1,000 rows costs the API more than the statement costs PostgreSQL.
    + "SELECT array_agg(i.id ORDER BY i.ord) AS ids, array_agg(e.id IS NOT NULL ORDER BY i.ord) AS created, "
    "now() AS received_at FROM input i LEFT JOIN event e USING (id)"
).replace("LATENESS", "$7")

# Lists of keys are looked up one index probe per element (`LATERAL … OFFSET 0`): PostgreSQL's generic
# plan for a prepared `= ANY($1)` (used after five executions) can scan the whole table instead.
ENSURE_CUSTOMERS = """WITH wanted AS (SELECT DISTINCT s FROM unnest($1::text[]) AS s),
known AS (
    SELECT w.s, c.id FROM wanted w CROSS JOIN LATERAL (SELECT id FROM customer WHERE source_id = w.s OFFSET 0) c
),
created AS (
    INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at)
    SELECT gen_random_uuid(), w.s, '', '{}'::jsonb, now(), now() FROM wanted w
    WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.s = w.s)
    ORDER BY w.s
    ON CONFLICT (source_id) DO NOTHING
    RETURNING id, source_id
)
SELECT array_agg(id) AS ids, array_agg(source_id) AS source_ids FROM (
    SELECT id, source_id FROM created UNION ALL SELECT id, s FROM known
) AS found"""
CUSTOMERS_BY_SOURCE_ID = (
    "SELECT c.id, c.source_id FROM unnest($1::text[]) AS w(s) "
    "CROSS JOIN LATERAL (SELECT id, source_id FROM customer WHERE source_id = w.s OFFSET 0) c"
)
CUSTOMERS_BY_ID = (
    "SELECT c.id FROM unnest($1::uuid[]) AS w(id) "
    "CROSS JOIN LATERAL (SELECT id FROM customer WHERE id = w.id OFFSET 0) c"
)

STORED = (
    "SELECT e.* FROM unnest($1::text[]) AS w(k) CROSS JOIN LATERAL (SELECT id, customer_id, name, occurred_at, "
    "received_at, properties, idempotency_key, source FROM customer_event WHERE idempotency_key = w.k OFFSET 0) e"
)


@dataclass(slots=True)
class StoredEvent:
    """An event as stored."""

    id: int
    customer_id: uuid.UUID
    name: str
    occurred_at: datetime
    received_at: datetime
    properties: dict[str, Any]
    source: EventSource


@dataclass(frozen=True)
class OneResult:
    """What the one-event statement did: the customer it resolved (None: none yet) and the event it stored."""

    customer_id: uuid.UUID | None
    event_id: int | None
    received_at: datetime | None


@dataclass(slots=True)
class BatchRow:
    """One input row of a batch: its new event id, and whether it was stored (False: its key was known)."""

    id: int
    created: bool
    received_at: datetime


def lateness() -> timedelta:
    """How old an event may be when stored and still reach the live-action inbox."""
    return timedelta(seconds=get_settings().live_action_lateness_seconds)


def default_connection() -> BaseDBAsyncClient:
    connection: BaseDBAsyncClient = connections.get("default")
    return connection


async def retrying_deadlocks(attempt: Callable[[], Awaitable[T]]) -> T:
    """Run `attempt` again when PostgreSQL broke a deadlock by aborting it (the statement wrote nothing)."""
    for _ in range(DEADLOCK_RETRIES - 1):
        try:
            return await attempt()
        except DeadlockDetectedError:
            continue
    return await attempt()


async def insert_one(event: CleanEvent, *, customer_id: uuid.UUID | None, source: EventSource) -> OneResult:
    """Store one event (for the customer `customer_id`, else `event.source_id`, created if new)."""
    values: list[Any] = [event.name, event.occurred_at, event.properties_json, event.idempotency_key, source.value]
    if customer_id is not None:
        sql, parameters = ONE_BY_ID, [customer_id, *values, lateness()]
    else:
        sql, parameters = ONE_BY_SOURCE_ID, [event.source_id, *values, uuid.uuid4(), lateness()]

    async def attempt() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await default_connection().execute_query_dict(sql, parameters)
        return rows

    rows = await retrying_deadlocks(attempt)
    if not rows:
        return OneResult(None, None, None)
    row = rows[0]
    return OneResult(row["customer_id"], row["id"], row["received_at"])


async def insert_many(
    events: list[tuple[uuid.UUID, CleanEvent]], *, source: EventSource, connection: BaseDBAsyncClient | None = None
) -> list[BatchRow]:
    """Store `(customer id, event)` pairs in one statement; one BatchRow per pair, in order."""
    if not events:
        return []
    parameters: list[Any] = [
        [customer_id for customer_id, _ in events],
        [event.name for _, event in events],
        [event.occurred_at for _, event in events],
        [event.properties_json for _, event in events],
        [event.idempotency_key for _, event in events],
        source.value,
        lateness(),
    ]

    async def attempt() -> Any:
        _, [row] = await (connection or default_connection()).execute_query(MANY, parameters)
        return row

    # Inside a caller's transaction a deadlock aborts the whole transaction: the caller retries it.
    row = await (attempt() if connection is not None else retrying_deadlocks(attempt))
    received_at = row["received_at"]
    return [
        BatchRow(event_id, created, received_at) for event_id, created in zip(row["ids"], row["created"], strict=True)
    ]


async def ensure_customers(
    source_ids: set[str], *, connection: BaseDBAsyncClient | None = None
) -> dict[str, uuid.UUID]:
    """The customers with these source ids (those missing are created, without attributes)."""
    if not source_ids:
        return {}
    db = connection or default_connection()
    wanted = sorted(source_ids)
    _, [row] = await db.execute_query(ENSURE_CUSTOMERS, [wanted])
    found = dict(zip(row["source_ids"] or (), row["ids"] or (), strict=True))
    missing = [source_id for source_id in wanted if source_id not in found]
    if missing:  # created by a concurrent transaction after this statement's snapshot: visible now
        rows = await db.execute_query_dict(CUSTOMERS_BY_SOURCE_ID, [missing])
        found.update({row["source_id"]: row["id"] for row in rows})
    return found


async def existing_customers(customer_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    if not customer_ids:
        return set()
    rows = await default_connection().execute_query_dict(CUSTOMERS_BY_ID, [list(customer_ids)])
    return {row["id"] for row in rows}


async def stored_by_key(keys: set[str], *, connection: BaseDBAsyncClient | None = None) -> dict[str, StoredEvent]:
    """The stored events with these idempotency keys."""
    if not keys:
        return {}
    rows = await (connection or default_connection()).execute_query_dict(STORED, [list(keys)])
    return {row["idempotency_key"]: stored_event(row) for row in rows}


def stored_event(row: dict[str, Any]) -> StoredEvent:
    properties = row["properties"]
    return StoredEvent(
        id=row["id"],
        customer_id=row["customer_id"],
        name=row["name"],
        occurred_at=row["occurred_at"],
        received_at=row["received_at"],
        properties=properties if isinstance(properties, dict) else orjson.loads(properties),
        source=EventSource(row["source"]),
    )
