"""Permission matrix entries of webhooks: endpoints and deliveries are project-wide, WEBHOOKS_MANAGE only."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from app.access.models import Permission
from app.core.ids import encode_id
from app.webhooks import services
from app.webhooks.models import WebhookDelivery, WebhookEventType
from tests.locations.matrix_calls import Call, Entry, edges, fixed, ids
from tests.locations.world import ERROR, World, unique

P = Permission
URL = "https://hooks.example.com/in"


async def endpoint(world: World) -> str:
    made = await world.call(
        f"""mutation C($i: WebhookEndpointCreateInput!) {{ webhookEndpointCreate(input: $i) {{ __typename
          ... on WebhookEndpointCreateSuccess {{ endpoint {{ id }} }} {ERROR} }} }}""",
        {"i": {"url": URL, "eventTypes": ["EXPORT_DONE"], "description": unique("matrix")}},
    )
    endpoint_id: str = made["webhookEndpointCreate"]["endpoint"]["id"]
    return endpoint_id


async def delivery(world: World) -> str:
    """A delivery of an `export.done` event to a fresh endpoint (written as the exports domain will)."""
    endpoint_id = await endpoint(world)
    async with in_transaction() as connection:
        await services.export_done(connection, {"export_id": unique("export")})
    found = await WebhookDelivery.all().order_by("-created_at").first()
    assert found is not None
    assert endpoint_id
    return encode_id("WebhookDelivery", found.id)


async def list_endpoints(world: World, scope: str) -> Call:
    target = await endpoint(world)
    return Call("{ webhookEndpoints { id } }", {}, shows_target=lambda data: target in ids(data["webhookEndpoints"]))


async def one_endpoint(world: World, scope: str) -> Call:
    target = await endpoint(world)
    return Call(
        "query E($id: ID!) { webhookEndpoint(id: $id) { id } }",
        {"id": target},
        shows_target=lambda data: data["webhookEndpoint"] is not None,
    )


async def list_deliveries(world: World, scope: str) -> Call:
    target = await delivery(world)
    return Call(
        "{ webhookDeliveries(first: 100) { edges { node { id } } } }",
        {},
        shows_target=lambda data: target in edges(data["webhookDeliveries"]),
    )


async def update(world: World, scope: str) -> Call:
    return Call(
        "mutation U($id: ID!) { webhookEndpointUpdate(id: $id, input: {enabled: false}) { __typename "
        f"{ERROR} }} }}",
        {"id": await endpoint(world)},
    )


async def delete(world: World, scope: str) -> Call:
    return Call(
        f"mutation D($id: ID!) {{ webhookEndpointDelete(id: $id) {{ __typename {ERROR} }} }}",
        {"id": await endpoint(world)},
    )


async def redeliver(world: World, scope: str) -> Call:
    return Call(
        f"mutation R($id: ID!) {{ webhookRedeliver(id: $id) {{ __typename {ERROR} }} }}", {"id": await delivery(world)}
    )


WEBHOOK_QUERIES: dict[str, Entry] = {
    "webhookEndpoints": Entry(P.WEBHOOKS_MANAGE, "PROJECT", list_endpoints),
    "webhookEndpoint": Entry(P.WEBHOOKS_MANAGE, "PROJECT", one_endpoint),
    "webhookDeliveries": Entry(P.WEBHOOKS_MANAGE, "PROJECT", list_deliveries),
}
WEBHOOK_MUTATIONS: dict[str, Entry] = {
    "webhookEndpointCreate": Entry(
        P.WEBHOOKS_MANAGE,
        "PROJECT",
        fixed(
            "mutation C($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { __typename "
            f"{ERROR} }} }}",
            {"i": {"url": URL, "eventTypes": [WebhookEventType.EXPORT_DONE.name]}},
        ),
    ),
    "webhookEndpointUpdate": Entry(P.WEBHOOKS_MANAGE, "PROJECT", update),
    "webhookEndpointDelete": Entry(P.WEBHOOKS_MANAGE, "PROJECT", delete),
    "webhookRedeliver": Entry(P.WEBHOOKS_MANAGE, "PROJECT", redeliver),
}
