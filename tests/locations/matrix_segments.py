"""Permission matrix entries of segments: settings every MANAGER may shape, every settings reader may read."""

from __future__ import annotations

from app.access.models import Permission
from tests.locations.matrix_calls import Builder, Call, Entry, built, fixed
from tests.locations.world import ERROR, World, unique

P = Permission
DEFINITION = {"attribute": {"attribute": "metadata.city", "op": "EQ", "value": "Paris"}}


async def fresh_segment(world: World, kind: str = "FILTER") -> str:
    made = await world.call(
        "mutation S($i: SegmentCreateInput!) { segmentCreate(input: $i) { ... on SegmentSuccess { segment { id } } } }",
        {"i": {"name": unique("Segment"), "kind": kind, "definition": DEFINITION if kind == "FILTER" else None}},
    )
    segment_id: str = made["segmentCreate"]["segment"]["id"]
    return segment_id


async def segment_update(world: World, scope: str) -> Call:
    segment = await fresh_segment(world)
    return Call(
        f'mutation U($id: ID!) {{ segmentUpdate(input: {{id: $id, expectedVersion: 1, description: "x"}}) '
        f"{{ __typename {ERROR} }} }}",
        {"id": segment},
    )


async def segment_delete(world: World, scope: str) -> Call:
    segment = await fresh_segment(world)
    return Call(f"mutation D($id: ID!) {{ segmentDelete(id: $id) {{ __typename {ERROR} }} }}", {"id": segment})


def members(name: str) -> Builder:
    async def build(world: World, scope: str) -> Call:
        segment = await fresh_segment(world, "LIST")
        return Call(
            f'mutation M($id: ID!) {{ {name}(input: {{segmentId: $id, sourceIds: ["shopper"]}}) '
            f"{{ __typename {ERROR} }} }}",
            {"id": segment},
        )

    return build


async def members_import(world: World, scope: str) -> Call:
    segment = await fresh_segment(world, "LIST")
    return Call(
        f"mutation I($id: ID!, $file: Upload!) {{ segmentMembersImport(segmentId: $id, file: $file) "
        f"{{ __typename {ERROR} }} }}",
        {"id": segment},
        upload=b"source_id\nshopper\n",
    )


async def segment_read(world: World, scope: str) -> Call:
    segment = await fresh_segment(world)
    return Call("query S($id: ID!) { segment(id: $id) { id size } }", {"id": segment})


SEGMENT_QUERIES: dict[str, Entry] = {
    "segment": Entry(P.SETTINGS_READ, "PROJECT", segment_read),
    "segments": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ segments { edges { node { id } } } }")),
    "segmentPreview": Entry(
        P.SETTINGS_READ,
        "PROJECT",
        fixed('{ segmentPreview(definition: {event: {name: "order_paid"}}) { count } }'),
    ),
    "segmentTemplates": Entry(P.SETTINGS_READ, "PROJECT", fixed("{ segmentTemplates { key } }")),
}
SEGMENT_MUTATIONS: dict[str, Entry] = {
    "segmentCreate": Entry(
        P.SEGMENTS_WRITE,
        "PROJECT",
        built(
            lambda w, s: Call(
                "mutation C($n: String!) { segmentCreate(input: {name: $n, kind: LIST}) "
                f"{{ __typename {ERROR} }} }}",
                {"n": unique("Segment")},
            )
        ),
    ),
    "segmentUpdate": Entry(P.SEGMENTS_WRITE, "PROJECT", segment_update),
    "segmentDelete": Entry(P.SEGMENTS_WRITE, "PROJECT", segment_delete),
    "segmentMembersAdd": Entry(P.SEGMENTS_WRITE, "PROJECT", members("segmentMembersAdd")),
    "segmentMembersRemove": Entry(P.SEGMENTS_WRITE, "PROJECT", members("segmentMembersRemove")),
    "segmentMembersImport": Entry(P.SEGMENTS_WRITE, "PROJECT", members_import),
}
