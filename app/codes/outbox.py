"""Webhook events of the codes domain, written in the transaction of the change (DESIGN §4.9)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.webhooks import services as webhooks
from app.webhooks.models import WebhookEventType

# What a messaging system needs to tell the customer: who, which campaign, and the code itself.
PUBLISHED = (
    "SELECT jsonb_build_object('publication_id', p.id, 'campaign_id', p.campaign_id, 'customer_id', p.customer_id, "
    "'customer_source_id', cu.source_id, 'code_id', p.code_id, 'code', c.code, 'channel', p.channel, "
    "'source_id', p.source_id, 'published_at', p.created_at) "
    "FROM publication p JOIN code c ON c.id = p.code_id JOIN customer cu ON cu.id = p.customer_id "
    "WHERE p.id = ANY($3::uuid[]) ORDER BY p.created_at, p.id"
)
ALERT_TYPES = {"LOW_STOCK": WebhookEventType.INVENTORY_LOW, "EXHAUSTED": WebhookEventType.INVENTORY_EXHAUSTED}


async def published(connection: BaseDBAsyncClient, publication_ids: Sequence[uuid.UUID]) -> None:
    """`code.published` for each new publication (one statement for all)."""
    if publication_ids:
        await webhooks.emit_rows(connection, WebhookEventType.CODE_PUBLISHED, PUBLISHED, [list(publication_ids)])


async def alerts(connection: BaseDBAsyncClient, stored: list[dict[str, Any]]) -> None:
    """`inventory.low` / `inventory.exhausted` for each alert stored now (codes, campaigns, points budgets)."""
    for kind, event_type in ALERT_TYPES.items():
        payloads = [alert for alert in stored if alert["kind"] == kind]
        if payloads:
            await webhooks.emit(connection, event_type, payloads)
