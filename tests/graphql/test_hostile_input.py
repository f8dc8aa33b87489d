"""Hostile values at the boundary: each is refused with a typed code and its field, and nothing is written.

Every case here answered INTERNAL_SERVER_ERROR (or was accepted and broke later) before the shared bounds
existed; the schema test makes sure no new String, Int or Float goes without one.
"""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest

from app.access.models import Role
from app.access.services import create_api_key
from app.campaigns.models import Campaign
from app.codes.models import Code
from app.core.ids import encode_id
from app.customers.models import Customer
from app.locations.models import AssignmentLevel
from app.locations.services import PlaceFields, PlaceInput, create_area, create_store
from app.redemptions.models import Redemption
from tests.conftest import Caller, GraphQLClient
from tests.graphql.test_redemptions import REDEEM, campaign

ERROR = "... on Error { __typename code message field }"
CREATE = f"""mutation C($input: CampaignCreateInput!) {{ campaignCreate(input: $input) {{ __typename
  ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}"""
BASE = {
    "name": "Hostile",
    "kind": "DISCOUNT",
    "codeMode": "NO_CODE",
    "targeting": "OPEN",
    "currency": "EUR",
    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
}
MEGABYTE = "A" * 990_000


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


CAMPAIGN_CASES = [
    ({"name": "nul\x00byte"}, "INVALID_CHARACTERS", "name"),
    ({"name": MEGABYTE}, "TOO_LONG", "name"),
    ({"description": "x" * 2001}, "TOO_LONG", "description"),
    ({"metadata": nested(30)}, "TOO_DEEP", "metadata"),
    ({"metadata": {"blob": "x" * 20_000}}, "TOO_LARGE", "metadata"),
    ({"metadata": {"k": "nul\x00"}}, "INVALID_CHARACTERS", "metadata"),
    ({"inventoryLimit": 2_000_000_000}, "OUT_OF_RANGE", "inventoryLimit"),
    ({"appliesToProducts": ["p"] * 1001}, "TOO_MANY_ITEMS", "appliesToProducts"),
    ({"startsAt": "0001-01-01T00:00:00+05:00"}, "OUT_OF_RANGE", "startsAt"),
    ({"codeMode": "SINGLE_CODE", "code": "BIDI\u202eCODE"}, "INVALID_CHARACTERS", "code"),
    ({"codeMode": "SINGLE_CODE", "code": "ZERO\u200bWIDTH"}, "INVALID_CHARACTERS", "code"),
    (
        {"validationRules": [{"id": "r", "kind": "CAMPAIGN_REDEMPTIONS", "limit": 10**30}]},
        "VALIDATION_ERROR",  # the JSON parser reads 10^30 as a float: not a whole number
        "validationRules.0.limit",
    ),
    (
        {"validationRules": [{"id": "r", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 10**16}]},
        "OUT_OF_RANGE",
        "validationRules.0.limit",
    ),
    (
        {"validationRules": [{"id": "r", "kind": "TIME_WINDOW", "from_hour": 25, "to_hour": 26}]},
        "OUT_OF_RANGE",
        "validationRules.0.from_hour",
    ),
    (
        {"validationRules": [{"id": "r", "kind": "TIME_WINDOW", "days_of_week": [8]}]},
        "OUT_OF_RANGE",
        "validationRules.0.days_of_week.0",
    ),
    (
        {"validationRules": [{"id": "r", "kind": "MIN_ORDER_AMOUNT", "amount": True}]},
        "VALIDATION_ERROR",
        "validationRules.0.amount",
    ),
    (
        {"validationRules": [{"id": "r", "kind": "ITEMS", "product_ids": ["a"], "mtach": "ANY"}]},
        "VALIDATION_ERROR",
        "validationRules.0.mtach",
    ),
    ({"reward": {"discount": {"type": "AMOUNT", "amountOff": 2**63}}}, "OUT_OF_RANGE", "reward.discount.amountOff"),
]


@pytest.mark.parametrize(("override", "code", "field"), CAMPAIGN_CASES)
async def test_campaign_input_out_of_bounds(
    graphql: GraphQLClient, admin: Caller, override: dict[str, Any], code: str, field: str
) -> None:
    # Sent as escaped JSON text, as a hostile client would: lone surrogates cannot be encoded otherwise.
    body = json.dumps({"query": CREATE, "variables": {"input": {**BASE, **override}}})
    headers = {**admin.headers, "content-type": "application/json"}
    response = await graphql.http.post("/graphql", content=body, headers=headers)
    assert response.status_code == 200, response.text
    result = response.json()["data"]["campaignCreate"]
    assert (result["__typename"], result["code"], result["field"]) == ("ValidationError", code, field)
    assert len(result["message"]) <= 500
    assert await Campaign.all().count() == 0


