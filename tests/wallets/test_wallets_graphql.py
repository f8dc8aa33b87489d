"""Wallets end to end through GraphQL: a loyalty card, paying with points, the ledger, refusals, walletChanged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from tests.codes.test_publication import series_with
from tests.conftest import Caller, GraphQLClient, LiveServer

pytestmark = pytest.mark.usefixtures("db")
ERROR = "... on Error { code message field }"
CREATE = f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
  ... on CampaignCreateSuccess {{ campaign {{ id joinOnce }} }} {ERROR} }} }}"""
ADJUST = f"""mutation A($i: WalletAdjustInput!) {{ walletAdjust(input: $i) {{ __typename
  ... on WalletAdjustSuccess {{ wallet {{ id balance }} transaction {{ id kind points balanceAfter source reason }} }}
  {ERROR} }} }}"""
UPDATE = f"""mutation U($i: WalletProgramUpdateInput!) {{ walletProgramUpdate(input: $i) {{ __typename
  ... on WalletProgramUpdateSuccess {{ settings {{ ratePoints rateAmount pointsBudget earningRules version }} }}
  {ERROR} }} }}"""
REDEEM = f"""mutation R($i: RedeemInput!) {{ redeem(input: $i) {{ __typename
  ... on RedeemSuccess {{ redemption {{ id }} result {{ amountDue giftSpent
      redeemables {{ redeemable status reason giftSpent pointsSpent }} }} }}
  ... on RedeemRefused {{ result {{ redeemables {{ redeemable status reason }} }} }} {ERROR} }} }}"""
WALLET = """query W($p: ID!) { wallet(customer: {sourceId: "ann"}, program: $p) {
  id balance pending balanceValue card { code } customer { sourceId } program { name walletProgram { ratePoints } }
  expiringPoints(withinDays: 400) { points }
  transactions(first: 10) { edges { node { kind points balanceAfter unspent source reason } } } } }"""


async def start(graphql: GraphQLClient, admin: Caller, **campaign: Any) -> str:
    given = {
        "name": "Club",
        "kind": "WALLET_POINTS",
        "codeMode": "NO_CODE",
        "targeting": "OPEN",
        "currency": "EUR",
        "reward": {"points": 100},
        **campaign,
    }
    made = (await graphql.data(CREATE, {"i": given}, caller=admin))["campaignCreate"]
    assert made["__typename"] == "CampaignCreateSuccess", made
    program: str = made["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": program}, caller=admin
    )
    return program


def order(amount: int, *redeemables: dict[str, Any]) -> dict[str, Any]:
    return {
        "order": {"currency": "EUR", "amount": amount, "customer": {"sourceId": "ann"}},
        "redeemables": list(redeemables),
    }


async def test_program_pay_earn_and_read_the_ledger(graphql: GraphQLClient, admin: Caller) -> None:
    program = await start(graphql, admin)
    settings = await graphql.data(
        UPDATE,
        {
            "i": {
                "program": program,
                "ratePoints": 100,
                "rateAmount": 100,
                "pointsBudget": 100_000,
                "creditExpiryDays": 365,
                "earningRules": [{"id": "five", "percent": 5}],
            }
        },
        caller=admin,
    )
    assert settings["walletProgramUpdate"]["settings"]["earningRules"][0]["percent"] == "5"
    adjusted = await graphql.data(
        ADJUST,
        {
            "i": {
                "program": program,
                "customer": {"sourceId": "ann"},
                "points": 1000,
                "reason": "welcome",
                "idempotencyKey": "w1",
            }
        },
        caller=admin,
    )
    first = adjusted["walletAdjust"]
    assert first["__typename"] == "WalletAdjustSuccess", first
    assert first["transaction"]["kind"] == "ADJUST"
    assert first["wallet"]["balance"] == 1000
    retried = await graphql.data(
        ADJUST,
        {
            "i": {
                "program": program,
                "customer": {"sourceId": "ann"},
                "points": 1000,
                "reason": "welcome",
                "idempotencyKey": "w1",
            }
        },
        caller=admin,
    )
    assert retried["walletAdjust"]["transaction"]["id"] == first["transaction"]["id"]
    # 350 points at 100 points = 1.00 against a 2.00 order: 200 are taken, 150 stay
    redeemed = (
        await graphql.data(REDEEM, {"i": order(200, {"wallet": {"program": program}, "points": 350})}, caller=admin)
    )["redeem"]
    assert redeemed["__typename"] == "RedeemSuccess", redeemed
    outcome = redeemed["result"]["redeemables"][0]
    assert (outcome["status"], outcome["giftSpent"], outcome["pointsSpent"]) == ("APPLICABLE", 200, 200)
    assert redeemed["result"]["amountDue"] == 0
    wallet = (await graphql.data(WALLET, {"p": program}, caller=admin))["wallet"]
    assert wallet["balance"] == 800  # 1000 - 200 + 0 earned (nothing left to pay)
    assert wallet["balanceValue"] == 800
    assert wallet["customer"] == {"sourceId": "ann"}
    assert wallet["expiringPoints"] == [{"points": 800}]
    kinds = [edge["node"]["kind"] for edge in wallet["transactions"]["edges"]]
    assert kinds == ["DEBIT", "ADJUST"]
    listed = await graphql.data(
        "query T($p: ID!) { walletTransactions(filter: {program: $p, kind: DEBIT}) { edges { node { points } } } }",
        {"p": program},
        caller=admin,
    )
    assert [e["node"]["points"] for e in listed["walletTransactions"]["edges"]] == [-200]
    customer = await graphql.data('{ customer(sourceId: "ann") { wallets { balance } } }', caller=admin)
    assert customer["customer"]["wallets"] == [{"balance": 800}]


