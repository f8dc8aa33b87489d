"""validate and redeem agree when nothing changed in between (random orders and stacks, real database)."""

from __future__ import annotations

import random

import pytest

from app.campaigns import categories as campaign_categories
from app.campaigns.models import CodeMode, StackingType
from app.campaigns.validation import Discount, DiscountType, Reward
from app.core.time import utcnow
from app.redemptions import services
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from tests.codes.test_publication import live_campaign

pytestmark = pytest.mark.usefixtures("db")
PRODUCTS = ["shirt", "mug", "book", "hat"]
CATEGORIES = ["apparel", "kitchen", "books"]


async def test_validate_then_redeem_gives_the_same_result_for_random_stacks() -> None:
    rng = random.Random(20261122)
    categories = [
        await campaign_categories.create_category(name=f"k{i}", hierarchy=i, stacking_type=stacking)
        for i, stacking in enumerate([StackingType.JOINT, StackingType.COMMON, StackingType.EXCLUSIVE])
    ]
    discounts = [
        Discount(type=DiscountType.PERCENT, percent_off=12.5, max_discount=3000),
        Discount(type=DiscountType.AMOUNT, amount_off=750),
        Discount(type=DiscountType.FIXED, fixed_price=900),
        Discount(type=DiscountType.UNIT, unit_product="hat", unit_quantity=1, unit_price=1200),
    ]
    codes = []
    for index in range(8):
        code = f"RAND{index}"
        await live_campaign(
            f"c{index}",
            code=code,
            reward=Reward(discount=discounts[index % len(discounts)]),
            category_id=categories[index % 3].id,
            applies_to_categories=[CATEGORIES[index % 3]] if index % 2 else [],
            validation_rules=[
                {
                    "id": "min",
                    "kind": "MIN_ORDER_AMOUNT",
                    "amount": rng.randint(0, 8000),
                    "basis": rng.choice(["INITIAL", "RUNNING"]),
                }
            ],
        )
        codes.append(code)
    await live_campaign("auto", code_mode=CodeMode.NO_CODE, reward=Reward(discount=discounts[0]))
    for round_number in range(40):
        items = [
            OrderItem(rng.choice(PRODUCTS), None, (rng.choice(CATEGORIES),), rng.randint(1, 3), rng.randint(0, 5000))
            for _ in range(rng.randint(1, 5))
        ]
        chosen = rng.sample(codes, rng.randint(1, 4))
        request = OrderRequest(
            currency="EUR",
            items=items,
            redeemables=[RedeemableRef(code=code) for code in chosen],
            customer_source_id=f"cust-{round_number}",
        )
        now = utcnow()
        validated, _ = await services.validate(request, now)
        redeemed, redemption = await services.redeem(request=request, idempotency_key=None, now=now)
        assert redeemed == validated, f"round {round_number}"
        assert (redemption is None) == (not validated.applicable())
