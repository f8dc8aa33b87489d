"""Segments through GraphQL: create, preview, members, history, use in campaign rules, refusals."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from app.access.models import Role
from app.access.services import create_api_key
from app.core.ids import encode_id
from app.segments.models import Segment, SegmentMember
from tests.conftest import Caller, GraphQLClient
from tests.graphql.test_redemptions import REDEEM, VALIDATE, campaign
from tests.segments.world import Happened, Person, load

ERROR = "... on Error { __typename code message field }"
CREATE = f"""mutation C($i: SegmentCreateInput!) {{ segmentCreate(input: $i) {{ __typename
  ... on SegmentSuccess {{ segment {{ id name kind version definition }} }} {ERROR} }} }}"""
UPDATE = f"""mutation U($i: SegmentUpdateInput!) {{ segmentUpdate(input: $i) {{ __typename
  ... on SegmentSuccess {{ segment {{ id name version definition }} }} {ERROR} }} }}"""
PREVIEW = """query P($d: SegmentDefinitionInput!) { segmentPreview(definition: $d) {
  count members { sourceId } warnings { field message } } }"""
DAY = timedelta(days=1)
PARIS_BUYERS = {
    "all": [
        {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Paris"}},
        {"event": {"name": "order_paid", "window": {"last": {"amount": 30, "unit": "DAYS"}}}},
    ]
}


async def world() -> None:
    await load(
        [
            Person("ann", {"city": "Paris"}),
            Person("bob", {"city": "Paris"}),
            Person("cat", {"city": "Lyon"}),
        ],
        [Happened("ann", "order_paid", 2 * DAY, {"amount": 5000}), Happened("cat", "order_paid", 1 * DAY)],
    )


async def create(graphql: GraphQLClient, caller: Caller, **values: Any) -> dict[str, Any]:
    data = await graphql.data(CREATE, {"i": values}, caller=caller)
    result: dict[str, Any] = data["segmentCreate"]
    return result


async def test_preview_then_save_a_filter_and_read_it_back(graphql: GraphQLClient, admin: Caller) -> None:
    await world()
    preview = (await graphql.data(PREVIEW, {"d": PARIS_BUYERS}, caller=admin))["segmentPreview"]
    assert preview == {"count": 1, "members": [{"sourceId": "ann"}], "warnings": []}
    assert await Segment.all().count() == 0  # a preview saves nothing
    made = await create(graphql, admin, name="Paris buyers", kind="FILTER", definition=PARIS_BUYERS)
    assert made["__typename"] == "SegmentSuccess", made
    segment = made["segment"]
    read = await graphql.data(
        """query S($id: ID!) { segment(id: $id) { size members { edges { node { sourceId } } } } }""",
        {"id": segment["id"]},
        caller=admin,
    )
    assert read["segment"] == {"size": 1, "members": {"edges": [{"node": {"sourceId": "ann"}}]}}
    customer = await graphql.data('{ customer(sourceId: "ann") { segments { name } } }', caller=admin)
    assert customer["customer"]["segments"] == [{"name": "Paris buyers"}]


async def test_update_is_versioned_and_recorded(graphql: GraphQLClient, admin: Caller) -> None:
    await world()
    segment = (await create(graphql, admin, name="S", kind="FILTER", definition=PARIS_BUYERS))["segment"]
    everyone_in_paris = {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Paris"}}
    changed = (
        await graphql.data(
            UPDATE, {"i": {"id": segment["id"], "expectedVersion": 1, "definition": everyone_in_paris}}, caller=admin
        )
    )["segmentUpdate"]
    assert (changed["__typename"], changed["segment"]["version"]) == ("SegmentSuccess", 2)
    stale = (await graphql.data(UPDATE, {"i": {"id": segment["id"], "expectedVersion": 1, "name": "T"}}, caller=admin))[
        "segmentUpdate"
    ]
    assert (stale["__typename"], stale["code"]) == ("ConflictError", "VERSION_CONFLICT")
    history = await graphql.data(
        "query H($id: ID!) { segment(id: $id) { size history { kind changes actor { name } } } }",
        {"id": segment["id"]},
        caller=admin,
    )
    assert history["segment"]["size"] == 2
    kinds = [(entry["kind"], entry["actor"]) for entry in history["segment"]["history"]]
    assert kinds == [("CREATED", {"name": "admin"}), ("UPDATED", {"name": "admin"})]
    assert history["segment"]["history"][1]["changes"][0]["field"] == "definition"


async def test_list_members_by_hand_and_from_a_file(graphql: GraphQLClient, admin: Caller, client: Any) -> None:
    await world()
    segment = (await create(graphql, admin, name="VIPs", kind="LIST"))["segment"]
    add = f"""mutation A($i: SegmentMembersInput!) {{ segmentMembersAdd(input: $i) {{ __typename
      ... on SegmentMembersChange {{ changed unchanged unknown segment {{ size }} }} {ERROR} }} }}"""
    added = await graphql.data(
        add, {"i": {"segmentId": segment["id"], "sourceIds": ["ann", "bob", "zed"]}}, caller=admin
    )
    assert added["segmentMembersAdd"] == {
        "__typename": "SegmentMembersChange",
        "changed": 2,
        "unchanged": 0,
        "unknown": ["zed"],
        "segment": {"size": 2},
    }
    again = await graphql.data(
        add, {"i": {"segmentId": segment["id"], "sourceIds": ["ann", "zed"], "createUnknown": True}}, caller=admin
    )
    assert again["segmentMembersAdd"]["changed"] == 1  # zed created and added, ann already in
    assert again["segmentMembersAdd"]["unchanged"] == 1
    removed = await graphql.data(
        f"""mutation R($i: SegmentMembersInput!) {{ segmentMembersRemove(input: $i) {{ __typename
          ... on SegmentMembersChange {{ changed segment {{ size }} }} {ERROR} }} }}""",
        {"i": {"segmentId": segment["id"], "sourceIds": ["bob"]}},
        caller=admin,
    )
    assert removed["segmentMembersRemove"] == {
        "__typename": "SegmentMembersChange",
        "changed": 1,
        "segment": {"size": 2},
    }
    assert {str(row.customer_id) for row in await SegmentMember.all()} != set()


async def test_a_campaign_rule_uses_a_segment_and_keeps_it_from_deletion(graphql: GraphQLClient, admin: Caller) -> None:
    await world()
    segment = (await create(graphql, admin, name="Paris buyers", kind="FILTER", definition=PARIS_BUYERS))["segment"]
    rule = {"id": "who", "kind": "CUSTOMER_SEGMENT", "segment_id": segment["id"]}
    await campaign(
        graphql,
        admin,
        name="For Paris buyers",
        codeMode="NO_CODE",
        reward={"discount": {"type": "AMOUNT", "amountOff": 100}},
        validationRules=[rule],
    )
    campaign_id = (await graphql.data("{ campaigns { edges { node { id } } } }", caller=admin))["campaigns"]["edges"]
    redeemables = [{"campaignId": campaign_id[0]["node"]["id"]}]
    order = {"currency": "EUR", "items": [{"productId": "p", "quantity": 1, "unitPrice": 1000}]}
    outcomes = {}
    for who in ("ann", "cat", None):
        given = {**order, "customer": {"sourceId": who}} if who else order
        result = (await graphql.data(VALIDATE, {"o": given, "r": redeemables}, caller=admin))["validate"]
        outcomes[who] = (result["redeemables"][0]["status"], result["redeemables"][0]["reason"])
    assert outcomes == {
        "ann": ("APPLICABLE", None),
        "cat": ("INAPPLICABLE", "NOT_IN_SEGMENT"),
        None: ("INAPPLICABLE", "CUSTOMER_REQUIRED"),
    }
    redeemed = await graphql.data(
        REDEEM,
        {"input": {"order": {**order, "customer": {"sourceId": "ann"}}, "redeemables": redeemables}},
        caller=admin,
    )
    assert redeemed["redeem"]["__typename"] == "RedeemSuccess"
    refused = await graphql.data(
        f"mutation D($id: ID!) {{ segmentDelete(id: $id) {{ __typename {ERROR} }} }}",
        {"id": segment["id"]},
        caller=admin,
    )
    assert (refused["segmentDelete"]["code"], "For Paris buyers" in refused["segmentDelete"]["message"]) == (
        "STILL_IN_USE",
        True,
    )
    missing = dict(rule, segment_id=encode_id("Segment", uuid.uuid4()))
    bad = await graphql.data(
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename {ERROR} }} }}""",
        {
            "i": {
                "name": "Nobody",
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 1}},
                "validationRules": [missing],
            }
        },
        caller=admin,
    )
    assert (bad["campaignCreate"]["__typename"], bad["campaignCreate"]["field"]) == (
        "NotFoundError",
        "validationRules.0.segment_id",
    )


