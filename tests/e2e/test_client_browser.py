"""A storefront page in headless Chromium using a CLIENT key: CORS preflight, validate, a subscription.

The page is served from a second local origin (its own port), which the key allows. The same page
on a third origin, allowed by another CLIENT key only, passes the preflight but its requests are
refused by the API (HTTP 403 and WebSocket close 4403, both ORIGIN_NOT_ALLOWED); on an origin no
key allows (http://localhost:<port>) the browser refuses the request after the preflight and the
WebSocket handshake is refused.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import uvicorn
from arq.connections import ArqRedis
from playwright.async_api import Page, async_playwright
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from app.access import services
from app.access.models import Role
from app.embedded import free_port
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.e2e.conftest import chromium_or_skip

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

VALIDATE = """query V($o: OrderInput!, $r: [RedeemableInput!]!) {
  validate(order: $o, redeemables: $r) { valid discount redeemables { status } } }"""
WALLET_CHANGED = "subscription W($c: CustomerRefInput!) { walletChanged(customer: $c) { balance } }"
ORDER = {
    "currency": "EUR",
    "customer": {"sourceId": "shopper"},
    "items": [{"productId": "p", "quantity": 1, "unitPrice": 2000}],
}

# The storefront: one validate over fetch (Authorization + JSON: a preflighted request), then
# walletChanged over graphql-transport-ws; what happened is left on `window` for the test to read.
PAGE = """<!doctype html><html><head><title>shop</title></head><body><script>
const config = CONFIG;
window.messages = [];
(async () => {
  try {
    const response = await fetch(config.http, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + config.key},
      body: JSON.stringify({query: config.validate, variables: config.validateVariables}),
    });
    window.validated = {status: response.status, body: await response.json()};
  } catch (error) {
    window.validated = {error: String(error)};
  }
  const socket = new WebSocket(config.ws, "graphql-transport-ws");
  socket.onopen = () => socket.send(JSON.stringify(
    {type: "connection_init", payload: {Authorization: "Bearer " + config.key}}));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    window.messages.push(message);
    if (message.type === "connection_ack") {
      socket.send(JSON.stringify({id: "1", type: "subscribe",
        payload: {query: config.subscription, variables: {c: {sourceId: "shopper"}}}}));
    }
  };
  socket.onclose = (event) => { window.socketClosed = {code: event.code, reason: event.reason}; };
})();
</script></body></html>"""


@asynccontextmanager
async def serve(app: Starlette, port: int) -> AsyncIterator[None]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


async def listeners(redis: ArqRedis, channel: str) -> int:
    [(_, count)] = await redis.pubsub_numsub(channel)
    return int(count)


async def wallet_program(graphql: GraphQLClient, admin: Caller) -> str:
    made = await graphql.data(
        """mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) {
          ... on CampaignCreateSuccess { campaign { id } } } }""",
        {
            "i": {
                "name": "Points",
                "kind": "WALLET_POINTS",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"points": 10},
            }
        },
        caller=admin,
    )
    program: str = made["campaignCreate"]["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": program}, caller=admin
    )
    return program


async def adjust(graphql: GraphQLClient, admin: Caller, program: str, points: int) -> None:
    done = await graphql.data(
        "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
        {"i": {"program": program, "customer": {"sourceId": "shopper"}, "points": points, "reason": "test"}},
        caller=admin,
    )
    assert done["walletAdjust"]["__typename"] == "WalletAdjustSuccess", done


async def coupon(graphql: GraphQLClient, admin: Caller) -> None:
    made = await graphql.data(
        """mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) {
          ... on CampaignCreateSuccess { campaign { id } } } }""",
        {
            "i": {
                "name": "Web ten",
                "kind": "DISCOUNT",
                "codeMode": "SINGLE_CODE",
                "code": "WEB10",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 1000}},
            }
        },
        caller=admin,
    )
    campaign = made["campaignCreate"]["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign}, caller=admin
    )


async def read(page: Page, expression: str) -> Any:
    await page.wait_for_function(f"() => {expression} !== undefined", timeout=30_000)
    return await page.evaluate(expression)


async def test_a_storefront_page_uses_a_client_key_from_its_origin_only(
    graphql: GraphQLClient,
    admin: Caller,
    live_server: LiveServer,
    redis: ArqRedis,
    settings: Settings,
) -> None:
    executable = chromium_or_skip()
    shop_port, other_port = free_port(), free_port()
    shop_origin, other_origin = f"http://127.0.0.1:{shop_port}", f"http://127.0.0.1:{other_port}"
    _, key = await services.create_api_key(
        name="storefront", role=Role.CLIENT, created_by=None, allowed_origins=[shop_origin]
    )
    await services.create_api_key(name="other app", role=Role.CLIENT, created_by=None, allowed_origins=[other_origin])
    program = await wallet_program(graphql, admin)
    await adjust(graphql, admin, program, 100)
    await coupon(graphql, admin)
    config = {
        "http": f"{live_server.base_url}/graphql",
        "ws": live_server.ws_url,
        "key": key,
        "validate": VALIDATE,
        "validateVariables": {"o": ORDER, "r": [{"code": "WEB10"}]},
        "subscription": WALLET_CHANGED,
    }
    html = PAGE.replace("CONFIG", json.dumps(config))

    async def storefront(request: Request) -> HTMLResponse:
        return HTMLResponse(html)

    pages = Starlette(routes=[Route("/", storefront)])
    channel = f"{settings.redis_prefix}events:wallet-changed"
    async with serve(pages, shop_port), serve(pages, other_port), async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        try:
            page = await browser.new_page()
            before = await listeners(redis, channel)
            await page.goto(f"{shop_origin}/")
            validated = await read(page, "window.validated")
            assert validated["status"] == 200, validated
            assert validated["body"]["data"]["validate"] == {
                "valid": True,
                "discount": 1000,
                "redeemables": [{"status": "APPLICABLE"}],
            }
            for _ in range(500):  # the subscription is live once the server listens on its channel
                if await listeners(redis, channel) > before:
                    break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError(
                    f"no subscription: {await page.evaluate('[window.messages, window.socketClosed]')}"
                )
            await adjust(graphql, admin, program, 50)
            await page.wait_for_function("() => window.messages.some((m) => m.type === 'next')", timeout=30_000)
            updates = [m for m in await page.evaluate("window.messages") if m["type"] == "next"]
            assert updates[0]["payload"] == {"data": {"walletChanged": {"balance": 150}}}

            # Another CLIENT key's origin: the preflight passes, this key does not.
            other = await browser.new_page()
            await other.goto(f"{other_origin}/")
            refused = await read(other, "window.validated")
            assert refused["status"] == 403, refused
            assert refused["body"]["errors"][0]["extensions"] == {"code": "ORIGIN_NOT_ALLOWED"}
            assert await read(other, "window.socketClosed") == {"code": 4403, "reason": "ORIGIN_NOT_ALLOWED"}
            assert await other.evaluate("window.messages") == []

            # An origin no key allows: the browser stops at the preflight; the handshake is refused.
            stranger = await browser.new_page()
            await stranger.goto(f"http://localhost:{shop_port}/")
            assert await read(stranger, "window.validated") == {"error": "TypeError: Failed to fetch"}
            assert (await read(stranger, "window.socketClosed"))["code"] == 1006
            assert await stranger.evaluate("window.messages") == []
        finally:
            await browser.close()
