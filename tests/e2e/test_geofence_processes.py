"""A geofence changed through one API process is honoured by another within one second."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from app.access.models import Role
from app.access.services import create_api_key
from tests.conftest import Servers
from tests.e2e.conftest import Process

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
CENTRE = {"type": "Polygon", "coordinates": [[[2.30, 48.84], [2.38, 48.88], [2.30, 48.88], [2.30, 48.84]]]}
LYON = {"latitude": 45.76, "longitude": 4.83}


async def call(process: Process, key: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=str(process.base_url), timeout=10) as http:
        response = await http.post(
            "/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {key}"}
        )
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


async def test_a_moved_geofence_is_honoured_by_another_process_within_a_second(
    servers: Servers, processes: Any
) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}geo:",
        "HEALTH_REQUIRE_WORKER": "false",  # two APIs and no worker: geofences need none
    }
    _, key = await create_api_key(name="geo", role=Role.ADMIN, created_by=None)
    api_a, api_b = processes("serve", env), processes("serve", env)
    api_a.wait_healthy()
    api_b.wait_healthy()
    made = await call(
        api_a,
        key,
        "mutation G($i: GeofenceInput!) { geofenceCreate(input: $i) { ... on GeofenceSuccess { geofence { id } } } }",
        {"i": {"name": "Zone", "polygon": CENTRE}},
    )
    fence = made["geofenceCreate"]["geofence"]["id"]
    created = await call(
        api_a,
        key,
        "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) { "
        "... on CampaignCreateSuccess { campaign { id } } } }",
        {
            "i": {
                "name": "Zoned",
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                "validationRules": [{"id": "z", "kind": "GEOFENCE", "geofence_ids": [fence]}],
            }
        },
    )
    campaign_id = created["campaignCreate"]["campaign"]["id"]
    await call(
        api_a, key, "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}
    )
    validate = (
        "query V($o: OrderInput!, $r: [RedeemableInput!]!) { validate(order: $o, redeemables: $r) "
        "{ redeemables { status reason } } }"
    )
    variables = {
        "o": {"currency": "EUR", "location": LYON, "items": [{"productId": "p", "quantity": 1, "unitPrice": 1000}]},
        "r": [{"campaignId": campaign_id}],
    }
    before = await call(api_b, key, validate, variables)
    assert before["validate"]["redeemables"] == [{"status": "INAPPLICABLE", "reason": "OUTSIDE_GEOFENCE"}]

    await call(
        api_a,
        key,
        "mutation U($id: ID!, $i: GeofenceInput!) { geofenceUpdate(id: $id, input: $i) { __typename } }",
        {"id": fence, "i": {"circle": {**LYON, "radiusMeters": 5000}}},
    )
    await asyncio.sleep(1.0)
    redeem = (
        "mutation R($o: OrderInput!, $r: [RedeemableInput!]!) { redeem(input: {order: $o, redeemables: $r}) "
        "{ __typename ... on RedeemSuccess { redemption { discount } } } }"
    )
    after = await call(api_b, key, redeem, variables)
    assert after["redeem"] == {"__typename": "RedeemSuccess", "redemption": {"discount": 100}}
