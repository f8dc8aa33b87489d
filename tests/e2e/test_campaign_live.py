"""Campaign status reaches subscribers live across processes: the worker's scheduler and a second
API process, each with real servers, a real arq worker and a real WebSocket client."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from app.access.models import Role
from app.access.services import create_api_key
from app.core.time import utcnow
from tests.conftest import Servers
from tests.e2e.conftest import Process

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]

EVENTS_QUERY = (
    "subscription S($id: ID) { campaignStatusChanged(campaignId: $id) "
    "{ campaignName previousStatus newStatus cause actorPrefix } }"
)
CREATE = """mutation C($input: CampaignCreateInput!) { campaignCreate(input: $input) {
  __typename ... on CampaignCreateSuccess { campaign { id } } ... on Error { message } } }"""


async def graphql(process: Process, key: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=str(process.base_url)) as http:
        response = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {key}"},
        )
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


async def subscriber_ready(redis_url: str, channel: str) -> None:
    from app.core.redis import connect_redis

    redis = connect_redis(redis_url)
    try:
        for _ in range(250):
            [(_, count)] = await redis.pubsub_numsub(channel)
            if count:
                return
            await asyncio.sleep(0.02)
    finally:
        await redis.aclose()
    raise AssertionError("the subscription never reached Redis")


async def test_scheduler_start_and_a_pause_on_another_process_reach_the_subscriber(
    servers: Servers, processes: Any
) -> None:
    prefix = f"{servers.redis_prefix}live:"
    env = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url, "REDIS_PREFIX": prefix}
    _, key = await create_api_key(name="dashboard", role=Role.ADMIN, created_by=None)
    api_a = processes("serve", env)
    api_b = processes("serve", env)
    worker = processes("worker", env)
    api_a.wait_healthy()
    api_b.wait_healthy()

    created = await graphql(
        api_a,
        key,
        CREATE,
        {
            "input": {
                "name": "Flash sale",
                "kind": "DISCOUNT",
                "codeMode": "SINGLE_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 500}},
                "startsAt": (utcnow() + timedelta(seconds=2)).isoformat(),
            }
        },
    )
    campaign_id = created["campaignCreate"]["campaign"]["id"]

    transport = WebsocketsTransport(
        url=str(api_b.base_url).replace("http", "ws") + "/graphql",
        init_payload={"Authorization": f"Bearer {key}"},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    received: list[dict[str, Any]] = []
    async with Client(transport=transport) as session:

        async def listen() -> None:
            request = gql(EVENTS_QUERY)
            request.variable_values = {"id": campaign_id}
            async for result in session.subscribe(request):
                received.append(result["campaignStatusChanged"])
                if len(received) == 3:
                    return

        listener = asyncio.create_task(listen())
        await subscriber_ready(servers.redis_url, f"{prefix}events:campaign-status")

        activated = await graphql(
            api_a,
            key,
            "mutation A($id: ID!) { campaignActivate(input: {id: $id}) "
            "{ ... on CampaignTransitionSuccess { campaign { status } } } }",
            {"id": campaign_id},
        )
        assert activated["campaignActivate"]["campaign"]["status"] == "SCHEDULED"
        # The worker's cron starts it about two seconds later, with nobody calling the API.
        for _ in range(100):
            if len(received) >= 2:
                break
            await asyncio.sleep(0.1)
        assert len(received) >= 2, (received, worker.log())
        await graphql(
            api_a,
            key,
            "mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }",
            {"id": campaign_id},
        )
        await asyncio.wait_for(listener, 10)

    assert [(event["previousStatus"], event["newStatus"], event["cause"]) for event in received] == [
        ("DRAFT", "SCHEDULED", "API_KEY"),
        ("SCHEDULED", "ACTIVE", "SCHEDULER"),
        ("ACTIVE", "PAUSED", "API_KEY"),
    ]
    assert received[1]["actorPrefix"] is None
    assert received[2]["actorPrefix"] == key.split("_")[0] + "_" + key.split("_")[1]
