"""The service started the way the README says, driven by real HTTP and WebSocket clients."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from app.embedded import EmbeddedPostgres
from tests.conftest import Servers
from tests.e2e.conftest import RunningService, start_service

pytestmark = pytest.mark.e2e

VIEWER = {"query": "query WhoAmI { viewer { name role } }"}
KEYS = {"query": "{ apiKeys(first: 50) { edges { node { name } } } }"}


def post(service: RunningService, body: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"{service.base_url}/graphql",
        json=body,
        headers={"Authorization": f"Bearer {service.dev_key}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


async def subscribe_and_create_key(service: RunningService, name: str) -> dict[str, Any]:
    """Open an apiKeyEvents subscription, create a key over HTTP, return the event received."""
    transport = WebsocketsTransport(
        url=service.ws_url,
        init_payload={"Authorization": f"Bearer {service.dev_key}"},
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    events = gql("subscription { apiKeyEvents { kind apiKey { name } } }")
    create = f'mutation {{ apiKeyCreate(input: {{name: "{name}", role: VIEWER}}) {{ __typename }} }}'
    async with Client(transport=transport) as session:
        subscription = session.subscribe(events)
        first = asyncio.ensure_future(anext(subscription))
        # The server subscribes to Redis when the subscription starts; retry the trigger until
        # the event arrives instead of guessing how long that takes.
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {service.dev_key}"}) as http:
            for attempt in range(50):
                await http.post(
                    f"{service.base_url}/graphql",
                    json={"query": create.replace(name, f"{name}-{attempt}")},
                )
                done, _ = await asyncio.wait({first}, timeout=0.2)
                if done:
                    break
        event: dict[str, Any] = (await asyncio.wait_for(first, 5))["apiKeyEvents"]
        await subscription.aclose()
        return event


def json_log_lines(service: RunningService) -> list[dict[str, Any]]:
    lines = []
    for line in service.log().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def test_embedded_service_runs_serves_and_stops_cleanly(tmp_path: Path, service_factory: list[RunningService]) -> None:
    data_dir = tmp_path / "data"
    service = start_service(data_dir, tmp_path / "first.log")
    service_factory.append(service)
    health = service.wait_healthy()
    assert health["postgres"] == {"ok": True}
    assert (data_dir / "postgres" / "PG_VERSION").exists()
    assert (data_dir / "redis" / "redis.pid").exists()
    banner = service.log()
    assert f"{service.base_url}/graphql" in banner
    assert service.dev_key in banner  # the banner says exactly what to send
    # ... and the README's Quickstart starts from its Shell line.
    assert f"export PROMO_URL={service.base_url} PROMO_KEY=$(cat {data_dir}/dev-api-key)" in banner

    assert post(service, VIEWER) == {"data": {"viewer": {"name": "Development (embedded)", "role": "ADMIN"}}}
    event = asyncio.run(subscribe_and_create_key(service, "from-e2e"))
    assert event["kind"] == "CREATED"
    assert event["apiKey"]["name"].startswith("from-e2e")
    page = httpx.get(f"{service.base_url}/graphql", headers={"accept": "text/html"}, timeout=10)
    assert "graphiql.min.js" in page.text
    assert service.dev_key in page.text  # embedded dev mode pre-fills the header

    assert service.stop(signal.SIGINT) == 0
    assert service.leftover_processes() == []
    requests = [line for line in json_log_lines(service) if line.get("event") == "graphql_request"]
    assert any(line["operation"] == "WhoAmI" and line["key_prefix"] for line in requests)
    assert all(service.dev_key not in json.dumps(line) for line in json_log_lines(service))

    # A second run reuses the data: the same development key and the key created above.
    again = start_service(data_dir, tmp_path / "second.log")
    service_factory.append(again)
    again.wait_healthy()
    assert again.dev_key == service.dev_key
    names = {edge["node"]["name"] for edge in post(again, KEYS)["data"]["apiKeys"]["edges"]}
    assert any(name.startswith("from-e2e") for name in names)

    # /healthz names PostgreSQL when it goes away; the service still stops cleanly after that.
    EmbeddedPostgres(data_dir / "postgres").stop()
    down = httpx.get(f"{again.base_url}/healthz", timeout=10)
    assert down.status_code == 503
    assert down.json()["postgres"]["ok"] is False
    assert down.json()["redis"] == {"ok": True}
    assert again.stop(signal.SIGTERM) == 0
    assert again.leftover_processes() == []


def test_configured_servers_are_used_and_nothing_is_embedded(
    tmp_path: Path, servers: Servers, service_factory: list[RunningService]
) -> None:
    data_dir = tmp_path / "data"
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}e2e:",
    }
    service = start_service(data_dir, tmp_path / "service.log", env)
    service_factory.append(service)
    assert service.wait_healthy()["redis"] == {"ok": True}
    assert not (data_dir / "postgres").exists()
    assert not (data_dir / "redis").exists()
    assert "embedded" not in service.log().split("GraphiQL")[0]
    assert service.stop(signal.SIGINT) == 0
    assert service.leftover_processes() == []
