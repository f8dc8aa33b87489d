"""Every query, mutation and subscription field × every role × inside / partial / outside scope.

The fields come from the schema itself: a new field without an entry in FIELDS fails the test. Each
entry names the permission the field needs and how scope applies:

- PROJECT: no campaign is involved; the permission alone decides (run once per role);
- USE: a restricted key may use it when its assignments overlap the campaign's (INSIDE, PARTIAL);
- EDIT: only when its assignments contain all of the campaign's (INSIDE).

Expectations come from the table in this file (ROLE_GRANTS), not from the application's own tables.
A call is denied when it answers PERMISSION_DENIED or NOT_FOUND (an error or a union member), when a
list leaves the target out, or when validate/redeem say the redeemable does not exist.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from app.access.models import Permission
from app.graphql.schema import build_schema
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.locations.world import ERROR, PARIS, SCOPES, World, build_world, unique

P = Permission
ROLE_GRANTS: dict[str, set[Permission]] = {
    "ADMIN": set(Permission),
    "VIEWER": {P.PROJECT_READ, P.CAMPAIGNS_READ, P.SETTINGS_READ},
    "VIEWER_RESTRICTED": {P.CAMPAIGNS_READ, P.SETTINGS_READ},
    "MANAGER": {P.CAMPAIGNS_READ, P.CAMPAIGNS_WRITE, P.CODES_PUBLISH, P.REDEEM, P.SETTINGS_READ},
    "STORE": {P.CAMPAIGNS_READ, P.CODES_PUBLISH, P.REDEEM},
}
RESTRICTED = {"VIEWER_RESTRICTED", "MANAGER", "STORE"}


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


async def _fresh_area(world: World) -> str:
    made = await world.call(
        "mutation A($i: PlaceAttributesInput!) { areaCreate(input: $i) { ... on AreaSuccess { area { id } } } }",
        {"i": {"name": unique("Area")}},
    )
    area_id: str = made["areaCreate"]["area"]["id"]
    return area_id


async def _fresh_store(world: World) -> str:
    made = await world.call(
        "mutation S($a: ID!, $i: PlaceAttributesInput!) { storeCreate(areaId: $a, input: $i) "
        "{ ... on StoreSuccess { store { id } } } }",
        {"a": world.areas["North"], "i": {"name": unique("store")}},
    )
    store_id: str = made["storeCreate"]["store"]["id"]
    return store_id


async def _fresh_geofence(world: World) -> str:
    made = await world.call(
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": unique("Fence"), "circle": {**PARIS, "radiusMeters": 100}}},
    )
    geofence_id: str = made["geofenceCreate"]["geofence"]["id"]
    return geofence_id


async def _fresh_category(world: World) -> str:
    made = await world.call(
        "mutation C($i: CategoryCreateInput!) { categoryCreate(input: $i) "
        "{ ... on CategorySuccess { category { id } } } }",
        {"i": {"name": unique("Category"), "hierarchy": 5, "stackingType": "JOINT"}},
    )
    category_id: str = made["categoryCreate"]["category"]["id"]
    return category_id


async def _fresh_key(world: World) -> str:
    made = await world.call(
        'mutation K { apiKeyCreate(input: {name: "spare", role: VIEWER}) '
        "{ ... on ApiKeyCreateSuccess { apiKey { id } } } }"
    )
    key_id: str = made["apiKeyCreate"]["apiKey"]["id"]
    return key_id


async def _area_delete(world: World, scope: str) -> Call:
    return Call(
        f"mutation D($id: ID!) {{ areaDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": await _fresh_area(world)}
    )


async def _store_delete(world: World, scope: str) -> Call:
    store = await _fresh_store(world)
    return Call(f"mutation D($id: ID!) {{ storeDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": store})


async def _geofence_delete(world: World, scope: str) -> Call:
    fence = await _fresh_geofence(world)
    return Call(f"mutation D($id: ID!) {{ geofenceDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": fence})


async def _geofence_update(world: World, scope: str) -> Call:
    fence = await _fresh_geofence(world)
    return Call(
        f'mutation U($id: ID!) {{ geofenceUpdate(id: $id, input: {{name: "{unique("Renamed")}"}}) '
        f"{{ __typename {ERROR} }} }}",
        {"id": fence},
    )


async def _category_update(world: World, scope: str) -> Call:
    category = await _fresh_category(world)
    return Call(
        f"mutation U($id: ID!) {{ categoryUpdate(input: {{id: $id, hierarchy: 7}}) {{ __typename {ERROR} }} }}",
        {"id": category},
    )


async def _category_delete(world: World, scope: str) -> Call:
    category = await _fresh_category(world)
    return Call(
        f"mutation D($id: ID!) {{ categoryDelete(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": category}
    )


async def _key_revoke(world: World, scope: str) -> Call:
    key = await _fresh_key(world)
    return Call(f"mutation R($id: ID!) {{ apiKeyRevoke(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": key})


def _key_access(name: str) -> Builder:
    async def build(world: World, scope: str) -> Call:
        key = await _fresh_key(world)
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


async def _campaign_create(world: World, scope: str) -> Call:
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


async def _campaign_update(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f'mutation U($id: ID!) {{ campaignUpdate(input: {{id: $id, expectedVersion: 1, description: "x"}}) '
        f"{{ __typename {ERROR} }} }}",
        {"id": campaign},
    )


async def _campaign_clone(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation C($id: ID!) {{ campaignClone(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": campaign}
    )


async def _campaign_delete(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation D($id: ID!) {{ campaignDelete(input: {{id: $id}}) {{ __typename {ERROR} }} }}", {"id": campaign}
    )


async def _access_assign(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation A($c: ID!, $a: [AssignmentInput!]!) {{ campaignAccessAssign(campaignId: $c, assignments: $a) "
        f"{{ __typename {ERROR} }} }}",
        {"c": campaign, "a": world.places("INSIDE")[:1] if scope != "OUTSIDE" else world.places("OUTSIDE")},
    )


async def _access_unassign(world: World, scope: str) -> Call:
    # Inside: a campaign on n1 and n2 loses n2; partial: one on n1 and s1 loses s1; outside: s1 loses s1.
    places = {"INSIDE": "INSIDE_BOTH", "PARTIAL": "PARTIAL", "OUTSIDE": "OUTSIDE"}[scope]
    campaign = await world.campaign(places)
    return Call(
        f"mutation A($c: ID!, $a: [AssignmentInput!]!) {{ campaignAccessUnassign(campaignId: $c, assignments: $a) "
        f"{{ __typename {ERROR} }} }}",
        {"c": campaign, "a": world.places(places)[-1:]},
    )


async def _rollback(world: World, scope: str) -> Call:
    redemption = await world.redeem(scope)
    return Call(
        f"mutation R($id: ID!) {{ redemptionRollback(input: {{id: $id}}) {{ __typename {ERROR} }} }}",
        {"id": redemption},
    )


def _redeemable_known(result: dict[str, Any]) -> bool:
    return result["redeemables"][0]["reason"] not in {"CODE_NOT_FOUND", "CAMPAIGN_NOT_FOUND"}


FIELDS: dict[str, dict[str, Entry]] = {
    "Query": {
        "viewer": Entry(None, "PROJECT", fixed("{ viewer { role } }")),
        "apiKeys": Entry(P.API_KEYS_READ, "PROJECT", fixed("{ apiKeys { edges { node { id } } } }")),
        "apiKey": Entry(
            P.API_KEYS_READ,
            "PROJECT",
            built(lambda w, s: Call("query K($id: ID!) { apiKey(id: $id) { id } }", {"id": w.admin_key_id})),
        ),
        "campaign": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(lambda w, s: Call("query C($id: ID!) { campaign(id: $id) { id } }", {"id": w.auto[s]})),
        ),
        "campaigns": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "{ campaigns(first: 100) { edges { node { id } } } }",
                    {},
                    shows_target=lambda data: w.auto[s] in edges(data["campaigns"]),
                )
            ),
        ),
        "categories": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ categories { id } }")),
        "customer": Entry(
            P.PROJECT_READ,
            "PROJECT",
            built(lambda w, s: Call("query C($id: ID!) { customer(id: $id) { id } }", {"id": w.customer})),
        ),
        "customers": Entry(P.PROJECT_READ, "PROJECT", fixed("{ customers { edges { node { id } } } }")),
        "codeSeries": Entry(
            P.PROJECT_READ,
            "PROJECT",
            built(lambda w, s: Call("query S($id: ID!) { codeSeries(id: $id) { id } }", {"id": w.series})),
        ),
        "code": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(lambda w, s: Call("query C($c: String!) { code(code: $c) { code } }", {"c": w.codes[s].lower()})),
        ),
        "codes": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "query C($c: ID!) { codes(filter: {campaignId: $c}) { edges { node { code } } } }",
                    {"c": w.coded[s]},
                )
            ),
        ),
        "publications": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "{ publications(first: 100) { edges { node { id campaign { id } } } } }",
                    {},
                    shows_target=lambda data: (
                        w.coded[s] in {edge["node"]["campaign"]["id"] for edge in data["publications"]["edges"]}
                    ),
                )
            ),
        ),
        "inventoryAlerts": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(lambda w, s: Call("query A($c: ID!) { inventoryAlerts(campaignId: $c) { id } }", {"c": w.coded[s]})),
        ),
        "job": Entry(
            P.PROJECT_READ,
            "PROJECT",
            built(lambda w, s: Call("query J($id: ID!) { job(id: $id) { id } }", {"id": w.job})),
        ),
        "validate": Entry(
            P.REDEEM,
            "USE",
            built(
                lambda w, s: Call(
                    "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
                    "{ redeemables { reason } } }",
                    {"o": w.order(s), "r": [{"code": w.codes[s]}]},
                    shows_target=lambda data: _redeemable_known(data["validate"]),
                )
            ),
        ),
        "qualifications": Entry(
            P.REDEEM,
            "USE",
            built(
                lambda w, s: Call(
                    "query Q($o: OrderInput!) { qualifications(order: $o) { campaign { id } } }",
                    {"o": w.order(s)},
                    shows_target=lambda data: w.auto[s] in {q["campaign"]["id"] for q in data["qualifications"]},
                )
            ),
        ),
        "redemption": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(lambda w, s: Call("query R($id: ID!) { redemption(id: $id) { id } }", {"id": w.redemptions[s]})),
        ),
        "redemptions": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "{ redemptions(first: 100) { edges { node { id } } } }",
                    {},
                    shows_target=lambda data: w.redemptions[s] in edges(data["redemptions"]),
                )
            ),
        ),
        "stackingRules": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ stackingRules { redeemablesLimit } }")),
        "areas": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ areas { id } }")),
        "area": Entry(
            P.SETTINGS_READ,
            "PROJECT",
            built(lambda w, s: Call("query A($id: ID!) { area(id: $id) { id } }", {"id": w.areas["North"]})),
        ),
        "stores": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ stores { id } }")),
        "store": Entry(
            P.SETTINGS_READ,
            "PROJECT",
            built(lambda w, s: Call("query S($id: ID!) { store(id: $id) { id } }", {"id": w.stores["n1"]})),
        ),
        "geofences": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ geofences { id } }")),
        "geofence": Entry(
            P.SETTINGS_READ,
            "PROJECT",
            built(lambda w, s: Call("query G($id: ID!) { geofence(id: $id) { id } }", {"id": w.geofence})),
        ),
        "geofencesFeatureCollection": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ geofencesFeatureCollection }")),
        "campaignsAt": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "query N($lat: Float!, $lon: Float!, $s: ID) "
                    "{ campaignsAt(latitude: $lat, longitude: $lon, storeId: $s) { id } }",
                    {"lat": PARIS["latitude"], "lon": PARIS["longitude"], "s": w.store_for(s)},
                    shows_target=lambda data: w.auto[s] in ids(data["campaignsAt"]),
                )
            ),
        ),
    },
    "Mutation": {
        "apiKeyCreate": Entry(
            P.API_KEYS_MANAGE,
            "PROJECT",
            fixed(f'mutation {{ apiKeyCreate(input: {{name: "k", role: VIEWER}}) {{ __typename {ERROR} }} }}'),
        ),
        "apiKeyRevoke": Entry(P.API_KEYS_MANAGE, "PROJECT", _key_revoke),
        "apiKeyAccessAssign": Entry(P.API_KEYS_MANAGE, "PROJECT", _key_access("apiKeyAccessAssign")),
        "apiKeyAccessUnassign": Entry(P.API_KEYS_MANAGE, "PROJECT", _key_access("apiKeyAccessUnassign")),
        "campaignCreate": Entry(P.CAMPAIGNS_WRITE, "EDIT", _campaign_create),
        "campaignUpdate": Entry(P.CAMPAIGNS_WRITE, "EDIT", _campaign_update),
        "campaignActivate": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignActivate", "DRAFT")),
        "campaignPause": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignPause", "ACTIVE")),
        "campaignResume": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignResume", "PAUSED")),
        "campaignStop": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignStop", "ACTIVE")),
        "campaignClone": Entry(P.CAMPAIGNS_WRITE, "EDIT", _campaign_clone),
        "campaignDelete": Entry(P.CAMPAIGNS_WRITE, "EDIT", _campaign_delete),
        "campaignRestore": Entry(P.CAMPAIGNS_WRITE, "EDIT", transition("campaignRestore", "BIN")),
        "categoryCreate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation C($n: String!) {{ categoryCreate(input: {{name: $n, hierarchy: 2, "
                    f"stackingType: JOINT}}) {{ __typename {ERROR} }} }}",
                    {"n": unique("Category")},
                )
            ),
        ),
        "categoryUpdate": Entry(P.PROJECT_WRITE, "PROJECT", _category_update),
        "categoryDelete": Entry(P.PROJECT_WRITE, "PROJECT", _category_delete),
        "campaignAccessAssign": Entry(P.CAMPAIGNS_WRITE, "EDIT", _access_assign),
        "campaignAccessUnassign": Entry(P.CAMPAIGNS_WRITE, "EDIT", _access_unassign),
        "customerUpsert": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            fixed(f'mutation {{ customerUpsert(input: {{sourceId: "c-1"}}) {{ __typename {ERROR} }} }}'),
        ),
        "codeSeriesCreate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation S($n: String!) {{ codeSeriesCreate(input: {{name: $n, length: 10}}) "
                    f"{{ __typename {ERROR} }} }}",
                    {"n": unique("Series")},
                )
            ),
        ),
        "codesGenerate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation G($id: ID!) {{ codesGenerate(input: {{seriesId: $id, count: 2}}) "
                    f"{{ __typename {ERROR} }} }}",
                    {"id": w.series},
                )
            ),
        ),
        "codePublish": Entry(
            P.CODES_PUBLISH,
            "USE",
            built(
                lambda w, s: Call(
                    f'mutation P($c: ID!) {{ codePublish(input: {{campaignId: $c, customer: {{sourceId: "x"}}}}) '
                    f"{{ __typename {ERROR} }} }}",
                    {"c": w.coded[s]},
                )
            ),
        ),
        "codesImport": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation I($id: ID!, $file: Upload!) {{ codesImport(seriesId: $id, file: $file) "
                    f"{{ __typename {ERROR} }} }}",
                    {"id": w.series},
                    upload=f"code\n{unique('IMPORTED').replace(' ', '-')}\n".encode(),
                )
            ),
        ),
        "codesPublishBulk": Entry(
            P.CODES_PUBLISH,
            "USE",
            built(
                lambda w, s: Call(
                    f'mutation B($c: ID!) {{ codesPublishBulk(campaignId: $c, customers: ["a"]) '
                    f"{{ __typename {ERROR} }} }}",
                    {"c": w.coded[s]},
                )
            ),
        ),
        "customersImport": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            fixed(
                f"mutation I($file: Upload!) {{ customersImport(file: $file) {{ __typename {ERROR} }} }}",
                upload=b"source_id\nimported\n",
            ),
        ),
        "redeem": Entry(
            P.REDEEM,
            "USE",
            built(
                lambda w, s: Call(
                    "mutation R($i: RedeemInput!) { redeem(input: $i) { __typename "
                    "... on RedeemRefused { result { redeemables { reason } } } ... on Error { code } } }",
                    {"i": {"order": w.order(s), "redeemables": [{"campaignId": w.auto[s]}]}},
                    shows_target=lambda data: data["redeem"]["__typename"] == "RedeemSuccess",
                )
            ),
        ),
        "redemptionRollback": Entry(P.REDEEM, "USE", _rollback),
        "stackingRulesUpdate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            fixed(f"mutation {{ stackingRulesUpdate(input: {{applicableLimit: 5}}) {{ __typename {ERROR} }} }}"),
        ),
        "areaCreate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation A($n: String!) {{ areaCreate(input: {{name: $n}}) {{ __typename {ERROR} }} }}",
                    {"n": unique("Area")},
                )
            ),
        ),
        "areaUpdate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f'mutation A($id: ID!) {{ areaUpdate(id: $id, input: {{address: "x"}}) {{ __typename {ERROR} }} }}',
                    {"id": w.areas["North"]},
                )
            ),
        ),
        "areaDelete": Entry(P.PROJECT_WRITE, "PROJECT", _area_delete),
        "storeCreate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation S($a: ID!, $n: String!) {{ storeCreate(areaId: $a, input: {{name: $n}}) "
                    f"{{ __typename {ERROR} }} }}",
                    {"a": w.areas["South"], "n": unique("store")},
                )
            ),
        ),
        "storeUpdate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f'mutation S($id: ID!) {{ storeUpdate(id: $id, input: {{address: "x"}}) '
                    f"{{ __typename {ERROR} }} }}",
                    {"id": w.stores["n2"]},
                )
            ),
        ),
        "storeDelete": Entry(P.PROJECT_WRITE, "PROJECT", _store_delete),
        "geofenceCreate": Entry(
            P.PROJECT_WRITE,
            "PROJECT",
            built(
                lambda w, s: Call(
                    f"mutation G($n: String!) {{ geofenceCreate(input: {{name: $n, circle: "
                    f"{{latitude: 1, longitude: 1, radiusMeters: 10}}}}) {{ __typename {ERROR} }} }}",
                    {"n": unique("Fence")},
                )
            ),
        ),
        "geofenceUpdate": Entry(P.PROJECT_WRITE, "PROJECT", _geofence_update),
        "geofenceDelete": Entry(P.PROJECT_WRITE, "PROJECT", _geofence_delete),
    },
    "Subscription": {
        "apiKeyEvents": Entry(
            P.API_KEYS_READ,
            "PROJECT",
            built(lambda w, s: Call("subscription { apiKeyEvents { kind } }", {}, channel="api-keys")),
        ),
        "campaignStatusChanged": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "subscription S($c: ID) { campaignStatusChanged(campaignId: $c) { newStatus } }",
                    {"c": w.auto[s]},
                    channel="campaign-status",
                )
            ),
        ),
        "inventoryAlerts": Entry(
            P.CAMPAIGNS_READ,
            "USE",
            built(
                lambda w, s: Call(
                    "subscription A($c: ID!) { inventoryAlerts(campaignId: $c) { kind } }",
                    {"c": w.coded[s]},
                    channel="inventory-alerts",
                )
            ),
        ),
        "jobProgress": Entry(
            P.PROJECT_READ,
            "PROJECT",
            built(
                lambda w, s: Call(
                    "subscription J($j: ID!) { jobProgress(jobId: $j) { status } }",
                    {"j": w.job},
                    channel="job-progress",
                )
            ),
        ),
    },
}


def expected(entry: Entry, role: str, scope: str) -> bool:
    if entry.permission is not None and entry.permission not in ROLE_GRANTS[role]:
        return False
    if entry.scope == "PROJECT" or role not in RESTRICTED:
        return True
    return scope in {"INSIDE", "PARTIAL"} if entry.scope == "USE" else scope == "INSIDE"


DENIALS = {"PERMISSION_DENIED", "NOT_FOUND"}


def allowed(payload: dict[str, Any], name: str, call: Call) -> bool:
    """Whether the answer let the caller through (a typed refusal of another kind still counts as through)."""
    errors = payload.get("errors") or []
    codes = {error.get("extensions", {}).get("code") for error in errors}
    if codes & DENIALS:
        return False
    assert not errors, payload  # any other error is a bug in the test or the API
    data = payload["data"][name]
    if isinstance(data, dict) and data.get("__typename") in {"PermissionDeniedError", "NotFoundError"}:
        return False
    return call.shows_target(payload["data"]) if call.shows_target else True


async def run_http(http: httpx.AsyncClient, caller: Caller, call: Call) -> dict[str, Any]:
    if call.upload is None:
        response = await http.post(
            "/graphql", json={"query": call.query, "variables": call.variables}, headers=caller.headers
        )
    else:
        operations = json.dumps({"query": call.query, "variables": {**call.variables, "file": None}})
        response = await http.post(
            "/graphql",
            data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("data.csv", call.upload, "text/csv")},
            headers=caller.headers,
        )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


async def run_subscription(server: LiveServer, redis: ArqRedis, prefix: str, caller: Caller, call: Call) -> bool:
    """Allowed when the server starts listening on the event channel; denied when it answers with an error."""
    assert call.channel is not None
    channel = f"{prefix}events:{call.channel}"
    [(_, before)] = await redis.pubsub_numsub(channel)
    transport = WebsocketsTransport(
        url=server.ws_url, init_payload=caller.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    document = gql(call.query)
    document.variable_values = call.variables

    async def consume() -> None:
        async with Client(transport=transport) as session:
            async for _ in session.subscribe(document):
                return

    task = asyncio.create_task(consume())
    try:
        for _ in range(250):
            if task.done():
                error = task.exception()
                assert isinstance(error, TransportQueryError), error
                codes = {(error.errors or [{}])[0].get("extensions", {}).get("code")}
                assert codes & DENIALS, error
                return False
            [(_, count)] = await redis.pubsub_numsub(channel)
            if count > before:
                return True
            await asyncio.sleep(0.02)
        raise AssertionError("the subscription neither failed nor started listening")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        for _ in range(250):  # the next call counts subscribers from a settled baseline
            [(_, count)] = await redis.pubsub_numsub(channel)
            if count <= before:
                break
            await asyncio.sleep(0.02)


def test_every_schema_field_has_an_entry(settings: Settings) -> None:
    schema = build_schema(settings)
    graphql_schema = schema._schema
    for root in ("Query", "Mutation", "Subscription"):
        fields = set(graphql_schema.get_type(root).fields)  # type: ignore[union-attr]
        assert fields == set(FIELDS[root]), f"{root}: add entries for {fields - set(FIELDS[root])}"


async def test_permission_matrix(
    graphql: GraphQLClient,
    admin: Caller,
    client: httpx.AsyncClient,
    live_server: LiveServer,
    redis: ArqRedis,
    settings: Settings,
) -> None:
    world = await build_world(graphql, admin)
    mismatches: list[str] = []
    checked = 0
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as http:
        for root, entries in FIELDS.items():
            for name, entry in entries.items():
                scopes = ("INSIDE",) if entry.scope == "PROJECT" else SCOPES
                for role, caller in world.keys.items():
                    for scope in scopes:
                        call = await entry.build(world, scope)
                        if root == "Subscription":
                            got = await run_subscription(live_server, redis, settings.redis_prefix, caller, call)
                        else:
                            got = allowed(await run_http(http, caller, call), name, call)
                        want = expected(entry, role, scope)
                        checked += 1
                        if got != want:
                            verdict = "allowed" if got else "denied"
                            mismatches.append(f"{root}.{name} {role} {scope}: {verdict}, expected the opposite")
    assert not mismatches, "\n".join(mismatches)
    assert checked > 400
