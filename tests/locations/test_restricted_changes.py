"""Restricted keys and change: bad input, assignments, shared series, idempotency keys."""

from __future__ import annotations

import uuid

import pytest

from app.access.models import ApiKey, Role
from app.campaigns.models import Campaign
from app.core.ids import decode_id, encode_id
from app.locations.models import Assignment, SubjectKind
from tests.conftest import Caller, GraphQLClient
from tests.locations.chain import ERROR, ORDER_ITEMS, REDEEM, Chain, build_chain, visible_names


@pytest.fixture
async def chain(graphql: GraphQLClient, admin: Caller) -> Chain:
    return await build_chain(graphql, admin)


async def test_bad_access_input_is_refused_and_nothing_is_written(chain: Chain) -> None:
    create_key = f"""mutation K($i: ApiKeyCreateInput!) {{ apiKeyCreate(input: $i) {{ __typename {ERROR} }} }}"""
    unknown_area = encode_id("Area", uuid.uuid4())
    cases = [
        ({"name": "m", "role": "MANAGER"}, "VALIDATION_ERROR", "access"),
        ({"name": "a", "role": "ADMIN", "access": [chain.place("STORE:n1")]}, "VALIDATION_ERROR", "access"),
        ({"name": "s", "role": "STORE", "access": [chain.place("AREA:North")]}, "VALIDATION_ERROR", "access"),
        (
            {"name": "u", "role": "MANAGER", "access": [{"level": "AREA", "areaId": unknown_area}]},
            "NOT_FOUND",
            "access.0.areaId",
        ),
        (
            {
                "name": "x",
                "role": "MANAGER",
                "access": [{"level": "AREA_ALL_STORES", "areaId": chain.areas["North"], "storeId": chain.stores["s1"]}],
            },
            "VALIDATION_ERROR",
            "access.0.storeId",
        ),
    ]
    keys_before = await ApiKey.all().count()
    for given, code, field in cases:
        result = (await chain.call(create_key, {"i": given}))["apiKeyCreate"]
        assert (result["code"], result["field"]) == (code, field), result
    assert await ApiKey.all().count() == keys_before
    assert await Assignment.filter(subject_kind=SubjectKind.API_KEY).count() == 0

    manager = await chain.key(Role.MANAGER, "STORE:n1")
    unassign = f"""mutation U($id: ID!, $a: [AssignmentInput!]!) {{ apiKeyAccessUnassign(id: $id, assignments: $a)
      {{ __typename {ERROR} }} }}"""
    result = await chain.call(unassign, {"id": encode_id("ApiKey", manager.key.id), "a": [chain.place("STORE:n1")]})
    assert result["apiKeyAccessUnassign"]["code"] == "VALIDATION_ERROR"
    assert "last assignment" in result["apiKeyAccessUnassign"]["message"]
    assert await Assignment.filter(subject_kind=SubjectKind.API_KEY, subject_id=manager.key.id).count() == 1

    # A manager's campaign must be assigned, inside the manager's own places.
    campaigns_before = await Campaign.all().count()
    refused = await chain.campaign("No place", caller=manager)
    assert (refused["code"], refused["field"]) == ("VALIDATION_ERROR", "input.access")
    refused = await chain.campaign("Elsewhere", "STORE:n1", "STORE:s1", caller=manager)
    assert (refused["code"], refused["field"]) == ("PERMISSION_DENIED", "input.access")
    assert await Campaign.all().count() == campaigns_before

    # The manager cannot strip its campaign of its last place (it would become project-wide).
    own = await chain.campaign("Own", "STORE:n1", caller=manager)
    unassign_campaign = f"""mutation U($c: ID!, $a: [AssignmentInput!]!) {{
      campaignAccessUnassign(campaignId: $c, assignments: $a) {{ __typename {ERROR} }} }}"""
    result = await chain.call(unassign_campaign, {"c": own, "a": [chain.place("STORE:n1")]}, manager)
    assert result["campaignAccessUnassign"]["code"] == "VALIDATION_ERROR"
    assert (
        await Assignment.filter(
            subject_kind=SubjectKind.CAMPAIGN, subject_id=decode_id("Campaign", own, field="c")
        ).count()
        == 1
    )


