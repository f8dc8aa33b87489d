"""Every route answers errors as JSON documents with a code; the favicon is served."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from app.main import create_app
from app.settings import Settings


@pytest.fixture
async def app_with_a_broken_route(settings: Settings, db: None) -> AsyncIterator[Any]:
    """The app with one more route whose code has a bug (what any route's unexpected failure looks like)."""
    app = create_app(settings)

    async def broken(request: Request) -> Response:
        raise ZeroDivisionError("a bug")

    app.add_route("/broken", broken)
    yield app
    await app.state.redis.aclose()


async def test_an_unexpected_failure_of_any_route_is_a_logged_json_500(
    app_with_a_broken_route: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # Starlette re-raises after answering so that the server logs it too; the client has its answer.
    transport = httpx.ASGITransport(app=app_with_a_broken_route, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        with caplog.at_level("INFO", logger="app.http"):
            response = await http.get("/broken")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "a bug" not in response.text
    [failure] = [record.msg for record in caplog.records if record.name == "app.http"]
    assert failure["event"] == "unexpected_error"  # type: ignore[index]
    assert failure["path"] == "/broken"  # type: ignore[index]
    assert isinstance(failure["exc_info"], ZeroDivisionError)  # type: ignore[index]


@pytest.mark.parametrize("path", ["/nothing-here", "/static/nothing-here.js"])
async def test_an_unknown_path_is_a_json_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.json() == {"errors": [{"message": "Not Found", "extensions": {"code": "NOT_FOUND"}}]}


async def test_a_method_a_route_does_not_answer_is_a_json_405(client: httpx.AsyncClient) -> None:
    response = await client.post("/healthz")
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"] == {"code": "METHOD_NOT_ALLOWED"}
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


async def test_the_favicon_is_an_icon(client: httpx.AsyncClient) -> None:
    response = await client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO directory
    assert "max-age" in response.headers["cache-control"]


async def test_answers_without_an_origin_vary_on_it(app_with_a_broken_route: Any) -> None:
    # The CORS middleware skips Starlette's header objects when there is no Origin; caches must still
    # know the answer depends on it, and a route's own Vary is kept.
    async def varies(request: Request) -> Response:
        return Response("x", headers={"Vary": "Accept"})

    app_with_a_broken_route.add_route("/varies", varies)
    transport = httpx.ASGITransport(app=app_with_a_broken_route)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        plain = await http.get("/healthz")
        own = await http.get("/varies")
    assert plain.headers.get_list("vary") == ["Origin"]
    assert own.headers.get_list("vary") == ["Accept, Origin"]
