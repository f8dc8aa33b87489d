"""Requests of the permission matrix: what a call is, and builders that make fresh targets per call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.access.models import Permission
from tests.locations.world import ERROR, PARIS, World, unique


@dataclass
class Call:
    """One request: a document, its variables, and (for lists) whether the answer shows the target."""

    query: str
    variables: dict[str, Any]
    shows_target: Callable[[Any], bool] | None = None
    upload: bytes | None = None  # sent as a multipart upload in variable `file`
    channel: str | None = None  # subscriptions: the Redis channel an allowed subscriber listens on


Builder = Callable[[World, str], Awaitable[Call]]


@dataclass(frozen=True)
class Entry:
    permission: Permission | None
    scope: str  # PROJECT, USE or EDIT
    build: Builder


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {item["id"] for item in items}


def edges(connection: dict[str, Any]) -> set[str]:
    return {edge["node"]["id"] for edge in connection["edges"]}


def transition(name: str, status: str) -> Builder:
    async def build(world: World, scope: str) -> Call:
        campaign = await world.campaign(scope, status=status)
        return Call(f"mutation M($id: ID!) {{ {name}(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": campaign})

    return build


def fixed(query: str, variables: dict[str, Any] | None = None, upload: bytes | None = None) -> Builder:
    async def build(world: World, scope: str) -> Call:
        return Call(query, dict(variables or {}), upload=upload)

    return build


def built(make: Callable[[World, str], Call]) -> Builder:
    async def build(world: World, scope: str) -> Call:
        return make(world, scope)

    return build


async def fresh_area(world: World) -> str:
    made = await world.call(
        "mutation A($i: PlaceAttributesInput!) { areaCreate(input: $i) { ... on AreaSuccess { area { id } } } }",
        {"i": {"name": unique("Area")}},
    )
    area_id: str = made["areaCreate"]["area"]["id"]
    return area_id


async def fresh_store(world: World) -> str:
    made = await world.call(
        "mutation S($a: ID!, $i: PlaceAttributesInput!) { storeCreate(areaId: $a, input: $i) "
        "{ ... on StoreSuccess { store { id } } } }",
        {"a": world.areas["North"], "i": {"name": unique("store")}},
    )
    store_id: str = made["storeCreate"]["store"]["id"]
    return store_id


async def fresh_geofence(world: World) -> str:
    made = await world.call(
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": unique("Fence"), "circle": {**PARIS, "radiusMeters": 100}}},
    )
    geofence_id: str = made["geofenceCreate"]["geofence"]["id"]
    return geofence_id


async def fresh_category(world: World) -> str:
    made = await world.call(
        "mutation C($i: CategoryCreateInput!) { categoryCreate(input: $i) "
        "{ ... on CategorySuccess { category { id } } } }",
        {"i": {"name": unique("Category"), "hierarchy": 5, "stackingType": "JOINT"}},
    )
    category_id: str = made["categoryCreate"]["category"]["id"]
    return category_id


async def fresh_key(world: World) -> str:
    made = await world.call(
        'mutation K { apiKeyCreate(input: {name: "spare", role: VIEWER}) '
        "{ ... on ApiKeyCreateSuccess { apiKey { id } } } }"
    )
    key_id: str = made["apiKeyCreate"]["apiKey"]["id"]
    return key_id


async def area_delete(world: World, scope: str) -> Call:
    return Call(
        f"mutation D($id: ID!) {{ areaDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": await fresh_area(world)}
    )


async def store_delete(world: World, scope: str) -> Call:
    store = await fresh_store(world)
    return Call(f"mutation D($id: ID!) {{ storeDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": store})


async def geofence_delete(world: World, scope: str) -> Call:
    fence = await fresh_geofence(world)
    return Call(f"mutation D($id: ID!) {{ geofenceDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": fence})


async def geofence_update(world: World, scope: str) -> Call:
    fence = await fresh_geofence(world)
    return Call(
        f'mutation U($id: ID!) {{ geofenceUpdate(id: $id, input: {{name: "{unique("Renamed")}"}}) '
        f"{{ __typename {ERROR} }} }}",
        {"id": fence},
    )


async def category_update(world: World, scope: str) -> Call:
    category = await fresh_category(world)
    return Call(
        f"mutation U($id: ID!) {{ categoryUpdate(input: {{id: $id, hierarchy: 7}}) {{ __typename {ERROR} }} }}",
        {"id": category},
    )


async def category_delete(world: World, scope: str) -> Call:
    category = await fresh_category(world)
    return Call(
        f"mutation D($id: ID!) {{ categoryDelete(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": category}
    )


async def key_revoke(world: World, scope: str) -> Call:
    key = await fresh_key(world)
    return Call(f"mutation R($id: ID!) {{ apiKeyRevoke(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": key})


def key_access(name: str) -> Builder:
    async def build(world: World, scope: str) -> Call:
        key = await fresh_key(world)
        await world.call(
            "mutation A($id: ID!, $a: [AssignmentInput!]!) { apiKeyAccessAssign(id: $id, assignments: $a) "
            "{ __typename } }",
            {"id": key, "a": world.places("INSIDE_BOTH")},
        )
        return Call(
            f"mutation A($id: ID!, $a: [AssignmentInput!]!) {{ {name}(id: $id, assignments: $a) "
            f"{{ __typename {ERROR} }} }}",
            {"id": key, "a": world.places("INSIDE")},
        )

    return build


async def campaign_create(world: World, scope: str) -> Call:
    return Call(
        f"mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename {ERROR} }} }}",
        {
            "i": {
                "name": unique("Created"),
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                "access": world.places(scope),
            }
        },
    )


async def campaign_update(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f'mutation U($id: ID!) {{ campaignUpdate(input: {{id: $id, expectedVersion: 1, description: "x"}}) '
        f"{{ __typename {ERROR} }} }}",
        {"id": campaign},
    )


async def campaign_clone(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation C($id: ID!) {{ campaignClone(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": campaign}
    )


async def campaign_delete(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation D($id: ID!) {{ campaignDelete(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": campaign}
    )


async def access_assign(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation A($c: ID!, $a: [AssignmentInput!]!) {{ campaignAccessAssign(campaignId: $c, assignments: $a) "
        f"{{ __typename {ERROR} }} }}",
        {"c": campaign, "a": world.places("INSIDE")[:1] if scope != "OUTSIDE" else world.places("OUTSIDE")},
    )


async def access_unassign(world: World, scope: str) -> Call:
    # Inside: a campaign on n1 and n2 loses n2; partial: one on n1 and s1 loses s1; outside: s1 loses s1.
    places = {"INSIDE": "INSIDE_BOTH", "PARTIAL": "PARTIAL", "OUTSIDE": "OUTSIDE"}[scope]
    campaign = await world.campaign(places)
    return Call(
        f"mutation A($c: ID!, $a: [AssignmentInput!]!) {{ campaignAccessUnassign(campaignId: $c, assignments: $a) "
        f"{{ __typename {ERROR} }} }}",
        {"c": campaign, "a": world.places(places)[-1:]},
    )


async def rollback(world: World, scope: str) -> Call:
    redemption = await world.redeem(scope)
    return Call(
        f"mutation R($id: ID!) {{ redemptionRollback(input: {{id: $id}}) {{ __typename {ERROR} }} }}",
        {"id": redemption},
    )


def redeemable_known(result: dict[str, Any]) -> bool:
    return result["redeemables"][0]["reason"] not in {"CODE_NOT_FOUND", "CAMPAIGN_NOT_FOUND"}
