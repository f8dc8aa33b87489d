"""Webhook endpoints, the outbox of events, and one delivery per (event, endpoint).

`webhook_event` is the outbox: rows are inserted by the statement that records the change, inside its
transaction (DESIGN §4.9), together with one `webhook_delivery` per enabled endpoint that wants the
event's type. The arq sweeper claims due deliveries with `FOR UPDATE SKIP LOCKED` and POSTs them; Redis
is never needed to keep an event (see docs/adr/0016-webhooks-outbox.md).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class WebhookEventType(StrEnum):
    """What happened; the `type` of a webhook payload."""

    CAMPAIGN_STATUS_CHANGED = "campaign.status_changed"
    CODE_PUBLISHED = "code.published"
    REDEMPTION_SUCCEEDED = "redemption.succeeded"
    REDEMPTION_ROLLED_BACK = "redemption.rolled_back"
    INVENTORY_LOW = "inventory.low"
    INVENTORY_EXHAUSTED = "inventory.exhausted"
    REWARD_GRANTED = "reward.granted"
    DISTRIBUTION_FINISHED = "distribution.finished"
    EXPORT_DONE = "export.done"
    WALLET_CHANGED = "wallet.changed"


class WebhookDeliveryStatus(StrEnum):
    """Where one event's delivery to one endpoint stands."""

    PENDING = "PENDING"  # waiting for its next attempt (or being attempted now)
    DELIVERED = "DELIVERED"  # the endpoint answered 2xx
    FAILED = "FAILED"  # every attempt failed; `webhookRedeliver` tries again


class WebhookEndpoint(Model):
    """A URL that receives the events it wants, signed with its own secret."""

    id = fields.UUIDField(primary_key=True)
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=500, default="")
    event_types: list[str] = fields.JSONField()
    # Kept in clear: it signs every request (Standard Webhooks uses a shared symmetric key).
    secret = fields.CharField(max_length=100)
    enabled = fields.BooleanField(default=True)
    consecutive_failures = fields.IntField(default=0)  # events whose attempts all failed, in a row
    disabled_reason = fields.CharField(max_length=500, null=True)
    disabled_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "webhook_endpoint"
        indexes = (("created_at", "id"),)


class WebhookEvent(Model):
    """One change, stored once; its id is the stable `webhook-id` of every attempt of every delivery."""

    id = fields.UUIDField(primary_key=True)
    type = fields.CharField(max_length=40)
    payload: dict[str, object] = fields.JSONField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_event"
        indexes = (("created_at",),)


class WebhookDelivery(Model):
    """One event for one endpoint: its attempts so far and the last answer."""

    id = fields.UUIDField(primary_key=True)
    event_id = fields.UUIDField()
    endpoint_id = fields.UUIDField()
    event_type = fields.CharField(max_length=40)
    status = fields.CharEnumField(WebhookDeliveryStatus, max_length=16, default=WebhookDeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    max_attempts = fields.IntField()
    next_attempt_at = fields.DatetimeField(null=True)
    last_attempt_at = fields.DatetimeField(null=True)
    last_response_code = fields.IntField(null=True)
    last_response_ms = fields.IntField(null=True)
    last_error = fields.CharField(max_length=500, null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_delivery"
        indexes = (("endpoint_id", "created_at", "id"), ("event_id",))
