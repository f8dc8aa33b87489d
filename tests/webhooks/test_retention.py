"""Retention of webhook events: old settled events go with their deliveries; pending ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from app.core.time import utcnow
from app.webhooks import retention, services
from app.webhooks.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEvent, WebhookEventType
from app.webhooks.outbox import emit, wanted_types

pytestmark = pytest.mark.usefixtures("db")
DONE = WebhookEventType.EXPORT_DONE


async def test_old_settled_events_go_with_their_deliveries_pending_and_recent_ones_stay() -> None:
    wanted_types.forget()
    for name in ("a", "b"):
        await services.create_endpoint(
            spec=services.EndpointSpec(url=f"https://hooks.example.com/{name}", event_types=[DONE])
        )
    async with in_transaction() as connection:
        await emit(connection, DONE, [{"n": n} for n in range(5)])
    events = {event.payload["n"]: event.id for event in await WebhookEvent.all()}
    db = connections.get("default")
    # 0 and 1: settled long ago (delivered, failed); 2: one delivery still retrying; 3: settled, recent;
    # 4: old, never attempted yet (PENDING).
    await db.execute_query(
        "UPDATE webhook_event SET created_at = now() - interval '40 days' WHERE id = ANY($1::uuid[])",
        [[events[0], events[1], events[2], events[4]]],
    )
    await WebhookDelivery.filter(event_id__in=[events[0], events[3]]).update(status=WebhookDeliveryStatus.DELIVERED)
    await WebhookDelivery.filter(event_id=events[1]).update(status=WebhookDeliveryStatus.FAILED)
    [retrying, settled] = await WebhookDelivery.filter(event_id=events[2]).order_by("id")
    retrying.status = WebhookDeliveryStatus.PENDING
    settled.status = WebhookDeliveryStatus.DELIVERED
    await retrying.save()
    await settled.save()

    deleted = await retention.delete_settled_before(cutoff=utcnow() - timedelta(days=30), batch_size=1)
    assert deleted == 2
    assert {event.payload["n"] for event in await WebhookEvent.all()} == {2, 3, 4}
    assert {delivery.event_id for delivery in await WebhookDelivery.all()} == {events[2], events[3], events[4]}
    assert await WebhookDelivery.all().count() == 6
    assert await retention.delete_settled_before(cutoff=utcnow() - timedelta(days=30)) == 0
    wanted_types.forget()
