"""Properties of the engine over random orders and stacks."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

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
    evaluate,
)

items = st.lists(
    st.builds(
        Item,
        product_id=st.sampled_from(["a", "b", "c", "d"]),
        sku=st.none(),
        category_ids=st.lists(st.sampled_from(["x", "y"]), max_size=2).map(tuple),
        quantity=st.integers(1, 5),
        unit_price=st.integers(0, 50_000),
    ),
    min_size=1,
    max_size=6,
)
discounts = st.one_of(
    st.builds(
        Discount,
        type=st.just(DiscountType.PERCENT),
        percent_off=st.floats(0.01, 100).map(lambda p: round(p, 2)),
        max_discount=st.none() | st.integers(1, 100_000),
    ),
    st.builds(Discount, type=st.just(DiscountType.AMOUNT), amount_off=st.integers(1, 200_000)),
    st.builds(Discount, type=st.just(DiscountType.FIXED), fixed_price=st.integers(0, 60_000)),
    st.builds(
        Discount,
        type=st.just(DiscountType.UNIT),
        unit_product=st.sampled_from(["a", "b", "z"]),
        unit_quantity=st.integers(1, 3),
        unit_price=st.none() | st.integers(0, 5000),
    ),
)


@st.composite
def incentives(draw: st.DrawFn) -> list[Incentive]:
    count = draw(st.integers(1, 8))
    result = []
    for position in range(count):
        gift = draw(st.booleans()) and position % 3 == 2
        result.append(
            Incentive(
                key=f"r{position}",
                position=position,
                discount=None if gift else draw(discounts),
                gift_balance=draw(st.integers(0, 100_000)) if gift else None,
                product_ids=frozenset(draw(st.lists(st.sampled_from(["a", "b"]), max_size=1))),
                hierarchy=draw(st.none() | st.integers(0, 3)),
                stacking_type=draw(st.sampled_from(list(StackingType))),
                rules=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                lambda amount, basis: {
                                    "id": "m",
                                    "kind": "MIN_ORDER_AMOUNT",
                                    "amount": amount,
                                    "basis": basis,
                                },
                                st.integers(0, 100_000),
                                st.sampled_from(["INITIAL", "RUNNING"]),
                            ),
                            max_size=1,
                        )
                    )
                ),
            )
        )
    return result


stacking = st.builds(
    StackingRules,
    applicable_limit=st.integers(1, 8),
    applicable_exclusive_limit=st.integers(1, 2),
    category_limit=st.none() | st.integers(1, 3),
    application_mode=st.sampled_from(list(ApplicationMode)),
    sorting=st.sampled_from(list(Sorting)),
    no_effect=st.sampled_from(list(NoEffect)),
    calculation_base=st.sampled_from(list(CalculationBase)),
)


@settings(max_examples=400, deadline=None)
@given(items, incentives(), stacking)
def test_totals_never_negative_and_lines_add_up(
    order: list[Item], stack: list[Incentive], rules: StackingRules
) -> None:
    result = evaluate(
        items=order,
        order_amount=None,
        incentives=stack,
        rules=rules,
        customer_id="c",
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert sum(result.line_discounts) == result.discount
    assert result.items[: len(order)] == order
    assert all(item.added_for is not None for item in result.items[len(order) :])
    assert all(0 <= discount <= item.amount for discount, item in zip(result.line_discounts, result.items, strict=True))
    # added free products are discounted in full: the customer's total only ever goes down
    assert result.amount_after_discounts <= sum(item.amount for item in order)
    assert 0 <= result.discount <= result.initial_amount
    assert result.amount_after_discounts == result.initial_amount - result.discount
    assert 0 <= result.gift_spent <= result.amount_after_discounts
    assert result.amount_due >= 0
    assert sum(o.discount for o in result.outcomes) == result.discount
    assert [o.position for o in result.outcomes] == sorted(o.position for o in stack)
