"""Fuzzing the whole schema through the real ASGI app: whatever a client sends, the answer is JSON with a
status below 500, every error has a code (a domain code when it comes from executing a field) and none is
INTERNAL_SERVER_ERROR, and no traceback or SQL text shows in the body.

Calls are made with an ADMIN key and with restricted keys of a seeded chain (MANAGER, STORE and a
restricted VIEWER, assigned to two of its three stores), over one database per test in which mutations
accumulate, so later calls meet what earlier ones created, changed or deleted:

- documents from hypothesis-graphql over every query and mutation, arguments as literals (one in ten
  deliberately invalid);
- one operation per root field with its arguments as variables, generated from their types or mutated from
  a valid call: control characters, lone surrogates (as JSON escapes), megabyte strings, integers past every
  range, unknown fields, wrong types;
- forged cursors, shaped like the ones the API hands out, for every connection;
- a sweep (not random) of every bounded argument and input field the valid calls reach, set exactly on its
  declared bound, with 1- to 4-byte characters: what the bounds accept must be stored and answered too.

Runs are derandomized so CI is reproducible: every run sends the same requests, a failure reproduces with
the same command, and only a change of the schema, the strategies or these tests changes the sample. To
explore beyond it locally: FUZZ_EXAMPLES=2000 FUZZ_SEED=<n> pytest tests/graphql/test_fuzz.py.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import graphql
import httpx
import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from app.access.models import Role
from app.core.ids import encode_id
from tests.conftest import Caller, GraphQLClient
from tests.graphql.fuzz_seeds import seeds
from tests.graphql.fuzz_strategies import (
    Operation,
    Variables,
    bounded_places,
    changed,
    committed_schema,
    documents,
    filled,
    on_the_bounds,
    operations,
    request_body,
)
from tests.graphql.fuzz_values import CAMPAIGN_ORDERS, Pool, cursors
from tests.locations.world import World, build_world

RESTRICTED = ("MANAGER", "STORE", "VIEWER_RESTRICTED")
EVERY_ROLE = ("ADMIN", *RESTRICTED)
LEAKS = ("Traceback", 'File "', "SELECT ", "INSERT INTO", "asyncpg", "psycopg", "tortoise")
# Codes graphql-core's own errors get (app.graphql.extensions): on an error raised while executing a field,
# they mean graphql-core refused what a resolver returned, not that the request was wrong.
REQUEST_CODES = {"BAD_REQUEST", "GRAPHQL_VALIDATION_FAILED"}
# A fuzzer whose calls mostly stop at parsing, validation or coercion tests only the request guards.
# (A quarter: hostile scalar values and deliberately invalid documents are most of the rest.)
MIN_EXECUTED_SHARE = 1 / 4
# The valid calls of fuzz_seeds reach this many bounded arguments and input fields (fewer means one broke).
MIN_BOUNDED_PLACES = 150


def fuzz_settings(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A budget of `examples` requests (FUZZ_EXAMPLES overrides it), reproducible (see the module docstring)."""
    explore_seed = os.environ.get("FUZZ_SEED")

    def configure(test: Callable[..., None]) -> Callable[..., None]:
        configured = settings(
            max_examples=int(os.environ.get("FUZZ_EXAMPLES", examples)),
            deadline=None,
            derandomize=explore_seed is None,
            database=None,
            # No shrinking: the failing request is printed whole, and shrinking one against a database that
            # earlier requests changed can take minutes.
            phases=(Phase.explicit, Phase.generate),
            # Examples are large on purpose and share the test's world instead of getting one each.
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )(test)
        return seed(int(explore_seed))(configured) if explore_seed is not None else configured

    return configure


def problems_in(response: httpx.Response) -> list[str]:
    """What is wrong with one answer of /graphql, whatever the request was."""
    found = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    if not response.headers.get("content-type", "").startswith("application/json"):
        found.append(f"content-type {response.headers.get('content-type')!r}")
    try:
        payload = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return [*found, "the body is not JSON"]
    for error in payload.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        executing = "path" in error
        if (
            code is None
            or code in {"INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"}
            or (executing and code in REQUEST_CODES)
        ):
            found.append(f"error code {code!r} at {error.get('path')}: {error.get('message')!r}")
    found.extend(f"the body shows {leak!r}" for leak in LEAKS if leak in response.text)
    return found


def outcome(response: httpx.Response) -> str:
    """How far a call got: refused over HTTP, refused before execution, or executed (an error with a path
    comes from a resolver, and one on a non-null root field nulls `data` as well)."""
    if response.status_code != 200:
        return "refused over HTTP"
    payload = orjson.loads(response.content)
    executed = payload.get("data") is not None or any("path" in error for error in payload.get("errors") or [])
    return "executed" if executed else "refused before execution"


class Fuzzer:
    """Sends requests from Hypothesis' thread through the test's event loop, and checks every answer."""

    def __init__(self, world: World, http: httpx.AsyncClient) -> None:
        self.world = world
        self.http = http
        self.loop = asyncio.get_running_loop()
        self.outcomes: Counter[str] = Counter()

    def call(self, role: str, body: bytes) -> None:
        """`post` from Hypothesis' thread."""
        asyncio.run_coroutine_threadsafe(self.post(role, body), self.loop).result()

    async def post(self, role: str, body: bytes) -> None:
        headers = {**self.world.keys[role].headers, "content-type": "application/json"}
        response = await self.http.post("/graphql", content=body, headers=headers)
        found = problems_in(response)
        assert not found, f"{found}\nsent {body[:3000]!r}\ngot {response.status_code} {response.text[:3000]}"
        self.outcomes[outcome(response)] += 1

    async def run(self, fuzz: Callable[[], None]) -> None:
        """Run the Hypothesis test `fuzz` (it blocks, so in a thread), then check it reached the resolvers."""
        await asyncio.to_thread(fuzz)
        executed = self.outcomes["executed"] / max(1, self.outcomes.total())
        assert executed >= MIN_EXECUTED_SHARE, f"too few calls were executed: {dict(self.outcomes)}"


