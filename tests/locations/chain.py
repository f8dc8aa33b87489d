"""A small retail chain built through the API, for restricted-access tests."""

from __future__ import annotations

from typing import Any

from app.access.models import Role
from app.access.services import create_api_key
from app.core.ids import decode_id
from app.locations.models import AssignmentLevel
from app.locations.services import PlaceInput
from tests.conftest import Caller, GraphQLClient

ERROR = "... on Error { code message field }"
ORDER_ITEMS = [{"productId": "p", "quantity": 1, "unitPrice": 1000}]


class Chain:
    """Areas North (stores n1, n2) and South (s1), built through the API by an admin."""

    def __init__(self, graphql: GraphQLClient, admin: Caller) -> None:
        self.graphql = graphql
        self.admin = admin
        self.areas: dict[str, str] = {}
        self.stores: dict[str, str] = {}

    async def call(self, query: str, variables: dict[str, Any] | None = None, caller: Caller | None = None) -> Any:
        return await self.graphql.data(query, variables, caller=caller or self.admin)

    async def build(self) -> Chain:
        for area in ("North", "South"):
            made = await self.call(
                "mutation A($n: String!) { areaCreate(input: {name: $n}) { ... on AreaSuccess { area { id } } } }",
                {"n": area},
            )
            self.areas[area] = made["areaCreate"]["area"]["id"]
        for store, area in (("n1", "North"), ("n2", "North"), ("s1", "South")):
            made = await self.call(
                "mutation S($a: ID!, $n: String!) { storeCreate(areaId: $a, input: {name: $n}) "
                "{ ... on StoreSuccess { store { id } } } }",
                {"a": self.areas[area], "n": store},
            )
            self.stores[store] = made["storeCreate"]["store"]["id"]
        return self

    def place(self, spec: str) -> dict[str, Any]:
        """`AREA:North`, `ALL:North` (all stores of North) or `STORE:n1`."""
        level, name = spec.split(":")
        if level == "STORE":
            return {"level": "STORE", "storeId": self.stores[name]}
        return {"level": "AREA" if level == "AREA" else "AREA_ALL_STORES", "areaId": self.areas[name]}

    def domain_place(self, spec: str) -> PlaceInput:
        given = self.place(spec)
        return PlaceInput(
            AssignmentLevel(given["level"]),
            decode_id("Area", given["areaId"], field="a") if "areaId" in given else None,
            decode_id("Store", given["storeId"], field="s") if "storeId" in given else None,
        )

    async def key(self, role: Role, *places: str) -> Caller:
        key, secret = await create_api_key(
            name=f"{role.value} {'+'.join(places)}",
            role=role,
            created_by=None,
            access=[self.domain_place(place) for place in places],
        )
        return Caller(key, secret)

    async def campaign(self, name: str, *places: str, caller: Caller | None = None, rules: Any = None) -> Any:
        made = await self.call(
            f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
              ... on CampaignCreateSuccess {{ campaign {{ id version }} }} {ERROR} }} }}""",
            {
                "i": {
                    "name": name,
                    "kind": "DISCOUNT",
                    "codeMode": "NO_CODE",
                    "targeting": "OPEN",
                    "currency": "EUR",
                    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                    "validationRules": rules or [],
                    "access": [self.place(place) for place in places],
                }
            },
            caller,
        )
        result = made["campaignCreate"]
        if result["__typename"] != "CampaignCreateSuccess":
            return result
        await self.call(
            "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }",
            {"id": result["campaign"]["id"]},
        )
        return result["campaign"]["id"]


async def build_chain(graphql: GraphQLClient, admin: Caller) -> Chain:
    return await Chain(graphql, admin).build()


VALIDATE = """query V($o: OrderInput!, $r: [RedeemableInput!]!) {
  validate(order: $o, redeemables: $r) { redeemables { status reason } } }"""
REDEEM = f"""mutation R($i: RedeemInput!) {{ redeem(input: $i) {{ __typename
  ... on RedeemSuccess {{ redemption {{ id storeId areaId }} }}
  ... on RedeemRefused {{ result {{ redeemables {{ reason }} }} }} {ERROR} }} }}"""


async def visible_names(chain: Chain, caller: Caller) -> set[str]:
    data = await chain.call("{ campaigns(first: 100) { edges { node { name } } totalCount } }", caller=caller)
    names = {edge["node"]["name"] for edge in data["campaigns"]["edges"]}
    assert data["campaigns"]["totalCount"] == len(names)
    return names
