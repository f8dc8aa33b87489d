"""Retention: webhook events whose deliveries are all settled are deleted once they are old enough.

`WEBHOOKS_RETENTION_DAYS` (30; unset keeps everything) sets the cutoff; the worker's cron runs the
sweep. An event goes with its deliveries, in one statement, only when none of them is still PENDING
(a delivery being retried keeps its event, however old). Batches take the oldest events first (the
`created_at` index) and skip rows another sweep holds; a sweep stops at its deadline and the next one
carries on.
"""

from __future__ import annotations

import time
from datetime import datetime

from tortoise import connections

from app.webhooks.models import WebhookDeliveryStatus

BATCH_SIZE = 5_000

DELETE_BATCH = f"""
WITH doomed AS (
    SELECT e.id FROM webhook_event e
    WHERE e.created_at < $1
      AND NOT EXISTS (
          SELECT 1 FROM webhook_delivery d
          WHERE d.event_id = e.id AND d.status = '{WebhookDeliveryStatus.PENDING.value}'
      )
    ORDER BY e.created_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), deliveries AS (
    DELETE FROM webhook_delivery d USING doomed WHERE d.event_id = doomed.id
), events AS (
    DELETE FROM webhook_event e USING doomed WHERE e.id = doomed.id RETURNING 1
)
SELECT count(*) AS deleted FROM events
"""


async def delete_settled_before(*, cutoff: datetime, batch_size: int = BATCH_SIZE, budget_seconds: float = 600) -> int:
    """Delete settled events created before `cutoff` with their deliveries; how many events went."""
    db = connections.get("default")
    deadline = time.monotonic() + budget_seconds
    deleted = 0
    while True:
        [result] = await db.execute_query_dict(DELETE_BATCH, [cutoff, batch_size])
        batch: int = result["deleted"]
        deleted += batch
        if batch < batch_size or time.monotonic() > deadline:
            return deleted
