"""arq jobs of the distributions domain."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

from app.distributions import runs

# A tick executes due runs for at most this long; a longer run keeps its lease and the next tick (on
# this or another worker) carries on with the other due runs.
WORK_BUDGET_SECONDS = 3_000


async def run_distributions(ctx: dict[str, Any]) -> int:
    """Cron: create the runs of due schedules, then claim and execute due runs (see app.distributions.runs)."""
    await runs.schedule_due()
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return await runs.work(worker=worker, events=ctx.get("events"), budget_seconds=WORK_BUDGET_SECONDS)
