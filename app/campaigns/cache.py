"""Campaigns for the redemption hot path, read through (a per-process cache replaces this loader)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from app.campaigns import access
from app.campaigns.models import Campaign


async def campaigns_by_id(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Campaign]:
    wanted = list(set(ids))
    return {c.id: c for c in await Campaign.filter(id__in=wanted, deleted_at__isnull=True)} if wanted else {}


async def places_by_campaign(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    return await access.places_by_campaign(ids)
