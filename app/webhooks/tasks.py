"""The arq cron jobs of webhooks: sending due deliveries (every second, in every worker), and deleting
settled events past their retention."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from app.core.time import utcnow
from app.settings import get_settings
from app.webhooks import retention
from app.webhooks.delivery import deliver_due

SWEEP_BUDGET_SECONDS = 50
RETENTION_BUDGET_SECONDS = 600
# One sweep at a time per process: the cron fires every second, a sweep may last longer, and arq's
# job slots are for other work too. Other workers sweep beside it (SKIP LOCKED splits the rows).
_sweeping = asyncio.Lock()


async def deliver_webhooks(ctx: dict[str, Any]) -> int:
    """Send what is due (nothing when a sweep of this process is still running)."""
    if _sweeping.locked():
        return 0
    async with _sweeping:
        return await deliver_due(budget_seconds=SWEEP_BUDGET_SECONDS)


async def delete_settled_webhook_events(ctx: dict[str, Any]) -> int:
    """Cron: delete settled webhook events older than WEBHOOKS_RETENTION_DAYS (nothing when it is 0)."""
    days = get_settings().webhooks_retention_days
    if days == 0:
        return 0
    return await retention.delete_settled_before(
        cutoff=utcnow() - timedelta(days=days), budget_seconds=RETENTION_BUDGET_SECONDS
    )
