"""A store's own geofence: "valid within 2 km of the shop", checked at redemption and for offers near a store."""

from __future__ import annotations

from typing import Any

from tests.conftest import Caller, GraphQLClient

ERROR = "... on Error { __typename code message field }"
SHOP = {"latitude": 48.8566, "longitude": 2.3522}  # Paris, Hôtel de Ville
ONE_KM_AWAY = {"latitude": 48.8656, "longitude": 2.3522}  # 1.0 km north
THREE_KM_AWAY = {"latitude": 48.8836, "longitude": 2.3522}  # 3.0 km north
ITEMS = [{"productId": "p", "quantity": 1, "unitPrice": 1000}]


async def call(graphql: GraphQLClient, admin: Caller, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return await graphql.data(query, variables, caller=admin)


async def test_a_store_geofence_limits_redemptions_to_its_surroundings(graphql: GraphQLClient, admin: Caller) -> None:
    fence = await call(
        graphql,
        admin,
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": "Shop 2 km", "circle": {**SHOP, "radiusMeters": 2000}}},
    )
    fence_id = fence["geofenceCreate"]["geofence"]["id"]
    area = await call(
        graphql, admin, 'mutation { areaCreate(input: {name: "Paris"}) { ... on AreaSuccess { area { id } } } }', {}
    )
    area_id = area["areaCreate"]["area"]["id"]
    stores = {}
    for name, geofence in (("Rivoli", fence_id), ("Bastille", None)):
        made = await call(
            graphql,
            admin,
            "mutation S($a: ID!, $n: String!, $g: ID) { storeCreate(areaId: $a, input: {name: $n, latitude: 48.8566, "
            "longitude: 2.3522}, geofenceId: $g) { ... on StoreSuccess { store { id geofence { id } } } } }",
            {"a": area_id, "n": name, "g": geofence},
        )
        stores[name] = made["storeCreate"]["store"]
    assert stores["Rivoli"]["geofence"] == {"id": fence_id}
    assert stores["Bastille"]["geofence"] is None

    created = await call(
        graphql,
        admin,
        f"mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename "
        f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
        {
            "i": {
                "name": "Near the shop",
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 200}},
                "validationRules": [{"id": "near", "kind": "GEOFENCE", "store_geofence": True}],
                "access": [{"level": "AREA_ALL_STORES", "areaId": area_id}],
            }
        },
    )
    campaign = created["campaignCreate"]["campaign"]["id"]
    await call(
        graphql, admin, "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign}
    )

    validate = (
        "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
        "{ redeemables { status reason } } }"
    )
    cases = [
        ("Rivoli", ONE_KM_AWAY, None),
        ("Rivoli", THREE_KM_AWAY, "OUTSIDE_GEOFENCE"),
        ("Rivoli", None, "LOCATION_MISSING"),
        ("Bastille", ONE_KM_AWAY, "STORE_GEOFENCE_MISSING"),
    ]
    for store, location, reason in cases:
        order = {"currency": "EUR", "storeId": stores[store]["id"], "location": location, "items": ITEMS}
        result = await call(graphql, admin, validate, {"o": order, "r": [{"campaignId": campaign}]})
        assert result["validate"]["redeemables"][0]["reason"] == reason, (store, location)

    near = (
        "query N($lat: Float!, $lon: Float!, $s: ID) "
        "{ campaignsAt(latitude: $lat, longitude: $lon, storeId: $s) { id } }"
    )
    for point, store, found in (
        (ONE_KM_AWAY, "Rivoli", [campaign]),
        (THREE_KM_AWAY, "Rivoli", []),
        (ONE_KM_AWAY, None, []),  # an area campaign is only on offer at one of its stores
    ):
        variables = {"lat": point["latitude"], "lon": point["longitude"], "s": stores[store]["id"] if store else None}
        listed = await call(graphql, admin, near, variables)
        assert [c["id"] for c in listed["campaignsAt"]] == found

    # A geofence a store uses cannot be deleted; taking it off the store first works.
    delete = f"mutation D($id: ID!) {{ geofenceDelete(id: $id) {{ __typename {ERROR} }} }}"
    refused = await call(graphql, admin, delete, {"id": fence_id})
    assert refused["geofenceDelete"]["code"] == "STILL_IN_USE"
    assert "Rivoli" in refused["geofenceDelete"]["message"]
    cleared = await call(
        graphql,
        admin,
        "mutation U($id: ID!) { storeUpdate(id: $id, input: {}, geofenceId: null) "
        "{ ... on StoreSuccess { store { geofence { id } } } } }",
        {"id": stores["Rivoli"]["id"]},
    )
    assert cleared["storeUpdate"]["store"]["geofence"] is None
    deleted = await call(graphql, admin, delete, {"id": fence_id})
    assert deleted["geofenceDelete"]["__typename"] == "GeofenceDeleteSuccess"


async def test_store_geofence_rule_input_is_checked(graphql: GraphQLClient, admin: Caller) -> None:
    create = f"mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename {ERROR} }} }}"
    base = {
        "name": "Bad",
        "kind": "DISCOUNT",
        "codeMode": "NO_CODE",
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"discount": {"type": "AMOUNT", "amountOff": 200}},
    }
    for rule, field in (
        ({"id": "r", "kind": "GEOFENCE"}, "validationRules.0.geofence_ids"),
        ({"id": "r", "kind": "GEOFENCE", "store_geofence": "yes"}, "validationRules.0.store_geofence"),
        ({"id": "r", "kind": "GEOFENCE", "store_geofence": True, "scope": "ITEMS"}, "validationRules.0.store_geofence"),
    ):
        result = await call(graphql, admin, create, {"i": {**base, "validationRules": [rule]}})
        assert (result["campaignCreate"]["code"], result["campaignCreate"]["field"]) == ("VALIDATION_ERROR", field)
