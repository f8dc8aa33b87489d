"""Geofences through GraphQL: shapes, validation, rules at redemption time, offers near me."""

from __future__ import annotations

import asyncio
from typing import Any

from app.geofences.services import INDEX_CHECK_SECONDS, index_cache
from tests.conftest import Caller, GraphQLClient

ERROR = "... on Error { __typename code message field }"
CREATE = (
    "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { __typename "
    f"... on GeofenceSuccess {{ geofence {{ id kind bounds }} }} {ERROR} }} }}"
)
CENTRE = {
    "type": "Polygon",
    "coordinates": [[[2.30, 48.84], [2.38, 48.84], [2.38, 48.88], [2.30, 48.88], [2.30, 48.84]]],
}
INSIDE = {"latitude": 48.86, "longitude": 2.34}
OUTSIDE = {"latitude": 45.76, "longitude": 4.83}


async def make_geofence(graphql: GraphQLClient, admin: Caller, **values: Any) -> dict[str, Any]:
    data = await graphql.data(CREATE, {"i": values}, caller=admin)
    result: dict[str, Any] = data["geofenceCreate"]
    return result


async def test_shapes_are_validated_and_listed(graphql: GraphQLClient, admin: Caller) -> None:
    made = await make_geofence(graphql, admin, name="Centre", polygon=CENTRE)
    assert made["geofence"]["kind"] == "POLYGON"
    circle = await make_geofence(
        graphql, admin, name="Shop", circle={"latitude": 48.85, "longitude": 2.35, "radiusMeters": 2000}
    )
    assert circle["geofence"]["kind"] == "CIRCLE"
    bad = await make_geofence(
        graphql,
        admin,
        name="Bow tie",
        polygon={"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]},
    )
    assert (bad["__typename"], bad["field"]) == ("ValidationError", "polygon")
    assert "Self-intersection" in bad["message"]
    both = await make_geofence(
        graphql, admin, name="Both", polygon=CENTRE, circle={"latitude": 0, "longitude": 0, "radiusMeters": 1}
    )
    assert both["__typename"] == "ValidationError"
    collection = await graphql.data("{ geofencesFeatureCollection }", caller=admin)
    features = collection["geofencesFeatureCollection"]["features"]
    assert [f["geometry"]["type"] for f in features] == ["Polygon", "Point"]


async def campaign_with_fence(graphql: GraphQLClient, admin: Caller, fence_id: str, **rule: Any) -> str:
    data = await graphql.data(
        "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) { "
        f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
        {
            "i": {
                "name": rule.pop("name", "Local"),
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 300}},
                "validationRules": [{"id": "zone", "kind": "GEOFENCE", "geofence_ids": [fence_id], **rule}],
            }
        },
        caller=admin,
    )
    campaign_id: str = data["campaignCreate"]["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}, caller=admin
    )
    return campaign_id


VALIDATE = (
    "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
    "{ redeemables { status reason } } }"
)


async def outcome(graphql: GraphQLClient, admin: Caller, campaign_id: str, location: Any) -> dict[str, Any]:
    order: dict[str, Any] = {"currency": "EUR", "items": [{"productId": "p", "quantity": 1, "unitPrice": 2000}]}
    if location is not None:
        order["location"] = location
    data = await graphql.data(VALIDATE, {"o": order, "r": [{"campaignId": campaign_id}]}, caller=admin)
    result: dict[str, Any] = data["validate"]["redeemables"][0]
    return result