async def test_lone_surrogates_and_deep_json_never_reach_the_database(graphql: GraphQLClient, admin: Caller) -> None:
    # In JSON text the body parser refuses them (400), in a GraphQL string literal the GraphQL parser does;
    # the bounds would refuse any that came another way (INVALID_CHARACTERS, see CAMPAIGN_CASES for NUL).
    body = json.dumps({"query": CREATE, "variables": {"input": {**BASE, "name": "lone \ud800"}}})
    headers = {**admin.headers, "content-type": "application/json"}
    response = await graphql.http.post("/graphql", content=body, headers=headers)
    assert (response.status_code, response.json()["errors"][0]["extensions"]["code"]) == (400, "BAD_REQUEST")
    literal = (
        'mutation { campaignCreate(input: {name: "lone \\ud800", kind: DISCOUNT, codeMode: NO_CODE, '
        'targeting: OPEN, currency: "EUR", reward: {discount: {type: AMOUNT, amountOff: 1}}}) '
        f"{{ __typename {ERROR} }} }}"
    )
    extensions = await query_error(graphql, admin, literal, {})
    assert extensions["code"] == "GRAPHQL_VALIDATION_FAILED"  # the GraphQL parser refuses the escape
    deep = json.dumps({"query": CREATE, "variables": {"input": {**BASE, "metadata": nested(900)}}})
    response = await graphql.http.post("/graphql", content=deep, headers=headers)
    assert (response.status_code, response.json()["errors"][0]["extensions"]["code"]) == (400, "BAD_REQUEST")
    assert await Campaign.all().count() == 0


@pytest.mark.parametrize(
    ("polygon", "message"),
    [
        ({"type": "Polygon", "coordinates": 5}, "list of rings"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0, "x"]]]}, "not [longitude, latitude]"),
        ({"type": "MultiPolygon", "coordinates": [5]}, "list of rings"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [True, 1], [0, 0]]]}, "not [longitude, latitude]"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0], [1, 2, 3, 4]]]}, "not [longitude"),
    ],
)
async def test_malformed_geojson_is_a_validation_error(
    graphql: GraphQLClient, admin: Caller, polygon: dict[str, Any], message: str
) -> None:
    data = await graphql.data(
        f"mutation G($i: GeofenceInput!) {{ geofenceCreate(input: $i) {{ __typename {ERROR} }} }}",
        {"i": {"name": "bad", "polygon": polygon}},
        caller=admin,
    )
    result = data["geofenceCreate"]
    assert (result["__typename"], result["field"]) == ("ValidationError", "polygon")
    assert message in result["message"]