async def test_access_changes_reach_a_key_at_once(chain: Chain) -> None:
    campaign = await chain.campaign("South sale", "STORE:s1")
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    assert await visible_names(chain, manager) == set()
    assign = f"""mutation A($id: ID!, $a: [AssignmentInput!]!) {{ apiKeyAccessAssign(id: $id, assignments: $a)
      {{ __typename ... on ApiKeyAccessSuccess {{ assignments {{ level }} apiKey {{ assignments {{ storeId }} }} }}
      {ERROR} }} }}"""
    result = await chain.call(assign, {"id": encode_id("ApiKey", manager.key.id), "a": [chain.place("STORE:s1")]})
    assert len(result["apiKeyAccessAssign"]["assignments"]) == 2
    assert await visible_names(chain, manager) == {"South sale"}
    listed = await chain.call("query C($id: ID!) { campaign(id: $id) { name } }", {"id": campaign}, manager)
    assert listed["campaign"]["name"] == "South sale"


async def test_a_shared_series_shows_a_restricted_key_only_its_campaigns(chain: Chain) -> None:
    series = await chain.call(
        'mutation { codeSeriesCreate(input: {name: "Shared", length: 10}) '
        "{ ... on CodeSeriesCreateSuccess { series { id } } } }"
    )
    series_id = series["codeSeriesCreate"]["series"]["id"]
    await chain.call(
        "mutation G($s: ID!) { codesGenerate(input: {seriesId: $s, count: 4}) { __typename } }", {"s": series_id}
    )
    ids = {}
    for name, place in (("North unique", "STORE:n1"), ("South unique", "STORE:s1")):
        made = await chain.call(
            "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) "
            "{ ... on CampaignCreateSuccess { campaign { id } } } }",
            {
                "i": {
                    "name": name,
                    "kind": "DISCOUNT",
                    "codeMode": "UNIQUE_CODES",
                    "codeSeriesId": series_id,
                    "targeting": "OPEN",
                    "currency": "EUR",
                    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                    "access": [chain.place(place)],
                }
            },
        )
        ids[name] = made["campaignCreate"]["campaign"]["id"]
        await chain.call(
            "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": ids[name]}
        )
    published = await chain.call(
        'mutation P($c: ID!) { codePublish(input: {campaignId: $c, customer: {sourceId: "n"}}) '
        "{ ... on CodePublishSuccess { assignedCode { code } } } }",
        {"c": ids["North unique"]},
    )
    code = published["codePublish"]["assignedCode"]["code"]
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    query = "query C($c: String!) { code(code: $c) { campaigns { name } } }"
    seen = await chain.call(query, {"c": code}, manager)
    assert [c["name"] for c in seen["code"]["campaigns"]] == ["North unique"]
    everything = await chain.call(query, {"c": code})
    assert sorted(c["name"] for c in everything["code"]["campaigns"]) == ["North unique", "South unique"]

    # A code the other area's campaign handed out is not the manager's to see, by code or in the series.
    south = await chain.call(
        'mutation P($c: ID!) { codePublish(input: {campaignId: $c, customer: {sourceId: "s"}}) '
        "{ ... on CodePublishSuccess { assignedCode { code } } } }",
        {"c": ids["South unique"]},
    )
    south_code = south["codePublish"]["assignedCode"]["code"]
    response = await chain.graphql.post(query, {"c": south_code}, caller=manager)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    listed = await chain.call(
        "query L($s: ID!) { codes(filter: {seriesId: $s}) { edges { node { code } } } }", {"s": series_id}, manager
    )
    seen_codes = {edge["node"]["code"] for edge in listed["codes"]["edges"]}
    assert code in seen_codes
    assert south_code not in seen_codes
    assert len(seen_codes) == 3  # the manager's published code and the two nobody holds yet

    # A restricted key follows the jobs it starts, and only those.
    started = await chain.call(
        'mutation B($c: ID!) { codesPublishBulk(campaignId: $c, customers: ["x"]) '
        "{ ... on CodesPublishBulkSuccess { job { id } } } }",
        {"c": ids["North unique"]},
        manager,
    )
    job_id = started["codesPublishBulk"]["job"]["id"]
    job_query = "query J($id: ID!) { job(id: $id) { id } }"
    assert (await chain.call(job_query, {"id": job_id}, manager))["job"]["id"] == job_id
    colleague = await chain.key(Role.MANAGER, "STORE:n1")
    response = await chain.graphql.post(job_query, {"id": job_id}, caller=colleague)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_campaign_update_replaces_assignments_inside_the_key_scope(chain: Chain) -> None:
    manager = await chain.key(Role.MANAGER, "ALL:North")
    campaign = await chain.campaign("Regional", "STORE:n1", caller=manager)
    update = f"""mutation U($id: ID!, $v: Int!, $a: [AssignmentInput!]) {{
      campaignUpdate(input: {{id: $id, expectedVersion: $v, access: $a}}) {{ __typename
        ... on CampaignUpdateSuccess {{ campaign {{ version access {{ storeId }} }} }} {ERROR} }} }}"""

    async def version() -> int:
        data = await chain.call("query C($id: ID!) { campaign(id: $id) { version } }", {"id": campaign})
        return int(data["campaign"]["version"])

    cases = [
        ([chain.place("STORE:s1")], "PERMISSION_DENIED"),
        ([], "VALIDATION_ERROR"),
        ([{"level": "STORE", "storeId": encode_id("Store", uuid.uuid4())}], "NOT_FOUND"),
    ]
    for places, code in cases:
        result = (await chain.call(update, {"id": campaign, "v": await version(), "a": places}, manager))[
            "campaignUpdate"
        ]
        assert result["code"] == code, result
    done = await chain.call(
        update, {"id": campaign, "v": await version(), "a": [chain.place("STORE:n1"), chain.place("STORE:n2")]}, manager
    )
    stores = [place["storeId"] for place in done["campaignUpdate"]["campaign"]["access"]]
    assert stores == [chain.stores["n1"], chain.stores["n2"]]
    history = await chain.call(
        "query H($id: ID!) { campaign(id: $id) { history { edges { node { changes { field } } } } } }", {"id": campaign}
    )
    fields = [c["field"] for e in history["campaign"]["history"]["edges"] for c in e["node"]["changes"]]
    assert "access" in fields
    # An admin may make it project-wide; then the manager no longer sees it.
    await chain.call(update, {"id": campaign, "v": await version(), "a": None})
    assert await visible_names(chain, manager) == set()