async def test_geofence_rules_at_validation_time(graphql: GraphQLClient, admin: Caller) -> None:
    fence = (await make_geofence(graphql, admin, name="Centre", polygon=CENTRE))["geofence"]["id"]
    index_cache.forget()
    strict = await campaign_with_fence(graphql, admin, fence, name="Strict")
    lenient = await campaign_with_fence(graphql, admin, fence, name="Lenient", strict=False)
    excluded = await campaign_with_fence(graphql, admin, fence, name="Not downtown", mode="OUTSIDE")

    assert (await outcome(graphql, admin, strict, INSIDE))["status"] == "APPLICABLE"
    assert (await outcome(graphql, admin, strict, OUTSIDE))["reason"] == "OUTSIDE_GEOFENCE"
    assert (await outcome(graphql, admin, strict, None))["reason"] == "LOCATION_MISSING"
    assert (await outcome(graphql, admin, lenient, None))["status"] == "APPLICABLE"
    assert (await outcome(graphql, admin, excluded, INSIDE))["reason"] == "INSIDE_EXCLUDED_GEOFENCE"
    assert (await outcome(graphql, admin, excluded, OUTSIDE))["status"] == "APPLICABLE"

    near = await graphql.data(
        "query N($lat: Float!, $lon: Float!) { campaignsAt(latitude: $lat, longitude: $lon) { name } }",
        {"lat": 48.86, "lon": 2.34},
        caller=admin,
    )
    assert sorted(c["name"] for c in near["campaignsAt"]) == ["Lenient", "Strict"]


async def test_a_changed_geofence_is_honoured_at_once(graphql: GraphQLClient, admin: Caller) -> None:
    fence = (await make_geofence(graphql, admin, name="Centre", polygon=CENTRE))["geofence"]["id"]
    index_cache.forget()
    campaign = await campaign_with_fence(graphql, admin, fence)
    assert (await outcome(graphql, admin, campaign, OUTSIDE))["reason"] == "OUTSIDE_GEOFENCE"
    moved = await graphql.data(
        "mutation U($id: ID!, $i: GeofenceInput!) { geofenceUpdate(id: $id, input: $i) { __typename } }",
        {"id": fence, "i": {"circle": {"latitude": 45.76, "longitude": 4.83, "radiusMeters": 3000}}},
        caller=admin,
    )
    assert moved["geofenceUpdate"]["__typename"] == "GeofenceSuccess"
    await asyncio.sleep(INDEX_CHECK_SECONDS)  # the index re-checks its version at most this often
    assert (await outcome(graphql, admin, campaign, OUTSIDE))["status"] == "APPLICABLE"


async def test_mixed_basket_discounts_only_items_located_inside(graphql: GraphQLClient, admin: Caller) -> None:
    fence = (await make_geofence(graphql, admin, name="Warehouse zone", polygon=CENTRE))["geofence"]["id"]
    index_cache.forget()
    data = await graphql.data(
        "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) { "
        f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
        {
            "i": {
                "name": "Local stock",
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "PERCENT", "percentOff": 50}},
                "validationRules": [{"id": "stock", "kind": "GEOFENCE", "scope": "ITEMS", "geofence_ids": [fence]}],
            }
        },
        caller=admin,
    )
    campaign_id = data["campaignCreate"]["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}, caller=admin
    )
    order = {
        "currency": "EUR",
        "items": [
            {"productId": "near", "quantity": 1, "unitPrice": 1000, "location": INSIDE},
            {"productId": "far", "quantity": 1, "unitPrice": 1000, "location": OUTSIDE},
            {"productId": "unknown", "quantity": 1, "unitPrice": 1000},
        ],
    }
    result = await graphql.data(
        "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
        "{ discount lines { productId discount } redeemables { status reason } } }",
        {"o": order, "r": [{"campaignId": campaign_id}]},
        caller=admin,
    )
    assert result["validate"]["discount"] == 500
    assert result["validate"]["lines"] == [
        {"productId": "near", "discount": 500},
        {"productId": "far", "discount": 0},
        {"productId": "unknown", "discount": 0},
    ]
    only_far = {**order, "items": order["items"][1:]}
    refused = await graphql.data(
        "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
        "{ redeemables { status reason } } }",
        {"o": only_far, "r": [{"campaignId": campaign_id}]},
        caller=admin,
    )
    assert refused["validate"]["redeemables"] == [{"status": "INAPPLICABLE", "reason": "NO_ELIGIBLE_ITEMS"}]


