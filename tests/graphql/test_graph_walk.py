"""Graph walk: from every root field, every edge of the schema to depth 4, for every role × scope.

Scope is enforced where objects are loaded, so no path through the graph may reach what the root
fields refuse. For each of the keys of the permission-matrix world (ADMIN, VIEWER, INGEST, CLIENT, and VIEWER,
MANAGER and STORE keys restricted to stores n1 and n2), every Query field is called with arguments
from the world (inside, partial, outside and project-wide targets), then the mutations a restricted
key may call; every selection set is generated from the schema (`walk_query`), and every answer is
checked by `walk_checks`. The walk uses an app whose query depth, alias and token limits are raised
for the generated documents (the production limits are tested elsewhere).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from graphql import GraphQLObjectType, GraphQLSchema

from app.access.models import Permission, Role
from app.campaigns.lifecycle import STATUS_CHANNEL
from app.graphql.schema import build_schema
from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.graphql.test_subscriptions import transport
from tests.graphql.walk_calls import MUTATIONS, QUERIES
from tests.graphql.walk_checks import Walker, strings
from tests.graphql.walk_query import SelectionBuilder
from tests.graphql.walk_world import WalkWorld, build_walk_world
from tests.locations.chain import build_chain
from tests.locations.test_permission_matrix import RESTRICTED, ROLE_GRANTS

WALK_DEPTH = 4
# Restricted keys act first: what an unrestricted key creates afterwards is not in the hidden set.
MUTATING_ORDER = ("INGEST", "CLIENT", "STORE", "MANAGER", "VIEWER_RESTRICTED", "VIEWER", "ADMIN")


@pytest.fixture
async def walk_http(settings: Settings, db: None) -> AsyncIterator[httpx.AsyncClient]:
    """The app with limits large enough for generated documents."""
    roomy = settings.model_copy(
        update={"max_query_depth": 64, "max_aliases": 1000, "max_tokens": 50_000, "max_query_cost": 10**12}
    )
    app = create_app(roomy)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://walk") as http:
        yield http
    await app.state.redis.aclose()


def document(schema: GraphQLSchema, builder: SelectionBuilder, root: str, name: str, arguments: dict[str, Any]) -> str:
    """`query|mutation Walk($a: T…) { name(a: $a…) <every field, to WALK_DEPTH> }`."""
    root_type = schema.get_type(root)
    assert isinstance(root_type, GraphQLObjectType)
    field = root_type.fields[name]
    declared = ", ".join(f"${argument}: {field.args[argument].type}" for argument in arguments)
    passed = ", ".join(f"{argument}: ${argument}" for argument in arguments)
    operation = "query" if root == "Query" else "mutation"
    head = f"{operation} Walk({declared})" if declared else f"{operation} Walk"
    call = f"{name}({passed})" if passed else name
    return f"{head} {{ {call} {builder.fields_of(field, WALK_DEPTH)} }}"


async def post(http: httpx.AsyncClient, caller: Caller, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=caller.headers)
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


def describe(world: WalkWorld, name: str, arguments: dict[str, Any]) -> str:
    """`name(arguments)` with the world's ids and codes shown as what they are."""
    labels = {value: label for label, value in [*world.campaigns.items(), *world.codes.items()]}
    labels |= {value: f"redemption {label}" for label, value in world.redemptions.items()}
    labels |= {value: f"customer {label}" for label, value in world.customers.items()}
    labels |= {value: f"store {label}" for label, value in world.base.stores.items()}
    text = json.dumps(arguments)
    for value, label in labels.items():
        text = text.replace(json.dumps(value), json.dumps(label))
    return f"{name}({text[1:-1]})"


async def walk(world: WalkWorld, http: httpx.AsyncClient, settings: Settings) -> dict[str, Walker]:
    schema = build_schema(settings)._schema
    builder = SelectionBuilder(schema)
    # A key that may read no campaign (INGEST) must meet none of the hidden ones either.
    walkers = {
        role: Walker(
            role,
            ROLE_GRANTS[role],
            world.hidden,
            restricted=role in RESTRICTED or Permission.CAMPAIGNS_READ not in ROLE_GRANTS[role],
            customer_facing=Permission.CAMPAIGNS_READ not in ROLE_GRANTS[role]
            and Permission.VALIDATE in ROLE_GRANTS[role],
        )
        for role in world.keys
    }
    for name, arguments_of in QUERIES.items():
        for arguments in arguments_of(world):
            query = document(schema, builder, "Query", name, arguments)
            own_input = {value for _, value in strings(arguments)}
            for role, caller in world.keys.items():
                walkers[role].inspect(
                    describe(world, name, arguments), await post(http, caller, query, arguments), own_input
                )
    for role in MUTATING_ORDER:
        for name, make in MUTATIONS.items():
            for arguments in await make(world):
                query = document(schema, builder, "Mutation", name, arguments)
                own_input = {value for _, value in strings(arguments)}
                payload = await post(http, world.keys[role], query, arguments)
                walkers[role].inspect(describe(world, name, arguments), payload, own_input)
    for role, walker in walkers.items():
        for identity, query, variables in walker.root_lookups():
            walker.check_root(identity, await post(http, world.keys[role], query, variables))
    return walkers


