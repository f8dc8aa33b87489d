"""The campaign audit trail: every change, who made it, and when."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.access.models import ApiKey
from app.campaigns.models import Campaign, CampaignHistory, CampaignStatus, HistoryKind
from app.core.pagination import Page


def jsonable(value: Any) -> Any:
    """A JSON-friendly copy of a field value for the history's old/new columns."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


async def record(
    campaign: Campaign,
    kind: HistoryKind,
    *,
    actor: ApiKey | None,
    connection: BaseDBAsyncClient,
    changes: list[dict[str, Any]] | None = None,
    from_status: CampaignStatus | None = None,
    to_status: CampaignStatus | None = None,
    source_campaign_id: uuid.UUID | None = None,
) -> CampaignHistory:
    """Append one entry, inside the caller's transaction."""
    return await CampaignHistory.create(
        campaign=campaign,
        kind=kind,
        actor=actor,
        changes=changes or [],
        from_status=from_status,
        to_status=to_status,
        source_campaign_id=source_campaign_id,
        using_db=connection,
    )


async def history_page(*, campaign_id: uuid.UUID, first: int, after: int | None) -> Page[CampaignHistory]:
    """A campaign's history, oldest first (ids grow with time, so they are the cursor)."""
    query = CampaignHistory.filter(campaign_id=campaign_id)
    if after is not None:
        query = query.filter(id__gt=after)
    rows = await query.order_by("id").limit(first + 1)
    return Page(rows=rows[:first], has_next=len(rows) > first)
