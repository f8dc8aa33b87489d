"""Campaigns through GraphQL: the whole lifecycle a marketer goes through, and its errors."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from typing import Any

import pytest

from app.campaigns.models import Campaign
from app.core.ids import encode_id
from tests.campaigns.factories import make_campaign
from tests.conftest import Caller, GraphQLClient

FIELDS = """
  id name status version inBin kind codeMode targeting currency metadata
  reward { discount { type percentOff maxDiscount } giftAmount points }
  category { name } createdBy { name } updatedBy { name }
"""
ERROR = "... on Error { __typename code message field }"
CREATE = f"""
mutation Create($input: CampaignCreateInput!) {{
  campaignCreate(input: $input) {{
    __typename ... on CampaignCreateSuccess {{ campaign {{ {FIELDS} }} }} {ERROR}
  }}
}}"""
UPDATE = f"""
mutation Update($input: CampaignUpdateInput!) {{
  campaignUpdate(input: $input) {{
    __typename ... on CampaignUpdateSuccess {{ campaign {{ {FIELDS} }} }} {ERROR}
  }}
}}"""


def transition(name: str) -> str:
    return f"""
mutation T($id: ID!) {{
  {name}(input: {{id: $id}}) {{
    __typename ... on CampaignTransitionSuccess {{ campaign {{ status version inBin }} }} {ERROR}
  }}
}}"""


def create_input(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Summer sale",
        "kind": "DISCOUNT",
        "codeMode": "SINGLE_CODE",
        "targeting": "OPEN",
        "reward": {"discount": {"type": "PERCENT", "percentOff": 10, "maxDiscount": 2000}},
        "currency": "EUR",
        "metadata": {"channel": "email"},
        **overrides,
    }


async def create(graphql: GraphQLClient, caller: Caller, **overrides: Any) -> dict[str, Any]:
    data = await graphql.data(CREATE, {"input": create_input(**overrides)}, caller=caller)
    result: dict[str, Any] = data["campaignCreate"]
    return result


async def test_marketer_lifecycle_end_to_end(graphql: GraphQLClient, admin: Caller) -> None:
    created = await create(graphql, admin)
    assert created["__typename"] == "CampaignCreateSuccess"
    campaign = created["campaign"]
    assert campaign["status"] == "DRAFT"
    assert campaign["reward"]["discount"] == {"type": "PERCENT", "percentOff": 10.0, "maxDiscount": 2000}
    assert campaign["createdBy"] == {"name": "admin"}
    cid = campaign["id"]

    for action, status in [
        ("campaignActivate", "ACTIVE"),
        ("campaignPause", "PAUSED"),
        ("campaignResume", "ACTIVE"),
    ]:
        result = (await graphql.data(transition(action), {"id": cid}, caller=admin))[action]
        assert result["campaign"]["status"] == status

    edited = await graphql.data(
        UPDATE, {"input": {"id": cid, "expectedVersion": 4, "description": "live edit"}}, caller=admin
    )
    assert edited["campaignUpdate"]["campaign"]["version"] == 5

    clone = await graphql.data(
        "mutation C($id: ID!) { campaignClone(input: {id: $id}) { __typename "
        "... on CampaignCloneSuccess { campaign { name status } source { name } } } }",
        {"id": cid},
        caller=admin,
    )
    assert clone["campaignClone"]["campaign"] == {"name": "Summer sale (copy)", "status": "DRAFT"}

    stopped = (await graphql.data(transition("campaignStop"), {"id": cid}, caller=admin))["campaignStop"]
    assert stopped["campaign"]["status"] == "STOPPED"
    refused = (await graphql.data(transition("campaignResume"), {"id": cid}, caller=admin))["campaignResume"]
    assert refused["__typename"] == "ConflictError"
    assert refused["code"] == "TRANSITION_NOT_ALLOWED"
    assert "STOPPED" in refused["message"]

    binned = await graphql.data(
        "mutation D($id: ID!) { campaignDelete(input: {id: $id}) { __typename "
        "... on CampaignDeleteSuccess { permanent campaign { inBin } } } }",
        {"id": cid},
        caller=admin,
    )
    assert binned["campaignDelete"] == {
        "__typename": "CampaignDeleteSuccess",
        "permanent": False,
        "campaign": {"inBin": True},
    }
    restored = (await graphql.data(transition("campaignRestore"), {"id": cid}, caller=admin))["campaignRestore"]
    assert restored["campaign"] == {"status": "STOPPED", "version": 8, "inBin": False}

    history = await graphql.data(
        "query H($id: ID!) { campaign(id: $id) { history(first: 50) { edges { node { kind fromStatus "
        "toStatus cause actor { name } changes { field old new } } } } } }",
        {"id": cid},
        caller=admin,
    )
    entries = [edge["node"] for edge in history["campaign"]["history"]["edges"]]
    assert [entry["kind"] for entry in entries] == [
        "CREATED",
        "STATUS_CHANGED",
        "STATUS_CHANGED",
        "STATUS_CHANGED",
        "UPDATED",
        "STATUS_CHANGED",
        "DELETED",
        "RESTORED",
    ]
    assert entries[4]["changes"] == [{"field": "description", "old": "", "new": "live edit"}]
    assert all(entry["actor"] == {"name": "admin"} and entry["cause"] == "API_KEY" for entry in entries)

    gone = await graphql.data(
        "mutation D($id: ID!) { campaignDelete(input: {id: $id, permanent: true}) { __typename "
        "... on CampaignDeleteSuccess { permanent campaign { id } } } }",
        {"id": cid},
        caller=admin,
    )
    assert gone["campaignDelete"]["permanent"] is True
    reused = await create(graphql, admin)
    assert reused["__typename"] == "CampaignCreateSuccess"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 500}, "name"),
        ({"startsAt": "2027-02-01T00:00:00+00:00", "endsAt": "2027-01-01T00:00:00+00:00"}, "endsAt"),
        ({"categoryId": "Q2F0ZWdvcnk6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"}, "categoryId"),
        ({"currency": "EURO"}, "currency"),
        ({"reward": {"discount": {"type": "PERCENT", "percentOff": -1}}}, "reward.discount.percentOff"),
        ({"reward": {"discount": {"type": "PERCENT", "percentOff": 120}}}, "reward.discount.percentOff"),
        ({"timeZone": "Nowhere/City"}, "timeZone"),
    ],
)
async def test_bad_input_names_the_field_and_writes_nothing(
    graphql: GraphQLClient, admin: Caller, overrides: dict[str, Any], field: str
) -> None:
    result = await create(graphql, admin, **overrides)
    assert result["__typename"] in {"ValidationError", "NotFoundError"}
    assert result["field"] == field
    assert result["message"]
    assert await Campaign.all().count() == 0


async def test_unknown_id_is_not_found(graphql: GraphQLClient, admin: Caller) -> None:
    for action in ("campaignActivate", "campaignPause", "campaignStop", "campaignRestore"):
        result = (await graphql.data(transition(action), {"id": "nope"}, caller=admin))[action]
        assert (result["__typename"], result["code"]) == ("NotFoundError", "NOT_FOUND")
    response = await graphql.post('{ campaign(id: "nope") { id } }', caller=admin)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_stale_version_conflict(graphql: GraphQLClient, admin: Caller) -> None:
    cid = (await create(graphql, admin))["campaign"]["id"]
    first = await graphql.data(UPDATE, {"input": {"id": cid, "expectedVersion": 1, "name": "A"}}, caller=admin)
    assert first["campaignUpdate"]["__typename"] == "CampaignUpdateSuccess"
    second = await graphql.data(UPDATE, {"input": {"id": cid, "expectedVersion": 1, "name": "B"}}, caller=admin)
    assert (second["campaignUpdate"]["__typename"], second["campaignUpdate"]["code"]) == (
        "ConflictError",
        "VERSION_CONFLICT",
    )
    assert second["campaignUpdate"]["field"] == "expectedVersion"


async def test_concurrent_graphql_updates_one_wins(graphql: GraphQLClient, admin: Caller) -> None:
    cid = (await create(graphql, admin))["campaign"]["id"]
    results = await asyncio.gather(
        *(
            graphql.data(UPDATE, {"input": {"id": cid, "expectedVersion": 1, "description": str(i)}}, caller=admin)
            for i in range(4)
        )
    )
    kinds = sorted(result["campaignUpdate"]["__typename"] for result in results)
    assert kinds == ["CampaignUpdateSuccess", "ConflictError", "ConflictError", "ConflictError"]


async def test_viewer_reads_but_cannot_change(graphql: GraphQLClient, admin: Caller, viewer: Caller) -> None:
    cid = (await create(graphql, admin))["campaign"]["id"]
    denied = await create(graphql, viewer, name="Other")
    assert denied["__typename"] == "PermissionDeniedError"
    paused = (await graphql.data(transition("campaignActivate"), {"id": cid}, caller=viewer))["campaignActivate"]
    assert paused["__typename"] == "PermissionDeniedError"
    listed = await graphql.data("{ campaigns { totalCount edges { node { name } } } }", caller=viewer)
    assert listed["campaigns"]["totalCount"] == 1


LIST = """
query L($first: Int!, $after: String, $order: CampaignOrderInput, $filter: CampaignFilterInput) {
  campaigns(first: $first, after: $after, orderBy: $order, filter: $filter) {
    totalCount
    edges { cursor node { name category { name hierarchy } createdBy { name } updatedBy { prefix } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def test_page_of_100_campaigns_runs_a_constant_number_of_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    from app.campaigns import categories as category_services
    from app.campaigns.models import StackingType

    categories = [
        await category_services.create_category(name=f"cat{i}", hierarchy=i, stacking_type=StackingType.JOINT)
        for i in range(5)
    ]
    for i in range(100):
        await make_campaign(f"c{i:03}", actor=admin.key, category_id=categories[i % 5].id)

    async def count(first: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            data = await graphql.data(LIST, {"first": first, "order": {"field": "NAME"}}, caller=admin)
        assert len(data["campaigns"]["edges"]) == first
        assert data["campaigns"]["totalCount"] == 100
        assert data["campaigns"]["edges"][0]["node"]["category"]["name"] == "cat0"
        return sum(1 for record in caplog.records if record.name == "tortoise.db_client")

    await count(1)  # warm the key cache
    assert await count(100) == await count(3)


async def test_list_pages_with_cursors_and_filters(graphql: GraphQLClient, admin: Caller) -> None:
    for i in range(5):
        await make_campaign(f"Sale {i}", actor=admin.key, metadata={"n": i % 2})
    names: list[str] = []
    after = None
    while True:
        data = await graphql.data(
            LIST,
            {
                "first": 2,
                "after": after,
                "order": {"field": "NAME", "direction": "DESC"},
                "filter": {"nameContains": "sale", "metadata": {"n": 1}},
            },
            caller=admin,
        )
        names += [edge["node"]["name"] for edge in data["campaigns"]["edges"]]
        assert data["campaigns"]["totalCount"] == 2
        if not data["campaigns"]["pageInfo"]["hasNextPage"]:
            break
        after = data["campaigns"]["pageInfo"]["endCursor"]
    assert names == ["Sale 3", "Sale 1"]
    bad = await graphql.post(LIST, {"first": 2, "after": "garbage"}, caller=admin)
    assert bad.json()["errors"][0]["extensions"]["field"] == "after"


async def test_a_page_by_name_continues_after_the_longest_names(graphql: GraphQLClient, admin: Caller) -> None:
    """A name cursor holds the name: 200 four-byte characters make a cursor of more than 1,100 characters."""
    longest = ["A" + "🎉" * 199, "B" + "🎉" * 199]
    for name in longest:
        await make_campaign(name, actor=admin.key)
    names: list[str] = []
    after = None
    for _ in longest:
        data = await graphql.data(LIST, {"first": 1, "after": after, "order": {"field": "NAME"}}, caller=admin)
        names += [edge["node"]["name"] for edge in data["campaigns"]["edges"]]
        after = data["campaigns"]["pageInfo"]["endCursor"]
    assert names == longest


def forged(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


SOME_ID = "12d52fa7-618a-4212-90f9-fd4cc22d30f4"


@pytest.mark.parametrize(
    ("order", "payload"),
    [
        ("NAME", {"o": "NAME", "v": 5, "id": SOME_ID}),
        ("NAME", {"o": "NAME", "v": None, "id": SOME_ID}),
        ("NAME", {"o": "NAME", "v": "nul\x00byte", "id": SOME_ID}),
        ("NAME", {"o": "NAME", "v": {"a": 1}, "id": SOME_ID}),
        ("NAME", {"o": "NAME", "v": "Sale", "id": 5}),
        ("NAME", {"o": "NAME", "v": "Sale", "id": {"a": 1}}),
        ("CREATED_AT", {"o": "CREATED_AT", "v": "0001-01-01T00:00:00+14:00", "id": SOME_ID}),
        ("STARTS_AT", {"o": "STARTS_AT", "v": "9999-12-31T23:59:59-14:00", "id": SOME_ID}),
        ("ENDS_AT", {"o": "ENDS_AT", "v": "2030-01-01T00:00:00", "id": SOME_ID}),
    ],
)
async def test_forged_list_cursors_are_refused(
    graphql: GraphQLClient, admin: Caller, order: str, payload: dict[str, Any]
) -> None:
    await make_campaign("Sale", actor=admin.key)
    response = await graphql.post(LIST, {"first": 1, "after": forged(payload), "order": {"field": order}}, caller=admin)
    [error] = response.json()["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_ERROR", "after")


@pytest.mark.parametrize("position", [2**63, True, 0])
async def test_forged_history_cursors_are_refused(graphql: GraphQLClient, admin: Caller, position: object) -> None:
    campaign = await make_campaign("Sale", actor=admin.key)
    response = await graphql.post(
        "query H($id: ID!, $after: String) { campaign(id: $id) { history(first: 5, after: $after) { "
        "edges { cursor } } } }",
        {"id": encode_id("Campaign", campaign.id), "after": forged({"h": position})},
        caller=admin,
    )
    [error] = response.json()["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION_ERROR", "after")


async def test_a_category_name_longer_than_its_column_is_refused(graphql: GraphQLClient, admin: Caller) -> None:
    made = await graphql.data(
        'mutation { categoryCreate(input: {name: "Deals", hierarchy: 0, stackingType: JOINT}) '
        "{ ... on CategorySuccess { category { id } } } }",
        caller=admin,
    )
    category_id = made["categoryCreate"]["category"]["id"]
    for call in [
        "categoryCreate(input: {name: $name, hierarchy: 1, stackingType: JOINT})",
        f'categoryUpdate(input: {{id: "{category_id}", name: $name}})',
    ]:
        refused = await graphql.data(
            f"mutation M($name: String!) {{ {call} {{ __typename {ERROR} }} }}", {"name": "c" * 101}, caller=admin
        )
        [result] = refused.values()
        assert (result["__typename"], result["code"], result["field"]) == ("ValidationError", "TOO_LONG", "name")
    listed = await graphql.data("{ categories { name } }", caller=admin)
    assert listed["categories"] == [{"name": "Deals"}]


async def test_categories(graphql: GraphQLClient, admin: Caller) -> None:
    made = await graphql.data(
        'mutation { categoryCreate(input: {name: "Exclusive deals", hierarchy: 0, stackingType: EXCLUSIVE}) '
        "{ __typename ... on CategorySuccess { category { id name stackingType } } } }",
        caller=admin,
    )
    category = made["categoryCreate"]["category"]
    assert category["stackingType"] == "EXCLUSIVE"
    dup = await graphql.data(
        'mutation { categoryCreate(input: {name: "Exclusive deals", hierarchy: 1, stackingType: JOINT}) '
        f"{{ __typename {ERROR} }} }}",
        caller=admin,
    )
    assert dup["categoryCreate"]["code"] == "NAME_TAKEN"
    await create(graphql, admin, categoryId=category["id"])
    in_use = await graphql.data(
        f'mutation {{ categoryDelete(input: {{id: "{category["id"]}"}}) {{ __typename {ERROR} }} }}',
        caller=admin,
    )
    assert in_use["categoryDelete"]["code"] == "CATEGORY_IN_USE"
    listed = await graphql.data("{ categories { name hierarchy } }", caller=admin)
    assert listed["categories"] == [{"name": "Exclusive deals", "hierarchy": 0}]
