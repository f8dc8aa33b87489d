"""Events: tracking one or many (idempotent by key), a customer's history and the catalogue.

Live `order_paid` events (eventTrack / eventsTrack, never imports) earn wallet points: after the events
are stored, `app.wallets.events` credits what live programs' ORDER_PAID rules give, exactly once per
event (a retry with a known idempotency key runs it again and completes what a crash may have missed).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.core.errors import DomainError
from app.core.events import EventBus
from app.core.time import utcnow
from app.customers import services as customers
from app.customers.exceptions import CustomerNotFound
from app.events import ingest
from app.events.exceptions import IdempotencyKeyReused
from app.events.ingest import StoredEvent
from app.events.models import EventSource
from app.events.validation import CleanEvent, EventDraft, clean_event, prefixed
from app.triggers import services as live_actions
from app.wallets import events as wallet_events

# A customer created by a concurrent request after the statement's snapshot is visible to the next one.
CUSTOMER_ATTEMPTS = 3
# The event a paid order is reported with; it earns wallet points (app.wallets.events).
ORDER_PAID = "order_paid"


@dataclass(slots=True)
class Tracked:
    """An event, and whether this call stored it (False: its idempotency key was known)."""

    event: StoredEvent
    created: bool


Outcome = Tracked | DomainError


async def track_event(
    *,
    draft: EventDraft,
    customer_fields: customers.CustomerFields | None = None,
    may_write_customers: bool = False,
    now: datetime | None = None,
    events: EventBus | None = None,
) -> Tracked:
    """Store one event; an unknown source id creates the customer; a known idempotency key stores nothing.

    Customer attributes sent along describe a new customer, and change an existing one only for a
    caller that may write customers (as with codePublish and redeem). An `order_paid` event earns
    wallet points, on a retry too (`events` announces the balance changes).
    """
    event = clean_event(draft, now=now or utcnow())
    customer_id = event.customer_id
    if event.source_id is not None and customer_fields is not None and customer_fields.cleaned(prefix="customer."):
        customer, _ = await customers.upsert_by_source_id(
            source_id=event.source_id, fields=customer_fields, update_existing=may_write_customers
        )
        customer_id = customer.id
    for _ in range(CUSTOMER_ATTEMPTS):
        stored = await ingest.insert_one(event, customer_id=customer_id, source=EventSource.API)
        if stored.customer_id is None:
            if customer_id is not None:
                raise CustomerNotFound(f"No customer has id {draft.customer_id}.", field="customer.id")
            continue
        if stored.event_id is not None:
            assert stored.received_at is not None
            tracked = Tracked(
                _as_stored(event, stored.event_id, stored.customer_id, stored.received_at, EventSource.API),
                created=True,
            )
            await earn_points([tracked], events=events)
            await live_actions.nudge(events, {tracked.event.name})
            return tracked
        assert event.idempotency_key is not None  # only a known key stores nothing
        earlier = (await ingest.stored_by_key({event.idempotency_key})).get(event.idempotency_key)
        if earlier is not None:
            tracked = _retry_answer(earlier, stored.customer_id, field="idempotencyKey")
            await earn_points([tracked], events=events)
            return tracked
    raise RuntimeError("the event's customer could not be resolved")


async def track_events(
    *, drafts: Sequence[EventDraft], now: datetime | None = None, events: EventBus | None = None
) -> list[Outcome]:
    """Store many events in a few set-based statements; each answered on its own, in order.

    The batch's `order_paid` events (new or retried) then earn wallet points; without one, nothing more runs.
    """
    moment = now or utcnow()
    outcomes = await store_batch(drafts, now=moment, prefix=lambda index: f"inputs.{index}.", source=EventSource.API)
    stored = [outcome for outcome in outcomes if isinstance(outcome, Tracked)]
    await earn_points(stored, events=events)
    await live_actions.nudge(events, {outcome.event.name for outcome in stored if outcome.created})
    return outcomes


async def earn_points(tracked: Sequence[Tracked], *, events: EventBus | None) -> None:
    """Let wallets credit what the live `order_paid` events among `tracked` earn (imports never earn)."""
    paid = [
        wallet_events.PaidOrder(
            event_id=t.event.id,
            customer_id=t.event.customer_id,
            occurred_at=t.event.occurred_at,
            received_at=t.event.received_at,
            properties=t.event.properties,
        )
        for t in tracked
        if t.event.name == ORDER_PAID and t.event.source is EventSource.API
    ]
    if paid:
        await wallet_events.earn_from_paid_orders(paid, events=events)


async def store_batch(
    drafts: Sequence[EventDraft],
    *,
    now: datetime,
    prefix: Callable[[int], str],
    source: EventSource,
    connection: BaseDBAsyncClient | None = None,
) -> list[Outcome]:
    """Check, resolve customers for and store `drafts`; a DomainError for each refused one (field: prefix(i))."""
    outcomes: list[Outcome | None] = [None] * len(drafts)
    cleaned: list[tuple[int, CleanEvent]] = []
    for index, draft in enumerate(drafts):
        try:
            cleaned.append((index, clean_event(draft, now=now)))
        except DomainError as exc:
            outcomes[index] = prefixed(exc, prefix(index))
    known_ids = await ingest.existing_customers({e.customer_id for _, e in cleaned if e.customer_id is not None})
    by_source = await ingest.ensure_customers(
        {e.source_id for _, e in cleaned if e.source_id is not None}, connection=connection
    )
    writable: list[tuple[int, uuid.UUID, CleanEvent]] = []
    for index, event in cleaned:
        customer_id = event.customer_id if event.customer_id in known_ids else by_source.get(event.source_id or "")
        if customer_id is None:
            outcomes[index] = CustomerNotFound(
                f"No customer has id {drafts[index].customer_id}.", field=f"{prefix(index)}customer.id"
            )
        else:
            writable.append((index, customer_id, event))
    rows = await ingest.insert_many([(c, e) for _, c, e in writable], source=source, connection=connection)
    known_keys = {e.idempotency_key for (_, _, e), row in zip(writable, rows, strict=True) if not row.created}
    earlier = await ingest.stored_by_key({key for key in known_keys if key is not None}, connection=connection)
    for (index, customer_id, event), row in zip(writable, rows, strict=True):
        if row.created:
            outcomes[index] = Tracked(_as_stored(event, row.id, customer_id, row.received_at, source), created=True)
            continue
        assert event.idempotency_key is not None
        first = earlier.get(event.idempotency_key)
        try:
            if first is None:  # deleted (retention) between the two statements
                raise IdempotencyKeyReused(
                    "This idempotency key was used for an event that no longer exists.",
                    field=f"{prefix(index)}idempotencyKey",
                )
            outcomes[index] = _retry_answer(first, customer_id, field=f"{prefix(index)}idempotencyKey")
        except DomainError as exc:
            outcomes[index] = exc
    return [outcome for outcome in outcomes if outcome is not None]


def _retry_answer(earlier: StoredEvent, customer_id: uuid.UUID, *, field: str) -> Tracked:
    """A retry's answer: the first event with the key, if it is the same customer's."""
    if earlier.customer_id != customer_id:
        raise IdempotencyKeyReused(
            "This idempotency key was used for another customer's event; use a new key for a new event.", field=field
        )
    return Tracked(earlier, created=False)


def _as_stored(
    event: CleanEvent, event_id: int, customer_id: uuid.UUID, received_at: datetime, source: EventSource
) -> StoredEvent:
    return StoredEvent(
        id=event_id,
        customer_id=customer_id,
        name=event.name,
        occurred_at=event.occurred_at,
        received_at=received_at,
        properties=event.properties,
        source=source,
    )


@dataclass(frozen=True)
class EventPosition:
    """Where an event sits in a customer's newest-first history."""

    at: datetime
    id: int


