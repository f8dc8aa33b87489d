"""Two API processes race for one code's last uses and one campaign's counters: no limit is overrun."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from app.access.models import Role
from app.access.services import create_api_key
from app.codes.models import Code
from app.redemptions.models import Counter, Redemption
from tests.conftest import Servers
from tests.e2e.conftest import Process

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
USES = 40
BUDGET = 30 * 250  # room for 30 redemptions of 250 off
REDEEM = """mutation R($input: RedeemInput!) { redeem(input: $input) {
  __typename
  ... on RedeemSuccess { redemption { id discount } }
  ... on RedeemRefused { result { redeemables { status reason } } }
  ... on Error { code message }
} }"""


async def post(http: httpx.AsyncClient, key: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {key}"}
    )
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


async def campaign(http: httpx.AsyncClient, key: str, spec: dict[str, Any]) -> None:
    created = await post(
        http,
        key,
        "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) { "
        "... on CampaignCreateSuccess { campaign { id } } ... on Error { message } } }",
        {"i": {"kind": "DISCOUNT", "targeting": "OPEN", "currency": "EUR", **spec}},
    )
    campaign_id = created["campaignCreate"]["campaign"]["id"]
    await post(
        http, key, "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}
    )


async def test_a_race_through_two_api_processes_overruns_no_limit(servers: Servers, processes: Any) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}race:",
        "HEALTH_REQUIRE_WORKER": "false",
    }
    _, key = await create_api_key(name="race", role=Role.ADMIN, created_by=None)
    apis: list[Process] = [processes("serve", env), processes("serve", env)]
    for api in apis:
        api.wait_healthy()
    clients = [httpx.AsyncClient(base_url=str(api.base_url), timeout=60) for api in apis]
    try:
        await campaign(
            clients[0],
            key,
            {
                "name": "Scarce",
                "codeMode": "SINGLE_CODE",
                "code": "SCARCE",
                "redemptionsPerCode": USES,
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
            },
        )
        await campaign(
            clients[1],
            key,
            {
                "name": "Budgeted",
                "codeMode": "SINGLE_CODE",
                "code": "BUDGET",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 250}},
                "validationRules": [{"id": "b", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": BUDGET}],
            },
        )

        def redeem(index: int, code: str) -> Any:
            order = {
                "currency": "EUR",
                "customer": {"sourceId": f"c{index % 17}"},
                "items": [{"productId": "p", "quantity": 1, "unitPrice": 5000}],
            }
            variables = {
                "input": {"order": order, "redeemables": [{"code": code}], "idempotencyKey": f"{code}-{index}"}
            }
            return post(clients[index % 2], key, REDEEM, variables)

        # A customer's first order creates them (the ORM path); later ones take the hot path.
        results = await asyncio.gather(*(redeem(i, code) for i in range(120) for code in ("SCARCE", "BUDGET")))
    finally:
        for client in clients:
            await client.aclose()
    won = {"SCARCE": 0, "BUDGET": 0}
    for result, code in zip(results, ["SCARCE", "BUDGET"] * 120, strict=True):
        kind = result["redeem"]["__typename"]
        assert kind in {"RedeemSuccess", "RedeemRefused"}, result
        if kind == "RedeemSuccess":
            won[code] += 1
        else:
            reasons = {item["reason"] for item in result["redeem"]["result"]["redeemables"]}
            assert reasons <= {"CODE_QUANTITY_REACHED", "BUDGET_EXHAUSTED"}, result
    assert won == {"SCARCE": USES, "BUDGET": BUDGET // 250}
    assert (await Code.get(code="SCARCE")).redeemed_count == USES
    budget = await Counter.get(name__endswith=":b:all")
    assert budget.used == BUDGET
    assert await Redemption.all().count() == USES + BUDGET // 250
