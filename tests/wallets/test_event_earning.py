"""Earning from `order_paid` events tracked through the API: amounts, windows, exactly once, refusals."""

from __future__ import annotations

import asyncio
import zoneinfo
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import pytest

from app.campaigns.models import Campaign
from app.core.events import EventBus
from app.core.money import minor_units
from app.core.time import utcnow
from app.customers.models import Customer
from app.events import services as events
from app.events.models import CustomerEvent, EventSource
from app.events.validation import EventDraft
from app.wallets import events as wallet_events
from app.wallets.models import Wallet, WalletProgram, WalletTransaction
from app.wallets.services import WALLET_CHANNEL
from tests.wallets.helpers import assert_ledger_consistent, program

pytestmark = pytest.mark.usefixtures("db")
FIVE_PERCENT = {"id": "five", "trigger": "ORDER_PAID", "percent": "5"}


class RecordingBus(EventBus):
    """A bus that keeps what is published instead of sending it to Redis."""

    def __init__(self) -> None:
        super().__init__(cast(Any, None), "test")
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def publish(self, name: str, payload: dict[str, Any]) -> None:
        self.sent.append((name, payload))


async def earning_program(rules: list[dict[str, Any]] | None = None, **settings: Any) -> Campaign:
    """A live program at 100 points = 1.00 whose rules earn on order_paid (5 % unless told)."""
    time_zone = settings.pop("time_zone", None)
    campaign = await program(
        settings.pop("name", "Points"),
        rate_points=100,
        rate_amount=100,
        earning_rules=rules if rules is not None else [FIVE_PERCENT],
        **settings,
    )
    if time_zone is not None:
        await Campaign.filter(id=campaign.id).update(time_zone=time_zone)
        await campaign.refresh_from_db()
    return campaign


async def paid(
    customer: str = "ann",
    *,
    key: str | None = None,
    at: datetime | None = None,
    bus: EventBus | None = None,
    name: str = "order_paid",
    **properties: Any,
) -> events.Tracked:
    draft = EventDraft(
        name=name,
        source_id=customer,
        occurred_at=at,
        properties={"amount": 123.45, **properties},
        idempotency_key=key,
    )
    return await events.track_event(draft=draft, events=bus)


async def earned(customer: str = "ann") -> list[int]:
    """The points event credits gave the customer, oldest first."""
    found = await Customer.get_or_none(source_id=customer)
    if found is None:
        return []
    wallet_ids = {w.id for w in await Wallet.filter(customer_id=found.id)}
    rows = await WalletTransaction.filter(source="EVENT", kind="CREDIT", wallet_id__in=list(wallet_ids)).order_by("id")
    return [row.points for row in rows]


async def test_five_percent_of_a_123_45_order_earns_617_points_and_announces_the_wallet() -> None:
    campaign = await earning_program()
    bus = RecordingBus()
    tracked = await paid(key="order-1", bus=bus)
    assert tracked.created
    [credit] = await WalletTransaction.filter(source="EVENT")
    assert credit.points == 617  # 6.1725 → 617.25 points, rounded down
    assert credit.idempotency_key == f"event:{tracked.event.id}:{campaign.id}:five"
    assert credit.source_id == str(tracked.event.id)
    wallet = await Wallet.get(id=credit.wallet_id)
    assert wallet.campaign_id == campaign.id
    assert wallet.customer_id == tracked.event.customer_id
    assert await assert_ledger_consistent(wallet.id) == 617
    assert bus.sent == [(WALLET_CHANNEL, {"customer_id": str(wallet.customer_id), "wallet_id": str(wallet.id)})]
    # a decimal string is read the same way; other events earn nothing
    await paid("bob", amount="123.45", key="order-2")
    await paid("bob", name="order_shipped", key="ship-2")
    assert await earned("bob") == [617]


