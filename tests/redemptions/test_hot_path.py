"""The hot path's one write statement: a refusal anywhere writes nothing, and the ORM path answers."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest
from tortoise import connections

from app.campaigns import cache as campaign_cache
from app.campaigns.models import Campaign
from app.campaigns.validation import Discount, DiscountType, Reward
from app.codes.models import Code
from app.core.time import utcnow
from app.customers.services import CustomerFields
from app.redemptions import services
from app.redemptions.engine import Status
from app.redemptions.models import Counter, Redemption, RedemptionLine
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from tests.codes.test_publication import live_campaign
from tests.redemptions.statements import counting

pytestmark = pytest.mark.usefixtures("db")
ITEMS = [OrderItem("shirt", None, ("apparel",), 2, 2500)]


def order(*codes: str, customer: str = "ann") -> OrderRequest:
    refs = [RedeemableRef(code=code) for code in codes]
    return OrderRequest(currency="EUR", items=list(ITEMS), redeemables=refs, customer_source_id=customer)


async def test_a_counter_refusal_after_a_code_moved_keeps_neither() -> None:
    off = Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100))
    await live_campaign("Open", code="OPEN", reward=off)
    await live_campaign(
        "Once",
        code="ONCE",
        reward=off,
        validation_rules=[{"id": "per", "kind": "CUSTOMER_REDEMPTIONS", "limit": 1, "period": "TOTAL"}],
    )
    _, first = await services.redeem(request=order("ONCE"), idempotency_key="first")  # creates ann, uses her one
    assert first is not None
    # The hot path reads no counters: its write moves OPEN's code row, then refuses ONCE's counter, and
    # the whole statement is undone; the ORM path then applies OPEN alone.
    with counting() as sent:
        evaluation, second = await services.redeem(request=order("OPEN", "ONCE"), idempotency_key="second")
    assert sum(1 for sql in sent if "WITH fresh AS" in sql) == 1  # the hot write ran, and refused
    assert second is not None
    assert [(o.status, o.reason) for o in evaluation.outcomes] == [
        (Status.APPLICABLE, None),
        (Status.INAPPLICABLE, "CUSTOMER_LIMIT_REACHED"),
    ]
    assert (await Code.get(code="OPEN")).redeemed_count == 1
    assert (await Code.get(code="ONCE")).redeemed_count == 1
    assert await Redemption.all().count() == 2
    assert await RedemptionLine.filter(redemption_id=second.id).count() == 1
    assert [c.used for c in await Counter.filter(name__contains=":per:")] == [1]


async def test_a_campaign_changed_behind_the_cache_is_judged_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(campaign_cache.campaign_cache, "check_seconds", 3600.0)  # no periodic check
    await live_campaign("Ten", code="TEN", reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)))
    evaluation, _ = await services.validate(order("TEN"), now=utcnow())
    assert evaluation.outcomes[0].status is Status.APPLICABLE
    _, warm = await services.redeem(request=order("TEN"), idempotency_key="warm")  # creates ann; TEN is cached
    assert warm is not None
    # Paused by another process whose notice never came: the cache still says ACTIVE.
    await connections.get("default").execute_query(
        "UPDATE campaign SET status = 'PAUSED', version = version + 1 WHERE name = 'Ten'"
    )
    cached = await campaign_cache.campaigns_by_id([(await Campaign.get(name="Ten")).id])
    assert [c.status.value for c in cached.values()] == ["ACTIVE"]
    evaluation, redemption = await services.redeem(request=order("TEN"), idempotency_key="late")
    assert redemption is None
    assert (evaluation.outcomes[0].status, evaluation.outcomes[0].reason) == (
        Status.INAPPLICABLE,
        "CAMPAIGN_NOT_ACTIVE",
    )
    assert (await Code.get(code="TEN")).redeemed_count == 1
    assert await Redemption.all().count() == 1


async def test_a_request_holds_one_connection_even_with_a_cold_cache_on_a_full_pool() -> None:
    """All free connections but one are taken: each request must finish on that one, loading the campaigns it
    lacks on it too (a second acquire while holding one would wait for ever)."""
    await live_campaign("Ten", code="TEN", reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)))
    _, first = await services.redeem(request=order("TEN"), idempotency_key="first")  # creates ann
    assert first is not None
    pool = connections.get("default")._pool
    async with contextlib.AsyncExitStack() as held:
        # Take every free connection (others of the session may hold some), then give one back.
        taken = []
        while True:
            try:
                taken.append(await asyncio.wait_for(pool.acquire(), 0.5))
            except TimeoutError:
                break
        await pool.release(taken.pop())
        for connection in taken:
            held.push_async_callback(pool.release, connection)
        for index in range(3):
            campaign_cache.campaign_cache.forget_all()  # each request loads the campaign on its connection
            with counting() as sent:
                # A bound only so that a deadlock fails the test instead of hanging the suite.
                evaluation, _ = await asyncio.wait_for(services.validate(order("TEN"), now=utcnow()), 30)
                _, redemption = await asyncio.wait_for(
                    services.redeem(request=order("TEN"), idempotency_key=f"full-{index}"), 30
                )
            assert evaluation.outcomes[0].status is Status.APPLICABLE
            assert redemption is not None
            assert sum(1 for sql in sent if "WITH fresh AS" in sql) == 1  # the hot path served it
    assert (await Code.get(code="TEN")).redeemed_count == 4


async def test_a_request_holding_a_connection_never_waits_for_a_load_that_needs_one() -> None:
    """A caller without a connection (the ORM path) starts loading a campaign and waits for a pooled
    connection; the hot path's request holds the last one: it must load the campaign itself, not wait for
    that load (which waits for the connection it holds: a deadlock, seen in a two-process race)."""
    campaign = await live_campaign(
        "Ten", code="TEN", reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10))
    )
    _, first = await services.redeem(request=order("TEN"), idempotency_key="first")  # creates ann
    assert first is not None
    pool = connections.get("default")._pool
    cache = campaign_cache.campaign_cache
    async with contextlib.AsyncExitStack() as held:
        taken = []
        while True:  # every free connection (others of the session may hold some)
            try:
                taken.append(await asyncio.wait_for(pool.acquire(), 0.5))
            except TimeoutError:
                break
        last = taken.pop()
        for connection in taken:
            held.push_async_callback(pool.release, connection)
        cache.forget_all()
        cache._checked_at = time.monotonic()  # no version check due: the load is what is tested
        stalled = asyncio.create_task(cache.entries([campaign.id]))  # waits for a pooled connection
        await asyncio.sleep(0.05)
        assert campaign.id in cache._loading
        found = await asyncio.wait_for(cache.entries([campaign.id], connection=last), 5)
        assert campaign.id in found
        await pool.release(last)
        assert campaign.id in await asyncio.wait_for(stalled, 5)  # and the stalled one finishes once it is free


async def test_validate_ignores_malformed_customer_fields_as_it_always_did() -> None:
    await live_campaign("Ten", code="TEN", reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)))
    request = order("TEN")
    request.customer_fields = CustomerFields(email="not an address")
    evaluation, _ = await services.validate(request, now=utcnow())
    assert evaluation.outcomes[0].status is Status.APPLICABLE