@pytest.fixture
async def world(graphql: GraphQLClient, admin: Caller) -> World:
    built = await build_world(graphql, admin)
    # A key the fuzzer may revoke: the keys it acts with stay out of the pool, or one draw would end the run.
    built.keys["SPARE"] = await built.chain.key(Role.STORE, "STORE:n1")
    return built


def pool_of(world: World) -> Pool:
    """The world's ids and codes, except the ids of the keys the fuzzer acts with."""
    key_ids = [encode_id("ApiKey", caller.key.id) for role, caller in world.keys.items() if role not in EVERY_ROLE]
    ids = [
        *world.areas.values(),
        *world.stores.values(),
        *world.auto.values(),
        *world.coded.values(),
        *world.redemptions.values(),
        *key_ids,
        world.geofence,
        world.customer,
        world.series,
        world.category,
        world.job,
    ]
    return Pool(ids=tuple(ids), words=tuple(world.codes.values()))


@pytest.mark.parametrize("roles", [("ADMIN",), RESTRICTED], ids=["admin", "restricted"])
async def test_documents_over_the_whole_schema(world: World, client: httpx.AsyncClient, roles: tuple[str, ...]) -> None:
    fuzzer = Fuzzer(world, client)

    @fuzz_settings(examples=150)
    @given(document=documents(committed_schema(), pool_of(world)), role=st.sampled_from(roles))
    def fuzz(document: str, role: str) -> None:
        fuzzer.call(role, request_body(document))

    await fuzzer.run(fuzz)


async def test_variables_for_every_root_field(world: World, client: httpx.AsyncClient) -> None:
    fuzzer = Fuzzer(world, client)
    variables = Variables(pool_of(world))
    by_field = {operation.field: operation for operation in operations(committed_schema())}

    def generated(field: str) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
        return variables.for_operation(by_field[field]).map(lambda values: (field, values))

    def mutated(field: str, valid: dict[str, Any]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
        return variables.mutants(by_field[field], valid).map(lambda values: (field, values))

    calls = st.one_of(
        st.sampled_from(sorted(by_field)).flatmap(generated),
        st.sampled_from(seeds(world)).flatmap(lambda seed: mutated(*seed)),
    )

    @fuzz_settings(examples=300)
    @given(call=calls, role=st.sampled_from(EVERY_ROLE))
    def fuzz(call: tuple[str, dict[str, Any]], role: str) -> None:
        field, values = call
        fuzzer.call(role, request_body(by_field[field].document, values))

    await fuzzer.run(fuzz)


async def test_forged_cursors_for_every_connection(world: World, client: httpx.AsyncClient) -> None:
    """Cursors are opaque strings clients hand back; forged ones shaped like the API's must be refused cleanly."""
    fuzzer = Fuzzer(world, client)
    variables = Variables(pool_of(world))
    paged = {operation.field: operation for operation in operations(committed_schema())}
    paged = {field: operation for field, operation in paged.items() if "after" in operation.arguments}

    def arguments(operation: Operation, order: str) -> st.SearchStrategy[dict[str, Any]]:
        given = {"first": st.integers(1, 5), "after": cursors(st.sampled_from((order, order, *CAMPAIGN_ORDERS)))}
        if "orderBy" in operation.arguments:
            directions = st.sampled_from(("ASC", "DESC"))
            given["orderBy"] = st.fixed_dictionaries({"field": st.just(order), "direction": directions})
        required = {
            name: variables.of(argument.type)
            for name, argument in operation.arguments.items()
            if name not in given and graphql.is_non_null_type(argument.type)
        }
        return st.fixed_dictionaries({**given, **required})

    @fuzz_settings(examples=100)
    @given(
        field=st.sampled_from(sorted(paged)),
        order=st.sampled_from(CAMPAIGN_ORDERS),
        role=st.sampled_from(EVERY_ROLE),
        data=st.data(),
    )
    def fuzz(field: str, order: str, role: str, data: st.DataObject) -> None:
        values = data.draw(arguments(paged[field], order), label="variables")
        fuzzer.call(role, request_body(paged[field].document, values))

    await fuzzer.run(fuzz)


async def test_every_declared_bound_holds_on_its_edge(world: World, client: httpx.AsyncClient) -> None:
    """What the bounds accept must also be stored and answered: each valid call again with one bounded argument
    or input field (given or not) exactly on its bound, once per root field and field."""
    fuzzer = Fuzzer(world, client)
    by_field = {operation.field: operation for operation in operations(committed_schema())}
    swept: set[tuple[str, ...]] = set()
    for field, valid in seeds(world):
        for path, bounds in bounded_places(by_field[field], valid):
            where = (field, *(step for step in path if isinstance(step, str)))
            if where in swept:
                continue
            swept.add(where)
            for value in on_the_bounds(bounds):
                variables = changed(filled(valid), [(path, value)])
                await fuzzer.post("ADMIN", request_body(by_field[field].document, variables))
    assert len(swept) >= MIN_BOUNDED_PLACES, f"the valid calls reach only {len(swept)} bounded places"
