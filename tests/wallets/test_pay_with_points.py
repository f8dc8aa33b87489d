"""Paying with points at checkout, earning, rolling back: through the real redemption pipeline."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from app.campaigns.models import Campaign, CodeMode
from app.campaigns.validation import Discount, DiscountType, Reward
from app.redemptions import redeem as redemptions
from app.redemptions import services
from app.redemptions.engine import Status
from app.redemptions.orders import OrderRequest, RedeemableRef
from app.wallets.models import Wallet, WalletTransaction
from tests.codes.test_publication import live_campaign
from tests.wallets.helpers import assert_ledger_consistent, customer_id, give, program

pytestmark = pytest.mark.usefixtures("db")


def order(*refs: RedeemableRef, customer: str = "ann", amount: int = 1000, currency: str = "EUR") -> OrderRequest:
    return OrderRequest(currency=currency, items=[], amount=amount, redeemables=list(refs), customer_source_id=customer)


async def test_200_concurrent_spends_of_10_points_against_1000() -> None:
    campaign = await program()
    ann = await customer_id("ann")
    wallet = await give(campaign, ann, 1000)
    pay = RedeemableRef(wallet_program_id=campaign.id, points=10)
    results = await asyncio.gather(
        *(services.redeem(request=order(pay), idempotency_key=f"spend-{i}") for i in range(200))
    )
    succeeded = [r for _, r in results if r is not None]
    assert len(succeeded) == 100
    refused = {e.outcomes[0].reason for e, r in results if r is None}
    assert refused == {"INSUFFICIENT_POINTS"}
    assert await assert_ledger_consistent(wallet.id) == 0
    assert all(r.gift_spent == 10 and r.amount_due == 990 for r in succeeded)


async def test_350_points_at_100_per_unit_against_a_2_00_order_are_capped() -> None:
    campaign = await program(rate_points=100, rate_amount=100)
    ann = await customer_id("ann")
    wallet = await give(campaign, ann, 1000)
    evaluation, redemption = await services.redeem(
        request=order(RedeemableRef(wallet_program_id=campaign.id, points=350), amount=200), idempotency_key="k"
    )
    assert redemption is not None
    outcome = evaluation.outcomes[0]
    assert (outcome.gift_spent, outcome.points_spent, evaluation.amount_due) == (200, 200, 0)
    assert await assert_ledger_consistent(wallet.id) == 800


async def test_rates_round_against_the_customer_by_at_most_one_unit() -> None:
    campaign = await program(rate_points=3, rate_amount=1)  # 3 points = 0.01
    ann = await customer_id("ann")
    wallet = await give(campaign, ann, 100)
    evaluation, _ = await services.validate(
        order(RedeemableRef(wallet_program_id=campaign.id, points=10)), now=datetime.now(UTC)
    )
    outcome = evaluation.outcomes[0]
    assert (outcome.gift_spent, outcome.points_spent) == (3, 9)  # 10 points pay 0.03 and cost 9
    assert (await Wallet.get(id=wallet.id)).balance == 100  # validate changes nothing


async def test_refusals_are_typed_reasons() -> None:
    campaign = await program()
    await customer_id("ann")
    evaluation, redemption = await services.redeem(
        request=order(RedeemableRef(wallet_program_id=campaign.id, points=5)), idempotency_key=None
    )
    assert redemption is None
    assert evaluation.outcomes[0].reason == "WALLET_NOT_FOUND"
    ann = await customer_id("ann")
    await give(campaign, ann, 4)
    evaluation, _ = await services.redeem(
        request=order(RedeemableRef(wallet_program_id=campaign.id, points=5)), idempotency_key=None
    )
    assert evaluation.outcomes[0].reason == "INSUFFICIENT_POINTS"
    evaluation, _ = await services.redeem(
        request=order(RedeemableRef(wallet_program_id=campaign.id, points=4), currency="USD"), idempotency_key=None
    )
    assert evaluation.outcomes[0].reason == "CURRENCY_MISMATCH"


async def test_five_percent_of_a_123_45_order_earns_617_points_and_rollback_reverses_once() -> None:
    campaign = await program(
        rate_points=100,
        rate_amount=100,
        earning_rules=[{"id": "five", "percent": "5"}],
    )
    ann = await customer_id("ann")
    wallet = await give(campaign, ann, 500)
    evaluation, redemption = await services.redeem(
        request=order(RedeemableRef(wallet_program_id=campaign.id, points=300), amount=12_645),
        idempotency_key="earn",
    )
    assert redemption is not None
    assert evaluation.outcomes[0].status is Status.APPLICABLE
    # 126.45 - 3.00 paid with points = 123.45; 5 % is 6.1725 = 617.25 points, rounded down.
    earned = await WalletTransaction.get(wallet_id=wallet.id, kind="CREDIT", source="REDEMPTION")
    assert earned.points == 617
    assert await assert_ledger_consistent(wallet.id) == 500 - 300 + 617
    await asyncio.gather(
        *(redemptions.rollback(redemption_id=redemption.id, reason=None, idempotency_key=None) for _ in range(10)),
        return_exceptions=True,
    )
    reversals = await WalletTransaction.filter(wallet_id=wallet.id, kind="REVERSAL").order_by("id")
    assert sorted(r.points for r in reversals) == [-617, 300]
    assert await assert_ledger_consistent(wallet.id) == 500


async def test_off_peak_window_across_midnight_in_the_program_time_zone() -> None:
    campaign = await program(
        earning_rules=[
            {
                "id": "late",
                "points": 50,
                "conditions": [{"id": "night", "kind": "TIME_WINDOW", "from_hour": 22, "to_hour": 2}],
            }
        ]
    )
    await Campaign.filter(id=campaign.id).update(time_zone="Asia/Kolkata")  # UTC+05:30
    ann = await customer_id("ann")
    cases = [
        (datetime(2026, 11, 26, 16, 29, tzinfo=UTC), False),  # 21:59 in Kolkata
        (datetime(2026, 11, 26, 16, 30, tzinfo=UTC), True),  # 22:00
        (datetime(2026, 11, 26, 19, 0, tzinfo=UTC), True),  # 00:30, the next day
        (datetime(2026, 11, 26, 20, 29, tzinfo=UTC), True),  # 01:59
        (datetime(2026, 11, 26, 20, 30, tzinfo=UTC), False),  # 02:00
    ]
    for index, (now, earns) in enumerate(cases):
        before = await WalletTransaction.filter(source="REDEMPTION", kind="CREDIT").count()
        _, redemption = await services.redeem(
            request=order(RedeemableRef(campaign_id=await plain_promotion())), idempotency_key=f"n{index}", now=now
        )
        assert redemption is not None
        after = await WalletTransaction.filter(source="REDEMPTION", kind="CREDIT").count()
        assert (after - before == 1) is earns, now
    wallet = await Wallet.get(campaign_id=campaign.id, customer_id=ann)
    assert await assert_ledger_consistent(wallet.id) == 150


async def test_pending_points_are_cancelled_by_a_rollback_within_the_window() -> None:
    campaign = await program(earning_rules=[{"id": "held", "points": 40, "pending_days": 14}])
    ann = await customer_id("ann")
    _, redemption = await services.redeem(
        request=order(RedeemableRef(campaign_id=await plain_promotion())), idempotency_key="p"
    )
    assert redemption is not None
    wallet = await Wallet.get(campaign_id=campaign.id, customer_id=ann)
    assert (wallet.balance, wallet.pending) == (0, 40)
    await redemptions.rollback(redemption_id=redemption.id, reason=None, idempotency_key=None)
    wallet = await Wallet.get(id=wallet.id)
    assert (wallet.balance, wallet.pending) == (0, 0)
    held = await WalletTransaction.get(wallet_id=wallet.id)
    assert held.status == "CANCELLED"
    assert await assert_ledger_consistent(wallet.id) == 0


async def plain_promotion() -> uuid.UUID:
    """An automatic 1.00-off promotion (the order earning points needs something redeemed)."""
    found = await Campaign.get_or_none(name="Plain")
    if found is None:
        found = await live_campaign(
            "Plain",
            code_mode=CodeMode.NO_CODE,
            reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
        )
    return found.id
