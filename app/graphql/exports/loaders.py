"""Report loaders: a page of campaigns reads its figures in one statement (and one per `byDay` range)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from strawberry.dataloader import DataLoader

from app.core.errors import InvalidInput
from app.exports import reports
from app.graphql.context import Context


def figures_of(context: Context) -> DataLoader[uuid.UUID, reports.CampaignFigures]:
    """Each campaign's totals (the campaigns were loaded through the caller's policy)."""
    name = "campaign-figures"
    loader = context.loaders.get(name)
    if loader is None:

        async def load(campaign_ids: Sequence[uuid.UUID]) -> list[reports.CampaignFigures]:
            found = await reports.figures(list(campaign_ids))
            return [found.get(campaign_id, reports.CampaignFigures()) for campaign_id in campaign_ids]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    typed: DataLoader[uuid.UUID, reports.CampaignFigures] = loader
    return typed


def check_days(first: date, last: date) -> None:
    if last < first:
        raise InvalidInput("`to` must not come before `from`.", field="to")
    if (last - first).days + 1 > reports.MAX_DAYS:
        raise InvalidInput(f"Ask for at most {reports.MAX_DAYS} days at a time.", field="to")


def days_of(context: Context, first: date, last: date) -> DataLoader[uuid.UUID, list[reports.Day]]:
    """Each campaign's days in [first, last]: one loader (one statement) per distinct range."""
    name = f"campaign-days:{first}:{last}"
    loader = context.loaders.get(name)
    if loader is None:

        async def load(campaign_ids: Sequence[uuid.UUID]) -> list[list[reports.Day]]:
            found = await reports.by_day(list(campaign_ids), first=first, last=last)
            return [found[campaign_id] for campaign_id in campaign_ids]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    typed: DataLoader[uuid.UUID, list[reports.Day]] = loader
    return typed
