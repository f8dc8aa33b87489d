"""A campaign's assignments to areas and stores: changed by keys that cover them, recorded in history."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from app.access.models import ApiKey
from app.access.scope import UNRESTRICTED, Scope
from app.campaigns import access, history
from app.campaigns.cache import announce_change
from app.campaigns.models import Campaign, HistoryKind
from app.core.events import EventBus
from app.locations import services as location_services
from app.locations.models import SubjectKind


def describe_places(places: list[Any]) -> list[str]:
    """Assignments as history records them."""
    return [f"{place.level.value}:{place.store_id or place.area_id}" for place in places]


async def change_access(
    *,
    campaign_id: uuid.UUID,
    add: list[location_services.PlaceInput],
    remove: list[location_services.PlaceInput],
    actor: ApiKey | None,
    scope: Scope = UNRESTRICTED,
    events: EventBus | None = None,
) -> list[Any]:
    """Assign the campaign to areas or stores, or take it off them; recorded in its history.

    A restricted key must cover the campaign's assignments before and after the change.
    """
    campaign = await access.editable(scope, campaign_id, field="campaignId")
    adding = await location_services.resolve_places(add, field="assignments")
    removing = await location_services.resolve_places(remove, field="assignments")
    before = await location_services.places_of(SubjectKind.CAMPAIGN, campaign.id)
    after = location_services.changed_places(before, add=adding, remove=removing)
    access.check_inside(scope, after, field="assignments")
    if after != before:
        async with in_transaction() as connection:
            await location_services.set_places(SubjectKind.CAMPAIGN, campaign.id, after, connection)
            await Campaign.filter(id=campaign.id).using_db(connection).update(version=F("version") + 1)
            await history.record(
                campaign,
                HistoryKind.UPDATED,
                actor=actor,
                connection=connection,
                changes=[{"field": "access", "old": describe_places(before), "new": describe_places(after)}],
            )
        await announce_change(events, [campaign.id])
    return after
