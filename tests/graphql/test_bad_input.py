"""Bad requests get a documented JSON error, never a 500 or a stack trace."""

from __future__ import annotations

import httpx
import pytest

from app.graphql.view import GraphQLView
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


MALFORMED_JSON_BODIES = {
    "a JSON string": b'"x"',
    "JSON null": b"null",
    "a JSON number": b"5",
    "arrays nested 5000 deep": b"[" * 5000 + b"]" * 5000,
    "invalid UTF-8": b'{"query": "{ viewer { name } }", "variables": {"name": "\xff\xfe"}}',
    "invalid UTF-8 in the query": b'{"query": "{ viewer { name \xc3 } }"}',
}


@pytest.mark.parametrize("body", MALFORMED_JSON_BODIES.values(), ids=MALFORMED_JSON_BODIES.keys())
async def test_a_body_that_is_not_a_graphql_request_is_a_bad_request(
    client: httpx.AsyncClient, admin: Caller, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="app.request"):
        response = await client.post(
            "/graphql", content=body, headers={**admin.headers, "content-type": "application/json"}
        )
    assert_clean_error(response, 400, "BAD_REQUEST")
    [logged] = [record.msg for record in caplog.records if record.name == "app.request"]
    assert logged["status"] == 400  # type: ignore[index]
    assert logged["code"] == "BAD_REQUEST"  # type: ignore[index]


def nested_metadata(depth: int) -> dict[str, object]:
    """A JSON object `depth` levels deep."""
    value: dict[str, object] = {"leaf": True}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


async def test_json_nested_past_the_limit_is_refused_before_anything_is_written(
    client: httpx.AsyncClient, admin: Caller, settings: Settings
) -> None:
    # Deep enough to pass orjson's parser (1024) but not its encoder (254): stored, it could never be
    # answered. The body adds three levels (itself, variables, input) around the metadata.
    create = "mutation A($i: PlaceAttributesInput!) { areaCreate(input: $i) { __typename } }"
    deepest_allowed = settings.max_json_depth - 3
    for name, depth in (("fits", deepest_allowed), ("too-deep", deepest_allowed + 1), ("far-too-deep", 300)):
        # The depth rides in a variable the operation does not use: metadata itself has a tighter bound.
        variables = {"i": {"name": name}, "unused": {"i": nested_metadata(depth)}}
        response = await client.post("/graphql", json={"query": create, "variables": variables}, headers=admin.headers)
        if name == "fits":
            assert response.json() == {"data": {"areaCreate": {"__typename": "AreaSuccess"}}}
        else:
            error = assert_clean_error(response, 400, "BAD_REQUEST")
            assert f"deeper than {settings.max_json_depth} levels" in str(error["message"])
    areas = await GraphQLClient(client).data("{ areas { name } }", caller=admin)
    assert areas["areas"] == [{"name": "fits"}]


MALFORMED_MULTIPART = {
    "operations is a JSON string": {"operations": '"x"', "map": "{}"},
    "map is a list": {"operations": '{"query": "{ __typename }"}', "map": '["0"]'},
    "operations nested 5000 deep": {"operations": "[" * 5000 + "]" * 5000, "map": "{}"},
}


@pytest.mark.parametrize("form", MALFORMED_MULTIPART.values(), ids=MALFORMED_MULTIPART.keys())
async def test_a_malformed_multipart_request_is_a_bad_request(
    client: httpx.AsyncClient, admin: Caller, form: dict[str, str]
) -> None:
    response = await client.post("/graphql", data=form, files={"0": ("codes.csv", b"code\n")}, headers=admin.headers)
    assert_clean_error(response, 400, "BAD_REQUEST")


async def test_a_multipart_body_that_does_not_parse_is_a_bad_request(client: httpx.AsyncClient, admin: Caller) -> None:
    headers = {**admin.headers, "content-type": "multipart/form-data; boundary=abc"}
    body = b'--abc\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--abc\r\nbroken'
    response = await client.post("/graphql", content=body, headers=headers)
    assert_clean_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize(
    "params",
    [
        {"query": "{ viewer { name } }", "variables": "[" * 5000},
        {"query": "{ viewer { name } }", "variables": '{"a": ' + "[" * 100 + "]" * 100 + "}"},
    ],
    ids=["variables nested past the parser", "variables nested past the limit"],
)
async def test_bad_get_parameters_are_a_bad_request(
    client: httpx.AsyncClient, admin: Caller, params: dict[str, str]
) -> None:
    response = await client.get("/graphql", params=params, headers=admin.headers)
    assert_clean_error(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS"])
async def test_other_methods_get_a_json_405(client: httpx.AsyncClient, admin: Caller, method: str) -> None:
    response = await client.request(method, "/graphql", headers=admin.headers)
    assert_clean_error(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "GET, POST"


async def test_an_unexpected_failure_is_a_logged_json_500(
    client: httpx.AsyncClient, admin: Caller, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A bug in the view's own code (no real failure of this kind exists to trigger): the answer is
    # still a GraphQL error document, and the traceback goes to the log, not to the client.
    async def broken_context(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(GraphQLView, "get_context", broken_context)
    with caplog.at_level("INFO"):
        response = await GraphQLClient(client).post("{ viewer { name } }", caller=admin)
    error = assert_clean_error(response, 500, "INTERNAL_SERVER_ERROR")
    assert "a bug" not in str(error["message"])
    [failure] = [record.msg for record in caplog.records if record.name == "app.http"]
    assert failure["event"] == "unexpected_error"  # type: ignore[index]
    assert isinstance(failure["exc_info"], ZeroDivisionError)  # type: ignore[index]  # rendered as a traceback
    [logged] = [record.msg for record in caplog.records if record.name == "app.request"]
    assert logged["status"] == 500  # type: ignore[index]
