"""arq jobs of the jobs domain."""

from __future__ import annotations

from typing import Any

from app.jobs import services


async def requeue_stale_jobs(ctx: dict[str, Any]) -> int:
    """Cron: give jobs whose worker died (or whose queue entry Redis lost) to a live worker."""
    return await services.requeue_stale(redis=ctx["redis"], queue_name=ctx["queue_name"])
