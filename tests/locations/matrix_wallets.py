"""Permission matrix entries of wallets: read where the program is seen, adjusted where it may be edited."""

from __future__ import annotations

from typing import Any

from app.access.models import Permission
from tests.locations.matrix_calls import Call, Entry, built, edges
from tests.locations.world import ERROR, World, unique

P = Permission
SHOPPER = {"sourceId": "shopper"}


async def program(world: World, scope: str) -> str:
    """An ACTIVE WALLET_POINTS program assigned per `scope`, where the shopper holds 100 points."""
    made = await world.call(
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
          ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
        {
            "i": {
                "name": unique(f"{scope} points"),
                "kind": "WALLET_POINTS",
                "codeMode": "NO_CODE",
                "targeting": "OPEN",
                "currency": "EUR",
                "reward": {"points": 100},
                "access": world.places(scope),
            }
        },
    )
    program_id: str = made["campaignCreate"]["campaign"]["id"]
    await world.call("mutation T($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": program_id})
    adjusted = await world.call(
        "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
        {"i": {"program": program_id, "customer": SHOPPER, "points": 100, "reason": "welcome"}},
    )
    assert adjusted["walletAdjust"]["__typename"] == "WalletAdjustSuccess", adjusted
    return program_id


async def wallet_read(world: World, scope: str) -> Call:
    program_id = await program(world, scope)
    return Call(
        "query W($c: CustomerRefInput!, $p: ID!) { wallet(customer: $c, program: $p) { id balance } }",
        {"c": SHOPPER, "p": program_id},
        shows_target=lambda data: data["wallet"] is not None,
    )


async def transactions_read(world: World, scope: str) -> Call:
    program_id = await program(world, scope)
    return Call(
        "query T($p: ID!) { walletTransactions(filter: {program: $p}) { edges { node { id } } } }",
        {"p": program_id},
        shows_target=lambda data: bool(edges(data["walletTransactions"])),
    )


async def adjust(world: World, scope: str) -> Call:
    program_id = await program(world, scope)
    variables: dict[str, Any] = {
        "i": {"program": program_id, "customer": SHOPPER, "points": -5, "reason": "correction"}
    }
    return Call(f"mutation A($i: WalletAdjustInput!) {{ walletAdjust(input: $i) {{ __typename {ERROR} }} }}", variables)


async def program_update(world: World, scope: str) -> Call:
    program_id = await program(world, scope)
    return Call(
        f"mutation U($i: WalletProgramUpdateInput!) {{ walletProgramUpdate(input: $i) {{ __typename {ERROR} }} }}",
        {"i": {"program": program_id, "ratePoints": 10, "earningRules": [{"id": "r", "points": 5}]}},
    )


WALLET_QUERIES: dict[str, Entry] = {
    "wallet": Entry(P.WALLET_READ, "USE", wallet_read),
    "walletTransactions": Entry(P.CAMPAIGNS_READ, "USE", transactions_read),
}
WALLET_MUTATIONS: dict[str, Entry] = {
    "walletAdjust": Entry(P.WALLETS_ADJUST, "EDIT", adjust),
    "walletProgramUpdate": Entry(P.CAMPAIGNS_WRITE, "EDIT", program_update),
}
WALLET_SUBSCRIPTIONS: dict[str, Entry] = {
    "walletChanged": Entry(
        P.WALLET_READ,
        "PROJECT",
        built(
            lambda w, s: Call(
                "subscription W($c: ID!) { walletChanged(customerId: $c) { balance } }",
                {"c": w.customer},
                channel="wallet-changed",
            )
        ),
    ),
}
