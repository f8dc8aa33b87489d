"""Which campaigns a key reaches (DESIGN §6): see and use on overlap, edit when it contains them all.

A campaign outside the caller's scope answers exactly like a missing one, so ids and cursors of other
areas reveal nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tortoise.expressions import Q, Subquery

from app.access.models import Permission
from app.access.scope import Scope
from app.campaigns.exceptions import CampaignNotFound
from app.campaigns.models import Campaign
from app.core.errors import InvalidInput, PermissionDenied
from app.locations import services as locations
from app.locations.models import Assignment, AssignmentLevel, SubjectKind
from app.locations.scope import Place

L = AssignmentLevel


async def places_by_campaign(campaign_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Place]]:
    """Each campaign's assignments (a campaign without any is project-wide)."""
    ids = list(set(campaign_ids))
    found: dict[uuid.UUID, list[Place]] = defaultdict(list)
    if ids:
        rows = await Assignment.filter(subject_kind=SubjectKind.CAMPAIGN, subject_id__in=ids).order_by("id")
        for row in rows:
            found[row.subject_id].append(Place(row.level, row.area_id, row.store_id))
    return found


def _overlapping(place: Place) -> Q:
    """Campaign assignments that overlap one key assignment (the SQL twin of `scope.overlaps`)."""
    if place.level is L.AREA:
        return Q(level=L.AREA, area_id=place.area_id)
    if place.level is L.AREA_ALL_STORES:
        return Q(level__in=[L.AREA_ALL_STORES, L.STORE], area_id=place.area_id)
    return Q(level=L.STORE, store_id=place.store_id) | Q(level=L.AREA_ALL_STORES, area_id=place.area_id)


def visible_ids(scope: Scope) -> Any:
    """A subquery of the ids of campaigns a restricted key may see (use only when `scope.restricted`)."""
    overlap = Q(*[_overlapping(place) for place in scope.places], join_type=Q.OR)
    if not scope.places:
        overlap = Q(id__isnull=True)  # no assignment: nothing (a restricted key always has one)
    return Subquery(
        Assignment.filter(subject_kind=SubjectKind.CAMPAIGN).filter(overlap).distinct().values("subject_id")
    )


def scoped(query: Any, scope: Scope, column: str = "id") -> Any:
    """`query` limited to rows whose `column` is a campaign the key may see."""
    if not scope.restricted:
        return query
    return query.filter(**{f"{column}__in": visible_ids(scope)})


def not_found(campaign_id: uuid.UUID, field: str) -> CampaignNotFound:
    return CampaignNotFound(f"No campaign has id {campaign_id}.", field=field)


async def _reached(scope: Scope, campaign_id: uuid.UUID, field: str) -> tuple[Campaign, list[Place]]:
    """The campaign and its assignments, if it exists for this key (restricted keys: some place overlaps)."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise not_found(campaign_id, field)
    places = (await places_by_campaign([campaign_id]))[campaign_id] if scope.restricted else []
    if not scope.may_use(places):
        raise not_found(campaign_id, field)
    return campaign, places


async def usable(scope: Scope, campaign_id: uuid.UUID, *, field: str = "id") -> Campaign:
    """The campaign, if the key may see and use it; otherwise not found."""
    campaign, _ = await _reached(scope, campaign_id, field)
    return campaign


async def publishable(scope: Scope, campaign_id: uuid.UUID, *, field: str = "campaignId") -> Campaign:
    """The campaign, if the key may publish its codes: CODES_PUBLISH, or self-service where the campaign allows it."""
    permissions = scope.permissions
    if Permission.CODES_PUBLISH not in permissions and Permission.CODES_SELF_SERVICE not in permissions:
        raise PermissionDenied(f"The {scope.role.value} role lacks the {Permission.CODES_PUBLISH.value} permission.")
    campaign = await usable(scope, campaign_id, field=field)
    if Permission.CODES_PUBLISH not in permissions and not campaign.self_service_publish:
        raise PermissionDenied(
            "This campaign does not allow self-service publishing (selfServicePublish is false).", field=field
        )
    return campaign


async def editable(scope: Scope, campaign_id: uuid.UUID, *, field: str = "id") -> Campaign:
    """The campaign, if the key may change it: not found outside its scope, denied when only partly inside."""
    campaign, places = await _reached(scope, campaign_id, field)
    if not scope.may_edit(places):
        raise PermissionDenied(
            "The campaign is also assigned outside your areas and stores; only a key covering all of its "
            "assignments may change it.",
            field=field,
        )
    return campaign


def check_inside(scope: Scope, places: list[Place], *, field: str) -> None:
    """A restricted key places campaigns only inside its own assignments, and never project-wide."""
    if not scope.restricted:
        return
    if not places:
        raise InvalidInput(
            "A restricted key's campaign needs at least one assignment inside its areas and stores.", field=field
        )
    if not scope.may_edit(places):
        raise PermissionDenied("Every assignment must lie inside your own areas and stores.", field=field)


async def resolve_inside(scope: Scope, given: list[locations.PlaceInput], *, field: str) -> list[Place]:
    places = await locations.resolve_places(given, field=field)
    check_inside(scope, places, field=field)
    return places