async def query_error(graphql: GraphQLClient, caller: Caller, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await graphql.post(query, variables, caller=caller)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload.get("errors"), payload
    extensions: dict[str, Any] = payload["errors"][0]["extensions"]
    assert extensions["code"] != "INTERNAL_SERVER_ERROR", payload
    return extensions


async def test_query_arguments_out_of_bounds(graphql: GraphQLClient, admin: Caller) -> None:
    absurd = base64.urlsafe_b64encode(b"0001-01-01T00:00:00|00000000-0000-0000-0000-000000000000").decode()
    cases: list[tuple[str, dict[str, Any], str, str]] = [
        ("query Q($c: String!) { code(code: $c) { code } }", {"c": "X" * 990_000}, "TOO_LONG", "code"),
        ("query Q($c: String!) { code(code: $c) { code } }", {"c": "nul\x00"}, "INVALID_CHARACTERS", "code"),
        (
            "query Q($a: String) { campaigns(after: $a) { edges { cursor } } }",
            {"a": absurd},
            "VALIDATION_ERROR",
            "after",
        ),
        (
            "query Q($f: RedemptionFilterInput) { redemptions(filter: $f) { edges { cursor } } }",
            {"f": {"storeId": ""}},
            "TOO_SHORT",
            "filter.storeId",
        ),
        ("{ campaignsAt(latitude: 91, longitude: 0) { id } }", {}, "OUT_OF_RANGE", "latitude"),
        (
            "query Q($o: OrderInput!) { qualifications(order: $o) { code } }",
            {"o": {"currency": "EUR", "items": [{"productId": "p", "quantity": -3, "unitPrice": 100}]}},
            "OUT_OF_RANGE",
            "order.items.0.quantity",
        ),
        (
            "query Q($o: OrderInput!) { qualifications(order: $o) { code } }",
            {"o": {"currency": "EUR", "items": [{"productId": "p", "quantity": 1_000_000, "unitPrice": 10**12}]}},
            "OUT_OF_RANGE",
            "order.items.0.unitPrice",
        ),
    ]
    for query, variables, code, field in cases:
        extensions = await query_error(graphql, admin, query, variables)
        assert (extensions["code"], extensions["field"]) == (code, field), (query, extensions)


async def test_an_order_above_32_bits_is_redeemed_listed_and_answered(graphql: GraphQLClient, admin: Caller) -> None:
    """2^31 + 1 minor units: the Amount scalar carries it in and out, and every list still answers."""
    await campaign(
        graphql, admin, name="Big", codeMode="NO_CODE", reward={"discount": {"type": "AMOUNT", "amountOff": 1}}
    )
    campaign_id = (await graphql.data("{ campaigns { edges { node { id } } } }", caller=admin))["campaigns"]["edges"][0]
    order = {"currency": "EUR", "items": [{"productId": "jet", "quantity": 1, "unitPrice": 2**31 + 1}]}
    variables = {"input": {"order": order, "redeemables": [{"campaignId": campaign_id["node"]["id"]}]}}
    redeemed = (await graphql.data(REDEEM, variables, caller=admin))["redeem"]
    assert redeemed["__typename"] == "RedeemSuccess", redeemed
    assert redeemed["redemption"]["amountDue"] == 2**31
    listed = await graphql.data(
        "{ redemptions { edges { node { amount amountDue result { amount } } } } }", caller=admin
    )
    node = listed["redemptions"]["edges"][0]["node"]
    assert node == {"amount": 2**31 + 1, "amountDue": 2**31, "result": {"amount": 2**31 + 1}}
    too_much = {"currency": "EUR", "items": [{"productId": "jet", "quantity": 2, "unitPrice": 10**15}]}
    refused = (await graphql.data(REDEEM, {"input": {**variables["input"], "order": too_much}}, caller=admin))["redeem"]
    assert (refused["__typename"], refused["code"]) == ("ValidationError", "OUT_OF_RANGE")
    assert await Redemption.all().count() == 1


@pytest.fixture
async def till(graphql: GraphQLClient, admin: Caller) -> tuple[Caller, str]:
    """A STORE key at store n1 of North, and an active SINGLE_CODE campaign assigned to n1."""
    area = await create_area(fields=PlaceFields(name="North"))
    store = await create_store(area_id=area.id, fields=PlaceFields(name="n1"), geofence_id=None)
    place = PlaceInput(AssignmentLevel.STORE, None, store.id)
    key, secret = await create_api_key(name="till", role=Role.STORE, created_by=None, access=[place])
    campaign_id = await campaign(
        graphql,
        admin,
        name="North",
        codeMode="SINGLE_CODE",
        code="NORTH",
        reward={"discount": {"type": "AMOUNT", "amountOff": 100}},
        access=[{"level": "STORE", "storeId": encode_id("Store", store.id)}],
    )
    return Caller(key, secret), campaign_id


async def test_a_store_key_cannot_rewrite_a_customer_by_publishing(
    graphql: GraphQLClient, admin: Caller, till: tuple[Caller, str]
) -> None:
    store_key, north_campaign = till
    await graphql.data(
        'mutation { customerUpsert(input: {sourceId: "ann", name: "Ann", email: "ann@example.com"}) { __typename } }',
        caller=admin,
    )
    publish = f"""mutation P($i: CodePublishInput!) {{ codePublish(input: $i) {{ __typename {ERROR} }} }}"""
    for source_id in ("ann", "new-one"):
        customer = {"sourceId": source_id, "name": "Mallory", "email": "mallory@example.com"}
        data = await graphql.data(
            publish, {"i": {"campaignId": north_campaign, "customer": customer}}, caller=store_key
        )
        assert data["codePublish"]["__typename"] == "CodePublishSuccess", data
    ann = await Customer.get(source_id="ann")
    assert (ann.name, ann.email) == ("Ann", "ann@example.com")
    created = await Customer.get(source_id="new-one")
    assert (created.name, created.email) == ("Mallory", "mallory@example.com")  # a new customer takes them


async def test_concurrent_twins_of_one_redeem_all_answer_the_first(graphql: GraphQLClient, admin: Caller) -> None:
    await campaign(
        graphql,
        admin,
        name="Once",
        codeMode="SINGLE_CODE",
        code="ONCE",
        redemptionsPerCode=1,
        reward={"discount": {"type": "AMOUNT", "amountOff": 100}},
    )
    order = {"currency": "EUR", "items": [{"productId": "p", "quantity": 1, "unitPrice": 1000}]}
    variables = {"input": {"order": order, "redeemables": [{"code": "ONCE"}], "idempotencyKey": "twin"}}
    results = await asyncio.gather(*(graphql.data(REDEEM, variables, caller=admin) for _ in range(10)))
    kinds = {result["redeem"]["__typename"] for result in results}
    assert kinds == {"RedeemSuccess"}, [result["redeem"] for result in results]
    assert len({result["redeem"]["redemption"]["id"] for result in results}) == 1
    assert await Redemption.all().count() == 1
    assert (await Code.get(code="ONCE")).redeemed_count == 1
