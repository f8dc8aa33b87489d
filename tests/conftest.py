"""Real PostgreSQL and Redis for the suite: the machine's when TEST_DATABASE_URL / TEST_REDIS_URL
are set, otherwise embedded ones started in a temporary directory (the same code `promo run` uses).

Each session gets its own database (migrated with the committed aerich migrations) and its own
Redis key prefix, so concurrent runs against shared servers do not see each other.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from arq.connections import ArqRedis
from tortoise import connections

from app.access.models import ApiKey, Role
from app.access.services import create_api_key, key_cache
from app.campaigns.cache import campaign_cache
from app.core.db import apply_migrations, close_db, init_db
from app.core.logging import configure_logging
from app.core.redis import connect_redis
from app.embedded import EmbeddedPostgres, EmbeddedRedis
from app.geofences.services import index_cache
from app.main import create_app
from app.redemptions.group import group_commit
from app.redemptions.stacking import forget_stacking_rules
from app.settings import Settings
from app.webhooks.outbox import wanted_types

TRUNCATE_EXCLUDED = {"aerich"}


@dataclass(frozen=True)
class Servers:
    """Where this session's database and Redis are."""

    admin_database_url: str
    database_url: str
    redis_url: str
    redis_prefix: str


def _swap_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    # Not under pytest's basetemp: another pytest session on the machine prunes old basetemps, and would
    # delete the embedded servers' data under a running suite.
    workdir = tempfile.TemporaryDirectory(prefix="promo-test-servers-")
    stoppers = [workdir.cleanup]
    database_name = f"promo_test_{secrets.token_hex(4)}"
    admin_url = os.environ.get("TEST_DATABASE_URL")
    postgres: EmbeddedPostgres | None = None
    if admin_url is None:
        postgres = EmbeddedPostgres(Path(workdir.name) / "postgres", fast=True)
        admin_url = postgres.start()
        stoppers.append(postgres.stop)
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url is None:
        redis = EmbeddedRedis(Path(workdir.name) / "redis")
        redis_url = redis.start()
        stoppers.append(redis.stop)
    try:
        import asyncio

        async def create() -> None:
            connection = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
            await connection.execute(f'CREATE DATABASE "{database_name}"')
            await connection.close()

        asyncio.run(create())
        yield Servers(
            admin_database_url=admin_url,
            database_url=_swap_database(admin_url, database_name),
            redis_url=redis_url,
            redis_prefix=f"test-{secrets.token_hex(4)}:",
        )

        async def drop() -> None:
            connection = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
            await connection.execute(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
            await connection.close()

        asyncio.run(drop())
    finally:
        for stop in reversed(stoppers):
            stop()


@pytest.fixture(scope="session")
def settings(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    configure_logging(level="INFO", json=True)
    return Settings(
        database_url=servers.database_url,
        redis_url=servers.redis_url,
        redis_prefix=servers.redis_prefix,
        data_dir=tmp_path_factory.mktemp("data"),
        api_key_cache_seconds=0.5,
        # Only tests of the limits themselves (tests/access/test_rate_limits.py) meet CLIENT keys' limits.
        client_rate_key_burst=100_000,
        client_rate_ip_burst=100_000,
        # Permission tests send CLIENT keys' documents as text; tests/graphql/test_persisted_queries.py
        # covers roles restricted to trusted documents.
        trusted_documents_roles="",
        log_json=True,
    )


@pytest.fixture(scope="session")
async def migrated(servers: Servers) -> AsyncIterator[None]:
    await apply_migrations(servers.database_url)
    await init_db(servers.database_url)
    yield
    await close_db()


@pytest.fixture
async def db(migrated: None) -> None:
    """An empty, migrated database for one test."""
    await empty_database()


async def empty_database() -> None:
    """Truncate every table and forget what this process cached about them."""
    connection = connections.get("default")
    # A subprocess killed by an earlier test (a worker, a server) may leave its backend running a statement
    # that holds row locks: TRUNCATE would wait for it for ever.
    await connection.execute_query(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state = 'active'"
    )
    _, rows = await connection.execute_query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = [row["tablename"] for row in rows if row["tablename"] not in TRUNCATE_EXCLUDED]
    if tables:
        await connection.execute_script(
            "TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " RESTART IDENTITY CASCADE"
        )
    key_cache.clear()
    group_commit.reset()
    campaign_cache.forget_all()
    forget_stacking_rules()
    index_cache.forget()
    wanted_types.forget()


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[ArqRedis]:
    assert settings.redis_url is not None
    client = connect_redis(settings.redis_url)
    yield client
    await client.aclose()


@dataclass
class Caller:
    """An API key a test acts with."""

    key: ApiKey
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


@pytest.fixture
async def admin(db: None) -> Caller:
    key, secret = await create_api_key(name="admin", role=Role.ADMIN, created_by=None)
    return Caller(key, secret)


@pytest.fixture
async def viewer(db: None) -> Caller:
    key, secret = await create_api_key(name="viewer", role=Role.VIEWER, created_by=None)
    return Caller(key, secret)


@pytest.fixture(scope="session")
async def app(settings: Settings, migrated: None) -> AsyncIterator[Any]:
    """The ASGI app without its lifespan: the session fixture `migrated` already opened the pool."""
    application = create_app(settings)
    yield application
    await application.state.redis.aclose()


@pytest.fixture
async def client(app: Any, db: None) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


class GraphQLClient:
    """Posts GraphQL documents the way a client would."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        caller: Caller | None,
        operation_name: str | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name:
            body["operationName"] = operation_name
        headers = caller.headers if caller else {}
        response = await self.http.post("/graphql", json=body, headers=headers)
        # The key's background `last_used_at` write belongs to this request: done before the next one starts,
        # so a test that counts the next request's queries never counts it.
        await key_cache.touched()
        return response

    async def data(self, query: str, variables: dict[str, Any] | None = None, *, caller: Caller) -> dict[str, Any]:
        """The `data` of a request that must succeed without errors."""
        response = await self.post(query, variables, caller=caller)
        assert response.status_code == 200, response.text
        payload = response.json()
        assert "errors" not in payload, payload
        data: dict[str, Any] = payload["data"]
        return data


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parents[1]


@dataclass
class LiveServer:
    """A real uvicorn server on a loopback port, in this test session's event loop."""

    base_url: str

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://") + "/graphql"


@pytest.fixture(scope="session")
async def live_server(app: Any) -> AsyncIterator[LiveServer]:
    import asyncio

    import uvicorn

    from app.embedded import free_port

    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield LiveServer(base_url=f"http://127.0.0.1:{port}")
    server.should_exit = True
    await task
