"""arq jobs of the wallets domain."""

from __future__ import annotations

from typing import Any

import structlog

from app.core.time import utcnow
from app.wallets import expiry

# Both sweeps run every minute and stop after this long; the next run carries on where they stopped.
SWEEP_BUDGET_SECONDS = 45
# Batches side by side on this many connections (benchmarks/wallet.py: 1.6× the credits/s of one on 2 CPUs).
SWEEP_CONNECTIONS = 2
log = structlog.get_logger(__name__)


async def expire_wallet_points(ctx: dict[str, Any]) -> int:
    """Cron: expire what is left of credits past their expiry date; how many credits expired."""
    sweep = await expiry.expire_due(now=utcnow(), budget_seconds=SWEEP_BUDGET_SECONDS, workers=SWEEP_CONNECTIONS)
    if sweep.rows:
        log.info("wallet_points_expired", credits=sweep.rows, points=sweep.points, finished=sweep.finished)
    return sweep.rows


async def release_pending_points(ctx: dict[str, Any]) -> int:
    """Cron: make pending credits whose returns window has passed spendable; how many were released."""
    sweep = await expiry.release_pending(now=utcnow(), budget_seconds=SWEEP_BUDGET_SECONDS, workers=SWEEP_CONNECTIONS)
    if sweep.rows:
        log.info("wallet_points_released", credits=sweep.rows, points=sweep.points, finished=sweep.finished)
    return sweep.rows
