"""Live-action triggers against the real database, through real ingestion and the evaluator/sweeper.

Events are stored with `eventTrack`'s service; `work_once` is what each worker's loop runs. Inaction
windows are laid out with `occurredAt` in the recent past (within the lateness bound) so deadlines fall
before the sweep; campaigns are made ACTIVE "two hours ago" by dating their activation back, since only
events that happen while a campaign is ACTIVE count.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tortoise import connections

from app.access.scope import UNRESTRICTED
from app.campaigns import lifecycle
from app.campaigns.models import Campaign, CampaignKind, CodeMode, Targeting
from app.campaigns.validation import Discount, DiscountType, Reward
from app.core.time import utcnow
from app.events import services as events
from app.events.validation import EventDraft
from app.settings import get_settings
from app.triggers import services as triggers
from app.triggers.models import TriggerReward, TriggerTimer
from app.triggers.tasks import work_once
from app.wallets.models import Wallet
from app.wallets.programs import ProgramChanges, update_program
from tests.codes.test_publication import live_campaign, series_with

pytestmark = pytest.mark.usefixtures("db")
KOLKATA = ZoneInfo("Asia/Kolkata")


async def points_campaign(name: str, trigger: dict[str, Any], **extra: Any) -> Campaign:
    campaign = await live_campaign(
        name,
        kind=CampaignKind.WALLET_POINTS,
        code_mode=CodeMode.NO_CODE,
        targeting=Targeting.LIVE_ACTION,
        reward=Reward(points=100),
        **extra,
    )
    await update_program(campaign=campaign, changes=ProgramChanges(rate_points=100, rate_amount=100))
    return await armed(campaign, trigger)


async def coupon_campaign(name: str, trigger: dict[str, Any]) -> Campaign:
    campaign = await live_campaign(
        name,
        code_mode=CodeMode.UNIQUE_CODES,
        code_series_id=await series_with(50),
        targeting=Targeting.LIVE_ACTION,
        reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10)),
    )
    return await armed(campaign, trigger)


async def armed(campaign: Campaign, trigger: dict[str, Any]) -> Campaign:
    await triggers.set_trigger(scope=UNRESTRICTED, campaign_id=campaign.id, definition=trigger, events=None)
    await connections.get("default").execute_query_dict(
        "UPDATE campaign_history SET created_at = now() - interval '2 hours' WHERE campaign_id = $1", [campaign.id]
    )
    return campaign


async def track(
    name: str, customer: str = "ann", at: datetime | None = None, key: str | None = None, **props: Any
) -> None:
    draft = EventDraft(name=name, source_id=customer, occurred_at=at, properties=props, idempotency_key=key)
    await events.track_event(draft=draft)


async def rewards(campaign: Campaign) -> list[TriggerReward]:
    return list(await TriggerReward.filter(campaign_id=campaign.id, status="REWARDED").order_by("id"))


async def balance(campaign: Campaign, customer: str = "ann") -> int:
    rows = await connections.get("default").execute_query_dict(
        "SELECT w.balance FROM wallet w JOIN customer c ON c.id = w.customer_id WHERE w.campaign_id = $1 "
        "AND c.source_id = $2",
        [campaign.id, customer],
    )
    return int(rows[0]["balance"]) if rows else 0


async def test_deposit_of_at_least_100_earns_100_points_once() -> None:
    campaign = await points_campaign(
        "Deposit",
        {
            "kind": "ACTION",
            "event": {"name": "deposit", "where": [{"property": "amount", "op": "GTE", "value": 100}]},
            "points": {"fixed": 100},
        },
    )
    await track("deposit", amount=99.99)
    await track("deposit", amount=100)
    await track("deposit", amount=250)
    await work_once(None)
    assert len(await rewards(campaign)) == 1  # once per customer by default
    assert await balance(campaign) == 100
    stats = await triggers.stats(campaign.id)
    assert stats is not None
    assert (stats.evaluated, stats.matched, stats.rewarded, stats.capped) == (3, 2, 1, 1)


async def test_first_upi_transaction_ever_earns_100_points() -> None:
    await track("upi_txn", customer="old", at=utcnow() - timedelta(days=3))  # before the campaign: history
    campaign = await points_campaign(
        "UPI",
        {
            "kind": "ACTION",
            "event": {"name": "upi_txn"},
            "occurrence": {"first": True},
            "points": {"fixed": 100},
            "cap": {"limit": 10},
        },
    )
    await track("upi_txn", customer="old")
    await track("upi_txn", customer="new")
    await track("upi_txn", customer="new")
    await work_once(None)
    assert [await balance(campaign, c) for c in ("old", "new")] == [0, 100]


async def test_off_peak_in_kolkata_earns_5_percent_cashback(monkeypatch: pytest.MonkeyPatch) -> None:
    campaign = await points_campaign(
        "Off-peak",
        {
            "kind": "ACTION",
            "event": {"name": "order_paid"},
            "time_window": {"from_hour": 14, "to_hour": 17},
            "points": {"percent": 5, "property": "amount"},
            "cap": {"limit": 100},
        },
        time_zone="Asia/Kolkata",
    )
    # Yesterday afternoon in Kolkata whatever the hour of the run: back-filled orders, within a lateness
    # bound raised to three days, for a program ACTIVE for three days.
    monkeypatch.setattr(get_settings(), "live_action_lateness_seconds", 3 * 86_400)
    await connections.get("default").execute_query_dict(
        "UPDATE campaign_history SET created_at = now() - interval '3 days' WHERE campaign_id = $1", [campaign.id]
    )
    day = (utcnow() - timedelta(days=1)).astimezone(KOLKATA).date()
    for customer, hour, minute in (("in", 14, 0), ("last", 16, 59), ("early", 13, 59), ("late", 17, 0)):
        await track(
            "order_paid", customer=customer, at=datetime.combine(day, time(hour, minute), KOLKATA), amount=123.45
        )
    await work_once(None)
    assert [await balance(campaign, c) for c in ("in", "last", "early", "late")] == [617, 617, 0, 0]


async def test_events_older_than_the_lateness_bound_trigger_nothing() -> None:
    campaign = await points_campaign(
        "Late", {"kind": "ACTION", "event": {"name": "deposit"}, "points": {"fixed": 10}, "cap": {"limit": 50}}
    )
    bound = timedelta(seconds=get_settings().live_action_lateness_seconds)
    await track("deposit", at=utcnow() - bound - timedelta(minutes=1))
    await track("deposit", customer="bob", at=utcnow() - bound + timedelta(minutes=1))
    await work_once(None)
    assert [await balance(campaign, c) for c in ("ann", "bob")] == [0, 10]


async def test_the_third_order_within_30_days_earns_a_partner_voucher() -> None:
    campaign = await coupon_campaign(
        "Streak",
        {
            "kind": "ACTION",
            "event": {"name": "order_paid"},
            "occurrence": {"nth": 3, "within": {"amount": 30, "unit": "DAYS"}},
        },
    )
    for minutes in (50, 40, 30, 20):
        await track("order_paid", at=utcnow() - timedelta(minutes=minutes))
    await work_once(None)
    [reward] = await rewards(campaign)
    assert reward.code_id is not None


async def test_cart_abandoned_no_order_within_the_window_gets_a_coupon_at_the_deadline_only() -> None:
    campaign = await coupon_campaign(
        "Cart",
        {
            "kind": "INACTION",
            "event": {"name": "added_to_cart"},
            "awaited": {"name": "order_paid"},
            "within": {"amount": 10, "unit": "MINUTES"},
        },
    )
    start = utcnow() - timedelta(minutes=30)
    await track("added_to_cart", customer="late", at=start)
    await track("order_paid", customer="late", at=start + timedelta(minutes=10, milliseconds=1))
    await track("added_to_cart", customer="paid", at=start)
    await track("order_paid", customer="paid", at=start + timedelta(minutes=10) - timedelta(milliseconds=1))
    await track("added_to_cart", customer="pending", at=utcnow() - timedelta(minutes=1))
    await work_once(None)
    rewarded = await rewards(campaign)
    customers = await connections.get("default").execute_query_dict(
        "SELECT c.source_id FROM trigger_reward r JOIN customer c ON c.id = r.customer_id WHERE r.campaign_id = $1",
        [campaign.id],
    )
    assert [row["source_id"] for row in customers] == ["late"]
    assert len(rewarded) == 1
    statuses = sorted(t.status.value for t in await TriggerTimer.filter(campaign_id=campaign.id))
    assert statuses == ["CANCELLED", "FIRED", "PENDING"]  # paid in time; late; still inside its window


async def test_lapse_no_app_open_for_the_window_after_the_last_one() -> None:
    campaign = await coupon_campaign(
        "Lapse", {"kind": "INACTION", "event": {"name": "app_open"}, "within": {"amount": 15, "unit": "MINUTES"}}
    )
    await track("app_open", customer="gone", at=utcnow() - timedelta(minutes=40))
    await track("app_open", customer="gone", at=utcnow() - timedelta(minutes=30))  # the last one: due 15 min ago
    await track("app_open", customer="back", at=utcnow() - timedelta(minutes=40))
    await track("app_open", customer="back", at=utcnow() - timedelta(minutes=5))
    await work_once(None)
    customers = await connections.get("default").execute_query_dict(
        "SELECT c.source_id FROM trigger_reward r JOIN customer c ON c.id = r.customer_id WHERE r.campaign_id = $1",
        [campaign.id],
    )
    assert [row["source_id"] for row in customers] == ["gone"]


async def test_twenty_concurrent_retries_reward_once_and_imports_or_late_events_never() -> None:
    campaign = await points_campaign(
        "Retry", {"kind": "ACTION", "event": {"name": "deposit"}, "points": {"fixed": 10}, "cap": {"limit": 50}}
    )
    await asyncio.gather(*(track("deposit", key="same") for _ in range(20)))
    await track("deposit", at=utcnow() - timedelta(hours=2))  # older than the lateness bound
    from app.events.importing import EventSource  # noqa: F401  (imports are stored with source IMPORT)

    await connections.get("default").execute_query_dict(
        "INSERT INTO customer_event (customer_id, name, occurred_at, properties, source) "
        "SELECT id, 'deposit', now(), '{}'::jsonb, 'IMPORT' FROM customer WHERE source_id = 'ann'"
    )
    await asyncio.gather(work_once(None), work_once(None))
    assert len(await rewards(campaign)) == 1
    assert await balance(campaign) == 10


async def test_a_paused_campaign_counts_no_events_and_misses_deadlines_that_fell_in_the_pause() -> None:
    campaign = await coupon_campaign(
        "Paused",
        {
            "kind": "INACTION",
            "event": {"name": "added_to_cart"},
            "awaited": {"name": "order_paid"},
            "within": {"amount": 1, "unit": "SECONDS"},
        },
    )
    await track("added_to_cart", at=utcnow() - timedelta(seconds=3))
    await lifecycle.pause(campaign_id=campaign.id, actor=None, events=None)
    await work_once(None)  # paused: the event counts for nothing, no timer starts
    assert await TriggerTimer.filter(campaign_id=campaign.id).count() == 0
    await lifecycle.resume(campaign_id=campaign.id, actor=None, events=None)
    await track("added_to_cart", customer="bob")
    await asyncio.sleep(1.2)
    await work_once(None)
    assert len(await rewards(campaign)) == 1  # bob's window ended after the resume


async def test_bad_triggers_are_refused_with_their_field() -> None:
    from app.core.errors import InvalidInput

    campaign = await live_campaign("Trig", targeting=Targeting.LIVE_ACTION)
    for definition, field in (
        ({"kind": "SOMETIMES"}, "trigger.kind"),
        ({"kind": "ACTION", "event": {"name": ""}}, "trigger.event.name"),
        (
            {"kind": "ACTION", "event": {"name": "x", "where": [{"property": "a", "op": "GT", "value": True}]}},
            "trigger.event.where.0.op",
        ),
        ({"kind": "INACTION", "event": {"name": "x"}}, "trigger.within"),
        (
            {
                "kind": "ACTION",
                "event": {"name": "x"},
                "occurrence": {"nth": 0, "within": {"amount": 1, "unit": "DAYS"}},
            },
            "trigger.occurrence.nth",
        ),
        (
            {"kind": "ACTION", "event": {"name": "x"}, "time_window": {"from_hour": 25, "to_hour": 2}},
            "trigger.time_window.from_hour",
        ),
    ):
        with pytest.raises(InvalidInput) as refused:
            await triggers.set_trigger(scope=UNRESTRICTED, campaign_id=campaign.id, definition=definition, events=None)
        assert refused.value.field == field, (definition, refused.value.field)
    plain = await live_campaign("Plain")
    with pytest.raises(InvalidInput):
        await triggers.set_trigger(
            scope=UNRESTRICTED, campaign_id=plain.id, definition={"kind": "ACTION", "event": {"name": "x"}}, events=None
        )
    assert await Wallet.all().count() == 0