async def test_references_cycles_and_templates(graphql: GraphQLClient, admin: Caller) -> None:
    await world()
    base = (await create(graphql, admin, name="Paris", kind="FILTER", definition=PARIS_BUYERS))["segment"]
    outer = (
        await create(
            graphql,
            admin,
            name="Not Paris buyers",
            kind="FILTER",
            definition={"segment": {"segmentId": base["id"], "member": False}},
        )
    )["segment"]
    size = await graphql.data("query S($id: ID!) { segment(id: $id) { size } }", {"id": outer["id"]}, caller=admin)
    assert size["segment"]["size"] == 2
    cycle = (
        await graphql.data(
            UPDATE,
            {"i": {"id": base["id"], "expectedVersion": 1, "definition": {"segment": {"segmentId": outer["id"]}}}},
            caller=admin,
        )
    )["segmentUpdate"]
    assert (cycle["__typename"], cycle["field"]) == ("ValidationError", "definition")
    assert "cycle" in cycle["message"]
    templates = await graphql.data("{ segmentTemplates { key parameters { name kind default } } }", caller=admin)
    keys = [template["key"] for template in templates["segmentTemplates"]]
    assert {"INACTIVE", "FIRST_ORDER_WITHIN", "HIGH_SPENDERS", "CART_ABANDONED", "BIRTHDAY_THIS_MONTH"} <= set(keys)
    spenders = {"template": {"key": "HIGH_SPENDERS", "parameters": {"days": 30, "minimum": 4000}}}
    preview = (await graphql.data(PREVIEW, {"d": spenders}, caller=admin))["segmentPreview"]
    assert (preview["count"], preview["members"]) == (1, [{"sourceId": "ann"}])


