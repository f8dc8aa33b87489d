"""The access algebra of areas and stores (DESIGN §6), as pure functions over assignments.

Levels do not cascade: an area assignment does not cover the area's stores. "All stores of an area"
covers each store of that area, current and future.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from app.locations.models import AssignmentLevel

L = AssignmentLevel


@dataclass(frozen=True)
class Place:
    """One assignment: a level, its area, and the store for STORE assignments."""

    level: AssignmentLevel
    area_id: uuid.UUID
    store_id: uuid.UUID | None = None


def covers(outer: Place, inner: Place) -> bool:
    """`outer` includes everything `inner` designates."""
    if outer == inner:
        return True
    return outer.level is L.AREA_ALL_STORES and inner.level is L.STORE and inner.area_id == outer.area_id


def overlaps(key: Iterable[Place], campaign: Iterable[Place]) -> bool:
    """A restricted key may see and use a campaign when some of their assignments meet."""
    campaign_places = list(campaign)
    return any(covers(k, c) or covers(c, k) for k in key for c in campaign_places)


def contains_all(key: Iterable[Place], campaign: Iterable[Place]) -> bool:
    """A restricted key may edit a campaign only when its assignments include all of the campaign's."""
    key_places = list(key)
    campaign_places = list(campaign)
    return bool(campaign_places) and all(any(covers(k, c) for k in key_places) for c in campaign_places)


def store_in_scope(store_id: uuid.UUID, area_id: uuid.UUID, campaign: Iterable[Place]) -> bool:
    """A redemption at this store is inside the campaign's places (its store, its area's stores, or its area)."""
    return any(
        (place.level is L.STORE and place.store_id == store_id)
        or (place.level in {L.AREA_ALL_STORES, L.AREA} and place.area_id == area_id)
        for place in campaign
    )
