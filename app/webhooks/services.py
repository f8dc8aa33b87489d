"""Webhook endpoints and deliveries: what the GraphQL layer and other domains call.

Other domains write events with `emit` / `emit_rows` (re-exported from `app.webhooks.outbox`) inside
the transaction of their change; exports call `export_done` when a file is ready.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.core.errors import InvalidInput
from app.settings import get_settings
from app.webhooks import urls
from app.webhooks.exceptions import DeliveryNotFound, EndpointNotFound
from app.webhooks.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEventType
from app.webhooks.outbox import MAX_ATTEMPTS, emit, emit_rows, wanted_types

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_ENDPOINTS",
    "EndpointSpec",
    "create_endpoint",
    "delete_endpoint",
    "deliveries_query",
    "emit",
    "emit_rows",
    "export_done",
    "get_endpoint",
    "redeliver",
    "update_endpoint",
]

SECRET_BYTES = 24
MAX_ENDPOINTS = 100  # every event fans out to each endpoint that wants it: keep the fan-out bounded
MAX_EVENT_TYPES = len(WebhookEventType)
DESCRIPTION_LENGTH = 500


def new_secret() -> str:
    """A Standard Webhooks signing secret: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


@dataclass(frozen=True)
class EndpointSpec:
    """What an endpoint create or update sets (None: unchanged on update)."""

    url: str | None = None
    event_types: Sequence[WebhookEventType] | None = None
    enabled: bool | None = None
    description: str | None = None


def _types(event_types: Sequence[WebhookEventType]) -> list[str]:
    if not event_types:
        raise InvalidInput("Choose at least one event type.", field="eventTypes")
    return sorted({event_type.value for event_type in event_types})


async def create_endpoint(*, spec: EndpointSpec) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (returned this once; it is kept to sign requests)."""
    if spec.url is None or spec.event_types is None:
        raise InvalidInput("Give the URL and the event types.", field="url" if spec.url is None else "eventTypes")
    url = await urls.check(spec.url, allow_private=get_settings().webhooks_allow_private)
    if await WebhookEndpoint.all().count() >= MAX_ENDPOINTS:
        raise InvalidInput(f"A project has at most {MAX_ENDPOINTS} webhook endpoints.", field="url")
    secret = new_secret()
    endpoint = await WebhookEndpoint.create(
        id=uuid.uuid4(),
        url=url,
        description=(spec.description or "").strip(),
        event_types=_types(spec.event_types),
        secret=secret,
        enabled=True if spec.enabled is None else spec.enabled,
    )
    wanted_types.forget()
    return endpoint, secret


async def get_endpoint(endpoint_id: uuid.UUID, *, field: str = "id") -> WebhookEndpoint:
    endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id)
    if endpoint is None:
        raise EndpointNotFound(f"No webhook endpoint has id {endpoint_id}.", field=field)
    return endpoint


async def update_endpoint(*, endpoint_id: uuid.UUID, spec: EndpointSpec) -> WebhookEndpoint:
    """Change the URL, types, description or enabled flag; enabling again clears a disabling alert."""
    changes: dict[str, Any] = {}
    if spec.url is not None:
        changes["url"] = await urls.check(spec.url, allow_private=get_settings().webhooks_allow_private)
    if spec.event_types is not None:
        changes["event_types"] = _types(spec.event_types)
    if spec.description is not None:
        changes["description"] = spec.description.strip()
    if spec.enabled is not None:
        changes["enabled"] = spec.enabled
        if spec.enabled:
            changes.update(disabled_reason=None, disabled_at=None, consecutive_failures=0)
    async with in_transaction() as connection:
        endpoint = await WebhookEndpoint.filter(id=endpoint_id).select_for_update().using_db(connection).first()
        if endpoint is None:
            raise EndpointNotFound(f"No webhook endpoint has id {endpoint_id}.", field="id")
        if changes:
            endpoint.update_from_dict(changes)
            await endpoint.save(using_db=connection)
    wanted_types.forget()
    return endpoint


async def delete_endpoint(*, endpoint_id: uuid.UUID) -> None:
    """Delete the endpoint and its deliveries (events other endpoints still deliver stay)."""
    async with in_transaction() as connection:
        deleted = await WebhookEndpoint.filter(id=endpoint_id).using_db(connection).delete()
        if not deleted:
            raise EndpointNotFound(f"No webhook endpoint has id {endpoint_id}.", field="id")
        # Its deliveries, and the events no other endpoint delivers (the subquery sees the rows as they
        # were before this statement, hence the endpoint test).
        await connection.execute_query(
            "WITH gone AS (DELETE FROM webhook_delivery WHERE endpoint_id = $1 RETURNING event_id) "
            "DELETE FROM webhook_event ev WHERE ev.id IN (SELECT event_id FROM gone) AND NOT EXISTS "
            "(SELECT 1 FROM webhook_delivery d WHERE d.event_id = ev.id AND d.endpoint_id <> $1)",
            [endpoint_id],
        )
    wanted_types.forget()


def deliveries_query(
    *, endpoint_id: uuid.UUID | None, status: WebhookDeliveryStatus | None
) -> QuerySet[WebhookDelivery]:
    """Deliveries of one endpoint or all, in one status or any (the caller pages and scopes them)."""
    query = WebhookDelivery.all()
    if endpoint_id is not None:
        query = query.filter(endpoint_id=endpoint_id)
    if status is not None:
        query = query.filter(status=status)
    return query


async def redeliver(*, delivery_id: uuid.UUID) -> WebhookDelivery:
    """Send the delivery's event again at once, with the same `webhook-id` (at least one more attempt)."""
    rows = await connections.get("default").execute_query_dict(
        "UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now(), "
        "max_attempts = GREATEST(max_attempts, attempts + 1) WHERE id = $1 RETURNING id",
        [delivery_id],
    )
    if not rows:
        raise DeliveryNotFound(f"No webhook delivery has id {delivery_id}.", field="id")
    return await WebhookDelivery.get(id=delivery_id)


async def export_done(connection: BaseDBAsyncClient, payload: dict[str, Any]) -> int:
    """The `export.done` event of a finished export, in the transaction that marks it done."""
    return await emit(connection, WebhookEventType.EXPORT_DONE, [payload])