def test_amounts_are_major_units_of_the_programs_currency() -> None:
    assert wallet_events.money(123.45, "EUR") == 12_345
    assert wallet_events.money("123.45", "EUR") == 12_345
    assert wallet_events.money(" 10 ", "EUR") == 1_000
    assert wallet_events.money(1234, "JPY") == 1_234
    assert wallet_events.money("1.234", "KWD") == 1_234
    assert wallet_events.money("0.129", "EUR") == 12  # rounded toward zero to the minor unit
    for bad in (True, None, -1, "-1", "1e5", "12,50", "", [1], float("inf"), 10**16):
        assert wallet_events.money(bad, "EUR") is None, bad
    assert minor_units(Decimal("19.99"), "usd") == 1_999


def local_moment(hour: int, minute: int, time_zone: str) -> datetime:
    """The latest local hour:minute no more than 4 minutes ahead of now (so never late, never refused)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    now = utcnow().astimezone(zone)
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if moment > now + timedelta(minutes=4):
        moment -= timedelta(days=1)
    return moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("local", "earns"),
    [((21, 59), False), ((22, 0), True), ((0, 0), True), ((1, 59), True), ((2, 0), False), ((12, 0), False)],
)
async def test_an_off_peak_window_across_midnight_is_judged_at_occurred_at_in_the_programs_zone(
    local: tuple[int, int], earns: bool
) -> None:
    window = {"id": "night", "kind": "TIME_WINDOW", "from_hour": 22, "to_hour": 2}
    await earning_program(
        [{"id": "off-peak", "trigger": "ORDER_PAID", "points": 50, "conditions": [window]}],
        time_zone="Asia/Kolkata",
    )
    at = local_moment(*local, "Asia/Kolkata")
    await paid(at=at, key="order")
    assert await earned() == ([50] if earns else []), at


async def test_a_retried_event_track_credits_once() -> None:
    await earning_program()
    first = await paid(key="order-1")
    again = await paid(key="order-1")
    assert (first.created, again.created) == (True, False)
    assert again.event.id == first.event.id
    assert await earned() == [617]


async def test_a_retry_completes_the_credit_a_crash_after_storing_the_event_missed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await earning_program()
    real = wallet_events.earn_from_paid_orders

    async def crash(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionResetError("the process died after storing the event")

    monkeypatch.setattr(wallet_events, "earn_from_paid_orders", crash)
    with pytest.raises(ConnectionResetError):
        await paid(key="order-1")
    assert await CustomerEvent.filter(idempotency_key="order-1").count() == 1
    assert await earned() == []
    monkeypatch.setattr(wallet_events, "earn_from_paid_orders", real)
    retry = await paid(key="order-1")
    assert not retry.created
    assert await earned() == [617]
    await paid(key="order-1")
    assert await earned() == [617]


async def test_20_concurrent_retries_credit_once() -> None:
    campaign = await earning_program(
        [FIVE_PERCENT, {"id": "flat", "trigger": "ORDER_PAID", "points": 10}], points_budget=10_000
    )
    results = await asyncio.gather(*(paid(key="order-1") for _ in range(20)))
    assert sum(result.created for result in results) == 1
    assert len({result.event.id for result in results}) == 1
    assert sorted(await earned()) == [10, 617]
    wallet = await Wallet.get(campaign_id=campaign.id)
    assert await assert_ledger_consistent(wallet.id) == 627
    assert (await WalletProgram.get(campaign_id=campaign.id)).credited == 627  # losers gave their take back


async def test_imported_order_paid_events_never_earn() -> None:
    await earning_program()
    drafts = [EventDraft(name="order_paid", source_id="ann", properties={"amount": 123.45}, idempotency_key="imp")]
    [stored] = await events.store_batch(drafts, now=utcnow(), prefix=lambda i: "", source=EventSource.IMPORT)
    assert isinstance(stored, events.Tracked)
    # tracked through the API with the imported event's key: the stored (imported) event answers, and earns nothing
    retry = await paid(key="imp")
    assert not retry.created
    assert retry.event.source is EventSource.IMPORT
    assert await earned() == []


async def test_an_event_received_more_than_24_hours_after_it_happened_does_not_earn() -> None:
    await earning_program()
    await paid(at=utcnow() - wallet_events.LATENESS - timedelta(minutes=1), key="late")
    assert await earned() == []
    await paid(at=utcnow() - wallet_events.LATENESS + timedelta(minutes=1), key="on-time")
    assert await earned() == [617]


async def test_a_currency_other_than_the_programs_does_not_earn() -> None:
    await earning_program()
    await paid(currency="USD", key="usd")
    await paid(currency=12, key="not-a-code")
    assert await earned() == []
    await paid(currency="eur", key="eur")
    assert await earned() == [617]


async def test_past_the_budget_nothing_is_credited_and_the_event_is_stored() -> None:
    campaign = await earning_program(points_budget=600)
    bus = RecordingBus()
    tracked = await paid(key="order-1", bus=bus)
    assert tracked.created
    assert await CustomerEvent.filter(id=tracked.event.id).exists()
    assert await earned() == []
    assert not await Wallet.filter(campaign_id=campaign.id).exists()
    assert [payload["kind"] for _, payload in bus.sent] == ["EXHAUSTED"]  # the inventory alert, once
    assert (await WalletProgram.get(campaign_id=campaign.id)).credited == 0


async def test_conditions_see_the_amount_and_the_items_of_the_event() -> None:
    shoes = {"id": "shoes", "kind": "ITEMS", "category_ids": ["shoes"]}
    minimum = {"id": "min", "kind": "MIN_ORDER_AMOUNT", "amount": 10_000}
    await earning_program(
        [
            {"id": "shoes", "trigger": "ORDER_PAID", "points": 30, "conditions": [shoes]},
            {"id": "big", "trigger": "ORDER_PAID", "points": 20, "conditions": [minimum]},
            {"id": "redeem", "points": 999},  # REDEMPTION rules never earn on events
        ]
    )
    line = {"product_id": "p1", "sku": "SKU-1", "category_ids": ["shoes"], "quantity": 2, "unit_price": "40.00"}
    await paid("ann", amount=80, items=[line], key="a")
    await paid("bob", amount=80, items=[{**line, "quantity": "two"}], key="b")  # malformed: no items
    await paid("cyd", amount=100, items=[{**line, "category_ids": ["hats"]}], key="c")
    assert (await earned("ann"), await earned("bob"), await earned("cyd")) == ([30], [], [20])


async def test_events_without_a_usable_amount_or_in_a_paused_program_earn_nothing() -> None:
    await earning_program()
    await paid(amount=None, key="none")
    await paid(amount="12 EUR", key="text")
    await paid(amount=-5, key="negative")
    assert await earned() == []
    paused = await earning_program(name="Paused")
    await Campaign.filter(id=paused.id).update(status="PAUSED")
    await paid(key="ok")
    assert await earned() == [617]  # the live program only


async def test_a_batch_without_order_paid_runs_no_earning_and_a_mixed_batch_asks_for_programs_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await earning_program()
    asked = 0
    real = wallet_events.earning_programs

    async def counting() -> Any:
        nonlocal asked
        asked += 1
        return await real()

    monkeypatch.setattr(wallet_events, "earning_programs", counting)
    opened = [EventDraft(name="app_open", source_id=f"c{i}", idempotency_key=f"open-{i}") for i in range(50)]
    await events.track_events(drafts=opened)
    assert asked == 0
    orders = [
        EventDraft(name="order_paid", source_id=f"c{i}", properties={"amount": 123.45}, idempotency_key=f"o-{i}")
        for i in range(5)
    ]
    outcomes = await events.track_events(drafts=[*opened[:3], *orders])
    assert asked == 1
    assert all(isinstance(outcome, events.Tracked) for outcome in outcomes)
    assert [row.points for row in await WalletTransaction.filter(source="EVENT")] == [617] * 5
    await events.track_events(drafts=orders)  # the whole batch retried: nothing more
    assert await WalletTransaction.filter(source="EVENT").count() == 5
