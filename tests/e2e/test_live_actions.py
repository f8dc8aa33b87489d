"""Live actions end to end: the real API stores events, the real worker's loop rewards them.

Also with Redis stopped while events arrive: the API still stores them (PostgreSQL is the record), the
worker's live-action loop reads its inbox from PostgreSQL, and every reward is given once.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import Caller, Servers
from tests.e2e.conftest import RedisServer
from tests.e2e.test_worker_redis_outage import graphql, poll

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
ERROR = "... on Error { code message field }"


async def track(api: Any, caller: Caller, customer: str, name: str, key: str | None = None, **props: Any) -> None:
    await graphql(
        api,
        caller,
        f"mutation T($i: EventTrackInput!) {{ eventTrack(input: $i) {{ __typename {ERROR} }} }}",
        {"i": {"customer": {"sourceId": customer}, "name": name, "properties": props, "idempotencyKey": key}},
    )


async def points_of(api: Any, caller: Caller, program: str, customer: str) -> int:
    found = await graphql(
        api,
        caller,
        "query W($p: ID!, $c: String!) { wallet(customer: {sourceId: $c}, program: $p) { balance } }",
        {"p": program, "c": customer},
    )
    return int(found["wallet"]["balance"]) if found["wallet"] else 0


async def live_program(api: Any, caller: Caller, name: str, trigger: dict[str, Any]) -> str:
    made = await graphql(
        api,
        caller,
        f"mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename "
        f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
        {
            "i": {
                "name": name,
                "kind": "WALLET_POINTS",
                "codeMode": "NO_CODE",
                "targeting": "LIVE_ACTION",
                "currency": "EUR",
                "reward": {"points": 100},
            }
        },
    )
    program: str = made["campaignCreate"]["campaign"]["id"]
    await graphql(
        api, caller, "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": program}
    )
    done = await graphql(
        api,
        caller,
        f"mutation S($i: CampaignTriggerSetInput!) {{ campaignTriggerSet(input: $i) {{ __typename {ERROR} }} }}",
        {"i": {"campaignId": program, "trigger": trigger}},
    )
    assert done["campaignTriggerSet"]["__typename"] == "CampaignTriggerSetSuccess", done
    return program


async def test_live_actions_through_the_api_and_worker_also_while_redis_is_down(
    servers: Servers, processes: Any, own_redis: RedisServer, admin: Caller
) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": own_redis.url,
        "REDIS_PREFIX": f"{servers.redis_prefix}live:",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    api = processes("serve", env)
    worker = processes("worker", env)
    api.wait_healthy()
    deposit = await live_program(
        api,
        admin,
        "Deposit",
        {
            "kind": "ACTION",
            "event": {"name": "deposit", "where": [{"property": "amount", "op": "GTE", "value": 100}]},
            "points": {"fixed": 100},
        },
    )
    cart = await live_program(
        api,
        admin,
        "Cart",
        {
            "kind": "INACTION",
            "event": {"name": "added_to_cart"},
            "awaited": {"name": "order_paid"},
            "within": {"amount": 2, "unit": "SECONDS"},
            "points": {"fixed": 7},
        },
    )
    await track(api, admin, "ann", "deposit", amount=150)
    await poll(worker, "ann's deposit reward", lambda: _equals(points_of(api, admin, deposit, "ann"), 100))

    # 20 concurrent retries of one event: one reward.
    await asyncio.gather(*(track(api, admin, "bob", "deposit", key="bob-1", amount=500) for _ in range(20)))
    await poll(worker, "bob's deposit reward", lambda: _equals(points_of(api, admin, deposit, "bob"), 100))

    # An abandoned cart pays at the end of its window; a paid one does not.
    await track(api, admin, "cat", "added_to_cart")
    await track(api, admin, "dan", "added_to_cart")
    await track(api, admin, "dan", "order_paid")
    await poll(worker, "cat's cart reward", lambda: _equals(points_of(api, admin, cart, "cat"), 7))

    own_redis.stop()
    for customer in ("eve", "fay", "gus"):
        await track(api, admin, customer, "deposit", amount=100)
    for customer in ("eve", "fay", "gus"):
        await poll(
            worker,
            f"{customer}'s reward with Redis down",
            lambda c=customer: _equals(points_of(api, admin, deposit, c), 100),
        )
    own_redis.start()
    await track(api, admin, "hal", "deposit", amount=100)
    await poll(worker, "hal's reward after Redis is back", lambda: _equals(points_of(api, admin, deposit, "hal"), 100))
    assert await points_of(api, admin, cart, "dan") == 0
    stats = await graphql(
        api,
        admin,
        "query S($id: ID!) { campaign(id: $id) { triggerStats { rewarded pendingTimers } } }",
        {"id": deposit},
    )
    assert stats["campaign"]["triggerStats"] == {"rewarded": 6, "pendingTimers": 0}
    async with httpx.AsyncClient(base_url=str(api.base_url)) as http:
        assert (await http.get("/healthz")).status_code in {200, 503}


async def _equals(value: Any, expected: int) -> bool:
    return bool(await value == expected)
