"""GraphiQL shows the development key only to a server that other machines cannot reach."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.main import create_app
from app.settings import Settings

DEV_KEY = "promo_0123abcd_development-key-for-graphiql"


async def graphiql_page(settings: Settings, **changes: Any) -> str:
    app = create_app(settings.model_copy(update={"graphiql_api_key": DEV_KEY, **changes}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        response = await http.get("/graphql", headers={"accept": "text/html"})
    await app.state.redis.aclose()
    assert response.status_code == 200
    assert "graphiql.min.js" in response.text
    return response.text


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "api.example.com"])
async def test_the_key_is_not_shown_when_the_server_listens_beyond_loopback(
    settings: Settings, db: None, host: str
) -> None:
    assert DEV_KEY in await graphiql_page(settings, host="127.0.0.1")
    page = await graphiql_page(settings, host=host)
    assert DEV_KEY not in page
    assert "paste your API key" in page


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
async def test_the_key_can_be_turned_off_on_loopback(settings: Settings, db: None, host: str) -> None:
    assert DEV_KEY in await graphiql_page(settings, host=host)
    assert DEV_KEY not in await graphiql_page(settings, host=host, graphiql_prefill_key=False)
