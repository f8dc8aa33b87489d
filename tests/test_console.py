"""The console's pages: served by the app under a policy that allows only its own origin, with every asset
they name present (nothing is fetched at run time)."""

from __future__ import annotations

import re

import httpx
import pytest

from app.console import PAGES


async def test_console_opens_on_the_map(client: httpx.AsyncClient) -> None:
    response = await client.get("/console")
    assert response.status_code in {302, 307}
    assert response.headers["location"] == "/console/map"


@pytest.mark.parametrize("page", sorted(PAGES))
async def test_each_page_is_served_with_a_strict_policy_and_its_assets_exist(
    client: httpx.AsyncClient, page: str
) -> None:
    response = await client.get(f"/console/{page}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe" not in policy
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', response.text)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        served = await client.get(asset)
        assert served.status_code == 200, asset
    modules = re.findall(r'from "\./([a-z]+\.js)"', "".join([(await client.get(a)).text for a in assets]))
    for module in modules:
        assert (await client.get(f"/static/console/{module}")).status_code == 200, module


async def test_an_unknown_console_page_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/console/nothing-here")
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
