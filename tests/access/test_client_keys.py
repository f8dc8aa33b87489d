"""CLIENT keys: their origins (syntax, CORS preflight, the real request), and self-service publishing."""

from __future__ import annotations

import asyncio
import os
import subprocess
from typing import Any

import httpx
import pytest

from app.access import services
from app.access.models import ApiKey, Role
from app.core.errors import InvalidInput
from app.documents.services import document_hash, register_document
from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, Servers
from tests.e2e.conftest import PROMO

SHOP = "https://shop.example.com"
ERROR = "... on Error { code field message }"


@pytest.mark.parametrize(
    ("origin", "message"),
    [
        ("https://shop.example.com/checkout", "without a path"),
        ("https://*.example.com", "wildcards"),
        ("ftp://shop.example.com", "http:// or https://"),
        ("https://user:pw@shop.example.com", "no user"),
        ("https://shop.example.com?x=1", "without a path or query"),
        ("https://shop.example.com:99999", "not an origin"),
        ("shop.example.com", "http:// or https://"),
    ],
)
async def test_bad_origins_are_refused(db: None, origin: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        await services.create_api_key(name="app", role=Role.CLIENT, created_by=None, allowed_origins=[origin])
    assert raised.value.field == "allowedOrigins"
    assert await ApiKey.all().count() == 0


async def test_origins_are_kept_as_browsers_send_them(db: None) -> None:
    given = ["HTTPS://Shop.Example.com:443/", "http://localhost:3000", "https://shop.example.com"]
    key, _ = await services.create_api_key(name="app", role=Role.CLIENT, created_by=None, allowed_origins=given)
    assert key.allowed_origins == [SHOP, "http://localhost:3000"]


async def test_only_client_keys_take_origins(graphql: GraphQLClient, admin: Caller) -> None:
    answer = await graphql.data(
        f"""mutation {{ apiKeyCreate(input: {{name: "x", role: STORE, allowedOrigins: ["{SHOP}"]}})
          {{ __typename {ERROR} }} }}""",
        caller=admin,
    )
    assert answer["apiKeyCreate"]["__typename"] == "ValidationError"
    assert answer["apiKeyCreate"]["field"] == "allowedOrigins"
    made = await graphql.data(
        f"""mutation {{ apiKeyCreate(input: {{name: "web", role: CLIENT, allowedOrigins: ["{SHOP}/"]}})
          {{ ... on ApiKeyCreateSuccess {{ apiKey {{ role allowedOrigins }} }} }} }}""",
        caller=admin,
    )
    assert made["apiKeyCreate"]["apiKey"] == {"role": "CLIENT", "allowedOrigins": [SHOP]}


def preflight(origin: str) -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }


VIEWER_QUERY = {"query": "{ viewer { role } }"}


async def test_preflight_answers_the_origins_of_active_client_keys(client: httpx.AsyncClient, admin: Caller) -> None:
    refused = await client.options("/graphql", headers=preflight(SHOP))
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "CORS_REFUSED"
    assert "access-control-allow-origin" not in refused.headers

    key, _ = await services.create_api_key(name="web", role=Role.CLIENT, created_by=None, allowed_origins=[SHOP])
    allowed = await client.options("/graphql", headers=preflight(SHOP))
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SHOP
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()

    await services.revoke_api_key(key_id=key.id, revoked_by=None)
    again = await client.options("/graphql", headers=preflight(SHOP))
    assert again.status_code == 400


async def test_a_client_key_is_refused_from_origins_it_does_not_allow(client: httpx.AsyncClient, db: None) -> None:
    _, secret = await services.create_api_key(name="web", role=Role.CLIENT, created_by=None, allowed_origins=[SHOP])
    _, other = await services.create_api_key(
        name="other", role=Role.CLIENT, created_by=None, allowed_origins=["https://evil.example"]
    )
    headers = {"Authorization": f"Bearer {secret}"}

    ok = await client.post("/graphql", json=VIEWER_QUERY, headers={**headers, "Origin": SHOP})
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"data": {"viewer": {"role": "CLIENT"}}}
    assert ok.headers["access-control-allow-origin"] == SHOP

    # The other key's origin passes the preflight (it is some key's), but not with this key.
    refused = await client.post("/graphql", json=VIEWER_QUERY, headers={**headers, "Origin": "https://evil.example"})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"] == {"code": "ORIGIN_NOT_ALLOWED"}
    assert other  # its key keeps its origin in the preflight set

    # An app outside a browser sends no Origin.
    native = await client.post("/graphql", json=VIEWER_QUERY, headers=headers)
    assert native.status_code == 200


