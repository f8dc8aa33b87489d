"""Live-action types."""

from __future__ import annotations

import strawberry

from app.triggers.services import Stats


@strawberry.type(description="What a live-action trigger has done so far.")
class TriggerStats:
    evaluated: int = strawberry.field(description="Events it looked at (while the campaign was ACTIVE).")
    matched: int = strawberry.field(description="Occurrences that met it (actions, and inaction windows that ended).")
    rewarded: int = strawberry.field(description="Rewards it gave.")
    capped: int = strawberry.field(description="Occurrences the per-customer cap turned away.")
    pending_timers: int = strawberry.field(description="Inaction windows still open.")

    @classmethod
    def from_stats(cls, stats: Stats) -> TriggerStats:
        return cls(
            evaluated=stats.evaluated,
            matched=stats.matched,
            rewarded=stats.rewarded,
            capped=stats.capped,
            pending_timers=stats.pending_timers,
        )
