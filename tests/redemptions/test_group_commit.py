"""Group commit: concurrent hot-path redemptions of one process share a statement, and lose nothing to it."""

from __future__ import annotations

import asyncio
import contextvars
import time

import pytest
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.campaigns.models import CodeMode
from app.campaigns.validation import Discount, DiscountType, Reward
from app.codes.models import Code
from app.core.metrics import REGISTRY
from app.customers.models import Customer
from app.redemptions import services
from app.redemptions.engine import Evaluation
from app.redemptions.group import group_commit
from app.redemptions.models import Counter, Redemption, RedemptionLine
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from app.webhooks import services as webhooks
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookEventType
from tests.codes.test_publication import live_campaign

pytestmark = pytest.mark.usefixtures("db")
OFF = Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100))


def order(code: str, customer: str, *also: RedeemableRef) -> OrderRequest:
    items = [OrderItem("shirt", None, ("apparel",), 2, 2500)]
    refs = [RedeemableRef(code=code), *also]
    return OrderRequest(currency="EUR", items=items, redeemables=refs, customer_source_id=customer)


def metric(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


async def customers(count: int) -> list[str]:
    source_ids = [f"c{index}" for index in range(count)]
    await Customer.bulk_create([Customer(source_id=source_id) for source_id in source_ids])
    return source_ids


async def redeemed(code: str, customer: str, *also: RedeemableRef) -> tuple[Evaluation, Redemption | None]:
    return await services.redeem(request=order(code, customer, *also), idempotency_key=f"{code}-{customer}")


async def test_concurrent_redemptions_share_statements_and_every_counter_moves_once_each() -> None:
    rules = [
        {"id": "camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": 1_000},
        {"id": "per", "kind": "CUSTOMER_REDEMPTIONS", "limit": 1, "period": "TOTAL"},
        {"id": "budget", "kind": "CAMPAIGN_DISCOUNT_BUDGET", "limit": 1_000_000},
    ]
    await live_campaign("Many", code="MANY", reward=OFF, validation_rules=rules)
    automatic = await live_campaign("Auto", code_mode=CodeMode.NO_CODE, reward=OFF)  # lines without a code
    await webhooks.create_endpoint(
        spec=webhooks.EndpointSpec(
            url="https://hooks.example.com/r", event_types=[WebhookEventType.REDEMPTION_SUCCEEDED]
        )
    )
    buyers = await customers(80)
    batches_before = metric("promo_redemption_batch_size_count")
    redone_before = metric("promo_redemption_batches_redone_total")
    results = await asyncio.gather(
        *(redeemed("MANY", buyer, RedeemableRef(campaign_id=automatic.id)) for buyer in buyers)
    )
    assert all(redemption is not None for _, redemption in results)
    assert metric("promo_redemption_batch_size_count") > batches_before  # some were taken together
    assert metric("promo_redemption_batches_redone_total") == redone_before  # no batch was refused
    # Each redemption is whole, and each counter moved by exactly one per redemption.
    assert await Redemption.all().count() == 80
    assert await RedemptionLine.filter(code_id=None).count() == 80
    assert await RedemptionLine.filter(code_id__not_isnull=True).count() == 80
    assert (await Code.get(code="MANY")).redeemed_count == 80
    counts = {counter.name: counter.used for counter in await Counter.all()}
    assert [value for name, value in counts.items() if ":camp" in name] == [80]
    assert [value for name, value in counts.items() if ":budget" in name] == [8_000]
    assert sorted(value for name, value in counts.items() if ":per" in name) == [1] * 80
    # One event and one delivery per redemption, each naming its own.
    events = await WebhookEvent.filter(type="redemption.succeeded")
    assert sorted(event.payload["redemption_id"] for event in events) == sorted(
        str(redemption.id) for _, redemption in results if redemption is not None
    )
    assert await WebhookDelivery.all().count() == 80
    # The same customer again: the per-customer counter refuses, whichever path answers.
    evaluation, again = await redeemed("MANY", f"{buyers[0]}")
    assert again is not None  # the same key: the earlier redemption is the answer
    evaluation, twice = await services.redeem(request=order("MANY", buyers[0]), idempotency_key="another")
    assert twice is None
    assert evaluation.outcomes[0].reason == "CUSTOMER_LIMIT_REACHED"


async def wait_until(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.01)


async def queued(count: int) -> bool:
    return len(group_commit._queue) == count


async def activity() -> BaseDBAsyncClient:
    """A connection to read pg_stat_activity on (inside a transaction it is read once, then kept: cleared)."""
    connection = connections.get("default")
    await connection.execute_query("SELECT pg_stat_clear_snapshot()")
    return connection


async def lock_waiters(count: int) -> bool:
    rows = await (await activity()).execute_query_dict(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return bool(rows[0]["n"] >= count)


async def test_a_refused_batch_is_redone_one_by_one_and_a_cancelled_waiter_is_never_written() -> None:
    await live_campaign("Two", code="TWO", redemptions_per_code=2, reward=OFF)
    lead, first, cancelled, last = await customers(4)
    await redeemed("TWO", "nobody-yet")  # a new customer: the ORM path, which warms the campaign cache
    code = await Code.get(code="TWO")
    assert code.redeemed_count == 1
    await Code.filter(id=code.id).update(redeemed_count=0)
    await Redemption.all().delete()
    redone_before = metric("promo_redemption_batches_redone_total")
    batches_before = metric("promo_redemption_batch_size_count")

    async def blocked() -> bool:
        rows = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(rows[0]["n"])

    outside = contextvars.copy_context()  # the redemptions run outside the holder's transaction

    async with in_transaction() as holder:
        await holder.execute_query("SELECT id FROM code WHERE id = $1 FOR UPDATE", [code.id])
        leading = asyncio.create_task(redeemed("TWO", lead), context=outside)
        await wait_until(lambda: lock_waiters(1))  # the leader's statement waits for the code row
        waiting = [
            asyncio.create_task(redeemed("TWO", buyer), context=outside.copy()) for buyer in (first, cancelled, last)
        ]
        await wait_until(lambda: queued(3))
        waiting[1].cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting[1]
        assert len(group_commit._queue) == 2
    # The leader writes alone; the two left are one batch that needs three uses of two: it is refused and
    # redone one by one, so one of them is written and the other refused with the reason the ORM path gives.
    _, leader_redemption = await leading
    assert leader_redemption is not None
    outcomes = [await task for task in (waiting[0], waiting[2])]
    assert sorted(redemption is None for _, redemption in outcomes) == [False, True]
    [refused] = [evaluation for evaluation, redemption in outcomes if redemption is None]
    assert refused.outcomes[0].reason == "CODE_QUANTITY_REACHED"
    assert metric("promo_redemption_batch_size_count") == batches_before + 1
    assert metric("promo_redemption_batches_redone_total") == redone_before + 1
    assert (await Code.get(id=code.id)).redeemed_count == 2
    assert await Redemption.all().count() == 2
    assert not await Redemption.filter(idempotency_key=f"TWO-{cancelled}").exists()
    assert not group_commit._queue
    assert not group_commit._leading


async def test_a_write_no_leader_takes_in_time_writes_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A leader waiting on a lock does not hold up the process's redemptions of other codes."""
    monkeypatch.setattr(group_commit, "patience_seconds", 0.05)
    await live_campaign("Held", code="HELD", reward=OFF)
    await live_campaign("Free", code="FREE", reward=OFF)
    stuck, free = await customers(2)
    await redeemed("HELD", "first-one")  # the ORM path (a new customer) warms the cache
    await redeemed("FREE", "first-two")
    held = await Code.get(code="HELD")
    outside = contextvars.copy_context()

    async with in_transaction() as holder:
        await holder.execute_query("SELECT id FROM code WHERE id = $1 FOR UPDATE", [held.id])
        leading = asyncio.create_task(redeemed("HELD", stuck), context=outside)
        await wait_until(lambda: lock_waiters(1))
        _, written = await asyncio.wait_for(asyncio.create_task(redeemed("FREE", free), context=outside.copy()), 5)
        assert written is not None  # written while the leader still waits
        assert not leading.done()
    _, lead_written = await leading
    assert lead_written is not None
    assert (await Code.get(code="FREE")).redeemed_count == 2
    assert (await Code.get(code="HELD")).redeemed_count == 2


async def write_waiting(other_than: int = 0) -> int | None:
    """The backend of a write statement waiting for a lock (pg_stat_activity keeps only a statement's start)."""
    rows = await (await activity()).execute_query_dict(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
        "AND query LIKE '%WITH fresh AS%' AND pid <> $1",
        [other_than],
    )
    return rows[0]["pid"] if rows else None


async def test_postgresql_ending_a_batch_connection_loses_no_redemption_and_writes_none_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The leader's connection is terminated while its batch waits for a row lock: the batch kept nothing, so
    the others write alone; the leader's own request fails; nothing is written twice or half."""
    monkeypatch.setattr(group_commit, "patience_seconds", 30.0)
    await live_campaign("Kill", code="KILL", reward=OFF)
    first, leader, *others = await customers(4)  # `leader` is one of three that queue; any may lead
    await redeemed("KILL", "warm-up")  # a new customer: the ORM path, which warms the cache
    code = await Code.get(code="KILL")
    outside = contextvars.copy_context()

    async with in_transaction() as holder:
        await holder.execute_query("SELECT id FROM code WHERE id = $1 FOR UPDATE", [code.id])
        alone = asyncio.create_task(redeemed("KILL", first), context=outside)  # leads a batch of one, waits
        await wait_until(lambda: lock_waiters(1))
        tasks = [asyncio.create_task(redeemed("KILL", buyer), context=outside.copy()) for buyer in (leader, *others)]
        await wait_until(lambda: queued(3))
        single = await write_waiting()
        assert single is not None
        await holder.execute_query("SELECT pg_terminate_backend($1)", [single])  # the lone leader's connection
        with pytest.raises(Exception):  # noqa: B017, PT011 — whatever a lost connection raises, the request fails
            await alone
        # The next leader took the three queued writes as one batch, which now waits for the row.
        await wait_until(lambda: write_waiting(other_than=single))
        batch = await write_waiting(other_than=single)
        assert batch is not None
        await holder.execute_query("SELECT pg_terminate_backend($1)", [batch])
        await wait_until(lambda: lock_waiters(2))  # the two others, redone alone, wait for the row
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    buyers = (leader, *others)
    failed = [buyer for buyer, outcome in zip(buyers, outcomes, strict=True) if isinstance(outcome, BaseException)]
    assert len(failed) == 1  # the batch's leader (whichever queued first): its own connection is gone
    assert all(outcome[1] is not None for outcome in outcomes if not isinstance(outcome, BaseException))
    keys = {f"KILL-{buyer}" for buyer in (first, *buyers)}
    written = await Redemption.filter(idempotency_key__in=keys)
    assert sorted(r.idempotency_key for r in written) == sorted(f"KILL-{b}" for b in buyers if b not in failed)
    assert (await Code.get(id=code.id)).redeemed_count == 1 + len(others)  # the warm-up and the two others
    assert not group_commit._queue
    assert not group_commit._leading


async def test_300_concurrent_redemptions_of_a_code_with_quantity_50_on_the_hot_path() -> None:
    """Known customers, so every redemption takes the hot path: batches overrun the quantity, are refused
    and redone one by one, and exactly 50 are written."""
    await live_campaign("Fifty", code="FIFTY", redemptions_per_code=50, reward=OFF)
    buyers = await customers(300)
    await redeemed("FIFTY", "warm-up")  # a new customer: the ORM path, which warms the cache
    await Code.filter(code="FIFTY").update(redeemed_count=0)
    await Redemption.all().delete()
    batches_before = metric("promo_redemption_batch_size_count")
    redone_before = metric("promo_redemption_batches_redone_total")
    results = await asyncio.gather(*(redeemed("FIFTY", buyer) for buyer in buyers))
    assert sum(1 for _, redemption in results if redemption is not None) == 50
    assert (await Code.get(code="FIFTY")).redeemed_count == 50
    assert await Redemption.all().count() == 50
    assert await RedemptionLine.all().count() == 50
    refused = {evaluation.outcomes[0].reason for evaluation, redemption in results if redemption is None}
    assert refused == {"CODE_QUANTITY_REACHED"}
    assert metric("promo_redemption_batch_size_count") > batches_before
    assert metric("promo_redemption_batches_redone_total") > redone_before


async def test_a_campaign_refused_at_write_time_is_written_alone_for_a_while() -> None:
    """The hot path reads no counters: once a campaign is at its limit, its writes would make every batch
    they join fail. After one refusal they are written alone, and the others' batch succeeds."""
    limit = [{"id": "camp", "kind": "CAMPAIGN_REDEMPTIONS", "limit": 1}]
    await live_campaign("Full", code="FULL", reward=OFF, validation_rules=limit)
    await live_campaign("Open", code="OPEN", reward=OFF)
    first, blocked, late, *open_buyers = await customers(5)
    await redeemed("FULL", "warm-up")  # a new customer: the ORM path; the campaign reaches its limit
    await redeemed("OPEN", "warm-up")
    evaluation, refused = await redeemed("FULL", first)  # the hot write is refused; the ORM path words it
    assert refused is None
    assert evaluation.outcomes[0].reason == "CAMPAIGN_LIMIT_REACHED"
    open_code = await Code.get(code="OPEN")
    batches_before = metric("promo_redemption_batch_size_count")
    redone_before = metric("promo_redemption_batches_redone_total")
    outside = contextvars.copy_context()

    async with in_transaction() as holder:
        await holder.execute_query("SELECT id FROM code WHERE id = $1 FOR UPDATE", [open_code.id])
        leading = asyncio.create_task(redeemed("OPEN", blocked), context=outside)
        await wait_until(lambda: lock_waiters(1))
        waiting = [
            asyncio.create_task(redeemed(code, buyer), context=outside.copy())
            for code, buyer in (("FULL", late), *(("OPEN", buyer) for buyer in open_buyers))
        ]
        await wait_until(lambda: queued(3))
    outcomes = [await leading, *[await task for task in waiting]]
    assert [redemption is not None for _, redemption in outcomes] == [True, False, True, True]
    assert outcomes[1][0].outcomes[0].reason == "CAMPAIGN_LIMIT_REACHED"
    assert metric("promo_redemption_batch_size_count") == batches_before + 1  # the two OPEN writes
    assert metric("promo_redemption_batches_redone_total") == redone_before  # FULL's did not join it
    assert (await Code.get(id=open_code.id)).redeemed_count == 4