async def client_key(origins: list[str] | None = None) -> Caller:
    key, secret = await services.create_api_key(
        name="web", role=Role.CLIENT, created_by=None, allowed_origins=origins or []
    )
    return Caller(key, secret)


async def campaign(graphql: GraphQLClient, admin: Caller, *, self_service: bool) -> str:
    made = await graphql.data(
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
          ... on CampaignCreateSuccess {{ campaign {{ id selfServicePublish }} }} {ERROR} }} }}""",
        {
            "i": {
                "name": f"Welcome {self_service}",
                "kind": "DISCOUNT",
                "codeMode": "SINGLE_CODE",
                "code": "APP-WELCOME" if self_service else "DESK-WELCOME",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 500}},
                "selfServicePublish": self_service,
            }
        },
        caller=admin,
    )
    created = made["campaignCreate"]["campaign"]
    assert created["selfServicePublish"] is self_service
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }",
        {"id": created["id"]},
        caller=admin,
    )
    campaign_id: str = created["id"]
    return campaign_id


PUBLISH = f"""mutation P($c: ID!) {{ codePublish(input: {{campaignId: $c, customer: {{sourceId: "ann"}}}})
  {{ __typename ... on CodePublishSuccess {{ assignedCode {{ code }} }} {ERROR} }} }}"""


async def test_client_keys_publish_only_where_the_campaign_allows_self_service(
    graphql: GraphQLClient, admin: Caller
) -> None:
    open_to_apps = await campaign(graphql, admin, self_service=True)
    back_office = await campaign(graphql, admin, self_service=False)
    app = await client_key()

    published: dict[str, Any] = await graphql.data(PUBLISH, {"c": open_to_apps}, caller=app)
    assert published["codePublish"] == {"__typename": "CodePublishSuccess", "assignedCode": {"code": "APP-WELCOME"}}

    refused = await graphql.data(PUBLISH, {"c": back_office}, caller=app)
    assert refused["codePublish"]["__typename"] == "PermissionDeniedError"
    assert refused["codePublish"]["field"] == "campaignId"

    # Turning it on is a campaign edit like any other.
    changed = await graphql.data(
        f"""mutation U($id: ID!) {{ campaignUpdate(input: {{id: $id, expectedVersion: 2, selfServicePublish: true}})
          {{ __typename {ERROR} }} }}""",
        {"id": back_office},
        caller=admin,
    )
    assert changed["campaignUpdate"]["__typename"] == "CampaignUpdateSuccess", changed
    now = await graphql.data(PUBLISH, {"c": back_office}, caller=app)
    assert now["codePublish"]["__typename"] == "CodePublishSuccess"


async def test_the_cli_creates_client_keys_with_origins(servers: Servers, db: None) -> None:
    environment = {**os.environ, "DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url}
    command = [PROMO, "api-key", "create", "--name", "web", "--role", "CLIENT", "--origin", f"{SHOP}/"]
    created = await asyncio.to_thread(
        subprocess.run, [*command, "--origin", "http://localhost:3000"], env=environment, capture_output=True
    )
    assert created.returncode == 0, created.stderr
    key = await ApiKey.get(role=Role.CLIENT)
    assert key.allowed_origins == [SHOP, "http://localhost:3000"]

    refused = await asyncio.to_thread(
        subprocess.run, [*command, "--origin", "https://shop.example.com/cart"], env=environment, capture_output=True
    )
    assert refused.returncode == 1
    assert b"without a path" in refused.stderr
    assert await ApiKey.all().count() == 1


async def test_by_default_a_client_key_runs_registered_documents_only(settings: Settings, db: None) -> None:
    """The shipped default (TRUSTED_DOCUMENTS_ROLES=CLIENT): a storefront's free text is refused, the same
    document registered with `promo documents register` runs, by its text or by its hash."""
    default_roles = Settings.model_fields["trusted_documents_roles"].default
    assert default_roles == "CLIENT"
    app = create_app(settings.model_copy(update={"trusted_documents_roles": default_roles}))
    caller = await client_key()
    query = "query Near { campaignsAt(latitude: 48.85, longitude: 2.35) { id } } # storefront"
    by_hash = {"persistedQuery": {"version": 1, "sha256Hash": document_hash(query)}}
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            refused = (await http.post("/graphql", json={"query": query}, headers=caller.headers)).json()
            assert refused["errors"][0]["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
            await register_document(body=query, name="Near")
            for body in ({"query": query}, {"extensions": by_hash}):
                answered = (await http.post("/graphql", json=body, headers=caller.headers)).json()
                assert answered == {"data": {"campaignsAt": []}}
    finally:
        await app.state.redis.aclose()
