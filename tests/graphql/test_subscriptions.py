"""Subscriptions over graphql-transport-ws with a real client against a real uvicorn server."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.exceptions import TransportConnectionFailed, TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from websockets.exceptions import ConnectionClosed

from app.access.models import Role
from app.access.services import EVENTS_CHANNEL, create_api_key, revoke_api_key
from app.campaigns import lifecycle
from app.campaigns.lifecycle import STATUS_CHANNEL
from app.campaigns.models import CodeMode
from app.core.events import EventBus
from app.core.ids import encode_id
from app.graphql.live import REVOKED_CLOSE_CODE
from app.settings import Settings
from tests.campaigns.factories import make_campaign
from tests.conftest import Caller, LiveServer

EVENTS = gql("subscription { apiKeyEvents { kind actorPrefix apiKey { name prefix revokedAt } } }")
CREATE = """mutation { apiKeyCreate(input: {name: "pos-1", role: VIEWER}) {
  ... on ApiKeyCreateSuccess { apiKey { id prefix } } } }"""


def transport(server: LiveServer, init_payload: dict[str, Any]) -> WebsocketsTransport:
    return WebsocketsTransport(
        url=server.ws_url,
        init_payload=init_payload,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )


async def wait_for_subscriber(redis: ArqRedis, channel: str) -> None:
    """Block until the server has subscribed to `channel` (else an early event would be missed)."""
    for _ in range(200):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"nobody subscribed to {channel}")


async def test_admin_sees_key_events_as_they_happen(
    live_server: LiveServer, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async with Client(transport=transport(live_server, admin.headers)) as session:
            async for result in session.subscribe(EVENTS):
                received.append(result["apiKeyEvents"])
                if len(received) == 2:
                    return

    listener = asyncio.create_task(listen())
    await wait_for_subscriber(redis, f"{settings.redis_prefix}events:{EVENTS_CHANNEL}")
    async with httpx.AsyncClient(base_url=live_server.base_url, headers=admin.headers) as http:
        created = (await http.post("/graphql", json={"query": CREATE})).json()
        key_id = created["data"]["apiKeyCreate"]["apiKey"]["id"]
        revoke = f'mutation {{ apiKeyRevoke(input: {{id: "{key_id}"}}) {{ __typename }} }}'
        await http.post("/graphql", json={"query": revoke})
    await asyncio.wait_for(listener, 10)

    assert [event["kind"] for event in received] == ["CREATED", "REVOKED"]
    assert {event["apiKey"]["name"] for event in received} == {"pos-1"}
    assert received[0]["actorPrefix"] == admin.key.prefix
    assert received[1]["apiKey"]["revokedAt"] is not None


@pytest.mark.parametrize("init_payload", [{}, {"Authorization": "Bearer promo_0_wrong"}])
async def test_connection_without_a_valid_key_is_rejected(
    live_server: LiveServer, db: None, init_payload: dict[str, Any]
) -> None:
    with pytest.raises(TransportConnectionFailed) as raised:
        async with Client(transport=transport(live_server, init_payload)) as session:
            async for _ in session.subscribe(EVENTS):
                pass
    closed = raised.value.__cause__
    assert isinstance(closed, ConnectionClosed)
    assert closed.rcvd is not None
    assert closed.rcvd.code == 4403


async def test_viewer_may_not_subscribe_to_key_events(live_server: LiveServer, viewer: Caller) -> None:
    with pytest.raises(TransportQueryError, match="API_KEYS_READ"):
        async with Client(transport=transport(live_server, viewer.headers)) as session:
            async for _ in session.subscribe(EVENTS):
                pass


async def listen_until_closed(
    server: LiveServer, caller: Caller, campaign_id: uuid.UUID, received: list[str]
) -> BaseException | None:
    """Follow one campaign's status changes until the server ends the subscription; how it ended."""
    statuses = gql("subscription S($id: ID) { campaignStatusChanged(campaignId: $id) { newStatus } }")
    statuses.variable_values = {"id": encode_id("Campaign", campaign_id)}
    try:
        async with Client(transport=transport(server, caller.headers)) as session:
            async for result in session.subscribe(statuses):
                received.append(result["campaignStatusChanged"]["newStatus"])
    except (TransportConnectionFailed, TransportQueryError, ConnectionClosed) as exc:
        return exc.__cause__ if isinstance(exc.__cause__, ConnectionClosed) else exc
    return None


async def subscribed(redis: ArqRedis, settings: Settings) -> None:
    await wait_for_subscriber(redis, f"{settings.redis_prefix}events:{STATUS_CHANNEL}")


async def test_a_revoked_key_hears_nothing_more(
    live_server: LiveServer, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    watcher_key, secret = await create_api_key(name="dashboard", role=Role.VIEWER, created_by=None)
    campaign = await make_campaign("Watched", code_mode=CodeMode.NO_CODE)
    received: list[str] = []
    listener = asyncio.create_task(listen_until_closed(live_server, Caller(watcher_key, secret), campaign.id, received))
    await subscribed(redis, settings)
    events = EventBus(redis, settings.redis_prefix)
    await lifecycle.activate(campaign_id=campaign.id, actor=admin.key, events=events)
    for _ in range(200):
        if received:
            break
        await asyncio.sleep(0.05)
    assert received == ["ACTIVE"]

    await revoke_api_key(key_id=watcher_key.id, revoked_by=admin.key)
    await lifecycle.pause(campaign_id=campaign.id, actor=admin.key, events=events)
    ending = await asyncio.wait_for(listener, 10)  # the server ends it; the client does nothing
    assert received == ["ACTIVE"]  # the pause, after the revocation, was not delivered
    assert ending is not None
    assert "UNAUTHENTICATED" in str(ending) or getattr(ending.rcvd, "code", None) == REVOKED_CLOSE_CODE  # type: ignore[attr-defined]


async def test_an_idle_subscription_of_a_revoked_key_is_closed(
    live_server: LiveServer, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    watcher_key, secret = await create_api_key(name="dashboard", role=Role.VIEWER, created_by=None)
    campaign = await make_campaign("Quiet", code_mode=CodeMode.NO_CODE)
    received: list[str] = []
    listener = asyncio.create_task(listen_until_closed(live_server, Caller(watcher_key, secret), campaign.id, received))
    await subscribed(redis, settings)
    await revoke_api_key(key_id=watcher_key.id, revoked_by=admin.key)
    closed = await asyncio.wait_for(listener, 10)  # no event flows: the connection's watcher closes it
    assert isinstance(closed, ConnectionClosed), closed
    assert closed.rcvd is not None
    assert closed.rcvd.code == REVOKED_CLOSE_CODE
    assert received == []
