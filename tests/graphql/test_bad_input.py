"""Bad requests get a documented JSON error, never a 500 or a stack trace."""

from __future__ import annotations

import httpx
import pytest

from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient


def assert_clean_error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "Traceback" not in response.text
    error: dict[str, object] = response.json()["errors"][0]
    assert error["extensions"]["code"] == code  # type: ignore[index]
    assert error["message"]
    return error


async def test_malformed_json(client: httpx.AsyncClient, admin: Caller) -> None:
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ viewer {',
        headers={**admin.headers, "content-type": "application/json"},
    )
    assert_clean_error(response, 400, "BAD_REQUEST")


async def test_missing_query(client: httpx.AsyncClient, admin: Caller) -> None:
    response = await client.post("/graphql", json={"variables": {}}, headers=admin.headers)
    assert_clean_error(response, 400, "BAD_REQUEST")


async def test_graphql_syntax_error(graphql: GraphQLClient, admin: Caller) -> None:
    response = await graphql.post("{ viewer { name ", caller=admin)
    error = assert_clean_error(response, 200, "GRAPHQL_VALIDATION_FAILED")
    assert "Syntax Error" in str(error["message"])


async def test_unknown_field(graphql: GraphQLClient, admin: Caller) -> None:
    response = await graphql.post("{ nothingHere }", caller=admin)
    error = assert_clean_error(response, 200, "GRAPHQL_VALIDATION_FAILED")
    assert "nothingHere" in str(error["message"])


async def test_unknown_operation_name(graphql: GraphQLClient, admin: Caller) -> None:
    response = await graphql.post("query A { viewer { name } }", caller=admin, operation_name="DoesNotExist")
    assert response.status_code in {200, 400}
    assert "Traceback" not in response.text
    assert "DoesNotExist" in response.json()["errors"][0]["message"]


async def test_too_deep_query(settings: Settings, admin: Caller) -> None:
    # Today's schema has no cycles deep enough to pass the default limit; a lower one shows it is wired.
    app = create_app(settings.model_copy(update={"max_query_depth": 1}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        response = await GraphQLClient(http).post("{ viewer { apiKey { name } } }", caller=admin)
    await app.state.redis.aclose()
    error = assert_clean_error(response, 200, "QUERY_TOO_DEEP")
    assert "MAX_QUERY_DEPTH is 1" in str(error["message"])


async def test_too_many_aliases(graphql: GraphQLClient, admin: Caller) -> None:
    query = "{ " + " ".join(f"a{i}: viewer {{ name }}" for i in range(31)) + " }"
    response = await graphql.post(query, caller=admin)
    error = assert_clean_error(response, 200, "TOO_MANY_ALIASES")
    assert "31 aliases" in str(error["message"])


async def test_too_many_tokens(graphql: GraphQLClient, admin: Caller) -> None:
    query = "{ viewer { " + " ".join("name" for _ in range(5000)) + " } }"
    response = await graphql.post(query, caller=admin)
    error = assert_clean_error(response, 200, "GRAPHQL_VALIDATION_FAILED")
    assert "token" in str(error["message"]).lower()


async def test_oversized_body_declared(client: httpx.AsyncClient, admin: Caller) -> None:
    body = b'{"query": "{ viewer { name } }", "variables": {"pad": "' + b"x" * 1_100_000 + b'"}}'
    response = await client.post(
        "/graphql", content=body, headers={**admin.headers, "content-type": "application/json"}
    )
    assert_clean_error(response, 413, "BODY_TOO_LARGE")


async def test_oversized_body_streamed_without_length(client: httpx.AsyncClient, admin: Caller) -> None:
    async def chunks() -> object:
        yield b'{"query": "{ viewer { name } }", "variables": {"pad": "'
        for _ in range(20):
            yield b"x" * 100_000
        yield b'"}}'

    response = await client.post(
        "/graphql",
        content=chunks(),  # type: ignore[arg-type]
        headers={**admin.headers, "content-type": "application/json"},
    )
    assert_clean_error(response, 413, "BODY_TOO_LARGE")


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer nope", "Basic abc", "promo_00000000_notarealkey"],
)
async def test_missing_or_invalid_key(client: httpx.AsyncClient, db: None, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    error = assert_clean_error(response, 401, "UNAUTHENTICATED")
    assert "Bearer" in str(error["message"]) or "invalid" in str(error["message"])


async def test_mutation_over_get_is_refused(client: httpx.AsyncClient, admin: Caller) -> None:
    response = await client.get(
        "/graphql",
        params={"query": 'mutation { apiKeyCreate(input: {name: "x", role: ADMIN}) { __typename } }'},
        headers=admin.headers,
    )
    assert response.status_code in {400, 405}
    assert "Traceback" not in response.text


async def test_query_over_get_works(client: httpx.AsyncClient, admin: Caller) -> None:
    response = await client.get("/graphql", params={"query": "{ viewer { name } }"}, headers=admin.headers)
    assert response.json() == {"data": {"viewer": {"name": "admin"}}}


async def test_wrong_variable_type(graphql: GraphQLClient, admin: Caller) -> None:
    response = await graphql.post(
        "query K($first: Int!) { apiKeys(first: $first) { edges { cursor } } }",
        {"first": "many"},
        caller=admin,
    )
    error = assert_clean_error(response, 200, "GRAPHQL_VALIDATION_FAILED")
    assert "first" in str(error["message"])


async def test_graphiql_page_is_served_without_a_key(client: httpx.AsyncClient, db: None) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "/static/vendor/graphiql/graphiql.min.js" in response.text
    assert "unpkg.com" not in response.text
    assert "cdn" not in response.text.lower()
    asset = await client.get("/static/vendor/graphiql/graphiql.min.js")
    assert asset.status_code == 200
    assert len(asset.content) > 1_000_000
