"""arq jobs of the events domain."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.core.time import utcnow
from app.events import retention
from app.events.importing import run_import
from app.settings import get_settings

# The sweep runs every quarter of an hour and stops after this long; the next one carries on.
RETENTION_BUDGET_SECONDS = 600


async def import_events(ctx: dict[str, Any], job_id: str) -> int:
    """Back-fill events from an NDJSON or CSV file (see app.events.importing)."""
    return await run_import(uuid.UUID(job_id), ctx.get("events"))


async def delete_expired_events(ctx: dict[str, Any]) -> int:
    """Cron: delete events older than EVENTS_RETENTION_DAYS (nothing when it is unset)."""
    days = get_settings().events_retention_days
    if days is None:
        return 0
    return await retention.delete_before(
        cutoff=utcnow() - timedelta(days=days), budget_seconds=RETENTION_BUDGET_SECONDS
    )
