"""Areas, stores and campaign assignments through GraphQL."""

from __future__ import annotations

from typing import Any

from app.locations.models import Area, Assignment, Store
from tests.campaigns.factories import make_campaign
from tests.conftest import Caller, GraphQLClient

ERROR = "... on Error { __typename code message field }"


async def area(graphql: GraphQLClient, admin: Caller, **attributes: Any) -> dict[str, Any]:
    data = await graphql.data(
        "mutation A($i: PlaceAttributesInput!) { areaCreate(input: $i) { __typename "
        f"... on AreaSuccess {{ area {{ id name timeZone }} }} {ERROR} }} }}",
        {"i": attributes},
        caller=admin,
    )
    result: dict[str, Any] = data["areaCreate"]
    return result


async def store(graphql: GraphQLClient, admin: Caller, area_id: str, **attributes: Any) -> dict[str, Any]:
    data = await graphql.data(
        "mutation S($a: ID!, $i: PlaceAttributesInput!) { storeCreate(areaId: $a, input: $i) { __typename "
        f"... on StoreSuccess {{ store {{ id name area {{ name }} }} }} {ERROR} }} }}",
        {"a": area_id, "i": attributes},
        caller=admin,
    )
    result: dict[str, Any] = data["storeCreate"]
    return result


ASSIGN = (
    "mutation G($c: ID!, $a: [AssignmentInput!]!) { campaignAccessAssign(campaignId: $c, assignments: $a) { "
    f"__typename ... on CampaignAccessSuccess {{ assignments {{ level areaId storeId }} }} {ERROR} }} }}"
)
UNASSIGN = ASSIGN.replace("campaignAccessAssign", "campaignAccessUnassign")


async def test_areas_stores_and_what_depends_on_them(graphql: GraphQLClient, admin: Caller) -> None:
    north = (await area(graphql, admin, name="North", timeZone="Europe/Paris"))["area"]
    assert (await area(graphql, admin, name="North"))["code"] == "NAME_TAKEN"
    for time_zone in ("Mars/Base", "America", "\U0001f389" * 64):  # unknown, a directory, too long for a file
        bad = await area(graphql, admin, name="Nowhere", timeZone=time_zone)
        assert (bad["__typename"], bad["field"]) == ("ValidationError", "timeZone")
    lille = (await store(graphql, admin, north["id"], name="Lille", latitude=50.63, longitude=3.06))["store"]
    assert lille["area"] == {"name": "North"}

    deleting_area = await graphql.data(
        f'mutation {{ areaDelete(id: "{north["id"]}") {{ __typename {ERROR} }} }}', caller=admin
    )
    assert deleting_area["areaDelete"]["code"] == "STILL_IN_USE"
    assert "1 store" in deleting_area["areaDelete"]["message"]

    campaign = await make_campaign("Regional")
    from app.core.ids import encode_id

    campaign_id = encode_id("Campaign", campaign.id)
    assigned = await graphql.data(
        ASSIGN,
        {
            "c": campaign_id,
            "a": [{"level": "STORE", "storeId": lille["id"]}, {"level": "AREA_ALL_STORES", "areaId": north["id"]}],
        },
        caller=admin,
    )
    assert [a["level"] for a in assigned["campaignAccessAssign"]["assignments"]] == ["STORE", "AREA_ALL_STORES"]
    deleting_store = await graphql.data(
        f'mutation {{ storeDelete(id: "{lille["id"]}") {{ __typename {ERROR} }} }}', caller=admin
    )
    assert deleting_store["storeDelete"]["code"] == "STILL_IN_USE"
    assert "campaign" in deleting_store["storeDelete"]["message"]

    removed = await graphql.data(
        UNASSIGN, {"c": campaign_id, "a": [{"level": "STORE", "storeId": lille["id"]}]}, caller=admin
    )
    assert removed["campaignAccessUnassign"]["assignments"] == [
        {"level": "AREA_ALL_STORES", "areaId": north["id"], "storeId": None}
    ]
    listed = await graphql.data(
        "query C($id: ID!) { campaign(id: $id) { access { level } version "
        "history { edges { node { kind changes { field } } } } } }",
        {"id": campaign_id},
        caller=admin,
    )
    assert listed["campaign"]["access"] == [{"level": "AREA_ALL_STORES"}]
    assert [e["node"]["changes"] for e in listed["campaign"]["history"]["edges"]][-2:] == [
        [{"field": "access"}],
        [{"field": "access"}],
    ]
    gone = await graphql.data(f'mutation {{ storeDelete(id: "{lille["id"]}") {{ __typename }} }}', caller=admin)
    assert gone["storeDelete"]["__typename"] == "DeleteSuccess"
    assert await Store.all().count() == 0
    assert await Area.all().count() == 1


async def test_bad_assignments_are_refused_and_nothing_is_written(graphql: GraphQLClient, admin: Caller) -> None:
    north = (await area(graphql, admin, name="North"))["area"]
    south = (await area(graphql, admin, name="South"))["area"]
    lille = (await store(graphql, admin, north["id"], name="Lille"))["store"]
    campaign = await make_campaign("Regional")
    from app.core.ids import encode_id

    campaign_id = encode_id("Campaign", campaign.id)
    cases = [
        ([{"level": "STORE"}], "assignments.0.storeId"),
        ([{"level": "AREA"}], "assignments.0.areaId"),
        ([{"level": "AREA_ALL_STORES", "areaId": south["id"], "storeId": lille["id"]}], "assignments.0.storeId"),
        ([{"level": "STORE", "areaId": south["id"], "storeId": lille["id"]}], "assignments.0.areaId"),
        (
            [{"level": "AREA", "areaId": "QXJlYTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA"}],
            "assignments.0.areaId",
        ),
    ]
    for assignments, field in cases:
        result = (await graphql.data(ASSIGN, {"c": campaign_id, "a": assignments}, caller=admin))[
            "campaignAccessAssign"
        ]
        assert result["field"] == field, result
    assert await Assignment.all().count() == 0


async def test_clone_copies_assignments(graphql: GraphQLClient, admin: Caller) -> None:
    north = (await area(graphql, admin, name="North"))["area"]
    campaign = await make_campaign("Regional")
    from app.core.ids import encode_id

    campaign_id = encode_id("Campaign", campaign.id)
    await graphql.data(ASSIGN, {"c": campaign_id, "a": [{"level": "AREA", "areaId": north["id"]}]}, caller=admin)
    cloned = await graphql.data(
        "mutation C($id: ID!) { campaignClone(input: {id: $id}) { ... on CampaignCloneSuccess { campaign { access "
        "{ level areaId } } } } }",
        {"id": campaign_id},
        caller=admin,
    )
    assert cloned["campaignClone"]["campaign"]["access"] == [{"level": "AREA", "areaId": north["id"]}]


async def test_viewer_cannot_change_areas(graphql: GraphQLClient, viewer: Caller) -> None:
    result = await area(graphql, viewer, name="North")
    assert result["__typename"] == "PermissionDeniedError"
