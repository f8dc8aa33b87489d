"""Live-action loaders: a page of campaigns reads its open timers in one statement."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from app.graphql.context import Context
from app.triggers.services import pending_timers


def open_timers(context: Context) -> DataLoader[uuid.UUID, int]:
    """The number of open inaction windows of each campaign (the campaign was loaded through its policy)."""
    name = "open-timers-by-campaign"
    loader = context.loaders.get(name)
    if loader is None:

        async def load(campaign_ids: Sequence[uuid.UUID]) -> list[int]:
            counts = await pending_timers(list(campaign_ids))
            return [counts.get(campaign_id, 0) for campaign_id in campaign_ids]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    found: DataLoader[uuid.UUID, int] = loader
    return found