def test_every_query_field_has_walk_arguments(settings: Settings) -> None:
    query_type = build_schema(settings)._schema.query_type
    assert query_type is not None
    missing = set(query_type.fields) - set(QUERIES)
    assert not missing, f"add walk arguments for {missing} in tests/graphql/walk_calls.py"
    assert set(QUERIES) <= set(query_type.fields)


async def test_graph_walk_stays_inside_each_keys_scope(
    graphql: GraphQLClient, admin: Caller, walk_http: httpx.AsyncClient, settings: Settings
) -> None:
    world = await build_walk_world(graphql, admin)
    walkers = await walk(world, walk_http, settings)

    problems = [line for walker in walkers.values() for line in walker.report()]
    assert not problems, "the walk reached what it should not:\n" + "\n".join(problems)
    # Not vacuous: an unrestricted key reaches every hidden object and personal data on the same walk…
    unreached = set(world.hidden.values()) - walkers["ADMIN"].met_hidden
    assert not unreached, f"the walk never reached {unreached} even as ADMIN"
    assert walkers["ADMIN"].personal > 0
    assert walkers["VIEWER"].personal > 0
    assert walkers["ADMIN"].history > 0
    assert walkers["VIEWER"].history > 0
    # …a CLIENT key reaches campaigns through its customer-facing fields (and nothing else hidden)…
    assert any(what.startswith("Campaign ") for what in walkers["CLIENT"].met_hidden)
    # …and each restricted key reaches its own campaigns and codes through edges, shared series included.
    for role in RESTRICTED:
        edges = walkers[role].through_edges
        assert ("Campaign", world.campaigns["INSIDE UNIQUE_CODES"]) in edges, role
        assert ("Code", world.codes["INSIDE UNIQUE_CODES"]) in edges, role
        assert ("Code", world.codes["INSIDE SINGLE_CODE"]) in edges, role
        assert ("Redemption", world.redemptions["INSIDE NO_CODE with OUTSIDE code"]) in walkers[role].met, role


async def test_campaign_status_events_stay_inside_each_keys_scope(
    graphql: GraphQLClient, admin: Caller, live_server: LiveServer, redis: ArqRedis, settings: Settings
) -> None:
    """The subscription-only CampaignStatusEvent, every field: another area's campaigns never arrive, and
    the acting key's prefix only reaches keys that may read keys."""
    chain = await build_chain(graphql, admin)
    store = await chain.key(Role.STORE, "STORE:n1")
    inside = await chain.campaign("Inside", "STORE:n1")
    outside = await chain.campaign("Outside", "STORE:s1")
    schema = build_schema(settings)._schema
    assert schema.subscription_type is not None
    field = schema.subscription_type.fields["campaignStatusChanged"]
    subscription = gql(
        f"subscription {{ campaignStatusChanged {SelectionBuilder(schema).fields_of(field, WALK_DEPTH)} }}"
    )
    received: dict[str, list[dict[str, Any]]] = {"ADMIN": [], "STORE": []}

    async def listen(role: str, caller: Caller, wanted: int) -> None:
        async with Client(transport=transport(live_server, caller.headers)) as session:
            async for result in session.subscribe(subscription):
                received[role].append(result["campaignStatusChanged"])
                if len(received[role]) == wanted:
                    return

    listeners = [asyncio.create_task(listen("ADMIN", admin, 2)), asyncio.create_task(listen("STORE", store, 1))]
    channel = f"{settings.redis_prefix}events:{STATUS_CHANNEL}"
    for _ in range(250):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count == 2:
            break
        await asyncio.sleep(0.02)
    for campaign in (outside, inside):  # in this order: the STORE key's first event must be the inside one
        await chain.call("mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }", {"id": campaign})
    await asyncio.wait_for(asyncio.gather(*listeners), 10)

    assert [event["campaignId"] for event in received["ADMIN"]] == [outside, inside]
    assert {event["actorPrefix"] for event in received["ADMIN"]} == {admin.key.prefix}
    assert [(event["campaignId"], event["actorPrefix"]) for event in received["STORE"]] == [(inside, None)]
