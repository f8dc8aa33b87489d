"""An API process whose PostgreSQL goes away answers 503 with a GraphQL error, and logs it."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.embedded import EmbeddedPostgres
from tests.conftest import Servers
from tests.e2e.conftest import PROMO

pytestmark = pytest.mark.e2e

UNKNOWN_KEY = {"Authorization": "Bearer promo_0badc0de_no-such-key-anywhere-at-all"}
VIEWER = {"query": "{ viewer { name } }"}


@pytest.fixture
def own_postgres(tmp_path: Path) -> Iterator[EmbeddedPostgres]:
    """A PostgreSQL this test may stop (never the machine's or the session's)."""
    postgres = EmbeddedPostgres(tmp_path / "postgres", fast=True)
    postgres.start()
    yield postgres
    postgres.stop()


def test_postgres_down_during_the_key_lookup_is_a_503(
    own_postgres: EmbeddedPostgres, servers: Servers, processes: Any
) -> None:
    env = {
        "DATABASE_URL": own_postgres.url(),
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}outage:",
        "API_KEY_CACHE_SECONDS": "0",
        "HEALTH_REQUIRE_WORKER": "false",  # an API without a worker: /healthz judges PostgreSQL and Redis
    }
    migrated = subprocess.run([PROMO, "migrate"], env={**os.environ, **env}, capture_output=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    api = processes("serve", env)
    api.wait_healthy()
    known = httpx.post(f"{api.base_url}/graphql", json=VIEWER, headers=UNKNOWN_KEY, timeout=10)
    assert known.status_code == 401  # PostgreSQL answered the lookup: the key does not exist

    own_postgres.stop()
    # The first lookup finds the pooled connection dead, the next ones cannot connect at all.
    for _ in range(3):
        response = httpx.post(f"{api.base_url}/graphql", json=VIEWER, headers=UNKNOWN_KEY, timeout=10)
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/json"
        assert response.headers["retry-after"] == "5"
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    api.stop()

    lines = [json.loads(line) for line in api.log().splitlines() if line.startswith("{")]
    outages = [line for line in lines if line.get("event") == "service_unavailable"]
    assert len(outages) == 3
    assert all(line["level"] == "warning" and line["path"] == "/graphql" for line in outages)
    answered = [line["status"] for line in lines if line.get("event") == "graphql_request"]
    assert answered == [401, 503, 503, 503]
