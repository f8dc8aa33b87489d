"""Round trips to PostgreSQL per validate and per redeem in steady state (issue #19's budget: 3 each)."""

from __future__ import annotations

import pytest

from app.campaigns import cache as campaign_cache
from app.campaigns.models import Campaign, CodeMode
from app.campaigns.validation import Discount, DiscountType, Reward
from app.core.time import utcnow
from app.redemptions import services, stacking
from app.redemptions.models import Counter, Redemption, RedemptionLine
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from app.webhooks import outbox
from tests.codes.test_publication import live_campaign
from tests.redemptions.statements import counting

pytestmark = pytest.mark.usefixtures("db")

LIMIT = 1_000_000
ITEMS = [
    OrderItem("tshirt", None, ("apparel",), 2, 1999),
    OrderItem("jeans", None, ("apparel",), 1, 5999),
    OrderItem("mug", None, ("home",), 3, 899),
]


async def benchmark_stack() -> list[RedeemableRef]:
    """2 codes and 1 automatic promotion, 3 rules each (as benchmarks/redemption.py)."""
    await live_campaign(
        "SAVE10",
        code="SAVE10",
        applies_to_categories=["apparel"],
        reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)),
        validation_rules=[
            {"id": "min", "kind": "MIN_ORDER_AMOUNT", "amount": 1000},
            {"id": "cust", "kind": "CUSTOMER_REDEMPTIONS", "limit": LIMIT, "period": "DAY"},
            {"id": "camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
        ],
    )
    await live_campaign(
        "TAKE5",
        code="TAKE5",
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=500)),
        validation_rules=[
            {"id": "items", "kind": "ITEMS", "category_ids": ["apparel"]},
            {"id": "camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
            {"id": "budget", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 100 * LIMIT},
        ],
    )
    automatic = await live_campaign(
        "AUTO5",
        code_mode=CodeMode.NO_CODE,
        reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=5)),
        validation_rules=[
            {"id": "tw", "kind": "TIME_WINDOW", "days_of_week": [1, 2, 3, 4, 5, 6, 7]},
            {"id": "cust", "kind": "CUSTOMER_REDEMPTIONS", "limit": LIMIT, "period": "DAY"},
            {"id": "camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": LIMIT},
        ],
    )
    return [RedeemableRef(code="SAVE10"), RedeemableRef(code="TAKE5"), RedeemableRef(campaign_id=automatic.id)]


def order(refs: list[RedeemableRef]) -> OrderRequest:
    return OrderRequest(currency="EUR", items=list(ITEMS), redeemables=refs, customer_source_id="ann")


async def test_validate_and_redeem_take_two_round_trips_each(monkeypatch: pytest.MonkeyPatch) -> None:
    # Steady state: the per-process caches (stacking rules, wanted webhook types, campaigns) are not due
    # for their periodic re-read during the counted calls, however slow the machine.
    monkeypatch.setattr(stacking, "STACKING_CACHE_SECONDS", 3600.0)
    monkeypatch.setattr(outbox.wanted_types, "ttl_seconds", 3600.0)
    monkeypatch.setattr(campaign_cache.campaign_cache, "check_seconds", 3600.0)
    stacking.forget_stacking_rules()
    refs = await benchmark_stack()
    await services.redeem(request=order(refs), idempotency_key="warm")  # creates the customer, warms caches
    await services.validate(order(refs), utcnow())
    with counting() as sent:
        evaluation, _ = await services.validate(order(refs), utcnow())
    assert [o.status.value for o in evaluation.outcomes] == ["APPLICABLE"] * 3
    assert len(sent) == 2, sent  # customer + codes; counters + categories
    with counting() as sent:
        redeemed, redemption = await services.redeem(request=order(refs), idempotency_key="counted")
    assert redemption is not None
    assert len(sent) == 2, sent  # customer + codes + key + earning; the one write statement
    assert redeemed.discount == evaluation.discount
    assert await RedemptionLine.filter(redemption_id=redemption.id).count() == 3
    stored = await Redemption.get(id=redemption.id)
    assert stored.moves == redemption.moves
    assert len(stored.moves) == 2 + 6  # two codes' uses, six counters (one per counted rule)
    campaign = await Campaign.get(name="SAVE10")
    assert (await Counter.get(name__startswith=f"rule:{campaign.id}:camp:")).used == 2
