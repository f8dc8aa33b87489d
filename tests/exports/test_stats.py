"""campaign { stats }: figures computed by SQL aggregates, checked against a scenario counted by hand."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from app.core.time import utcnow
from tests.conftest import Caller, GraphQLClient
from tests.graphql.walk_world import build_walk_world
from tests.locations.chain import ERROR

STATS = """query S($id: ID!, $from: Date!, $to: Date!) { campaign(id: $id) { stats { currency published redeemed
  rolledBack discountTotal giftCreditTotal pointsIssued pointsSpent uniqueCustomers
  byDay(from: $from, to: $to) { day redeemed discount } } } }"""


async def call(graphql: GraphQLClient, admin: Caller, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return await graphql.data(query, variables, caller=admin)


async def campaign(graphql: GraphQLClient, admin: Caller, name: str, **given: Any) -> str:
    made = await call(
        graphql,
        admin,
        f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
          ... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}""",
        {"i": {"name": name, "targeting": "OPEN", "currency": "EUR", **given}},
    )
    campaign_id: str = made["campaignCreate"]["campaign"]["id"]
    await call(
        graphql,
        admin,
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }",
        {"id": campaign_id},
    )
    return campaign_id


async def redeem(graphql: GraphQLClient, admin: Caller, customer: str, *redeemables: dict[str, Any]) -> str:
    order = {
        "currency": "EUR",
        "customer": {"sourceId": customer},
        "items": [{"productId": "p", "quantity": 1, "unitPrice": 1000}],
    }
    done = await call(
        graphql,
        admin,
        f"""mutation R($i: RedeemInput!) {{ redeem(input: $i) {{ __typename
          ... on RedeemSuccess {{ redemption {{ id }} }} {ERROR} }} }}""",
        {"i": {"order": order, "redeemables": list(redeemables)}},
    )
    assert done["redeem"]["__typename"] == "RedeemSuccess", done
    redemption_id: str = done["redeem"]["redemption"]["id"]
    return redemption_id


async def test_stats_match_a_scenario_counted_by_hand(graphql: GraphQLClient, admin: Caller) -> None:
    discount = await campaign(
        graphql,
        admin,
        "Tenner",
        kind="DISCOUNT",
        codeMode="NO_CODE",
        reward={"discount": {"type": "AMOUNT", "amountOff": 150}},
    )
    # Redeemed by ann twice and bob once (3 × 1.50 EUR); one of ann's is rolled back.
    first = await redeem(graphql, admin, "ann", {"campaignId": discount})
    await redeem(graphql, admin, "ann", {"campaignId": discount})
    await redeem(graphql, admin, "bob", {"campaignId": discount})
    await call(
        graphql, admin, "mutation B($id: ID!) { redemptionRollback(input: {id: $id}) { __typename } }", {"id": first}
    )
    shared = await campaign(
        graphql,
        admin,
        "Shared",
        kind="DISCOUNT",
        codeMode="SINGLE_CODE",
        code="SHARED-1",
        reward={"discount": {"type": "AMOUNT", "amountOff": 100}},
    )
    for customer in ("ann", "bob", "cid"):
        await call(
            graphql,
            admin,
            "mutation P($i: CodePublishInput!) { codePublish(input: $i) { __typename } }",
            {"i": {"campaignId": shared, "customer": {"sourceId": customer}}},
        )
    program = await campaign(graphql, admin, "Points", kind="WALLET_POINTS", codeMode="NO_CODE", reward={"points": 100})
    for customer, points in (("ann", 1000), ("bob", 500), ("bob", -200)):
        await call(
            graphql,
            admin,
            "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
            {"i": {"program": program, "customer": {"sourceId": customer}, "points": points, "reason": "hand"}},
        )
    await redeem(graphql, admin, "ann", {"wallet": {"program": program}, "points": 300})
    today = utcnow().date()
    span = {"from": str(today - timedelta(days=2)), "to": str(today)}

    stats = (await call(graphql, admin, STATS, {"id": discount, **span}))["campaign"]["stats"]
    by_day = stats.pop("byDay")
    assert stats == {
        "currency": "EUR",
        "published": 0,
        "redeemed": 2,
        "rolledBack": 1,
        "discountTotal": 300,
        "giftCreditTotal": 0,
        "pointsIssued": 0,
        "pointsSpent": 0,
        "uniqueCustomers": 2,
    }
    assert by_day == [
        {"day": str(today - timedelta(days=2)), "redeemed": 0, "discount": 0},
        {"day": str(today - timedelta(days=1)), "redeemed": 0, "discount": 0},
        {"day": str(today), "redeemed": 2, "discount": 300},
    ]
    stats = (await call(graphql, admin, STATS, {"id": shared, **span}))["campaign"]["stats"]
    assert (stats["published"], stats["redeemed"], stats["uniqueCustomers"]) == (3, 0, 0)
    stats = (await call(graphql, admin, STATS, {"id": program, **span}))["campaign"]["stats"]
    # Issued: ADJUST +1000 and +500 (the −200 correction is not issuance); spent: the 300-point payment.
    assert (stats["pointsIssued"], stats["pointsSpent"], stats["redeemed"]) == (1500, 300, 1)


async def test_by_day_bounds_are_checked(graphql: GraphQLClient, admin: Caller) -> None:
    discount = await campaign(
        graphql,
        admin,
        "Bounds",
        kind="DISCOUNT",
        codeMode="NO_CODE",
        reward={"discount": {"type": "AMOUNT", "amountOff": 1}},
    )
    response = await graphql.post(STATS, {"id": discount, "from": "2026-01-10", "to": "2026-01-01"}, caller=admin)
    assert response.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    response = await graphql.post(STATS, {"id": discount, "from": "2024-01-01", "to": "2026-01-01"}, caller=admin)
    assert response.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


async def test_a_restricted_key_reads_stats_of_campaigns_it_sees_only(graphql: GraphQLClient, admin: Caller) -> None:
    world = await build_walk_world(graphql, admin)
    manager = world.keys["MANAGER"]
    today = str(utcnow().date())
    span = {"from": today, "to": today}
    inside = world.campaigns["INSIDE UNIQUE_CODES"]
    mine = await graphql.data(STATS, {"id": inside, **span}, caller=manager)
    theirs = await graphql.data(STATS, {"id": inside, **span}, caller=admin)
    assert mine == theirs
    assert mine["campaign"]["stats"]["redeemed"] == 1
    outside = await graphql.post(STATS, {"id": world.campaigns["OUTSIDE UNIQUE_CODES"], **span}, caller=manager)
    assert outside.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_stats_of_a_page_of_campaigns_cost_constant_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    for index in range(12):
        made = await campaign(
            graphql,
            admin,
            f"Page {index}",
            kind="DISCOUNT",
            codeMode="NO_CODE",
            reward={"discount": {"type": "AMOUNT", "amountOff": 10}},
        )
        await redeem(graphql, admin, f"c{index}", {"campaignId": made})
    today = str(utcnow().date())
    document = (
        "query Q($n: Int!, $d: Date!) { campaigns(first: $n) { edges { node { name stats { redeemed discountTotal "
        "pointsIssued uniqueCustomers byDay(from: $d, to: $d) { redeemed } } } } } }"
    )

    async def count(size: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            data = await graphql.data(document, {"n": size, "d": today}, caller=admin)
        edges = data["campaigns"]["edges"]
        assert len(edges) == size
        assert all(edge["node"]["stats"]["redeemed"] == 1 for edge in edges)
        return len([r for r in caplog.records if r.name == "tortoise.db_client"])

    await count(1)  # warm the key cache
    assert await count(3) == await count(12)
