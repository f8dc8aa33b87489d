"""Webhooks with real `promo serve` and `promo worker` processes, a real Redis and a real receiver.

- a worker killed (SIGKILL) while its POST is in flight: the claim's lease lapses and another worker
  delivers the same event again, with the same `webhook-id`;
- Redis stopped while changes happen: the changes and their outbox rows are in PostgreSQL, and they
  are delivered once Redis (and so the worker's cron) is back.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.webhooks.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEvent
from tests.conftest import Caller, Servers
from tests.e2e.conftest import Process, RedisServer
from tests.webhooks.receiver import Receiver

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
DEADLINE_SECONDS = 90
ERROR = "... on Error { __typename code message field }"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


def environment(servers: Servers, redis: RedisServer, name: str) -> dict[str, str]:
    return {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": redis.url,
        "REDIS_PREFIX": f"{servers.redis_prefix}{name}:",
        "WEBHOOKS_ALLOW_PRIVATE": "1",  # the receiver listens on 127.0.0.1
        "WEBHOOKS_TIMEOUT_SECONDS": "2",  # a claim's lease: the timeout and 5 s
        "WORKER_HEARTBEAT_SECONDS": "1",
    }


async def graphql(api: Process, caller: Caller, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=str(api.base_url), timeout=10) as http:
        response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=caller.headers)
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


async def endpoint(api: Process, admin: Caller, url: str) -> str:
    made = await graphql(
        api,
        admin,
        f"""mutation C($i: WebhookEndpointCreateInput!) {{ webhookEndpointCreate(input: $i) {{ __typename
          ... on WebhookEndpointCreateSuccess {{ secret }} {ERROR} }} }}""",
        {"i": {"url": url, "eventTypes": ["CAMPAIGN_STATUS_CHANGED"]}},
    )
    assert made["webhookEndpointCreate"]["__typename"] == "WebhookEndpointCreateSuccess", made
    secret: str = made["webhookEndpointCreate"]["secret"]
    return secret


async def campaign_changes(api: Process, admin: Caller, name: str, *transitions: str) -> None:
    made = await graphql(
        api,
        admin,
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
          ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
        {
            "i": {
                "name": name,
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
            }
        },
    )
    campaign_id = made["campaignCreate"]["campaign"]["id"]
    for transition in transitions:
        done = await graphql(
            api,
            admin,
            f"mutation T($id: ID!) {{ {transition}(input: {{id: $id}}) {{ __typename }} }}",
            {"id": campaign_id},
        )
        assert "Error" not in done[transition]["__typename"], done


async def until(what: str, probe: Any, *workers: Process) -> Any:
    deadline = asyncio.get_running_loop().time() + DEADLINE_SECONDS
    while asyncio.get_running_loop().time() < deadline:
        answer = await probe() if asyncio.iscoroutinefunction(probe) else probe()
        if answer:
            return answer
        await asyncio.sleep(0.1)
    logs = "\n".join(worker.log() for worker in workers)
    raise AssertionError(f"timed out: {what}\n{logs}")


async def test_a_worker_killed_mid_delivery_leaves_it_to_another_with_the_same_webhook_id(
    servers: Servers, processes: Any, own_redis: RedisServer, admin: Caller, receiver: Receiver
) -> None:
    env = environment(servers, own_redis, "webhooks-kill")
    api = processes("serve", env)
    first = processes("worker", env)
    api.wait_healthy()
    secret = await endpoint(api, admin, receiver.url)
    receiver.hold = True  # the first POST arrives and is never answered
    await campaign_changes(api, admin, "Killed mid-POST", "campaignActivate")

    await until("the first POST", lambda: len(receiver.received) == 1, first)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    with receiver.lock:
        receiver.hold = False
    receiver.release.set()
    [in_flight] = await WebhookDelivery.all()
    assert (in_flight.status, in_flight.attempts) == (WebhookDeliveryStatus.PENDING, 1)

    second = processes("worker", env)

    async def delivered() -> bool:
        found = await WebhookDelivery.get(id=in_flight.id)
        return found.status == WebhookDeliveryStatus.DELIVERED

    await until("delivery by the second worker after the lease lapsed", delivered, second)
    ids = receiver.ids()
    assert len(ids) == 2
    assert ids[0] == ids[1] == f"msg_{in_flight.event_id.hex}"
    bodies = receiver.verified(secret)
    assert bodies[0] == bodies[1]  # the same event, byte for byte in meaning
    assert (await WebhookDelivery.get(id=in_flight.id)).attempts == 2


async def test_changes_while_redis_is_down_are_kept_and_delivered_after(
    servers: Servers, processes: Any, own_redis: RedisServer, admin: Caller, receiver: Receiver
) -> None:
    env = environment(servers, own_redis, "webhooks-outage")
    api = processes("serve", env)
    worker = processes("worker", env)
    api.wait_healthy()
    secret = await endpoint(api, admin, receiver.url)
    own_redis.stop()

    await campaign_changes(api, admin, "During the outage", "campaignActivate", "campaignPause", "campaignResume")
    # Committed with their outbox rows, nothing sent: the worker cannot run its cron without Redis.
    assert await WebhookEvent.all().count() == 3
    assert await WebhookDelivery.filter(status=WebhookDeliveryStatus.PENDING).count() == 3
    await asyncio.sleep(2)
    assert receiver.received == []

    own_redis.start()
    await until("the three events after Redis came back", lambda: len(receiver.received) >= 3, worker)
    bodies = receiver.verified(secret)
    assert [body["data"]["current"] for body in sorted(bodies, key=lambda b: b["timestamp"])] == [
        "ACTIVE",
        "PAUSED",
        "ACTIVE",
    ]
    assert len(set(receiver.ids())) == 3

    async def recorded() -> bool:
        # The sweeper records the answers once its POSTs are done: the receiver may see them first.
        return await WebhookDelivery.filter(status=WebhookDeliveryStatus.DELIVERED).count() == 3

    await until("the three deliveries recorded as DELIVERED", recorded, worker)
