"""Permission matrix entry of live-action triggers: set by keys that may edit the campaign."""

from __future__ import annotations

from app.access.models import Permission
from tests.locations.matrix_calls import Call, Entry
from tests.locations.world import ERROR, World, unique


async def trigger_set(world: World, scope: str) -> Call:
    made = await world.call(
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
          ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
        {
            "i": {
                "name": unique(f"{scope} live"),
                "kind": "DISCOUNT",
                "codeMode": "NO_CODE",
                "targeting": "LIVE_ACTION",
                "currency": "EUR",
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                "access": world.places(scope),
            }
        },
    )
    campaign_id = made["campaignCreate"]["campaign"]["id"]
    return Call(
        f"mutation T($i: CampaignTriggerSetInput!) {{ campaignTriggerSet(input: $i) {{ __typename {ERROR} }} }}",
        {"i": {"campaignId": campaign_id, "trigger": {"kind": "ACTION", "event": {"name": "deposit"}}}},
    )


TRIGGER_MUTATIONS: dict[str, Entry] = {
    "campaignTriggerSet": Entry(Permission.CAMPAIGNS_WRITE, "EDIT", trigger_set),
}