@pytest.mark.parametrize(
    ("definition", "field"),
    [
        ({"all": []}, None),
        ({"attribute": {"attribute": "shoeSize", "op": "EQ", "value": 42}}, "definition.attribute.attribute"),
        ({"attribute": {"attribute": "createdAt", "op": "GT", "value": "yesterday"}}, "definition.attribute.value"),
        ({"attribute": {"attribute": "metadata.city", "op": "IN", "value": []}}, "definition.attribute.value"),
        (
            {
                "any": [
                    {
                        "event": {
                            "name": "x",
                            "window": {"between": {"from": "2999-01-01T00:00:00Z", "to": "2999-02-01T00:00:00Z"}},
                        }
                    }
                ]
            },
            "definition.any.0.event.window.between",
        ),
        ({"template": {"key": "HIGH_SPENDERS", "parameters": {"days": 30}}}, "definition.template.parameters.minimum"),
        (
            {
                "not": {
                    "not": {
                        "not": {"not": {"not": {"not": {"not": {"not": {"not": {"not": {"event": {"name": "x"}}}}}}}}}
                    }
                }
            },
            "definition",
        ),
    ],
)
async def test_bad_definitions_name_the_path(
    graphql: GraphQLClient, admin: Caller, definition: dict[str, Any], field: str | None
) -> None:
    response = await graphql.post(PREVIEW, {"d": definition}, caller=admin)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] in {"VALIDATION_ERROR", "OUT_OF_RANGE", "GRAPHQL_VALIDATION_FAILED"}, error
    if field is not None:
        assert str(error["extensions"]["field"]).startswith(field), error


async def test_who_may_shape_segments(graphql: GraphQLClient, admin: Caller, viewer: Caller) -> None:
    refused = await create(graphql, viewer, name="Mine", kind="LIST")
    assert (refused["__typename"], refused["code"]) == ("PermissionDeniedError", "PERMISSION_DENIED")
    key, secret = await create_api_key(name="ingest", role=Role.INGEST, created_by=None)
    listed = await graphql.post("{ segments { edges { node { id } } } }", caller=Caller(key, secret))
    assert listed.json()["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
