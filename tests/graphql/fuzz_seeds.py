"""Valid calls on the seeded world for the fuzzer to mutate: a value changed deep inside an input that is
otherwise right gets past the first check and reaches the services and the database.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.graphql.fuzz_values import Fresh, encode_cursor
from tests.locations.world import PARIS, World

Seed = tuple[str, dict[str, Any]]  # root field, its arguments as variables


def seeds(world: World) -> list[Seed]:
    inside, north = world.places("INSIDE"), world.areas["North"]
    rule = {"id": "zone", "kind": "GEOFENCE", "geofence_ids": [world.geofence], "strict": False}
    limits = [
        {"id": "budget", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 100_000, "period": "DAY"},
        {"id": "hours", "kind": "TIME_WINDOW", "days_of_week": [1, 2, 3, 4, 5], "from_hour": 8, "to_hour": 20},
        {"id": "items", "kind": "ITEMS", "match": "ANY", "product_ids": ["p"], "min_quantity": 1},
    ]
    campaign = {
        "name": Fresh("Seed"),
        "kind": "DISCOUNT",
        "codeMode": "NO_CODE",
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "PERCENT", "percentOff": 10.0, "maxDiscount": 500}},
        "startsAt": "2020-01-01T00:00:00+00:00",
        "endsAt": "2999-01-01T00:00:00+02:00",
        "timeZone": "Europe/Paris",
        "categoryId": world.category,
        "metadata": {"team": "north", "tags": ["a", "b"]},
        "inventoryLimit": 1000,
        "lowStockThreshold": 10,
        "validationRules": [rule, *limits],
        "rulesExpression": {"op": "AND", "rules": ["zone", {"op": "OR", "rules": ["budget", "hours"]}, "items"]},
        "appliesToProducts": ["p"],
        "access": inside,
    }
    after = encode_cursor(f"2030-01-01T00:00:00+00:00|{uuid.UUID(int=0)}")
    after_name = encode_cursor(json.dumps({"o": "NAME", "v": "M", "id": str(uuid.UUID(int=0))}))
    unique = {"codeMode": "UNIQUE_CODES", "codeSeriesId": world.series}
    customer = {"sourceId": "fuzzed", "name": "Ann", "email": "ann@example.com", "phone": "+33123456789"}
    customer |= {"metadata": {"tier": "gold"}, **PARIS}
    order = world.order("INSIDE") | {"customer": customer, "metadata": {"channel": "web"}}
    order["items"] = [
        {"productId": "p", "sku": "sku-1", "categoryIds": ["c"], "quantity": 2, "unitPrice": 1250, "location": PARIS}
    ]
    redeemables = [{"campaignId": world.auto["INSIDE"]}, {"code": world.codes["INSIDE"]}]
    place = {"name": "East", "code": "E1", "address": "1 rue X", "timeZone": "Europe/Paris", "metadata": {"k": 1}}
    place |= PARIS
    polygon = {"type": "Polygon", "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]]}
    return [
        ("campaignCreate", {"input": campaign}),
        ("campaignCreate", {"input": campaign | {"codeMode": "SINGLE_CODE", "code": Fresh("C"), "joinOnce": False}}),
        ("campaignCreate", {"input": campaign | {"codeMode": "UNIQUE_CODES", "codeSeriesId": world.series}}),
        ("campaignCreate", {"input": campaign | {"kind": "GIFT_CARD", "reward": {"giftAmount": 5000}} | unique}),
        ("campaignUpdate", {"input": {"id": world.auto["INSIDE"], "expectedVersion": 2, "name": "Renamed"}}),
        ("campaignClone", {"input": {"id": world.coded["INSIDE"], "name": "Clone"}}),
        ("campaigns", {"filter": {"statuses": ["ACTIVE"], "nameContains": "IN"}, "first": 10, "after": after}),
        ("campaigns", {"orderBy": {"field": "NAME", "direction": "DESC"}, "first": 5, "after": after_name}),
        ("customers", {"filter": {"email": "ann@example.com"}, "first": 5, "after": after}),
        ("redemptions", {"first": 5, "after": after}),
        ("validate", {"order": order, "redeemables": redeemables}),
        ("qualifications", {"order": order}),
        ("redeem", {"input": {"order": order, "redeemables": redeemables, "idempotencyKey": "seed"}}),
        ("redemptionRollback", {"input": {"id": world.redemptions["INSIDE"], "reason": "Returned"}}),
        ("codePublish", {"input": {"campaignId": world.coded["INSIDE"], "customer": customer}}),
        ("codesPublishBulk", {"campaignId": world.coded["INSIDE"], "customers": ["a", "b"], "channel": "EMAIL"}),
        ("customerUpsert", {"input": customer}),
        ("codeSeriesCreate", {"input": {"name": "S2", "length": 6, "prefix": "A-", "lowStockThreshold": 5}}),
        ("codesGenerate", {"input": {"seriesId": world.series, "count": 20}}),
        ("categoryCreate", {"input": {"name": "C2", "hierarchy": 2, "stackingType": "EXCLUSIVE"}}),
        ("stackingRulesUpdate", {"input": {"redeemablesLimit": 5, "applicableLimit": 3, "categoryLimit": 2}}),
        ("apiKeyCreate", {"input": {"name": "k", "role": "STORE", "access": inside}}),
        ("areaCreate", {"input": place}),
        ("storeCreate", {"areaId": north, "input": place | {"name": "n3"}, "geofenceId": world.geofence}),
        ("storeUpdate", {"id": world.stores["n2"], "input": {"address": "2 rue Y"}, "areaId": north}),
        ("geofenceCreate", {"input": {"name": "Zone", "polygon": polygon}}),
        ("geofenceCreate", {"input": {"name": "Circle", "circle": {**PARIS, "radiusMeters": 1000.0}}}),
        ("geofences", {"viewport": {"south": 48.0, "west": 2.0, "north": 49.0, "east": 3.0}}),
        ("campaignsAt", {**PARIS, "storeId": world.stores["n1"]}),
        (
            "webhookEndpointCreate",
            {
                "input": {
                    "url": "https://hooks.example.com/in?k=1",
                    "eventTypes": ["CODE_PUBLISHED"],
                    "description": "CRM",
                }
            },
        ),
        ("webhookDeliveries", {"status": "PENDING", "first": 5, "after": after}),
    ]
