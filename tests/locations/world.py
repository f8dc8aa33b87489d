"""A retail chain built through the API for access tests: two areas, three stores, keys of every role.

Restricted keys (a restricted VIEWER, a MANAGER, a STORE key) are all assigned to stores n1 and n2 of
North. Targets come in three scopes relative to them: INSIDE (assigned to n1), PARTIAL (n1 and s1 of
South: they overlap but do not contain it) and OUTSIDE (s1 only).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from app.access.models import Role
from app.core.ids import encode_id
from tests.conftest import Caller, GraphQLClient
from tests.locations.chain import ERROR, Chain, build_chain

SCOPES = ("INSIDE", "PARTIAL", "OUTSIDE")
PARIS = {"latitude": 48.8566, "longitude": 2.3522}

_names = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix} {next(_names)}"


@dataclass
class World:
    graphql: GraphQLClient
    admin: Caller
    chain: Chain  # areas North (n1, n2) and South (s1)
    geofence: str = ""
    keys: dict[str, Caller] = field(default_factory=dict)  # role label -> caller
    auto: dict[str, str] = field(default_factory=dict)  # scope -> NO_CODE campaign id
    coded: dict[str, str] = field(default_factory=dict)  # scope -> SINGLE_CODE campaign id
    codes: dict[str, str] = field(default_factory=dict)  # scope -> that campaign's code
    redemptions: dict[str, str] = field(default_factory=dict)
    customer: str = ""
    series: str = ""
    category: str = ""
    job: str = ""

    @property
    def areas(self) -> dict[str, str]:
        return self.chain.areas

    @property
    def stores(self) -> dict[str, str]:
        return self.chain.stores

    @property
    def admin_key_id(self) -> str:
        return encode_id("ApiKey", self.admin.key.id)

    async def call(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.graphql.data(query, variables, caller=self.admin)

    def places(self, scope: str) -> list[dict[str, Any]]:
        stores = {"INSIDE": ["n1"], "PARTIAL": ["n1", "s1"], "OUTSIDE": ["s1"], "INSIDE_BOTH": ["n1", "n2"]}[scope]
        return [{"level": "STORE", "storeId": self.stores[name]} for name in stores]

    def store_for(self, scope: str) -> str:
        return self.stores["s1" if scope == "OUTSIDE" else "n1"]

    async def campaign(
        self, scope: str, *, status: str = "DRAFT", code_mode: str = "NO_CODE", code: str | None = None
    ) -> str:
        """A new campaign assigned per `scope`, brought to `status` (DRAFT, ACTIVE, PAUSED or BIN)."""
        rules = [{"id": "zone", "kind": "GEOFENCE", "geofence_ids": [self.geofence], "strict": False}]
        made = await self.call(
            f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
              ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
            {
                "i": {
                    "name": unique(f"{scope} {code_mode}"),
                    "kind": "DISCOUNT",
                    "codeMode": code_mode,
                    "code": code,
                    "targeting": "OPEN",
                    "currency": "EUR",
                    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                    "validationRules": rules,
                    "access": self.places(scope),
                }
            },
        )
        campaign_id: str = made["campaignCreate"]["campaign"]["id"]
        steps = {"DRAFT": [], "ACTIVE": ["Activate"], "PAUSED": ["Activate", "Pause"], "BIN": ["Delete"]}[status]
        for step in steps:
            await self.call(
                f"mutation T($id: ID!) {{ campaign{step}(input: {{id: $id}}) {{ __typename }} }}", {"id": campaign_id}
            )
        return campaign_id

    async def redeem(self, scope: str) -> str:
        """A redemption of the scope's automatic campaign at the scope's store."""
        done = await self.call(
            f"""mutation R($i: RedeemInput!) {{ redeem(input: $i) {{ __typename
              ... on RedeemSuccess {{ redemption {{ id }} }} {ERROR} }} }}""",
            {"i": {"order": self.order(scope), "redeemables": [{"campaignId": self.auto[scope]}]}},
        )
        redemption_id: str = done["redeem"]["redemption"]["id"]
        return redemption_id

    def order(self, scope: str) -> dict[str, Any]:
        return {
            "currency": "EUR",
            "storeId": self.store_for(scope),
            "location": PARIS,
            "customer": {"sourceId": "shopper"},
            "items": [{"productId": "p", "quantity": 1, "unitPrice": 1000}],
        }


async def build_world(graphql: GraphQLClient, admin: Caller) -> World:
    world = World(graphql, admin, await build_chain(graphql, admin))
    made = await world.call(
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": "Paris", "circle": {**PARIS, "radiusMeters": 5000}}},
    )
    world.geofence = made["geofenceCreate"]["geofence"]["id"]
    world.keys = {
        "ADMIN": admin,
        "VIEWER": await world.chain.key(Role.VIEWER),
        "VIEWER_RESTRICTED": await world.chain.key(Role.VIEWER, "STORE:n1", "STORE:n2"),
        "MANAGER": await world.chain.key(Role.MANAGER, "STORE:n1", "STORE:n2"),
        "STORE": await world.chain.key(Role.STORE, "STORE:n1", "STORE:n2"),
        "INGEST": await world.chain.key(Role.INGEST),
        "CLIENT": await world.chain.key(Role.CLIENT),
    }
    for scope in SCOPES:
        world.auto[scope] = await world.campaign(scope, status="ACTIVE")
        world.codes[scope] = f"CODE-{scope}"
        world.coded[scope] = await world.campaign(
            scope, status="ACTIVE", code_mode="SINGLE_CODE", code=world.codes[scope]
        )
        world.redemptions[scope] = await world.redeem(scope)
        await world.call(
            "mutation P($i: CodePublishInput!) { codePublish(input: $i) { __typename } }",
            {"i": {"campaignId": world.coded[scope], "customer": {"sourceId": "shopper"}}},
        )
    customer = await world.call('{ customer(sourceId: "shopper") { id } }')
    world.customer = customer["customer"]["id"]
    series = await world.call(
        "mutation S($i: CodeSeriesCreateInput!) { codeSeriesCreate(input: $i) "
        "{ ... on CodeSeriesCreateSuccess { series { id } } } }",
        {"i": {"name": "Series", "length": 10}},
    )
    world.series = series["codeSeriesCreate"]["series"]["id"]
    category = await world.call(
        "mutation C($i: CategoryCreateInput!) { categoryCreate(input: $i) "
        "{ ... on CategorySuccess { category { id } } } }",
        {"i": {"name": "Cat", "hierarchy": 1, "stackingType": "JOINT"}},
    )
    world.category = category["categoryCreate"]["category"]["id"]
    job = await world.call(
        "mutation G($s: ID!) { codesGenerate(input: {seriesId: $s, count: 5000}) "
        "{ ... on CodesGenerateSuccess { job { id } } } }",
        {"s": world.series},
    )
    world.job = job["codesGenerate"]["job"]["id"]
    return world
