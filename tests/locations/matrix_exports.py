"""Permission matrix entries of exports: requested where the campaign may be used, read by their maker
or by keys reading the whole project."""

from __future__ import annotations

from app.access.models import Permission
from tests.locations.matrix_calls import Call, Entry, edges
from tests.locations.world import ERROR, World

P = Permission


async def admin_export(world: World) -> str:
    made = await world.call(
        "mutation E($i: ExportCreateInput!) { exportCreate(input: $i) "
        "{ ... on ExportCreateSuccess { export { id } } } }",
        {"i": {"object": "CAMPAIGNS"}},
    )
    export_id: str = made["exportCreate"]["export"]["id"]
    return export_id


async def create(world: World, scope: str) -> Call:
    campaign = await world.campaign(scope)
    return Call(
        f"mutation E($i: ExportCreateInput!) {{ exportCreate(input: $i) {{ __typename {ERROR} }} }}",
        {"i": {"object": "PUBLICATIONS", "filter": {"campaign": campaign}}},
    )


async def read(world: World, scope: str) -> Call:
    return Call("query X($id: ID!) { export(id: $id) { id status } }", {"id": await admin_export(world)})


async def listed(world: World, scope: str) -> Call:
    export_id = await admin_export(world)
    return Call(
        "query X { exports(first: 100) { edges { node { id } } } }",
        {},
        shows_target=lambda data: export_id in edges(data["exports"]),
    )


EXPORT_QUERIES: dict[str, Entry] = {
    "export": Entry(P.PROJECT_READ, "PROJECT", read),
    "exports": Entry(P.PROJECT_READ, "PROJECT", listed),
}
EXPORT_MUTATIONS: dict[str, Entry] = {
    "exportCreate": Entry(P.CAMPAIGNS_READ, "USE", create),
}
