"""Permission matrix entries of distributions: read where the campaign may be used, created and cancelled
where it may be edited."""

from __future__ import annotations

from typing import Any

from app.access.models import Permission
from tests.locations.matrix_calls import Call, Entry, edges
from tests.locations.world import ERROR, World, unique

P = Permission
# One distributable campaign and one distribution per world and scope (reads do not change them).
_made: dict[tuple[int, str], tuple[World, str, str]] = {}


async def _segment(world: World) -> str:
    made = await world.call(
        "mutation S($n: String!) { segmentCreate(input: {name: $n, kind: LIST}) "
        "{ ... on SegmentSuccess { segment { id } } } }",
        {"n": unique("Distribution list")},
    )
    segment_id: str = made["segmentCreate"]["segment"]["id"]
    await world.call(
        'mutation M($id: ID!) { segmentMembersAdd(input: {segmentId: $id, sourceIds: ["shopper"]}) { __typename } }',
        {"id": segment_id},
    )
    return segment_id


async def distributable(world: World, scope: str) -> str:
    """An ACTIVE CUSTOM_LIST campaign with a shared code, assigned per `scope`, targeting a list with the shopper."""
    made = await world.call(
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
          ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
        {
            "i": {
                "name": unique(f"{scope} distributed"),
                "kind": "DISCOUNT",
                "codeMode": "SINGLE_CODE",
                "code": unique("DIST").replace(" ", "-"),
                "targeting": "CUSTOM_LIST",
                "segmentId": await _segment(world),
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                "access": world.places(scope),
            }
        },
    )
    assert made["campaignCreate"]["__typename"] == "CampaignCreateSuccess", made
    campaign_id: str = made["campaignCreate"]["campaign"]["id"]
    await world.call("mutation T($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id})
    return campaign_id


async def distribution_of(world: World, campaign_id: str) -> str:
    made = await world.call(
        f"""mutation D($i: DistributionCreateInput!) {{ distributionCreate(input: $i) {{ __typename
          ... on DistributionCreateSuccess {{ distribution {{ id }} }} {ERROR} }} }}""",
        {"i": {"campaignId": campaign_id, "schedule": {"kind": "DAILY", "localTime": "09:00"}}},
    )
    assert made["distributionCreate"]["__typename"] == "DistributionCreateSuccess", made
    distribution_id: str = made["distributionCreate"]["distribution"]["id"]
    return distribution_id


async def target(world: World, scope: str) -> tuple[str, str]:
    """(campaign id, distribution id) of `scope`, made once per world."""
    found = _made.get((id(world), scope))
    if found is None or found[0] is not world:
        campaign_id = await distributable(world, scope)
        found = (world, campaign_id, await distribution_of(world, campaign_id))
        _made[(id(world), scope)] = found
    return found[1], found[2]


async def distribution_read(world: World, scope: str) -> Call:
    _, distribution_id = await target(world, scope)
    return Call("query D($id: ID!) { distribution(id: $id) { id status } }", {"id": distribution_id})


async def distributions_read(world: World, scope: str) -> Call:
    _, distribution_id = await target(world, scope)
    return Call(
        "{ distributions(first: 100) { edges { node { id } } } }",
        {},
        shows_target=lambda data: distribution_id in edges(data["distributions"]),
    )


async def preview(world: World, scope: str) -> Call:
    campaign_id, _ = await target(world, scope)
    return Call("query P($c: ID!) { distributionPreview(campaignId: $c) { eligible shortage } }", {"c": campaign_id})


async def create(world: World, scope: str) -> Call:
    campaign_id, _ = await target(world, scope)
    variables: dict[str, Any] = {"i": {"campaignId": campaign_id, "schedule": {"kind": "NOW"}}}
    return Call(
        f"mutation C($i: DistributionCreateInput!) {{ distributionCreate(input: $i) {{ __typename {ERROR} }} }}",
        variables,
    )


async def cancel(world: World, scope: str) -> Call:
    campaign_id, _ = await target(world, scope)
    distribution_id = await distribution_of(world, campaign_id)
    return Call(
        f"mutation X($id: ID!) {{ distributionCancel(id: $id) {{ __typename {ERROR} }} }}", {"id": distribution_id}
    )


async def progress(world: World, scope: str) -> Call:
    _, distribution_id = await target(world, scope)
    return Call(
        "subscription P($d: ID!) { distributionProgress(distributionId: $d) { status } }",
        {"d": distribution_id},
        channel="distribution-progress",
    )


async def granted(world: World, scope: str) -> Call:
    campaign_id, _ = await target(world, scope)
    return Call(
        "subscription R($c: ID!, $u: ID!) { rewardGranted(campaignId: $c, customerId: $u) { code } }",
        {"c": campaign_id, "u": world.customer},
        channel="reward-granted",
    )


DISTRIBUTION_QUERIES: dict[str, Entry] = {
    "distribution": Entry(P.CAMPAIGNS_READ, "USE", distribution_read),
    "distributions": Entry(P.CAMPAIGNS_READ, "USE", distributions_read),
    "distributionPreview": Entry(P.CAMPAIGNS_READ, "USE", preview),
}
DISTRIBUTION_MUTATIONS: dict[str, Entry] = {
    "distributionCreate": Entry(P.CAMPAIGNS_WRITE, "EDIT", create),
    "distributionCancel": Entry(P.CAMPAIGNS_WRITE, "EDIT", cancel),
}
DISTRIBUTION_SUBSCRIPTIONS: dict[str, Entry] = {
    "distributionProgress": Entry(P.CAMPAIGNS_READ, "USE", progress),
    "rewardGranted": Entry(P.CAMPAIGNS_READ, "USE", granted),
}
