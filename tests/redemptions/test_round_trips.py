"""Round trips to PostgreSQL per validate and per redeem in steady state (the hot path's budget: 3 each)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import asyncpg
import pytest

from app.campaigns.models import Campaign, CodeMode
from app.campaigns.validation import Discount, DiscountType, Reward
from app.core.time import utcnow
from app.redemptions import services
from app.redemptions.models import Counter, Redemption, RedemptionLine
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from tests.codes.test_publication import live_campaign

pytestmark = pytest.mark.usefixtures("db")

# Every way asyncpg sends a statement; each call is one exchange with the server.
SENDING = ("execute", "executemany", "fetch", "fetchrow", "fetchval", "fetchmany", "_execute")
LIMIT = 1_000_000
ITEMS = [
    OrderItem("tshirt", None, ("apparel",), 2, 1999),
    OrderItem("jeans", None, ("apparel",), 1, 5999),
    OrderItem("mug", None, ("home",), 3, 899),
]


@contextlib.contextmanager
def counting() -> Iterator[list[str]]:
    """The statements every asyncpg connection sends while the block runs (BEGIN/COMMIT included)."""
    sent: list[str] = []
    originals = {name: getattr(asyncpg.connection.Connection, name) for name in SENDING}
    depth = 0

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(self: asyncpg.connection.Connection, *args: Any, **kwargs: Any) -> Any:
            nonlocal depth
            if depth == 0:  # fetch calls _execute: one exchange, counted once
                sent.append(str(args[0]) if args else "?")
            depth += 1
            try:
                return await method(self, *args, **kwargs)
            finally:
                depth -= 1

        return counted

    for name, method in originals.items():
        setattr(asyncpg.connection.Connection, name, wrap(method))
    try:
        yield sent
    finally:
        for name, method in originals.items():
            setattr(asyncpg.connection.Connection, name, method)


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


async def test_validate_and_redeem_take_at_most_three_round_trips_each() -> None:
    refs = await benchmark_stack()
    await services.redeem(request=order(refs), idempotency_key="warm")  # creates the customer, warms caches
    await services.validate(order(refs), utcnow())
    with counting() as sent:
        evaluation, _ = await services.validate(order(refs), utcnow())
    assert [o.status.value for o in evaluation.outcomes] == ["APPLICABLE"] * 3
    assert len(sent) <= 3, sent
    with counting() as sent:
        redeemed, redemption = await services.redeem(request=order(refs), idempotency_key="counted")
    assert redemption is not None
    assert len(sent) <= 3, sent
    assert redeemed.discount == evaluation.discount
    assert await RedemptionLine.filter(redemption_id=redemption.id).count() == 3
    stored = await Redemption.get(id=redemption.id)
    assert stored.moves == redemption.moves
    assert len(stored.moves) == 2 + 6  # two codes' uses, six counters (one per counted rule)
    campaign = await Campaign.get(name="SAVE10")
    assert (await Counter.get(name__startswith=f"rule:{campaign.id}:camp:")).used == 2
