"""Apollo APQ and trusted documents over real HTTP: a uvicorn server whose VIEWER keys run registered documents only."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from app.documents import services as documents
from app.documents.apq import PersistedQueries
from app.documents.services import document_hash
from app.embedded import free_port
from app.graphql.documents import DocumentStore, registration_errors
from app.graphql.schema import build_schema
from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller

ME = "query Me { viewer { name role } }"


def unique(document: str) -> str:
    """The document with a comment of its own: a fresh hash, unknown to Redis and to the process."""
    return f"{document} # {secrets.token_hex(6)}"


def persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": document_hash(text)}}


@pytest.fixture(scope="module")
async def base_url(settings: Settings, migrated: None) -> AsyncIterator[str]:
    trusted = settings.model_copy(update={"trusted_documents_roles": "VIEWER", "trusted_documents_cache_seconds": 0})
    app = create_app(trusted)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_config=None))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
    await app.state.redis.aclose()


@pytest.fixture
async def http(base_url: str, db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url) as client:
        yield client


async def post(http: httpx.AsyncClient, caller: Caller, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/graphql", json=body, headers=caller.headers)
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


def code(payload: dict[str, Any]) -> str:
    assert "data" not in payload or payload["data"] is None, payload
    value: str = payload["errors"][0]["extensions"]["code"]
    return value


async def test_apq_round_trip(http: httpx.AsyncClient, admin: Caller, redis: ArqRedis, settings: Settings) -> None:
    text = unique(ME)
    missing = await post(http, admin, {"extensions": persisted(text)})
    assert missing["errors"][0]["message"] == "PersistedQueryNotFound"
    assert code(missing) == "PERSISTED_QUERY_NOT_FOUND"

    sent = await post(http, admin, {"query": text, "extensions": persisted(text)})
    assert sent == {"data": {"viewer": {"name": "admin", "role": "ADMIN"}}}
    assert await redis.get(f"{settings.redis_prefix}apq:doc:{document_hash(text)}") == text.encode()

    by_hash = await post(http, admin, {"extensions": persisted(text), "operationName": "Me"})
    assert by_hash == sent
    # Apollo clients send hashed queries with GET (extensions as JSON in the query string).
    response = await http.get("/graphql", params={"extensions": json.dumps(persisted(text))}, headers=admin.headers)
    assert response.json() == sent


async def test_hash_mismatch_and_bad_extension_are_typed_errors(
    http: httpx.AsyncClient, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    text = unique(ME)
    mismatch = await post(http, admin, {"query": text, "extensions": persisted(text + " ")})
    assert code(mismatch) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert await redis.get(f"{settings.redis_prefix}apq:doc:{document_hash(text + ' ')}") is None
    version = await post(http, admin, {"query": text, "extensions": {"persistedQuery": {"version": 2}}})
    assert code(version) == "PERSISTED_QUERY_INVALID"
    shape = await post(http, admin, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ABC"}}})
    assert code(shape) == "PERSISTED_QUERY_INVALID"


async def test_invalid_apq_document_gets_the_usual_errors_and_is_not_kept(
    http: httpx.AsyncClient, admin: Caller
) -> None:
    text = unique("query Bad { viewer { nope } }")
    sent = await post(http, admin, {"query": text, "extensions": persisted(text)})
    assert code(sent) == "GRAPHQL_VALIDATION_FAILED"
    again = await post(http, admin, {"extensions": persisted(text)})
    assert code(again) == "PERSISTED_QUERY_NOT_FOUND"


async def test_trusted_roles_run_registered_documents_only(
    http: httpx.AsyncClient, viewer: Caller, admin: Caller
) -> None:
    text = unique(ME)
    assert code(await post(http, viewer, {"query": text})) == "DOCUMENT_NOT_TRUSTED"
    assert code(await post(http, viewer, {"extensions": persisted(text)})) == "PERSISTED_QUERY_NOT_IN_LIST"
    # APQ registers nothing for these keys: the full text with its hash is refused too.
    assert code(await post(http, viewer, {"query": text, "extensions": persisted(text)})) == "DOCUMENT_NOT_TRUSTED"

    await documents.register_document(body=text, name="Me")
    expected = {"data": {"viewer": {"name": "viewer", "role": "VIEWER"}}}
    assert await post(http, viewer, {"extensions": persisted(text)}) == expected
    assert await post(http, viewer, {"query": text}) == expected
    # Other roles still run free queries.
    assert (await post(http, admin, {"query": "{ __typename }"}))["data"] == {"__typename": "Query"}

    await documents.remove_document(hash=document_hash(text))
    assert code(await post(http, viewer, {"extensions": persisted(text)})) == "PERSISTED_QUERY_NOT_IN_LIST"


async def test_apq_store_is_bounded_in_count_and_size(redis: ArqRedis) -> None:
    store = PersistedQueries(
        redis, prefix=f"test:{secrets.token_hex(4)}:", ttl_seconds=60, max_documents=2, max_document_bytes=200
    )
    texts = [unique(ME) for _ in range(3)]
    for text in texts:
        assert await store.remember(document_hash(text), text)
    assert await store.count() == 2
    assert await store.find(document_hash(texts[0])) is None
    assert await store.find(document_hash(texts[2])) == texts[2]
    long_text = ME + " #" + "x" * 200
    assert not await store.remember(document_hash(long_text), long_text)
    assert await store.find(document_hash(long_text)) is None
    await redis.delete(store.index_key, *(store.document_prefix + document_hash(text) for text in texts))


def test_registration_refuses_documents_past_the_limits(settings: Settings) -> None:
    limited = settings.model_copy(update={"max_query_cost": 60})
    schema = build_schema(limited)._schema
    assert registration_errors(schema, ME, limited) == []
    # Measured for the largest page a client may ask for, whatever the variable's default says.
    paged = "query Page($n: Int = 5) { customers(first: $n) { edges { node { id name email } } } }"
    assert [error.extensions["code"] for error in registration_errors(schema, paged, limited)] == ["QUERY_TOO_COSTLY"]
    aliased = "query Many { " + " ".join(f"a{i}: __typename" for i in range(limited.max_aliases + 1)) + " }"
    assert [error.extensions["code"] for error in registration_errors(schema, aliased, limited)] == ["TOO_MANY_ALIASES"]
    assert registration_errors(schema, "query { nope }", limited)[0].message.startswith("Cannot query field")


async def test_trusted_roles_run_no_free_text_over_websocket(base_url: str, viewer: Caller) -> None:
    transport = WebsocketsTransport(
        url=base_url.replace("http://", "ws://") + "/graphql",
        init_payload=viewer.headers,
        subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
    )
    async with Client(transport=transport) as session:
        with pytest.raises(TransportQueryError) as refused:
            await session.execute(gql(ME))
    assert refused.value.errors is not None
    assert refused.value.errors[0]["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"


async def test_prepared_documents_are_kept_by_hash_in_a_bounded_lru(
    settings: Settings, redis: ArqRedis, db: None
) -> None:
    small = settings.model_copy(update={"prepared_documents_cache_size": 2})
    store = DocumentStore(build_schema(small)._schema, small, redis)
    texts = [unique(ME) for _ in range(3)]
    first = [await store.resolve(text, persisted(text), trusted_only=False) for text in texts]
    again = await store.resolve(None, persisted(texts[2]), trusted_only=False)
    assert again.prepared is not None
    assert again.prepared is first[2].prepared  # the same parsed document: nothing parsed or validated again
    # The least recently used one left the process; Redis still has its text, parsed anew.
    evicted = await store.resolve(None, persisted(texts[0]), trusted_only=False)
    assert evicted.prepared is not None
    assert evicted.prepared is not first[0].prepared
    assert evicted.prepared.query == texts[0]
