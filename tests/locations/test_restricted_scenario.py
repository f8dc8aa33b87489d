"""Restricted keys at work: a worked scenario, enumeration, store checks, live events."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from app.access.models import Role
from app.core.ids import decode_id, encode_id
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.locations.chain import ERROR, ORDER_ITEMS, REDEEM, VALIDATE, Chain, build_chain, visible_names


@pytest.fixture
async def chain(graphql: GraphQLClient, admin: Caller) -> Chain:
    return await build_chain(graphql, admin)


async def test_worked_scenario_visibility_use_and_edit(chain: Chain) -> None:
    campaigns = {
        "C1 project-wide": await chain.campaign("C1 project-wide"),
        "C2 area North": await chain.campaign("C2 area North", "AREA:North"),
        "C3 all stores of North": await chain.campaign("C3 all stores of North", "ALL:North"),
        "C4 store n1": await chain.campaign("C4 store n1", "STORE:n1"),
        "C5 store s1": await chain.campaign("C5 store s1", "STORE:s1"),
        "C6 stores n1 and s1": await chain.campaign("C6 stores n1 and s1", "STORE:n1", "STORE:s1"),
    }
    manager = await chain.key(Role.MANAGER, "ALL:North")
    till = await chain.key(Role.STORE, "STORE:n1")
    regional_viewer = await chain.key(Role.VIEWER, "AREA:North")

    # Visibility: assignments overlap (levels do not cascade; project-wide is for unrestricted keys only).
    assert await visible_names(chain, chain.admin) == set(campaigns)
    assert await visible_names(chain, manager) == {"C3 all stores of North", "C4 store n1", "C6 stores n1 and s1"}
    assert await visible_names(chain, till) == {"C3 all stores of North", "C4 store n1", "C6 stores n1 and s1"}
    assert await visible_names(chain, regional_viewer) == {"C2 area North"}

    # Edit: only when the key contains all of the campaign's assignments; other roles lack the permission.
    update = f"""mutation U($id: ID!, $v: Int!) {{
      campaignUpdate(input: {{id: $id, expectedVersion: $v, description: "local"}}) {{ __typename {ERROR} }} }}"""
    expected_edit = [
        (manager, "C3 all stores of North", "CampaignUpdateSuccess"),
        (manager, "C4 store n1", "CampaignUpdateSuccess"),
        (manager, "C6 stores n1 and s1", "PermissionDeniedError"),
        (manager, "C5 store s1", "NotFoundError"),
        (manager, "C1 project-wide", "NotFoundError"),
        (till, "C4 store n1", "PermissionDeniedError"),
        (regional_viewer, "C2 area North", "PermissionDeniedError"),
    ]
    for caller, name, outcome in expected_edit:
        current = await chain.call("query C($id: ID!) { campaign(id: $id) { version } }", {"id": campaigns[name]})
        result = await chain.call(update, {"id": campaigns[name], "v": current["campaign"]["version"]}, caller)
        assert result["campaignUpdate"]["__typename"] == outcome, (caller.key.name, name, result)

    # Campaign history records which key acted; only keys that may read API keys see who it was.
    async def history_as(caller: Any) -> list[tuple[str, Any]]:
        history = await chain.call(
            "query H($id: ID!) { campaign(id: $id) { history { edges { node { kind actor { name } } } } } }",
            {"id": campaigns["C4 store n1"]},
            caller,
        )
        return [(edge["node"]["kind"], edge["node"]["actor"]) for edge in history["campaign"]["history"]["edges"]]

    assert ("UPDATED", {"name": manager.key.name}) in await history_as(None)
    assert {actor for _, actor in await history_as(manager)} == {None}

    # Use: the STORE key's store is implied; a campaign is redeemed only at a store inside its scope.
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    everything = [{"campaignId": campaigns[name]} for name in sorted(campaigns)]
    at_till = await chain.call(VALIDATE, {"o": order, "r": everything}, till)
    reasons = dict(zip(sorted(campaigns), [r["reason"] for r in at_till["validate"]["redeemables"]], strict=True))
    assert reasons == {
        "C1 project-wide": "CAMPAIGN_NOT_FOUND",
        "C2 area North": "CAMPAIGN_NOT_FOUND",
        "C3 all stores of North": None,
        "C4 store n1": None,
        "C5 store s1": "CAMPAIGN_NOT_FOUND",
        "C6 stores n1 and s1": None,
    }
    at_n2 = await chain.call(VALIDATE, {"o": {**order, "storeId": chain.stores["n2"]}, "r": everything}, manager)
    reasons = dict(zip(sorted(campaigns), [r["reason"] for r in at_n2["validate"]["redeemables"]], strict=True))
    assert reasons["C3 all stores of North"] is None
    assert reasons["C4 store n1"] == "STORE_NOT_IN_SCOPE"
    assert reasons["C6 stores n1 and s1"] == "STORE_NOT_IN_SCOPE"

    # Redemptions record their store and area, and list by either.
    done = await chain.call(
        REDEEM, {"i": {"order": order, "redeemables": [{"campaignId": campaigns["C4 store n1"]}]}}, till
    )
    redemption = done["redeem"]["redemption"]
    assert redemption["storeId"] == chain.stores["n1"]
    assert redemption["areaId"] == chain.areas["North"]
    listing = "query L($f: RedemptionFilterInput) { redemptions(filter: $f) { edges { node { id } } } }"
    for key, value, found in (
        ("storeId", chain.stores["n1"], [redemption["id"]]),
        ("areaId", chain.areas["North"], [redemption["id"]]),
        ("areaId", chain.areas["South"], []),
    ):
        data = await chain.call(listing, {"f": {key: value}})
        assert [edge["node"]["id"] for edge in data["redemptions"]["edges"]] == found
    seen_by_viewer = await chain.call(listing, {"f": None}, regional_viewer)
    assert seen_by_viewer["redemptions"]["edges"] == []


async def test_viewer_shows_role_and_assignments(chain: Chain) -> None:
    manager = await chain.key(Role.MANAGER, "ALL:North", "STORE:s1")
    data = await chain.call(
        "{ viewer { role restricted permissions assignments { level areaId storeId } } }", caller=manager
    )
    assert data["viewer"]["role"] == "MANAGER"
    assert data["viewer"]["restricted"] is True
    assert "PROJECT_READ" not in data["viewer"]["permissions"]
    assert data["viewer"]["assignments"] == [
        {"level": "AREA_ALL_STORES", "areaId": chain.areas["North"], "storeId": None},
        {"level": "STORE", "areaId": chain.areas["South"], "storeId": chain.stores["s1"]},
    ]


async def test_a_campaign_with_stores_needs_a_store_in_its_scope(chain: Chain) -> None:
    campaign = await chain.campaign("Local", "STORE:n1")
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    cases = [(None, "STORE_REQUIRED"), (chain.stores["s1"], "STORE_NOT_IN_SCOPE"), (chain.stores["n1"], None)]
    for store, reason in cases:
        data = await chain.call(VALIDATE, {"o": {**order, "storeId": store}, "r": [{"campaignId": campaign}]})
        assert data["validate"]["redeemables"][0]["reason"] == reason


async def test_restricted_keys_learn_nothing_from_ids_or_cursors_of_other_areas(chain: Chain) -> None:
    south = await chain.campaign("South only", "STORE:s1")
    for index in range(5):
        await chain.campaign(f"North {index}", "STORE:n1")
    till = await chain.key(Role.STORE, "STORE:n1")
    missing = encode_id("Campaign", uuid.uuid4())

    async def error_of(campaign_id: str) -> dict[str, Any]:
        response = await chain.graphql.post(
            "query C($id: ID!) { campaign(id: $id) { id } }", {"id": campaign_id}, caller=till
        )
        error: dict[str, Any] = response.json()["errors"][0]
        uid = str(decode_id("Campaign", campaign_id, field="id"))
        return {"code": error["extensions"]["code"], "message": error["message"].replace(uid, "<id>")}

    assert (
        await error_of(south) == await error_of(missing) == {"code": "NOT_FOUND", "message": "No campaign has id <id>."}
    )

    # Walking every page one by one yields only the key's campaigns, and the same count.
    seen: list[str] = []
    after = None
    while True:
        page = await chain.call(
            "query P($a: String) { campaigns(first: 1, after: $a) { edges { node { name } } "
            "pageInfo { hasNextPage endCursor } totalCount } }",
            {"a": after},
            till,
        )
        seen += [edge["node"]["name"] for edge in page["campaigns"]["edges"]]
        assert page["campaigns"]["totalCount"] == 5
        if not page["campaigns"]["pageInfo"]["hasNextPage"]:
            break
        after = page["campaigns"]["pageInfo"]["endCursor"]
    assert sorted(seen) == [f"North {index}" for index in range(5)]

    # An admin's cursor pointing at the other area's campaign reveals nothing either.
    admin_page = await chain.call("{ campaigns(first: 1) { pageInfo { endCursor } } }")
    after_south = await chain.call(
        "query P($a: String) { campaigns(first: 10, after: $a) { edges { node { name } } } }",
        {"a": admin_page["campaigns"]["pageInfo"]["endCursor"]},
        till,
    )
    assert {edge["node"]["name"] for edge in after_south["campaigns"]["edges"]} <= {f"North {i}" for i in range(5)}

    # Redemptions at another store answer like missing ones.
    done = await chain.call(
        REDEEM,
        {
            "i": {
                "order": {"currency": "EUR", "storeId": chain.stores["s1"], "items": ORDER_ITEMS},
                "redeemables": [{"campaignId": south}],
            }
        },
    )
    other = done["redeem"]["redemption"]["id"]
    for redemption_id in (other, encode_id("Redemption", uuid.uuid4())):
        response = await chain.graphql.post(
            "query R($id: ID!) { redemption(id: $id) { id } }", {"id": redemption_id}, caller=till
        )
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_restricted_subscriber_hears_only_its_campaigns(
    chain: Chain, live_server: LiveServer, redis: ArqRedis, settings: Settings
) -> None:
    inside = await chain.campaign("Inside", "STORE:n1")
    outside = await chain.campaign("Outside", "STORE:s1")
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    heard: list[str] = []
    transport = WebsocketsTransport(
        url=live_server.ws_url, init_payload=manager.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )

    async def listen() -> None:
        async with Client(transport=transport) as session:
            async for event in session.subscribe(gql("subscription { campaignStatusChanged { campaignName } }")):
                heard.append(event["campaignStatusChanged"]["campaignName"])
                return

    listener = asyncio.create_task(listen())
    channel = f"{settings.redis_prefix}events:campaign-status"
    for _ in range(200):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count:
            break
        await asyncio.sleep(0.02)
    pause = "mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }"
    await chain.call(pause, {"id": outside})
    await chain.call(pause, {"id": inside})
    await asyncio.wait_for(listener, 10)
    assert heard == ["Inside"]