async def test_geofences_in_a_map_viewport_use_the_bounding_boxes(graphql: GraphQLClient, admin: Caller) -> None:
    await make_geofence(graphql, admin, name="Centre", polygon=CENTRE)
    await make_geofence(graphql, admin, name="Lyon", circle={**OUTSIDE, "radiusMeters": 3000})
    await make_geofence(
        graphql, admin, name="Dateline", circle={"latitude": 0, "longitude": 179.99, "radiusMeters": 5000}
    )
    query = "query G($v: ViewportInput) { geofences(viewport: $v) { name } }"
    cases = [
        ({"south": 48.5, "west": 2.0, "north": 49.0, "east": 2.6}, ["Centre"]),
        ({"south": 45.0, "west": 4.0, "north": 46.0, "east": 5.5}, ["Lyon"]),
        ({"south": 44.0, "west": 2.0, "north": 50.0, "east": 6.0}, ["Centre", "Lyon"]),
        ({"south": -1.0, "west": 179.5, "north": 1.0, "east": -179.5}, ["Dateline"]),
        ({"south": -1.0, "west": -179.99, "north": 1.0, "east": -179.9}, ["Dateline"]),
        (None, ["Centre", "Dateline", "Lyon"]),
    ]
    for viewport, names in cases:
        data = await graphql.data(query, {"v": viewport}, caller=admin)
        assert [row["name"] for row in data["geofences"]] == names, viewport
    collection = await graphql.data(
        "query F($v: ViewportInput) { geofencesFeatureCollection(viewport: $v) }",
        {"v": {"south": 45.0, "west": 4.0, "north": 46.0, "east": 5.5}},
        caller=admin,
    )
    assert [f["properties"]["name"] for f in collection["geofencesFeatureCollection"]["features"]] == ["Lyon"]
    response = await graphql.post(query, {"v": {"south": 2, "west": 0, "north": 1, "east": 1}}, caller=admin)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"


async def test_an_update_from_a_stale_read_is_a_conflict_and_writes_nothing(
    graphql: GraphQLClient, admin: Caller
) -> None:
    made = await make_geofence(graphql, admin, name="Shared", polygon=CENTRE)
    fence = made["geofence"]["id"]
    [read] = (await graphql.data("{ geofencesFeatureCollection }", caller=admin))["geofencesFeatureCollection"][
        "features"
    ]
    update = (
        "mutation U($id: ID!, $i: GeofenceInput!, $at: DateTime) { geofenceUpdate(id: $id, input: $i, "
        "expectedUpdatedAt: $at) { __typename ... on GeofenceSuccess { geofence { name updatedAt } } "
        f"{ERROR} }} }}"
    )
    first = await graphql.data(
        update, {"id": fence, "i": {"name": "Renamed"}, "at": read["properties"]["updatedAt"]}, caller=admin
    )
    assert first["geofenceUpdate"]["geofence"]["name"] == "Renamed"
    stale = await graphql.data(
        update, {"id": fence, "i": {"name": "Lost"}, "at": read["properties"]["updatedAt"]}, caller=admin
    )
    assert stale["geofenceUpdate"]["__typename"] == "ConflictError"
    assert (stale["geofenceUpdate"]["code"], stale["geofenceUpdate"]["field"]) == (
        "GEOFENCE_CHANGED",
        "expectedUpdatedAt",
    )
    current = (await graphql.data("query G($id: ID!) { geofence(id: $id) { name } }", {"id": fence}, caller=admin))[
        "geofence"
    ]
    assert current["name"] == "Renamed"
    again = await graphql.data(
        update,
        {"id": fence, "i": {"name": "Lost"}, "at": first["geofenceUpdate"]["geofence"]["updatedAt"]},
        caller=admin,
    )
    assert again["geofenceUpdate"]["geofence"]["name"] == "Lost"
