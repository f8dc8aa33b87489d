"""The events domain against real PostgreSQL: statements, idempotency, catalogue, retention."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from app.core.ids import encode_id
from app.customers.models import Customer
from app.events import retention, services
from app.events.models import CustomerEvent, EventName, EventProperty, EventSource
from app.events.validation import EventDraft

pytestmark = pytest.mark.usefixtures("db")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


async def test_track_creates_the_customer_and_the_catalogue() -> None:
    draft = EventDraft(name="order_paid", source_id="c1", occurred_at=NOW, properties={"amount": 1200, "city": "Paris"})
    tracked = await services.track_event(draft=draft, now=NOW)
    assert tracked.created
    customer = await Customer.get(source_id="c1")
    assert tracked.event.customer_id == customer.id
    stored = await CustomerEvent.get(id=tracked.event.id)
    assert (stored.name, stored.properties, stored.source) == (
        "order_paid",
        {"amount": 1200, "city": "Paris"},
        EventSource.API,
    )
    name = await EventName.get(name="order_paid")
    assert (name.count, name.first_seen_at, name.last_seen_at) == (1, NOW, NOW)
    assert sorted(await EventProperty.all().values_list("key", "json_type")) == [
        ("amount", "number"),
        ("city", "string"),
    ]


async def test_many_and_retention() -> None:
    drafts = [
        EventDraft(name="app_open", source_id=f"c{i % 3}", occurred_at=NOW - timedelta(days=i), properties={"n": i})
        for i in range(10)
    ]
    drafts.append(EventDraft(name="bad name", source_id="c1"))
    drafts.append(EventDraft(name="x", customer_id=encode_id("Customer", __import__("uuid").uuid4())))
    outcomes = await services.store_batch(drafts, now=NOW, prefix=lambda i: f"inputs.{i}.", source=EventSource.API)
    assert [type(o).__name__ for o in outcomes] == ["Tracked"] * 10 + ["OutOfBounds", "CustomerNotFound"]
    assert await CustomerEvent.all().count() == 10
    assert (await EventName.get(name="app_open")).count == 10
    assert await retention.delete_before(cutoff=NOW - timedelta(days=4, hours=1), batch_size=2) == 5
    name = await EventName.get(name="app_open")
    assert (name.count, name.first_seen_at) == (5, NOW - timedelta(days=4))


async def test_concurrent_retries_store_one_event() -> None:
    draft = EventDraft(name="signup", source_id="new-one", occurred_at=NOW, idempotency_key="k-1")
    results = await asyncio.gather(*(services.track_event(draft=draft, now=NOW) for _ in range(20)))
    assert sum(r.created for r in results) == 1
    assert len({r.event.id for r in results}) == 1
    assert await CustomerEvent.all().count() == 1
    assert (await EventName.get(name="signup")).count == 1


async def test_the_retention_sweep_follows_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.time import utcnow
    from app.events.tasks import delete_expired_events
    from app.settings import get_settings

    now = utcnow()
    drafts = [EventDraft(name="visit", source_id="c1", occurred_at=now - timedelta(days=days)) for days in (1, 20, 40)]
    await services.store_batch(drafts, now=now, prefix=lambda i: "", source=EventSource.API)
    get_settings.cache_clear()
    try:
        assert await delete_expired_events({}) == 0  # unset: keep everything
        monkeypatch.setenv("EVENTS_RETENTION_DAYS", "30")
        get_settings.cache_clear()
        assert await delete_expired_events({}) == 1
    finally:
        get_settings.cache_clear()
    assert await CustomerEvent.all().count() == 2
    name = await EventName.get(name="visit")
    assert (name.count, name.first_seen_at) == (2, drafts[1].occurred_at)
