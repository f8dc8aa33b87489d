"""What the graph walk calls: arguments for every root Query field, and the mutations restricted keys use.

Each entry gives the argument sets to call its field with, taken from the walk world; lists ask for a
full page. The selection set is generated (`walk_query`), so an entry only says where to start.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

from app.core.ids import encode_id
from tests.graphql.walk_world import WalkWorld
from tests.locations.world import PARIS

Arguments = list[dict[str, Any]]
PAGE = {"first": 100}
_copies = itertools.count(1)


def none(world: WalkWorld) -> Arguments:
    return [{}]


def page(world: WalkWorld) -> Arguments:
    return [PAGE]


def _stores_of(world: WalkWorld, label: str) -> str:
    return "s1" if label.startswith("OUTSIDE") else "n1"


QUERIES: dict[str, Callable[[WalkWorld], Arguments]] = {
    "viewer": none,
    "apiKeys": lambda w: [{**PAGE, "includeRevoked": True}],
    "apiKey": lambda w: [{"id": encode_id("ApiKey", caller.key.id)} for caller in w.keys.values()],
    "campaign": lambda w: [{"id": campaign_id} for campaign_id in w.campaigns.values()],
    "campaigns": lambda w: [PAGE, {**PAGE, "filter": {"inBin": True}}],
    "categories": none,
    "customer": lambda w: [{"id": customer_id} for customer_id in w.customers.values()],
    "customers": page,
    "eventCatalog": none,
    "codeSeries": lambda w: [{"id": series_id} for series_id in [*w.series.values(), w.base.series]],
    "code": lambda w: [{"code": code} for code in w.codes.values()],
    "codes": lambda w: [
        *({**PAGE, "filter": {"campaignId": w.campaigns[label]}} for label in w.codes),
        *({**PAGE, "filter": {"seriesId": series_id}} for series_id in w.series.values()),
        {**PAGE, "filter": {"holderId": w.customers["shopper"]}},
    ],
    "publications": lambda w: [PAGE, {**PAGE, "filter": {"customerId": w.customers["shopper"]}}],
    "inventoryAlerts": lambda w: [{"campaignId": w.campaigns[label]} for label in w.codes],
    "job": lambda w: [{"id": w.base.job}],
    "validate": lambda w: [
        {"order": w.order(_stores_of(w, label)), "redeemables": [{"code": code}]} for label, code in w.codes.items()
    ],
    "qualifications": lambda w: [{"order": w.order(store)} for store in ("n1", "n2", "s1")],
    "redemption": lambda w: [{"id": redemption_id} for redemption_id in w.redemptions.values()],
    "redemptions": lambda w: [PAGE, {**PAGE, "filter": {"customerId": w.customers["shopper"]}}],
    "referrals": lambda w: [PAGE, {**PAGE, "filter": {"advocateId": w.customers["shopper"]}}],
    "segment": lambda w: [{"id": segment_id} for segment_id in w.segments.values()],
    "segments": page,
    "segmentPreview": lambda w: [{"definition": {"segment": {"segmentId": w.segments["Everyone"]}}}],
    "segmentTemplates": none,
    "stackingRules": none,
    "areas": none,
    "area": lambda w: [{"id": area_id} for area_id in w.base.areas.values()],
    "stores": none,
    "store": lambda w: [{"id": store_id} for store_id in w.base.stores.values()],
    "geofences": none,
    "geofence": lambda w: [{"id": w.base.geofence}],
    "geofencesFeatureCollection": none,
    "wallet": lambda w: [{"customer": {"sourceId": "shopper"}, "program": program} for program in w.programs.values()],
    "walletTransactions": lambda w: [PAGE, *({**PAGE, "filter": {"program": p}} for p in w.programs.values())],
    "distribution": lambda w: [{"id": distribution_id} for distribution_id in w.distributions.values()],
    "distributions": lambda w: [
        PAGE,
        *({**PAGE, "filter": {"campaignId": w.campaigns[label]}} for label in w.distributions),
    ],
    "distributionPreview": lambda w: [{"campaignId": w.campaigns[label]} for label in w.distributions],
    "campaignsAt": lambda w: [{**PARIS, "storeId": store_id} for store_id in w.base.stores.values()],
}


async def _rollback(world: WalkWorld) -> Arguments:
    """A fresh redemption of each scope's automatic campaign to roll back (a rollback happens once)."""
    arguments = []
    for label in ("INSIDE NO_CODE", "OUTSIDE NO_CODE"):
        target = f"{label} to roll back {next(_copies)}"
        redemption_id = await world.redeem(target, _stores_of(world, label), {"campaignId": world.campaigns[label]})
        arguments.append({"input": {"id": redemption_id}})
    return arguments


async def _clone(world: WalkWorld) -> Arguments:
    return [
        {"input": {"id": world.campaigns[label], "name": f"{label} copy {next(_copies)}"}}
        for label in ("INSIDE UNIQUE_CODES", "OUTSIDE UNIQUE_CODES", "PROJECT SINGLE_CODE")
    ]


async def _publish(world: WalkWorld) -> Arguments:
    return [
        {"input": {"campaignId": world.campaigns[label], "customer": {"sourceId": "shopper"}}}
        for label in ("INSIDE UNIQUE_CODES", "OUTSIDE UNIQUE_CODES", "PROJECT SINGLE_CODE", "INSIDE SINGLE_CODE")
    ]


async def _publish_bulk(world: WalkWorld) -> Arguments:
    return [{"campaignId": world.campaigns["INSIDE UNIQUE_CODES"], "customers": [f"bulk {next(_copies)}"]}]


async def _redeem(world: WalkWorld) -> Arguments:
    return [
        {"input": {"order": world.order(_stores_of(world, label)), "redeemables": [{"code": world.codes[label]}]}}
        for label in ("INSIDE UNIQUE_CODES", "OUTSIDE UNIQUE_CODES", "INSIDE SINGLE_CODE", "PARTIAL SINGLE_CODE")
    ]


async def _track(world: WalkWorld) -> Arguments:
    event = {"name": "walked", "properties": {"walk": next(_copies)}}
    return [
        {"input": {**event, "customer": {"sourceId": "shopper"}}},
        {"input": {**event, "customer": {"id": world.customers["shopper"]}}},
    ]


async def _track_many(world: WalkWorld) -> Arguments:
    return [{"inputs": [{"name": "walked", "customer": {"sourceId": "shopper"}, "properties": {"n": next(_copies)}}]}]


async def _distribute(world: WalkWorld) -> Arguments:
    return [
        {"input": {"campaignId": world.campaigns[label], "schedule": {"kind": "NOW"}}} for label in world.distributions
    ]


# Mutations a restricted key may call whose payload leads into the graph (arguments made afresh per key).
MUTATIONS: dict[str, Callable[[WalkWorld], Awaitable[Arguments]]] = {
    "codePublish": _publish,
    "codesPublishBulk": _publish_bulk,
    "redeem": _redeem,
    "redemptionRollback": _rollback,
    "campaignClone": _clone,
    "eventTrack": _track,
    "eventsTrack": _track_many,
    "distributionCreate": _distribute,
}
