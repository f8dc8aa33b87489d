"""Outbox and delivery against real PostgreSQL and a real local HTTP receiver.

Retries are driven by moving `next_attempt_at` into the past in the database and sweeping again,
never by waiting out the real backoff (5 s, 5 min, 30 min, …).
"""

from __future__ import annotations

import pytest
from tortoise import connections

from app.campaigns import lifecycle
from app.settings import Settings
from app.webhooks import services
from app.webhooks.delivery import deliver_due
from app.webhooks.models import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
)
from app.webhooks.outbox import MAX_ATTEMPTS
from tests.campaigns.factories import make_campaign
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.usefixtures("db")
T = WebhookEventType


async def endpoint(url: str, *types: WebhookEventType) -> tuple[WebhookEndpoint, str]:
    return await services.create_endpoint(spec=services.EndpointSpec(url=url, event_types=list(types)))


async def make_due() -> None:
    """Skip the backoff wait: the next attempt is due now."""
    await connections.get("default").execute_query(
        "UPDATE webhook_delivery SET next_attempt_at = now() WHERE status = 'PENDING'"
    )


async def test_a_change_makes_one_event_per_endpoint_that_wants_it(
    webhook_settings: Settings, receiver: Receiver
) -> None:
    first, first_secret = await endpoint(receiver.url, T.CAMPAIGN_STATUS_CHANGED, T.CODE_PUBLISHED)
    second, second_secret = await endpoint(receiver.url + "?second", T.CAMPAIGN_STATUS_CHANGED)
    await endpoint(receiver.url + "?other", T.REDEMPTION_SUCCEEDED)  # wants something else
    campaign = await make_campaign("Hooked")

    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)

    assert await WebhookEvent.all().count() == 1
    deliveries = await WebhookDelivery.all()
    assert sorted(d.endpoint_id for d in deliveries) == sorted([first.id, second.id])
    assert await deliver_due() == 2
    assert await deliver_due() == 0  # nothing left: delivered once each
    bodies = receiver.verified(first_secret, "/hooks") + receiver.verified(second_secret, "/hooks?second")
    assert len(bodies) == len(receiver.received) == 2
    assert len(set(receiver.ids())) == 1  # one logical event: one webhook-id for both endpoints
    for body in bodies:
        assert body["type"] == "campaign.status_changed"
        assert body["data"]["campaign_id"] == str(campaign.id)
        assert body["data"]["current"] == "ACTIVE"
    assert {d.status for d in await WebhookDelivery.all()} == {WebhookDeliveryStatus.DELIVERED}


async def test_no_endpoint_no_outbox_row(webhook_settings: Settings) -> None:
    campaign = await make_campaign("Quiet")
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    assert await WebhookEvent.all().count() == 0


async def test_a_failed_transaction_leaves_no_event(webhook_settings: Settings, receiver: Receiver) -> None:
    await endpoint(receiver.url, T.CAMPAIGN_STATUS_CHANGED)
    campaign = await make_campaign("Twice")
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    assert await WebhookEvent.all().count() == 1


async def test_fails_twice_then_succeeds_is_one_event_with_three_attempts(
    webhook_settings: Settings, receiver: Receiver
) -> None:
    _, secret = await endpoint(receiver.url, T.CAMPAIGN_STATUS_CHANGED)
    receiver.plan = [500, 503]
    campaign = await make_campaign("Flaky")
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)

    await deliver_due()
    [delivery] = await WebhookDelivery.all()
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == ("PENDING", 1, 500)
    assert delivery.next_attempt_at is not None
    assert delivery.last_attempt_at is not None
    assert (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() == pytest.approx(5, abs=1)
    assert await deliver_due() == 0  # not due before its backoff
    await make_due()
    await deliver_due()
    await make_due()
    await deliver_due()

    [delivery] = await WebhookDelivery.all()
    assert delivery.status == WebhookDeliveryStatus.DELIVERED
    assert delivery.attempts == 3
    assert delivery.last_response_code == 200
    assert delivery.last_response_ms is not None
    assert delivery.delivered_at is not None
    assert len(receiver.verified(secret)) == 3
    assert len(set(receiver.ids())) == 1  # the same webhook-id every attempt


async def test_an_endpoint_that_keeps_failing_is_disabled_with_an_alert(
    webhook_settings: Settings, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhook_settings, "webhooks_disable_after", 2)
    hook, _ = await endpoint(receiver.url, T.CAMPAIGN_STATUS_CHANGED)
    receiver.plan = [500] * (3 * MAX_ATTEMPTS)
    campaign = await make_campaign("Broken")
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    await lifecycle.pause(campaign_id=campaign.id, actor=None, events=None)
    for _ in range(MAX_ATTEMPTS):
        await deliver_due()
        await make_due()
    statuses = [d.status for d in await WebhookDelivery.all()]
    assert statuses == [WebhookDeliveryStatus.FAILED] * 2
    assert [d.attempts for d in await WebhookDelivery.all()] == [MAX_ATTEMPTS] * 2
    hook = await WebhookEndpoint.get(id=hook.id)
    assert not hook.enabled
    assert hook.disabled_reason is not None
    assert "2 events" in hook.disabled_reason
    assert hook.disabled_at is not None
    # Disabled: no new events are written for it.
    await lifecycle.resume(campaign_id=campaign.id, actor=None, events=None)
    assert await WebhookDelivery.all().count() == 2

    # Enabled again and redelivered: the same webhook-id arrives and the count resets.
    await services.update_endpoint(endpoint_id=hook.id, spec=services.EndpointSpec(enabled=True))
    receiver.plan = []
    failed = await WebhookDelivery.all().first()
    assert failed is not None
    await services.redeliver(delivery_id=failed.id)
    assert await deliver_due() == 1
    again = await WebhookDelivery.get(id=failed.id)
    assert again.status == WebhookDeliveryStatus.DELIVERED
    assert again.attempts == MAX_ATTEMPTS + 1
    assert receiver.ids()[-1] == f"msg_{failed.event_id.hex}"
    assert (await WebhookEndpoint.get(id=hook.id)).consecutive_failures == 0


async def test_an_unreachable_receiver_is_a_recorded_failure(webhook_settings: Settings, receiver: Receiver) -> None:
    url = receiver.url
    receiver.stop()  # nothing listens there now
    await endpoint(url, T.CAMPAIGN_STATUS_CHANGED)
    campaign = await make_campaign("Gone")
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    await deliver_due()
    [delivery] = await WebhookDelivery.all()
    assert delivery.status == "PENDING"
    assert delivery.attempts == 1
    assert delivery.last_response_code is None
    assert delivery.last_error


async def test_deleting_an_endpoint_removes_its_deliveries(webhook_settings: Settings, receiver: Receiver) -> None:
    hook, _ = await endpoint(receiver.url, T.CAMPAIGN_STATUS_CHANGED)
    campaign = await make_campaign("Deleted")
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    await services.delete_endpoint(endpoint_id=hook.id)
    assert await WebhookDelivery.all().count() == 0
    assert await WebhookEvent.all().count() == 0