async def test_a_loyalty_card_is_the_holders_wallet_and_pays(graphql: GraphQLClient, admin: Caller) -> None:
    series = await series_with(5)
    from app.core.ids import encode_id

    program = await start(
        graphql,
        admin,
        name="Card",
        kind="LOYALTY",
        codeMode="UNIQUE_CODES",
        codeSeriesId=encode_id("CodeSeries", series),
        joinOnce=False,
    )
    published = await graphql.data(
        "mutation P($i: CodePublishInput!) { codePublish(input: $i) { ... on CodePublishSuccess "
        "{ assignedCode { code } } } }",
        {"i": {"campaignId": program, "customer": {"sourceId": "ann"}}},
        caller=admin,
    )
    card = published["codePublish"]["assignedCode"]["code"]
    again = await graphql.data(
        "mutation P($i: CodePublishInput!) { codePublish(input: $i) { ... on CodePublishSuccess "
        "{ assignedCode { code } } } }",
        {"i": {"campaignId": program, "customer": {"sourceId": "ann"}}},
        caller=admin,
    )
    assert again["codePublish"]["assignedCode"]["code"] == card  # join-once is forced for programs
    await graphql.data(
        ADJUST,
        {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": 500, "reason": "x"}},
        caller=admin,
    )
    wallet = (await graphql.data(WALLET, {"p": program}, caller=admin))["wallet"]
    assert wallet["card"] == {"code": card}
    redeemed = (await graphql.data(REDEEM, {"i": order(300, {"code": card, "points": 250})}, caller=admin))["redeem"]
    assert redeemed["__typename"] == "RedeemSuccess", redeemed
    assert redeemed["result"]["redeemables"][0]["pointsSpent"] == 250


async def test_refusals_are_typed(graphql: GraphQLClient, admin: Caller) -> None:
    program = await start(graphql, admin)
    discount = await start(
        graphql, admin, name="Plain", kind="DISCOUNT", reward={"discount": {"type": "AMOUNT", "amountOff": 100}}
    )

    async def adjust(**given: Any) -> dict[str, Any]:
        payload = {"program": program, "customer": {"sourceId": "ann"}, "points": 10, "reason": "r", **given}
        result: dict[str, Any] = (await graphql.data(ADJUST, {"i": payload}, caller=admin))["walletAdjust"]
        return result

    assert (await adjust(points=-5))["code"] == "WALLET_NOT_FOUND"
    assert (await adjust(points=0))["field"] == "points"
    assert (await adjust(program=discount))["code"] == "NOT_A_WALLET_PROGRAM"
    assert (await adjust(reason="  "))["field"] == "reason"
    await adjust(points=10)
    assert (await adjust(points=-11))["code"] == "INSUFFICIENT_POINTS"
    assert (await adjust(points=10, idempotencyKey="k"))["__typename"] == "WalletAdjustSuccess"
    assert (await adjust(points=11, idempotencyKey="k"))["code"] == "IDEMPOTENCY_KEY_REUSED"
    # The key is global: another customer (with no wallet here yet) never gets ann's wallet back.
    other = await adjust(points=10, idempotencyKey="k", customer={"sourceId": "bob"})
    assert (other["code"], other["field"]) == ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    budget = await graphql.data(UPDATE, {"i": {"program": program, "pointsBudget": 25}}, caller=admin)
    assert budget["walletProgramUpdate"]["settings"]["pointsBudget"] == 25
    assert (await adjust(points=6))["code"] == "POINTS_BUDGET_EXCEEDED"
    too_big = await graphql.post(
        ADJUST,
        {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": 2**63, "reason": "r"}},
        caller=admin,
    )
    assert too_big.json()["data"]["walletAdjust"]["code"] == "OUT_OF_RANGE"
    refused = (
        await graphql.data(REDEEM, {"i": order(100, {"wallet": {"program": discount}, "points": 5})}, caller=admin)
    )["redeem"]
    assert refused["result"]["redeemables"][0]["reason"] == "NOT_A_WALLET_PROGRAM"
    negative = await graphql.post(
        REDEEM, {"i": order(100, {"wallet": {"program": program}, "points": -5})}, caller=admin
    )
    assert negative.json()["data"]["redeem"]["field"] == "redeemables.0.points"
    await graphql.data(
        "mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }", {"id": program}, caller=admin
    )
    paused = (
        await graphql.data(REDEEM, {"i": order(100, {"wallet": {"program": program}, "points": 5})}, caller=admin)
    )["redeem"]
    assert paused["result"]["redeemables"][0]["reason"] == "PROGRAM_INACTIVE"
    rules = await graphql.data(
        UPDATE, {"i": {"program": program, "earningRules": [{"id": "a", "points": 5, "percent": 2}]}}, caller=admin
    )
    assert rules["walletProgramUpdate"]["__typename"] == "ValidationError"


async def test_wallet_changed_reaches_a_subscriber(
    graphql: GraphQLClient, admin: Caller, live_server: LiveServer
) -> None:
    program = await start(graphql, admin)
    await graphql.data(
        ADJUST,
        {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": 5, "reason": "open"}},
        caller=admin,
    )
    customer = await graphql.data('{ customer(sourceId: "ann") { id } }', caller=admin)
    transport = WebsocketsTransport(
        url=live_server.ws_url, init_payload=admin.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    document = gql("subscription W($c: ID!) { walletChanged(customerId: $c) { balance } }")
    document.variable_values = {"c": customer["customer"]["id"]}
    received: list[int] = []

    async def listen() -> None:
        async with Client(transport=transport) as session:
            async for update in session.subscribe(document):
                received.append(update["walletChanged"]["balance"])
                return

    task = asyncio.create_task(listen())
    for _ in range(100):
        await asyncio.sleep(0.05)
        if task.done():
            break
        await graphql.data(
            ADJUST,
            {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": 1, "reason": "tick"}},
            caller=admin,
        )
        if received:
            break
    await asyncio.wait_for(task, timeout=10)
    assert received
    assert received[0] > 5


async def test_ledger_pages_follow_their_cursors(graphql: GraphQLClient, admin: Caller) -> None:
    program = await start(graphql, admin)
    for index in range(5):
        await graphql.data(
            ADJUST,
            {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": index + 1, "reason": "r"}},
            caller=admin,
        )
    seen: list[int] = []
    after = None
    for _ in range(5):
        page = await graphql.data(
            "query T($p: ID!, $a: String) { walletTransactions(filter: {program: $p}, first: 2, after: $a) "
            "{ edges { node { points } } pageInfo { hasNextPage endCursor } } }",
            {"p": program, "a": after},
            caller=admin,
        )
        listed = page["walletTransactions"]
        seen += [edge["node"]["points"] for edge in listed["edges"]]
        if not listed["pageInfo"]["hasNextPage"]:
            break
        after = listed["pageInfo"]["endCursor"]
    assert seen == [5, 4, 3, 2, 1]
    forged = await graphql.post(
        'query { walletTransactions(first: 2, after: "Zm9vfGJhcg") { edges { node { points } } } }', caller=admin
    )
    assert forged.json()["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
