"""GraphiQL in headless Chromium, with every request outside localhost refused."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Route, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, LOCAL_HOSTS, RunningService, chromium_or_skip, start_service

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_graphiql_runs_a_query_offline(tmp_path: Path, service_factory: list[RunningService]) -> None:
    executable = chromium_or_skip()
    service = start_service(tmp_path / "data", tmp_path / "service.log")
    service_factory.append(service)
    service.wait_healthy()
    refused: list[str] = []

    def only_localhost(route: Route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS,
        )
        try:
            context = browser.new_context()
            context.route("**/*", only_localhost)
            page = context.new_page()
            page.goto(f"{service.base_url}/graphql")
            run_button = page.locator(".graphiql-execute-button")
            expect(run_button).to_be_visible(timeout=30_000)
            run_button.click()
            response = page.locator(".graphiql-response")
            expect(response).to_contain_text("Development (embedded)", timeout=30_000)
            expect(response).to_contain_text("API_KEYS_MANAGE")
            page.screenshot(path=str(tmp_path / "graphiql.png"), full_page=True)
        finally:
            browser.close()

    assert refused == [], f"GraphiQL tried to reach outside localhost: {refused}"
    assert (tmp_path / "graphiql.png").stat().st_size > 10_000
    print(f"screenshot: {tmp_path / 'graphiql.png'}")
