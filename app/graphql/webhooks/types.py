"""Webhook types: endpoints (their secret is shown once, at creation) and deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.core.ids import encode_id
from app.graphql.context import Info
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id
from app.webhooks import models
from app.webhooks.models import WebhookDeliveryStatus, WebhookEventType

__all__ = ["WebhookDelivery", "WebhookDeliveryStatus", "WebhookEndpoint", "WebhookEventType"]

# Registered here, and imported from here by inputs, so the schema sees one definition of each.
describe_enum(
    WebhookEventType,
    "What happened: the `type` of a webhook payload (its value is the dotted name, e.g. `code.published`).",
    {
        "CAMPAIGN_STATUS_CHANGED": "campaign.status_changed: a campaign was activated, paused, resumed, stopped, "
        "started or expired by the scheduler, moved to or out of the bin, or deleted.",
        "CODE_PUBLISHED": "code.published: a customer was given a code (with the code itself).",
        "REDEMPTION_SUCCEEDED": "redemption.succeeded: an order redeemed incentives (amounts in minor units).",
        "REDEMPTION_ROLLED_BACK": "redemption.rolled_back: a redemption was undone.",
        "INVENTORY_LOW": "inventory.low: codes, a campaign's inventory or a points budget reached its threshold.",
        "INVENTORY_EXHAUSTED": "inventory.exhausted: codes, a campaign's inventory or a points budget ran out.",
        "REWARD_GRANTED": "reward.granted: a distribution or a live action rewarded a customer.",
        "DISTRIBUTION_FINISHED": "distribution.finished: a distribution run finished (SUCCEEDED or PARTIAL).",
        "EXPORT_DONE": "export.done: an export file is ready.",
        "WALLET_CHANGED": "wallet.changed: points moved in a wallet (with the balance after).",
    },
)
describe_enum(
    WebhookDeliveryStatus,
    "Where one event's delivery to one endpoint stands.",
    {
        "PENDING": "Waiting for its next attempt (or being attempted).",
        "DELIVERED": "The endpoint answered 2xx.",
        "FAILED": "Every attempt failed (about 27 hours of retries); webhookRedeliver tries again.",
    },
)


@strawberry.type(description="A URL that receives signed webhook events (Standard Webhooks).")
class WebhookEndpoint:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    url: str = strawberry.field(description="Where events are POSTed.")
    description: str = strawberry.field(description="What the endpoint is for.")
    event_types: list[WebhookEventType] = strawberry.field(description="The events it receives.")
    enabled: bool = strawberry.field(description="Whether events are written and sent to it.")
    disabled_reason: str | None = strawberry.field(
        description="Why the engine disabled it (it kept failing); cleared when it is enabled again."
    )
    disabled_at: datetime | None = strawberry.field(description="When the engine disabled it.")
    consecutive_failures: int = strawberry.field(
        description="Events in a row whose every attempt failed (a delivered event resets it)."
    )
    secret_prefix: str = strawberry.field(description="The first characters of its signing secret, to recognise it.")
    created_at: datetime = strawberry.field(
        description="When it was created (events of changes from about a second later on reach it)."
    )
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def from_model(cls, endpoint: models.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(encode_id("WebhookEndpoint", endpoint.id)),
            url=endpoint.url,
            description=endpoint.description,
            event_types=[WebhookEventType(value) for value in endpoint.event_types],
            enabled=endpoint.enabled,
            disabled_reason=endpoint.disabled_reason,
            disabled_at=endpoint.disabled_at,
            consecutive_failures=endpoint.consecutive_failures,
            secret_prefix=endpoint.secret[:10],
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
        )


@strawberry.type(description="One event for one endpoint: its attempts and the last answer.")
class WebhookDelivery:
    id: strawberry.ID = strawberry.field(description="Opaque id (pass it to webhookRedeliver).")
    webhook_id: str = strawberry.field(
        description="The `webhook-id` header of every attempt: the same for every attempt and endpoint of one "
        "event, so receivers can de-duplicate."
    )
    event_type: WebhookEventType = strawberry.field(description="What happened.")
    status: WebhookDeliveryStatus = strawberry.field(description="Where it stands.")
    attempts: int = strawberry.field(description="Attempts made so far.")
    max_attempts: int = strawberry.field(description="Attempts it may take before it counts as FAILED.")
    next_attempt_at: datetime | None = strawberry.field(description="When it is tried next (PENDING only).")
    last_attempt_at: datetime | None = strawberry.field(description="When it was last tried.")
    last_response_code: int | None = strawberry.field(description="The HTTP status of the last answer.")
    last_response_ms: int | None = strawberry.field(description="How long the last attempt took, in milliseconds.")
    last_error: str | None = strawberry.field(
        description="Why the last attempt failed (status and start of body, or the network error)."
    )
    delivered_at: datetime | None = strawberry.field(description="When the endpoint answered 2xx.")
    created_at: datetime = strawberry.field(description="When the change happened (its transaction began).")
    endpoint_id: strawberry.Private[uuid.UUID]
    event_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_model(cls, delivery: models.WebhookDelivery) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(encode_id("WebhookDelivery", delivery.id)),
            webhook_id=f"msg_{delivery.event_id.hex}",
            event_type=WebhookEventType(delivery.event_type),
            status=delivery.status,
            attempts=delivery.attempts,
            max_attempts=delivery.max_attempts,
            next_attempt_at=delivery.next_attempt_at,
            last_attempt_at=delivery.last_attempt_at,
            last_response_code=delivery.last_response_code,
            last_response_ms=delivery.last_response_ms,
            last_error=delivery.last_error,
            delivered_at=delivery.delivered_at,
            created_at=delivery.created_at,
            endpoint_id=delivery.endpoint_id,
            event_id=delivery.event_id,
        )

    @strawberry.field(description="The endpoint it goes to.")
    async def endpoint(self, info: Info) -> WebhookEndpoint | None:
        found = await by_id(info.context, models.WebhookEndpoint).load(self.endpoint_id)
        return WebhookEndpoint.from_model(found) if found else None

    @strawberry.field(description="The payload's `data`, as sent (the body is {type, timestamp, data}).")
    async def payload(self, info: Info) -> JSON | None:
        found = await by_id(info.context, models.WebhookEvent).load(self.event_id)
        return JSON(found.payload) if found else None
