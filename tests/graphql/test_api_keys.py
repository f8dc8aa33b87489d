"""API keys through GraphQL: viewer, create, revoke, list, permissions."""

from __future__ import annotations

import asyncio
import logging

import pytest

from app.access.models import ApiKey
from tests.conftest import Caller, GraphQLClient

CREATE = """
mutation Create($input: ApiKeyCreateInput!) {
  apiKeyCreate(input: $input) {
    __typename
    ... on ApiKeyCreateSuccess { secret apiKey { id name prefix role createdAt revokedAt } }
    ... on Error { code message field }
  }
}
"""
REVOKE = """
mutation Revoke($id: ID!) {
  apiKeyRevoke(input: {id: $id}) {
    __typename
    ... on ApiKeyRevokeSuccess { apiKey { id revokedAt } }
    ... on Error { code message field }
  }
}
"""
VIEWER = "query WhoAmI { viewer { name role permissions apiKey { prefix } } }"


async def test_viewer_returns_the_calling_key(graphql: GraphQLClient, viewer: Caller) -> None:
    data = await graphql.data(VIEWER, caller=viewer)
    assert data["viewer"] == {
        "name": "viewer",
        "role": "VIEWER",
        "permissions": [
            "CAMPAIGNS_NEARBY",
            "CAMPAIGNS_READ",
            "CUSTOMERS_READ",
            "PROJECT_READ",
            "SETTINGS_READ",
            "WALLET_READ",
        ],
        "apiKey": {"prefix": viewer.key.prefix},
    }


async def test_admin_creates_a_key_that_works_at_once(graphql: GraphQLClient, admin: Caller) -> None:
    data = await graphql.data(CREATE, {"input": {"name": "pos", "role": "VIEWER"}}, caller=admin)
    result = data["apiKeyCreate"]
    assert result["__typename"] == "ApiKeyCreateSuccess"
    assert result["apiKey"]["role"] == "VIEWER"
    assert result["secret"].startswith(result["apiKey"]["prefix"])

    new_caller = Caller(await ApiKey.get(prefix=result["apiKey"]["prefix"]), result["secret"])
    assert (await graphql.data(VIEWER, caller=new_caller))["viewer"]["name"] == "pos"


async def test_viewer_cannot_create_keys_and_nothing_is_written(graphql: GraphQLClient, viewer: Caller) -> None:
    data = await graphql.data(CREATE, {"input": {"name": "x", "role": "ADMIN"}}, caller=viewer)
    assert data["apiKeyCreate"]["__typename"] == "PermissionDeniedError"
    assert data["apiKeyCreate"]["code"] == "PERMISSION_DENIED"
    assert "API_KEYS_MANAGE" in data["apiKeyCreate"]["message"]
    assert await ApiKey.all().count() == 1


async def test_invalid_name_is_a_validation_error(graphql: GraphQLClient, admin: Caller) -> None:
    data = await graphql.data(CREATE, {"input": {"name": " ", "role": "ADMIN"}}, caller=admin)
    assert data["apiKeyCreate"] == {
        "__typename": "ValidationError",
        "code": "VALIDATION_ERROR",
        "message": "The name must not be empty.",
        "field": "name",
    }


async def test_revoked_key_is_refused_within_a_second(graphql: GraphQLClient, admin: Caller) -> None:
    created = await graphql.data(CREATE, {"input": {"name": "tmp", "role": "ADMIN"}}, caller=admin)
    secret = created["apiKeyCreate"]["secret"]
    key_id = created["apiKeyCreate"]["apiKey"]["id"]
    tmp = Caller(await ApiKey.get(name="tmp"), secret)
    assert (await graphql.post(VIEWER, caller=tmp)).status_code == 200

    revoked = await graphql.data(REVOKE, {"id": key_id}, caller=admin)
    assert revoked["apiKeyRevoke"]["__typename"] == "ApiKeyRevokeSuccess"
    assert revoked["apiKeyRevoke"]["apiKey"]["revokedAt"] is not None
    await asyncio.sleep(1.0)
    response = await graphql.post(VIEWER, caller=tmp)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_revoking_twice_or_unknown_gives_typed_errors(graphql: GraphQLClient, admin: Caller) -> None:
    created = await graphql.data(CREATE, {"input": {"name": "tmp", "role": "ADMIN"}}, caller=admin)
    key_id = created["apiKeyCreate"]["apiKey"]["id"]
    await graphql.data(REVOKE, {"id": key_id}, caller=admin)

    again = (await graphql.data(REVOKE, {"id": key_id}, caller=admin))["apiKeyRevoke"]
    assert (again["__typename"], again["code"], again["field"]) == ("ConflictError", "ALREADY_REVOKED", "id")
    unknown = (await graphql.data(REVOKE, {"id": "not-an-id"}, caller=admin))["apiKeyRevoke"]
    assert (unknown["__typename"], unknown["code"]) == ("NotFoundError", "NOT_FOUND")


async def test_viewer_cannot_revoke(graphql: GraphQLClient, admin: Caller, viewer: Caller) -> None:
    data = await graphql.data(REVOKE, {"id": _id_of(admin)}, caller=viewer)
    assert data["apiKeyRevoke"]["__typename"] == "PermissionDeniedError"
    assert (await ApiKey.get(id=admin.key.id)).revoked_at is None


def _id_of(caller: Caller) -> str:
    from app.core.ids import encode_id

    return encode_id("ApiKey", caller.key.id)


LIST = """
query Keys($first: Int!, $after: String) {
  apiKeys(first: $first, after: $after) {
    edges { cursor node { name } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_list_pages_through_every_key(graphql: GraphQLClient, admin: Caller) -> None:
    for i in range(5):
        await graphql.data(CREATE, {"input": {"name": f"k{i}", "role": "VIEWER"}}, caller=admin)
    names: list[str] = []
    after = None
    while True:
        page = (await graphql.data(LIST, {"first": 2, "after": after}, caller=admin))["apiKeys"]
        names.extend(edge["node"]["name"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert names == ["k4", "k3", "k2", "k1", "k0", "admin"]


@pytest.mark.parametrize(("first", "after"), [(0, None), (101, None), (5, "garbage!")])
async def test_list_refuses_bad_paging(graphql: GraphQLClient, admin: Caller, first: int, after: str | None) -> None:
    response = await graphql.post(LIST, {"first": first, "after": after}, caller=admin)
    assert response.status_code == 200
    error = response.json()["errors"][0]
    expected = ("VALIDATION_ERROR", "after") if after else ("OUT_OF_RANGE", "first")
    assert (error["extensions"]["code"], error["extensions"]["field"]) == expected


async def test_viewer_cannot_list_keys(graphql: GraphQLClient, viewer: Caller) -> None:
    response = await graphql.post(LIST, {"first": 5}, caller=viewer)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PERMISSION_DENIED"
    assert response.json()["data"] is None


async def test_a_page_of_100_keys_costs_a_constant_number_of_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    for i in range(99):
        await ApiKey.create(name=f"k{i}", prefix=f"p{i}", digest=f"d{i}", role="VIEWER")

    async def count_queries(first: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            page = await graphql.data(LIST, {"first": first}, caller=admin)
        assert len(page["apiKeys"]["edges"]) == first
        return sum(1 for record in caplog.records if record.name == "tortoise.db_client")

    await count_queries(2)  # warms the key cache, so only the listing is counted below
    assert await count_queries(100) == await count_queries(2) == 1
