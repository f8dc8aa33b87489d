"""The checkout path through GraphQL: validate, qualifications, redeem, rollback, list."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.ids import encode_id
from app.redemptions.models import Redemption
from tests.conftest import Caller, GraphQLClient

ERROR = "... on Error { __typename code message field }"
RESULT = (
    "valid amount discount amountAfterDiscounts giftSpent amountDue "
    "redeemables { redeemable status reason ruleId discount lineDiscounts } lines { productId discount }"
)
ORDER = {
    "currency": "EUR",
    "customer": {"sourceId": "ann"},
    "items": [
        {"productId": "shirt", "categoryIds": ["apparel"], "quantity": 2, "unitPrice": 2500},
        {"productId": "mug", "categoryIds": ["kitchen"], "quantity": 1, "unitPrice": 1000},
    ],
}
VALIDATE = (
    f"query V($o: OrderInput!, $r: [RedeemableInput!]!) {{ validate(order: $o, redeemables: $r) {{ {RESULT} }} }}"
)
REDEEM = f"""mutation R($input: RedeemInput!) {{ redeem(input: $input) {{ __typename
  ... on RedeemSuccess {{ redemption {{ id status discount amountDue lines {{ discount code campaign {{ name }} }} }}
                        result {{ {RESULT} }} }}
  ... on RedeemRefused {{ result {{ {RESULT} }} }}
  {ERROR} }} }}"""


async def campaign(graphql: GraphQLClient, admin: Caller, **values: Any) -> str:
    data = await graphql.data(
        "mutation C($input: CampaignCreateInput!) { campaignCreate(input: $input) { "
        f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
        {"input": {"kind": "DISCOUNT", "targeting": "OPEN", "currency": "EUR", **values}},
        caller=admin,
    )
    result = data["campaignCreate"]
    assert "campaign" in result, result
    campaign_id: str = result["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}, caller=admin
    )
    return campaign_id


async def test_validate_redeem_and_roll_back(graphql: GraphQLClient, admin: Caller) -> None:
    await campaign(
        graphql,
        admin,
        name="Ten",
        codeMode="SINGLE_CODE",
        code="TEN",
        reward={"discount": {"type": "PERCENT", "percentOff": 10}},
    )
    auto = await campaign(
        graphql,
        admin,
        name="Mugs",
        codeMode="NO_CODE",
        appliesToCategories=["kitchen"],
        reward={"discount": {"type": "AMOUNT", "amountOff": 300}},
        validationRules=[{"id": "min", "kind": "MIN_ORDER_AMOUNT", "amount": 4000}],
    )
    redeemables = [{"code": "ten"}, {"campaignId": auto}, {"code": "NOPE"}]
    validated = (await graphql.data(VALIDATE, {"o": ORDER, "r": redeemables}, caller=admin))["validate"]
    assert [r["status"] for r in validated["redeemables"]] == ["APPLICABLE", "APPLICABLE", "INAPPLICABLE"]
    assert validated["redeemables"][2]["reason"] == "CODE_NOT_FOUND"
    assert validated["discount"] == 600 + 300
    assert validated["lines"] == [{"productId": "shirt", "discount": 500}, {"productId": "mug", "discount": 400}]
    assert await Redemption.all().count() == 0

    variables = {"input": {"order": ORDER, "redeemables": redeemables, "idempotencyKey": "checkout-1"}}
    redeemed = (await graphql.data(REDEEM, variables, caller=admin))["redeem"]
    assert redeemed["__typename"] == "RedeemSuccess"
    assert redeemed["redemption"]["discount"] == validated["discount"]
    assert redeemed["result"] == validated
    assert {line["campaign"]["name"] for line in redeemed["redemption"]["lines"]} == {"Ten", "Mugs"}
    again = (await graphql.data(REDEEM, variables, caller=admin))["redeem"]
    assert again["redemption"]["id"] == redeemed["redemption"]["id"]

    rollback = (
        'mutation B($id: ID!) { redemptionRollback(input: {id: $id, reason: "returned"}) { __typename '
        f"... on RedemptionRollbackSuccess {{ redemption {{ status }} }} {ERROR} }} }}"
    )
    results = await asyncio.gather(
        *(graphql.data(rollback, {"id": redeemed["redemption"]["id"]}, caller=admin) for _ in range(4))
    )
    kinds = sorted(r["redemptionRollback"]["__typename"] for r in results)
    assert kinds == ["ConflictError", "ConflictError", "ConflictError", "RedemptionRollbackSuccess"]
    listed = await graphql.data(
        "query L($f: RedemptionFilterInput) { redemptions(filter: $f) { edges { node { status discount } } } }",
        {"f": {"campaignId": auto}},
        caller=admin,
    )
    assert listed["redemptions"]["edges"] == [{"node": {"status": "ROLLED_BACK", "discount": 900}}]


async def test_nothing_redeemed_is_a_typed_result(graphql: GraphQLClient, admin: Caller) -> None:
    data = await graphql.data(REDEEM, {"input": {"order": ORDER, "redeemables": [{"code": "NOPE"}]}}, caller=admin)
    refused = data["redeem"]
    assert (refused["__typename"], refused["code"]) == ("RedeemRefused", "NOTHING_REDEEMED")
    assert refused["result"]["redeemables"][0]["reason"] == "CODE_NOT_FOUND"


async def test_an_unknown_id_in_the_list_refuses_only_that_redeemable(graphql: GraphQLClient, admin: Caller) -> None:
    await campaign(
        graphql,
        admin,
        name="Ten",
        codeMode="SINGLE_CODE",
        code="TEN",
        reward={"discount": {"type": "PERCENT", "percentOff": 10}},
    )
    missing = encode_id("Campaign", uuid.uuid4())
    another_type = encode_id("Customer", uuid.uuid4())
    redeemables = [
        {"code": "ten"},
        {"campaignId": missing},
        {"campaignId": "not-an-id"},
        {"campaignId": another_type},
        {"wallet": {"program": "garbage"}, "points": 10},
    ]
    validated = (await graphql.data(VALIDATE, {"o": ORDER, "r": redeemables}, caller=admin))["validate"]
    assert [(r["status"], r["reason"]) for r in validated["redeemables"]] == [
        ("APPLICABLE", None),
        *[("INAPPLICABLE", "CAMPAIGN_NOT_FOUND")] * 4,
    ]
    assert validated["discount"] == 600

    variables = {"input": {"order": ORDER, "redeemables": redeemables, "idempotencyKey": "unknown-ids"}}
    redeemed = (await graphql.data(REDEEM, variables, caller=admin))["redeem"]
    assert redeemed["__typename"] == "RedeemSuccess"
    assert [line["code"] for line in redeemed["redemption"]["lines"]] == ["TEN"]
    assert redeemed["result"] == validated
    listed_twice = {"input": {"order": ORDER, "redeemables": [{"campaignId": "x"}, {"campaignId": "x"}]}}
    twice = (await graphql.data(REDEEM, listed_twice, caller=admin))["redeem"]
    assert (twice["__typename"], twice["field"]) == ("ValidationError", "redeemables.1")


async def test_bad_orders_are_validation_errors(graphql: GraphQLClient, admin: Caller) -> None:
    cases = [
        (
            {**ORDER, "items": [{"productId": "x", "quantity": -1, "unitPrice": 10}]},
            [{"code": "A"}],
            "order.items.0.quantity",
        ),
        (
            {**ORDER, "items": [{"productId": "x", "quantity": 1, "unitPrice": -10}]},
            [{"code": "A"}],
            "order.items.0.unitPrice",
        ),
        (ORDER, [{"code": f"C{i}"} for i in range(31)], "redeemables"),
        (ORDER, [{"code": "A"}, {"code": "a"}], "redeemables.1"),
    ]
    for order, redeemables, field in cases:
        data = await graphql.data(REDEEM, {"input": {"order": order, "redeemables": redeemables}}, caller=admin)
        assert (data["redeem"]["__typename"], data["redeem"]["field"]) == ("ValidationError", field)
        response = await graphql.post(VALIDATE, {"o": order, "r": redeemables}, caller=admin)
        assert response.json()["errors"][0]["extensions"]["field"] == field


async def test_qualifications_best_deal_first_and_limits_honoured(graphql: GraphQLClient, admin: Caller) -> None:
    await campaign(
        graphql, admin, name="Small", codeMode="NO_CODE", reward={"discount": {"type": "AMOUNT", "amountOff": 100}}
    )
    await campaign(
        graphql, admin, name="Big", codeMode="NO_CODE", reward={"discount": {"type": "AMOUNT", "amountOff": 900}}
    )
    await campaign(
        graphql,
        admin,
        name="Used up",
        codeMode="NO_CODE",
        reward={"discount": {"type": "AMOUNT", "amountOff": 5000}},
        validationRules=[{"id": "cap", "kind": "CAMPAIGN_REDEMPTIONS", "limit": 1}],
    )
    query = "query Q($o: OrderInput!) { qualifications(order: $o) { campaign { name } discount } }"
    first = (await graphql.data(query, {"o": ORDER}, caller=admin))["qualifications"]
    assert [q["campaign"]["name"] for q in first] == ["Used up", "Big", "Small"]
    used_up = [q for q in first if q["campaign"]["name"] == "Used up"]
    redeemed = await graphql.data(
        REDEEM,
        {
            "input": {
                "order": ORDER,
                "redeemables": [
                    {
                        "campaignId": (
                            await graphql.data(
                                '{ campaigns(filter: {nameContains: "Used"}) { edges { node { id } } } }', caller=admin
                            )
                        )["campaigns"]["edges"][0]["node"]["id"]
                    }
                ],
            }
        },
        caller=admin,
    )
    assert redeemed["redeem"]["__typename"] == "RedeemSuccess"
    assert used_up
    after = (await graphql.data(query, {"o": ORDER}, caller=admin))["qualifications"]
    assert [q["campaign"]["name"] for q in after] == ["Big", "Small"]


async def test_stacking_rules_can_be_read_and_changed(graphql: GraphQLClient, admin: Caller, viewer: Caller) -> None:
    read = "{ stackingRules { applicableLimit applicationMode sorting } }"
    assert (await graphql.data(read, caller=admin))["stackingRules"] == {
        "applicableLimit": 5,
        "applicationMode": "PARTIAL",
        "sorting": "CATEGORY_HIERARCHY",
    }
    update = (
        "mutation U($i: StackingRulesInput!) { stackingRulesUpdate(input: $i) { __typename "
        f"... on StackingRulesUpdateSuccess {{ stackingRules {{ applicableLimit applicationMode }} }} {ERROR} }} }}"
    )
    changed = await graphql.data(update, {"i": {"applicableLimit": 2, "applicationMode": "ALL"}}, caller=admin)
    assert changed["stackingRulesUpdate"]["stackingRules"] == {"applicableLimit": 2, "applicationMode": "ALL"}
    bad = await graphql.data(update, {"i": {"redeemablesLimit": 31}}, caller=admin)
    assert bad["stackingRulesUpdate"]["__typename"] == "ValidationError"
    denied = await graphql.data(update, {"i": {"applicableLimit": 3}}, caller=viewer)
    assert denied["stackingRulesUpdate"]["__typename"] == "PermissionDeniedError"


async def test_dates_are_judged_by_the_request_clock_without_a_scheduler(graphql: GraphQLClient, admin: Caller) -> None:
    """No worker runs in this test: the statuses never move, the dates alone decide."""
    soon = datetime.now(UTC) + timedelta(seconds=1.5)
    ending = await campaign(
        graphql,
        admin,
        name="Ends soon",
        codeMode="SINGLE_CODE",
        code="ENDING",
        endsAt=soon.isoformat(),
        reward={"discount": {"type": "AMOUNT", "amountOff": 100}},
    )
    starting = await campaign(
        graphql,
        admin,
        name="Starts soon",
        codeMode="NO_CODE",
        startsAt=soon.isoformat(),
        reward={"discount": {"type": "AMOUNT", "amountOff": 200}},
    )
    statuses = "query S($a: ID!, $b: ID!) { a: campaign(id: $a) { status } b: campaign(id: $b) { status } }"
    assert await graphql.data(statuses, {"a": ending, "b": starting}, caller=admin) == {
        "a": {"status": "ACTIVE"},
        "b": {"status": "SCHEDULED"},
    }
    redeemables = [{"code": "ENDING"}, {"campaignId": starting}]
    before = (await graphql.data(VALIDATE, {"o": ORDER, "r": redeemables}, caller=admin))["validate"]
    assert [(r["status"], r["reason"]) for r in before["redeemables"]] == [
        ("APPLICABLE", None),
        ("INAPPLICABLE", "CAMPAIGN_NOT_ACTIVE"),
    ]
    while datetime.now(UTC) <= soon:
        await asyncio.sleep(0.1)
    after = (await graphql.data(VALIDATE, {"o": ORDER, "r": redeemables}, caller=admin))["validate"]
    assert [(r["status"], r["reason"]) for r in after["redeemables"]] == [
        ("INAPPLICABLE", "CAMPAIGN_NOT_ACTIVE"),
        ("APPLICABLE", None),
    ]
    redeemed = await graphql.data(REDEEM, {"input": {"order": ORDER, "redeemables": redeemables}}, caller=admin)
    assert [line["campaign"]["name"] for line in redeemed["redeem"]["redemption"]["lines"]] == ["Starts soon"]
    qualified = await graphql.data(
        "query Q($o: OrderInput!) { qualifications(order: $o) { campaign { name } } }", {"o": ORDER}, caller=admin
    )
    assert [q["campaign"]["name"] for q in qualified["qualifications"]] == ["Starts soon"]
    # The statuses themselves still wait for the scheduler (none runs here).
    assert await graphql.data(statuses, {"a": ending, "b": starting}, caller=admin) == {
        "a": {"status": "ACTIVE"},
        "b": {"status": "SCHEDULED"},
    }
