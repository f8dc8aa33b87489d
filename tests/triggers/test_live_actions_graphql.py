"""Live actions through GraphQL: the trigger set by mutation, its stats, the reward in customer.rewards
with its event, and rewardGranted reaching a subscriber."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from app.core.events import EventBus
from app.settings import Settings
from app.triggers.tasks import work_once
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.triggers.test_live_actions import track

pytestmark = pytest.mark.usefixtures("db")
ERROR = "... on Error { code message field }"


async def live_program(graphql: GraphQLClient, admin: Caller) -> str:
    made = await graphql.data(
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{
          ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
        {
            "i": {
                "name": "Deposits",
                "kind": "WALLET_POINTS",
                "codeMode": "NO_CODE",
                "targeting": "LIVE_ACTION",
                "currency": "EUR",
                "reward": {"points": 100},
            }
        },
        caller=admin,
    )
    program: str = made["campaignCreate"]["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": program}, caller=admin
    )
    return program


async def set_trigger(graphql: GraphQLClient, admin: Caller, program: str, trigger: Any) -> dict[str, Any]:
    done = await graphql.data(
        f"""mutation T($i: CampaignTriggerSetInput!) {{ campaignTriggerSet(input: $i) {{ __typename
          ... on CampaignTriggerSetSuccess {{ campaign {{ trigger triggerStats {{ evaluated }} }} }} {ERROR} }} }}""",
        {"i": {"campaignId": program, "trigger": trigger}},
        caller=admin,
    )
    result: dict[str, Any] = done["campaignTriggerSet"]
    return result


async def test_trigger_stats_rewards_and_the_subscription(
    graphql: GraphQLClient, admin: Caller, live_server: LiveServer, redis: ArqRedis, settings: Settings
) -> None:
    bus = EventBus(redis, settings.redis_prefix)
    program = await live_program(graphql, admin)
    refused = await set_trigger(graphql, admin, program, {"kind": "ACTION", "event": {"name": "deposit"}, "cap": 3})
    assert (refused["__typename"], refused["field"]) == ("ValidationError", "trigger.cap")
    trigger = {"kind": "ACTION", "event": {"name": "deposit"}, "points": {"fixed": 25}}
    saved = await set_trigger(graphql, admin, program, trigger)
    assert saved["campaign"]["trigger"]["points"] == {"fixed": 25}
    assert saved["campaign"]["triggerStats"] == {"evaluated": 0}
    transport = WebsocketsTransport(
        url=live_server.ws_url, init_payload=admin.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    document = gql(
        "subscription R($c: ID!) { rewardGranted(campaignId: $c) { source points eventId customerSourceId } }"
    )
    document.variable_values = {"c": program}
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async with Client(transport=transport) as session:
            async for update in session.subscribe(document):
                received.append(update["rewardGranted"])
                return

    task = asyncio.create_task(listen())
    for attempt in range(100):
        await asyncio.sleep(0.05)
        await track("deposit", customer=f"c{attempt}")
        await work_once(bus)
        if task.done():
            break
    await asyncio.wait_for(task, timeout=10)
    assert received[0]["source"] == "LIVE_ACTION"
    assert received[0]["points"] == 25
    assert received[0]["eventId"]
    answer = await graphql.data(
        '{ customer(sourceId: "c0") { rewards { source points campaign { name } event { name } } } }', caller=admin
    )
    assert answer["customer"]["rewards"] == [
        {"source": "LIVE_ACTION", "points": 25, "campaign": {"name": "Deposits"}, "event": {"name": "deposit"}}
    ]
    stats = await graphql.data(
        "query S($id: ID!) { campaign(id: $id) { triggerStats { evaluated rewarded } } }", {"id": program}, caller=admin
    )
    assert stats["campaign"]["triggerStats"]["rewarded"] >= 1
