"""Offers near a point: active campaigns whose geofence rules admit it (optionally at a store)."""

from __future__ import annotations

import uuid

from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.campaigns.clock import live_filter
from app.campaigns.models import Campaign
from app.core.geometry import check_point
from app.core.time import utcnow
from app.geofences import services as geofences
from app.locations.scope import store_in_scope
from app.redemptions import access
from app.rules.evaluation import RULE_KINDS, RuleContext


async def campaigns_at(
    *, latitude: float, longitude: float, store_id: uuid.UUID | None, scope: Scope
) -> list[Campaign]:
    """Active campaigns the key may use whose GEOFENCE rules all pass at the point (and, with a store,
    that may be redeemed there), by name."""
    check_point(latitude, longitude, field="point")
    store = await access.store_of(store_id, scope)
    fences = frozenset(await geofences.covering(latitude=latitude, longitude=longitude))
    live = Campaign.filter(live_filter(utcnow()))
    candidates = [
        campaign
        for campaign in await campaign_access.scoped(live, scope).order_by("name")
        if any(rule["kind"] == "GEOFENCE" for rule in campaign.validation_rules)
    ]
    places = await campaign_access.places_by_campaign(campaign.id for campaign in candidates)
    found = []
    for campaign in candidates:
        assigned = places.get(campaign.id, [])
        if assigned and (store is None or not store_in_scope(store.id, store.area_id, assigned)):
            continue
        context = RuleContext(
            initial_amount=0,
            running_amount=0,
            items=(),
            customer_id=None,
            code_holder_id=None,
            now=campaign.updated_at,
            time_zone=campaign.time_zone,
            location_fences=fences,
            store_geofence_id=str(store.geofence_id) if store and store.geofence_id else None,
        )
        rules = [rule for rule in campaign.validation_rules if rule["kind"] == "GEOFENCE"]
        if all(RULE_KINDS["GEOFENCE"](rule, context) is None for rule in rules):
            found.append(campaign)
    return found
