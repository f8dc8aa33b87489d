"""CLIENT keys' token buckets under a burst: exact counts of answered and refused requests.

The buckets refill at one token per 1000 s here, so no request of a test ever sees a refill and the
counts do not depend on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from websockets.typing import Subprotocol

import httpx
import pytest
import uvicorn
import websockets
from starlette.applications import Starlette

from app.access import services
from app.access.models import Role
from app.access.ratelimit import Bucket, RateLimiter
from app.core.client_ip import client_ip
from app.core.metrics import RATE_LIMIT_CHECKS
from app.core.redis import connect_redis
from app.embedded import free_port
from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller

KEY_BURST = 5
IP_BURST = 7
VIEWER_QUERY = {"query": "{ viewer { role } }"}
PROTOCOL = cast("Subprotocol", "graphql-transport-ws")


@pytest.fixture
async def limited_app(settings: Settings, db: None) -> AsyncIterator[Starlette]:
    """The API with small buckets, behind a trusted proxy at 127.0.0.1 (the test transport's peer)."""
    limited_settings = settings.model_copy(
        update={
            "redis_prefix": f"{settings.redis_prefix}{uuid.uuid4().hex[:8]}:",
            "client_rate_key_burst": KEY_BURST,
            "client_rate_key_per_second": 0.001,
            "client_rate_ip_burst": IP_BURST,
            "client_rate_ip_per_second": 0.001,
            "trusted_proxies": ["127.0.0.1/32"],
        }
    )
    app = create_app(limited_settings)
    yield app
    await app.state.redis.aclose()


@pytest.fixture
async def limited(limited_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limited_app), base_url="http://test") as http:
        yield http


async def burst(http: httpx.AsyncClient, caller: Caller, count: int, ip: str) -> list[httpx.Response]:
    headers = {**caller.headers, "X-Forwarded-For": ip}
    return [await http.post("/graphql", json=VIEWER_QUERY, headers=headers) for _ in range(count)]


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(response.status_code for response in responses)


async def key(role: Role) -> Caller:
    made, secret = await services.create_api_key(name=role.value, role=role, created_by=None)
    return Caller(made, secret)


async def test_a_burst_is_cut_per_key_and_per_client_ip(limited: httpx.AsyncClient) -> None:
    first, second = await key(Role.CLIENT), await key(Role.CLIENT)

    # The first key empties its own bucket (5) and takes 5 of the IP's 7 tokens.
    answers = await burst(limited, first, 8, "203.0.113.1")
    assert statuses(answers) == {200: 5, 429: 3}
    assert [answer.status_code for answer in answers] == [200] * 5 + [429] * 3
    refused = answers[-1]
    error: dict[str, Any] = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    retry_after = error["extensions"]["retryAfter"]
    assert isinstance(retry_after, int)
    assert retry_after >= 1
    assert refused.headers["retry-after"] == str(retry_after)

    # The second key, from the same IP, gets the IP's last 2 tokens; refusals take none.
    assert statuses(await burst(limited, second, 4, "203.0.113.1")) == {200: 2, 429: 2}
    # From another IP, it spends the 3 tokens its own bucket has left.
    assert statuses(await burst(limited, second, 4, "203.0.113.2")) == {200: 3, 429: 1}
    # Only the address the trusted proxy saw counts: a client cannot pick its bucket by a forged hop.
    assert statuses(await burst(limited, await key(Role.CLIENT), 2, "203.0.113.9, 203.0.113.1")) == {429: 2}


async def test_keys_that_stay_on_servers_are_not_limited(limited: httpx.AsyncClient) -> None:
    store = await key(Role.ADMIN)
    assert statuses(await burst(limited, store, KEY_BURST + IP_BURST + 1, "203.0.113.1")) == {200: 13}


async def test_a_websocket_over_the_limit_is_closed_with_retry_after(limited_app: Starlette) -> None:
    app_key = await key(Role.CLIENT)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(limited_app, host="127.0.0.1", port=port, lifespan="off", log_config=None))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            assert statuses(await burst(http, app_key, KEY_BURST, "203.0.113.5")) == {200: KEY_BURST}
        async with websockets.connect(f"ws://127.0.0.1:{port}/graphql", subprotocols=[PROTOCOL]) as socket:
            await socket.send(json.dumps({"type": "connection_init", "payload": app_key.headers}))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await socket.recv()
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4429
        assert re.fullmatch(r"RATE_LIMITED retryAfter=\d+", closed.value.rcvd.reason)
    finally:
        server.should_exit = True
        await serving


async def test_an_unreachable_redis_lets_requests_through_and_counts_them() -> None:
    unreachable = connect_redis("redis://127.0.0.1:1/0")
    limiter = RateLimiter(unreachable, "promo-test:")
    before = RATE_LIMIT_CHECKS.labels("unavailable")._value.get()
    try:
        assert await limiter.take([Bucket("key:x", 1, 0.001)]) is None
        assert await limiter.take([Bucket("key:x", 1, 0.001)]) is None
    finally:
        await unreachable.aclose()
    assert RATE_LIMIT_CHECKS.labels("unavailable")._value.get() == before + 2


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),  # an untrusted peer's header is ignored
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "203.0.113.1", "203.0.113.1"),
        ("10.0.0.2", "203.0.113.9, 203.0.113.1, 10.0.0.3", "203.0.113.1"),  # proxies chain; the client's own claim
        ("10.0.0.2", "10.0.0.3", "10.0.0.3"),  # only proxies: the first of them
        ("10.0.0.2", "not-an-ip", "10.0.0.2"),
    ],
)
def test_client_ip_reads_forwarded_for_from_trusted_proxies_only(
    peer: str, forwarded: str | None, expected: str
) -> None:
    import ipaddress

    assert client_ip(peer, forwarded, (ipaddress.ip_network("10.0.0.0/8"),)) == expected
