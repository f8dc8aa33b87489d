"""arq jobs of the campaigns domain."""

from __future__ import annotations

from typing import Any

from app.campaigns import lifecycle


async def run_campaign_schedule(ctx: dict[str, Any]) -> int:
    """Cron, every second: start and expire campaigns that fell due; returns how many changed."""
    changes = await lifecycle.run_due_transitions(events=ctx.get("events"))
    return len(changes)
