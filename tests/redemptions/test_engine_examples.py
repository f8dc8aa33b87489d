"""Worked examples of the stacking engine: order, redeemables, rules, settings -> statuses and amounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from app.campaigns.models import StackingType
from app.campaigns.validation import Discount, DiscountType
from app.redemptions.engine import (
    ApplicationMode,
    CalculationBase,
    Incentive,
    Item,
    NoEffect,
    Sorting,
    StackingRules,
    Status,
    evaluate,
)

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)  # a Monday
SHIRT = Item("shirt", "SKU-SHIRT", ("apparel",), 2, 2500)  # 5000
MUG = Item("mug", "SKU-MUG", ("kitchen",), 1, 1000)  # 1000
BOOK = Item("book", None, ("books",), 3, 1333)  # 3999
ITEMS = [SHIRT, MUG, BOOK]  # 9999


def pct(value: float, cap: int | None = None) -> Discount:
    return Discount(type=DiscountType.PERCENT, percent_off=value, max_discount=cap)


def off(amount: int) -> Discount:
    return Discount(type=DiscountType.AMOUNT, amount_off=amount)


def fixed(price: int) -> Discount:
    return Discount(type=DiscountType.FIXED, fixed_price=price)


def unit(product: str, quantity: int, price: int | None = None) -> Discount:
    return Discount(type=DiscountType.UNIT, unit_product=product, unit_quantity=quantity, unit_price=price)


def min_amount(amount: int, basis: str = "INITIAL") -> dict[str, Any]:
    return {"id": "min", "kind": "MIN_ORDER_AMOUNT", "amount": amount, "basis": basis}


@dataclass
class Case:
    name: str
    incentives: list[Incentive]
    statuses: list[str]
    discount: int
    rules: StackingRules = field(default_factory=StackingRules)
    items: list[Item] = field(default_factory=lambda: list(ITEMS))
    reasons: dict[str, str] = field(default_factory=dict)
    gift_spent: int = 0
    line_discounts: list[int] | None = None


def inc(key: str, position: int, **values: Any) -> Incentive:
    return Incentive(key=key, position=position, **values)


CASES = [
    Case(
        "percent on the whole order",
        [inc("P10", 0, discount=pct(10))],
        ["APPLICABLE"],
        1000,
        line_discounts=[500, 100, 400],
    ),
    Case("percent with a cap", [inc("P50", 0, discount=pct(50, cap=2000))], ["APPLICABLE"], 2000),
    Case(
        "amount spread proportionally, exact",
        [inc("A1", 0, discount=off(1000))],
        ["APPLICABLE"],
        1000,
        line_discounts=[500, 100, 400],
    ),
    Case("amount larger than the order stops at zero", [inc("BIG", 0, discount=off(50_000))], ["APPLICABLE"], 9999),
    Case(
        "percent on matching category only",
        [inc("KITCHEN20", 0, discount=pct(20), category_targets=frozenset({"kitchen"}))],
        ["APPLICABLE"],
        200,
        line_discounts=[0, 200, 0],
    ),
    Case(
        "fixed price per unit on a product",
        [inc("SHIRT20", 0, discount=fixed(2000), product_ids=frozenset({"shirt"}))],
        ["APPLICABLE"],
        1000,
        line_discounts=[1000, 0, 0],
    ),
    Case("one free unit", [inc("FREEMUG", 0, discount=unit("mug", 1))], ["APPLICABLE"], 1000),
    Case(
        "free unit of a missing product has no effect and is skipped",
        [inc("FREEHAT", 0, discount=unit("hat", 1))],
        ["SKIPPED"],
        0,
        reasons={"FREEHAT": "NO_EFFECT"},
    ),
    Case(
        "a missing free product is added at its price and fully discounted",
        [inc("FREEHAT", 0, discount=unit("hat", 2, price=700))],
        ["APPLICABLE"],
        1400,
        line_discounts=[0, 0, 0, 1400],
    ),
    Case(
        "no effect redeemed anyway",
        [inc("FREEHAT", 0, discount=unit("hat", 1))],
        ["APPLICABLE"],
        0,
        rules=StackingRules(no_effect=NoEffect.REDEEM_ANYWAY),
    ),
    Case(
        "discounted amount: second percent on what is left",
        [inc("P10", 0, discount=pct(10)), inc("P20", 1, discount=pct(20))],
        ["APPLICABLE", "APPLICABLE"],
        1000 + 1800,
    ),
    Case(
        "initial amount: both percents on the initial order",
        [inc("P10", 0, discount=pct(10)), inc("P20", 1, discount=pct(20))],
        ["APPLICABLE", "APPLICABLE"],
        1000 + 2000,
        rules=StackingRules(calculation_base=CalculationBase.INITIAL_AMOUNT),
    ),
    Case(
        "minimum order amount fails",
        [inc("MIN", 0, discount=off(500), rules=(min_amount(20_000),))],
        ["INAPPLICABLE"],
        0,
        reasons={"MIN": "MIN_ORDER_AMOUNT_NOT_MET"},
    ),
    Case(
        "order of application decides a running threshold (hierarchy puts the big discount first)",
        [
            inc("THRESH", 0, discount=off(500), rules=(min_amount(9000, "RUNNING"),), hierarchy=2),
            inc("BIG", 1, discount=off(2000), hierarchy=1),
        ],
        ["INAPPLICABLE", "APPLICABLE"],
        2000,
        reasons={"THRESH": "MIN_ORDER_AMOUNT_NOT_MET"},
    ),
    Case(
        "same stack in requested order: the threshold passes first",
        [
            inc("THRESH", 0, discount=off(500), rules=(min_amount(9000, "RUNNING"),), hierarchy=2),
            inc("BIG", 1, discount=off(2000), hierarchy=1),
        ],
        ["APPLICABLE", "APPLICABLE"],
        2500,
        rules=StackingRules(sorting=Sorting.REQUESTED_ORDER),
    ),
    Case(
        "ALL mode: one inapplicable, nothing applies",
        [inc("OK", 0, discount=off(100)), inc("MIN", 1, discount=off(500), rules=(min_amount(20_000),))],
        ["SKIPPED", "INAPPLICABLE"],
        0,
        rules=StackingRules(application_mode=ApplicationMode.ALL),
        reasons={"OK": "PRECEDING_VALIDATION_FAILED"},
    ),
    Case(
        "PARTIAL mode: the applicable one stays",
        [inc("OK", 0, discount=off(100)), inc("MIN", 1, discount=off(500), rules=(min_amount(20_000),))],
        ["APPLICABLE", "INAPPLICABLE"],
        100,
    ),
    Case(
        "exclusive first blocks a common one",
        [
            inc("EXCL", 0, discount=off(100), stacking_type=StackingType.EXCLUSIVE, hierarchy=0),
            inc("COMMON", 1, discount=off(200), hierarchy=1),
        ],
        ["APPLICABLE", "SKIPPED"],
        100,
        reasons={"COMMON": "EXCLUSION"},
    ),
    Case(
        "exclusive after a common one is skipped",
        [
            inc("COMMON", 0, discount=off(200), hierarchy=0),
            inc("EXCL", 1, discount=off(100), stacking_type=StackingType.EXCLUSIVE, hierarchy=1),
        ],
        ["APPLICABLE", "SKIPPED"],
        200,
        reasons={"EXCL": "EXCLUSION"},
    ),
    Case(
        "joint stacks with an exclusive",
        [
            inc("EXCL", 0, discount=off(100), stacking_type=StackingType.EXCLUSIVE, hierarchy=0),
            inc("JOINT", 1, discount=off(200), stacking_type=StackingType.JOINT, hierarchy=1),
        ],
        ["APPLICABLE", "APPLICABLE"],
        300,
    ),
    Case(
        "applicable limit",
        [inc(f"A{i}", i, discount=off(100)) for i in range(3)],
        ["APPLICABLE", "APPLICABLE", "SKIPPED"],
        200,
        rules=StackingRules(applicable_limit=2),
        reasons={"A2": "APPLICABLE_LIMIT_EXCEEDED"},
    ),
    Case(
        "per-category limit",
        [
            inc("C1", 0, discount=off(100), category_id="c"),
            inc("C2", 1, discount=off(100), category_id="c"),
            inc("D1", 2, discount=off(100), category_id="d"),
        ],
        ["APPLICABLE", "SKIPPED", "APPLICABLE"],
        200,
        rules=StackingRules(category_limit=1),
        reasons={"C2": "CATEGORY_LIMIT_EXCEEDED"},
    ),
    Case(
        "gift card pays what is due after discounts",
        [inc("P10", 0, discount=pct(10)), inc("GIFT", 1, gift_balance=20_000)],
        ["APPLICABLE", "APPLICABLE"],
        1000,
        gift_spent=8999,
    ),
    Case(
        "gift card spends only the amount requested",
        [inc("GIFT", 0, gift_balance=20_000, gift_requested=1500)],
        ["APPLICABLE"],
        0,
        gift_spent=1500,
    ),
    Case(
        "rounding: 33.33% of 100 minor units over three equal lines",
        [inc("P", 0, discount=pct(33.33))],
        ["APPLICABLE"],
        33,
        items=[Item("a", None, (), 1, 34), Item("b", None, (), 1, 33), Item("c", None, (), 1, 33)],
        line_discounts=[11, 11, 11],
    ),
    Case(
        "time window outside Monday hours",
        [
            inc(
                "HAPPY",
                0,
                discount=off(100),
                rules=({"id": "t", "kind": "TIME_WINDOW", "from_hour": 17, "to_hour": 19},),
            )
        ],
        ["INAPPLICABLE"],
        0,
        reasons={"HAPPY": "OUTSIDE_TIME_WINDOW"},
    ),
    Case(
        "OR expression: one of two conditions is enough",
        [
            inc(
                "EITHER",
                0,
                discount=off(100),
                rules=(min_amount(20_000), {"id": "items", "kind": "ITEMS", "product_ids": ["mug"]}),
                expression={"op": "OR", "rules": ["min", "items"]},
            )
        ],
        ["APPLICABLE"],
        100,
    ),
    Case(
        "items NONE rule refuses an order with the product",
        [
            inc(
                "NOMUG",
                0,
                discount=off(100),
                rules=({"id": "n", "kind": "ITEMS", "match": "NONE", "product_ids": ["mug"]},),
            )
        ],
        ["INAPPLICABLE"],
        0,
        reasons={"NOMUG": "ITEMS_NOT_MATCHED"},
    ),
    Case(
        "campaign discount budget nearly used",
        [
            inc(
                "BUDGET",
                0,
                discount=off(1000),
                rules=({"id": "b", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 5000},),
                usage={"rule::b:all": 4500},
            )
        ],
        ["INAPPLICABLE"],
        0,
        reasons={"BUDGET": "BUDGET_EXHAUSTED"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_worked_example(case: Case) -> None:
    result = evaluate(
        items=case.items, order_amount=None, incentives=case.incentives, rules=case.rules, customer_id="cust", now=NOW
    )
    assert [outcome.status.value for outcome in result.outcomes] == case.statuses
    assert result.discount == case.discount
    assert sum(result.line_discounts) == result.discount
    for key, reason in case.reasons.items():
        assert next(o for o in result.outcomes if o.key == key).reason == reason
    assert result.gift_spent == case.gift_spent
    assert result.amount_due == max(0, result.amount_after_discounts - result.gift_spent)
    if case.line_discounts is not None:
        assert result.line_discounts == case.line_discounts
    assert all(o.discount == sum(o.line_discounts) for o in result.outcomes)
    assert all(o.discount == 0 for o in result.outcomes if o.status is not Status.APPLICABLE)
    assert result.initial_amount == sum(item.amount for item in result.items)
    added = sum(item.amount for item in result.items if item.added_for is not None)
    assert result.amount_after_discounts == sum(item.amount for item in case.items) - (result.discount - added)