async def history_ids(
    *, customer_ids: Sequence[uuid.UUID], name: str | None, first: int, after: EventPosition | None
) -> list[int]:
    """Up to `first` event ids per customer, newest first after `after` (one statement for every customer)."""
    conditions = ["e.customer_id = c.id"]
    parameters: list[Any] = [list(customer_ids), first]
    if name is not None:
        parameters.append(name)
        conditions.append(f"e.name = ${len(parameters)}")
    if after is not None:
        parameters += [after.at, after.id]
        conditions.append(f"(e.occurred_at, e.id) < (${len(parameters) - 1}, ${len(parameters)})")
    sql = (
        "SELECT page.id FROM unnest($1::uuid[]) AS c(id) CROSS JOIN LATERAL ("
        f"SELECT e.id FROM customer_event e WHERE {' AND '.join(conditions)} "
        "ORDER BY e.occurred_at DESC, e.id DESC LIMIT $2) AS page"
    )
    rows = await connections.get("default").execute_query_dict(sql, parameters)
    return [row["id"] for row in rows]


@dataclass(frozen=True)
class CatalogEntry:
    """An event name with its stored events' count and span, and its property keys' observed JSON types."""

    name: str
    count: int
    first_seen_at: datetime
    last_seen_at: datetime
    properties: dict[str, list[str]] = field(default_factory=dict)


async def catalog() -> list[CatalogEntry]:
    """Every event name tracked, alphabetically (two statements, whatever the number of names)."""
    db = connections.get("default")
    names = await db.execute_query_dict("SELECT name, count, first_seen_at, last_seen_at FROM event_name ORDER BY name")
    entries = {row["name"]: CatalogEntry(**row) for row in names}
    for row in await db.execute_query_dict(
        "SELECT name, key, json_type FROM event_property ORDER BY name, key, json_type"
    ):
        entry = entries.get(row["name"])
        if entry is not None:
            entry.properties.setdefault(row["key"], []).append(row["json_type"])
    return list(entries.values())
