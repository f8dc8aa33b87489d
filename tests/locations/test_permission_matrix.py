"""Every query, mutation and subscription field × every role × inside / partial / outside scope.

The fields come from the schema itself: a new field without an entry in FIELDS fails the test. Each
entry names the permission the field needs and how scope applies:

- PROJECT: no campaign is involved; the permission alone decides (run once per role);
- USE: a restricted key may use it when its assignments overlap the campaign's (INSIDE, PARTIAL);
- EDIT: only when its assignments contain all of the campaign's (INSIDE).

Expectations come from the table in this file (ROLE_GRANTS), not from the application's own tables.
A call is denied when it answers PERMISSION_DENIED or NOT_FOUND (an error or a union member), when a
list leaves the target out, or when validate/redeem say the redeemable does not exist.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from app.access.models import Permission
from app.graphql.schema import build_schema
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.locations.matrix_calls import Call, Entry
from tests.locations.matrix_reads import QUERIES, SUBSCRIPTIONS
from tests.locations.matrix_writes import MUTATIONS
from tests.locations.world import SCOPES, build_world

P = Permission
READS = {P.CAMPAIGNS_READ, P.CAMPAIGNS_NEARBY, P.WALLET_READ}
ROLE_GRANTS: dict[str, set[Permission]] = {
    "ADMIN": set(Permission),
    "VIEWER": {P.PROJECT_READ, P.CUSTOMERS_READ, P.SETTINGS_READ, *READS},
    "VIEWER_RESTRICTED": {P.SETTINGS_READ, *READS},
    "MANAGER": {
        P.CAMPAIGNS_WRITE,
        P.CODES_PUBLISH,
        P.CODES_SELF_SERVICE,
        P.REDEEM,
        P.VALIDATE,
        P.SETTINGS_READ,
        P.SEGMENTS_WRITE,
        P.WALLETS_ADJUST,
        *READS,
    },
    "STORE": {P.CODES_PUBLISH, P.CODES_SELF_SERVICE, P.REDEEM, P.VALIDATE, *READS},
    "INGEST": {P.EVENTS_WRITE, P.EVENT_TRACK, P.CUSTOMERS_WRITE},
    # The world's campaigns do not allow self-service, so CLIENT keys' codePublish is refused here
    # (tests/access/test_client_keys.py publishes to one that does).
    "CLIENT": {P.VALIDATE, P.CAMPAIGNS_NEARBY, P.EVENT_TRACK, P.WALLET_READ, P.CODES_SELF_SERVICE},
}
RESTRICTED = {"VIEWER_RESTRICTED", "MANAGER", "STORE"}


FIELDS: dict[str, dict[str, Entry]] = {"Query": QUERIES, "Mutation": MUTATIONS, "Subscription": SUBSCRIPTIONS}


def expected(entry: Entry, role: str, scope: str) -> bool:
    if entry.permission is not None and entry.permission not in ROLE_GRANTS[role]:
        return False
    if entry.scope == "PROJECT" or role not in RESTRICTED:
        return True
    return scope in {"INSIDE", "PARTIAL"} if entry.scope == "USE" else scope == "INSIDE"


DENIALS = {"PERMISSION_DENIED", "NOT_FOUND"}


def allowed(payload: dict[str, Any], name: str, call: Call) -> bool:
    """Whether the answer let the caller through (a typed refusal of another kind still counts as through)."""
    errors = payload.get("errors") or []
    codes = {error.get("extensions", {}).get("code") for error in errors}
    if codes & DENIALS:
        return False
    assert not errors, payload  # any other error is a bug in the test or the API
    data = payload["data"][name]
    if isinstance(data, dict) and data.get("__typename") in {"PermissionDeniedError", "NotFoundError"}:
        return False
    return call.shows_target(payload["data"]) if call.shows_target else True


async def run_http(http: httpx.AsyncClient, caller: Caller, call: Call) -> dict[str, Any]:
    if call.upload is None:
        response = await http.post(
            "/graphql", json={"query": call.query, "variables": call.variables}, headers=caller.headers
        )
    else:
        operations = json.dumps({"query": call.query, "variables": {**call.variables, "file": None}})
        response = await http.post(
            "/graphql",
            data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("data.csv", call.upload, "text/csv")},
            headers=caller.headers,
        )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    return payload


async def run_subscription(server: LiveServer, redis: ArqRedis, prefix: str, caller: Caller, call: Call) -> bool:
    """Allowed when the server starts listening on the event channel; denied when it answers with an error."""
    assert call.channel is not None
    channel = f"{prefix}events:{call.channel}"
    [(_, before)] = await redis.pubsub_numsub(channel)
    transport = WebsocketsTransport(
        url=server.ws_url, init_payload=caller.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    document = gql(call.query)
    document.variable_values = call.variables

    async def consume() -> None:
        async with Client(transport=transport) as session:
            async for _ in session.subscribe(document):
                return

    task = asyncio.create_task(consume())
    try:
        for _ in range(250):
            if task.done():
                error = task.exception()
                assert isinstance(error, TransportQueryError), error
                codes = {(error.errors or [{}])[0].get("extensions", {}).get("code")}
                assert codes & DENIALS, error
                return False
            [(_, count)] = await redis.pubsub_numsub(channel)
            if count > before:
                return True
            await asyncio.sleep(0.02)
        raise AssertionError("the subscription neither failed nor started listening")
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        for _ in range(250):  # the next call counts subscribers from a settled baseline
            [(_, count)] = await redis.pubsub_numsub(channel)
            if count <= before:
                break
            await asyncio.sleep(0.02)


def test_every_schema_field_has_an_entry(settings: Settings) -> None:
    schema = build_schema(settings)
    graphql_schema = schema._schema
    for root in ("Query", "Mutation", "Subscription"):
        fields = set(graphql_schema.get_type(root).fields)  # type: ignore[union-attr]
        assert fields == set(FIELDS[root]), f"{root}: add entries for {fields - set(FIELDS[root])}"


async def test_permission_matrix(
    graphql: GraphQLClient,
    admin: Caller,
    client: httpx.AsyncClient,
    live_server: LiveServer,
    redis: ArqRedis,
    settings: Settings,
) -> None:
    world = await build_world(graphql, admin)
    mismatches: list[str] = []
    checked = 0
    async with httpx.AsyncClient(base_url=live_server.base_url, timeout=30) as http:
        for root, entries in FIELDS.items():
            for name, entry in entries.items():
                scopes = ("INSIDE",) if entry.scope == "PROJECT" else SCOPES
                for role, caller in world.keys.items():
                    for scope in scopes:
                        call = await entry.build(world, scope)
                        if root == "Subscription":
                            got = await run_subscription(live_server, redis, settings.redis_prefix, caller, call)
                        else:
                            got = allowed(await run_http(http, caller, call), name, call)
                        want = expected(entry, role, scope)
                        checked += 1
                        if got != want:
                            verdict = "allowed" if got else "denied"
                            mismatches.append(f"{root}.{name} {role} {scope}: {verdict}, expected the opposite")
    assert not mismatches, "\n".join(mismatches)
    assert checked > 400
