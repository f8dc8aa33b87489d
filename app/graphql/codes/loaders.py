"""The campaign a code is redeemed under, batched per request and filtered by the caller's visibility."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from app.campaigns.models import Campaign
from app.codes.models import Code
from app.graphql.context import Context
from app.graphql.loaders import by_id
from app.redemptions.resolve import campaigns_of

NAME = "campaign-of-code"


def campaign_of_code(context: Context) -> DataLoader[Code, Campaign | None]:
    """Its shared campaign, the campaign it was published in, or its series' first live campaign (as
    redemption resolves it), if the caller may see that campaign."""
    loader = context.loaders.get(NAME)
    if loader is None:

        async def load(codes: Sequence[Code]) -> list[Campaign | None]:
            of_code, _ = await campaigns_of(list(codes), [])
            visible: list[Any] = await by_id(context, Campaign).load_many([c.id for c in of_code.values()])
            allowed = {campaign.id for campaign in visible if campaign is not None}
            found = [of_code.get(code.id) for code in codes]
            return [campaign if campaign is not None and campaign.id in allowed else None for campaign in found]

        loader = DataLoader(load_fn=load, cache_key_fn=lambda code: code.id)
        context.loaders[NAME] = loader
    return loader
