"""The arq cron job that sends due webhook deliveries (every second, in every worker)."""

from __future__ import annotations

import asyncio
from typing import Any

from app.webhooks.delivery import deliver_due

SWEEP_BUDGET_SECONDS = 50
# One sweep at a time per process: the cron fires every second, a sweep may last longer, and arq's
# job slots are for other work too. Other workers sweep beside it (SKIP LOCKED splits the rows).
_sweeping = asyncio.Lock()


async def deliver_webhooks(ctx: dict[str, Any]) -> int:
    """Send what is due (nothing when a sweep of this process is still running)."""
    if _sweeping.locked():
        return 0
    async with _sweeping:
        return await deliver_due(budget_seconds=SWEEP_BUDGET_SECONDS)