async def test_an_idempotency_key_from_another_store_reveals_nothing(chain: Chain) -> None:
    south = await chain.campaign("South", "STORE:s1")
    north = await chain.campaign("North", "STORE:n1")
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    first = await chain.call(
        REDEEM,
        {
            "i": {
                "order": {**order, "storeId": chain.stores["s1"]},
                "redeemables": [{"campaignId": south}],
                "idempotencyKey": "order-1",
            }
        },
    )
    assert first["redeem"]["__typename"] == "RedeemSuccess"
    till = await chain.key(Role.STORE, "STORE:n1")
    again = await chain.call(
        REDEEM, {"i": {"order": order, "redeemables": [{"campaignId": north}], "idempotencyKey": "order-1"}}, till
    )
    assert (again["redeem"]["code"], again["redeem"]["field"]) == ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    # The admin's retry still gets the first result.
    retry = await chain.call(
        REDEEM,
        {
            "i": {
                "order": {**order, "storeId": chain.stores["s1"]},
                "redeemables": [{"campaignId": south}],
                "idempotencyKey": "order-1",
            }
        },
    )
    assert retry["redeem"]["redemption"]["id"] == first["redeem"]["redemption"]["id"]


async def test_a_rollback_key_names_one_redemption(chain: Chain) -> None:
    campaign = await chain.campaign("Anywhere")
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    ids = []
    for _ in range(2):
        done = await chain.call(REDEEM, {"i": {"order": order, "redeemables": [{"campaignId": campaign}]}})
        ids.append(done["redeem"]["redemption"]["id"])
    rollback = f"""mutation B($id: ID!) {{ redemptionRollback(input: {{id: $id, idempotencyKey: "undo-1"}})
      {{ __typename {ERROR} }} }}"""
    first = await chain.call(rollback, {"id": ids[0]})
    assert first["redemptionRollback"]["__typename"] == "RedemptionRollbackSuccess"
    retried = await chain.call(rollback, {"id": ids[0]})
    assert retried["redemptionRollback"]["__typename"] == "RedemptionRollbackSuccess"
    other = await chain.call(rollback, {"id": ids[1]})
    assert other["redemptionRollback"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    status = await chain.call("query R($id: ID!) { redemption(id: $id) { status } }", {"id": ids[1]})
    assert status["redemption"]["status"] == "SUCCEEDED"
