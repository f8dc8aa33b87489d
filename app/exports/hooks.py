"""Where exports tell the rest of the system that something happened.

`export_done` is the `export.done` webhook event of issue #15; webhooks are built separately, so this
is a no-op until the webhooks domain lands and writes its outbox row here.
"""

from __future__ import annotations

from app.exports.models import Export


async def export_done(export: Export) -> None:
    """An export's file is ready (no-op until webhooks land: then enqueue `export.done`)."""
    return
