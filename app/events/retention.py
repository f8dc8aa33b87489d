"""Retention: events that happened before a cutoff are deleted in batches, keeping the catalogue honest.

`EVENTS_RETENTION_DAYS` (unset: keep everything) sets the cutoff; the worker's cron runs the sweep.
Each batch deletes the oldest events of one name (an index range scan on `(name, occurred_at)`) and, in
the same statement, takes their number off the name's `count` and moves its `first_seen_at` to the
oldest event left. Property keys are lifetime observations and stay. A sweep stops at its deadline;
the next one carries on where it stopped.
"""

from __future__ import annotations

import time
from datetime import datetime

from tortoise import connections

BATCH_SIZE = 5_000

DELETE_BATCH = """
WITH gone AS (
    DELETE FROM customer_event WHERE id IN (
        SELECT id FROM customer_event WHERE name = $1 AND occurred_at < $2 ORDER BY occurred_at LIMIT $3
    ) RETURNING 1
), counted AS (
    UPDATE event_name SET
        count = count - (SELECT count(*) FROM gone),
        first_seen_at = COALESCE(
            (SELECT occurred_at FROM customer_event WHERE name = $1 ORDER BY occurred_at
             OFFSET (SELECT count(*) FROM gone) LIMIT 1),
            first_seen_at)
    WHERE name = $1 AND EXISTS (SELECT 1 FROM gone)
)
SELECT count(*) AS deleted FROM gone
"""


async def delete_before(*, cutoff: datetime, batch_size: int = BATCH_SIZE, budget_seconds: float = 600) -> int:
    """Delete events that happened before `cutoff`, `batch_size` per statement; how many were deleted."""
    db = connections.get("default")
    deadline = time.monotonic() + budget_seconds
    names = await db.execute_query_dict(
        "SELECT name FROM event_name WHERE first_seen_at < $1 AND count > 0 ORDER BY name", [cutoff]
    )
    deleted: int = 0
    for row in names:
        while True:
            [result] = await db.execute_query_dict(DELETE_BATCH, [row["name"], cutoff, batch_size])
            batch: int = result["deleted"]
            deleted += batch
            if batch < batch_size:
                break
            if time.monotonic() > deadline:
                return deleted
    return deleted
