"""Expiry and the pending release against the real ledger: once per credit, FIFO, under concurrent spends."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign
from app.wallets import expiry, ledger
from app.wallets.ledger import Movement
from app.wallets.models import TransactionKind, TransactionSource, TransactionStatus, Wallet, WalletTransaction
from app.wallets.tasks import expire_wallet_points, release_pending_points
from tests.wallets.helpers import assert_ledger_consistent, customer_id, give, program

pytestmark = pytest.mark.usefixtures("db")
DAY = timedelta(days=1)
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


async def credit(
    wallet_id: uuid.UUID, points: int, *, expires_at: datetime | None, available_at: datetime | None = None
) -> int:
    """A credit written by the ledger as of T0 (pending when `available_at` is later)."""
    async with in_transaction() as connection:
        entry = await ledger.credit(
            connection,
            wallet_id=wallet_id,
            points=points,
            movement=Movement(TransactionSource.EVENT, reason="test"),
            now=T0,
            expires_at=expires_at,
            available_at=available_at,
        )
    return entry.transaction_id


async def spend(wallet_id: uuid.UUID, points: int, *, now: datetime = T0) -> bool:
    async with in_transaction() as connection:
        entry = await ledger.debit(
            connection, wallet_id=wallet_id, points=points, movement=Movement(TransactionSource.MANUAL), now=now
        )
    return entry is not None


async def empty_wallet(campaign: Campaign, name: str) -> uuid.UUID:
    async with in_transaction() as connection:
        return await ledger.open_wallet(connection, program_id=campaign.id, customer_id=await customer_id(name))


async def expired_rows(wallet_id: uuid.UUID) -> list[WalletTransaction]:
    return await WalletTransaction.filter(wallet_id=wallet_id, kind=TransactionKind.EXPIRE).order_by("id")


async def test_each_credit_expires_once_across_runs() -> None:
    campaign = await program()
    wallet = await empty_wallet(campaign, "ann")
    first = await credit(wallet, 100, expires_at=T0 + DAY)
    second = await credit(wallet, 40, expires_at=T0 + DAY)
    await credit(wallet, 7, expires_at=T0 + 5 * DAY)
    await credit(wallet, 3, expires_at=None)

    assert (await expiry.expire_due(now=T0)).rows == 0  # nothing due yet
    sweep = await expiry.expire_due(now=T0 + DAY)
    assert (sweep.rows, sweep.points, sweep.finished) == (2, 140, True)
    again = await expiry.expire_due(now=T0 + 2 * DAY)
    assert (again.rows, again.points) == (0, 0)
    assert await assert_ledger_consistent(wallet) == 10

    rows = await expired_rows(wallet)
    assert [(r.related_id, r.points, r.balance_after) for r in rows] == [(first, -100, 50), (second, -40, 10)]
    assert {(r.status, r.source, r.reason, r.created_at) for r in rows} == {
        (TransactionStatus.POSTED, TransactionSource.EXPIRY, expiry.EXPIRED_REASON, T0 + DAY)
    }
    # The unique index is the backstop: a second EXPIRE row for the same credit cannot be written.
    with pytest.raises(Exception, match="wallet_transaction_expired_once"):
        await connections.get("default").execute_query(
            "INSERT INTO wallet_transaction (wallet_id, kind, status, points, remaining, reason, source, "
            "related_id, created_at) VALUES ($1, 'EXPIRE', 'POSTED', 0, 0, '', 'EXPIRY', $2, now())",
            [wallet, first],
        )

    assert (await expiry.expire_due(now=T0 + 5 * DAY)).rows == 1
    assert await assert_ledger_consistent(wallet) == 3
    assert len(await expired_rows(wallet)) == 3


async def test_spending_takes_the_oldest_credits_first_so_expiry_takes_what_is_left() -> None:
    campaign = await program()
    wallet = await empty_wallet(campaign, "ann")
    early = await credit(wallet, 100, expires_at=T0 + DAY)
    late = await credit(wallet, 100, expires_at=T0 + 10 * DAY)
    assert await spend(wallet, 150)

    day_one = await expiry.expire_due(now=T0 + DAY)
    assert (day_one.rows, day_one.points) == (0, 0)  # the day-1 credit was spent whole
    assert await assert_ledger_consistent(wallet) == 50

    day_ten = await expiry.expire_due(now=T0 + 10 * DAY)
    assert (day_ten.rows, day_ten.points) == (1, 50)
    [row] = await expired_rows(wallet)
    assert (row.related_id, row.points, row.balance_after) == (late, -50, 0)
    assert await assert_ledger_consistent(wallet) == 0
    assert (await WalletTransaction.get(id=early)).remaining == 0


async def test_partly_spent_credits_expire_their_remainder_across_wallets() -> None:
    campaign = await program()
    ann = await empty_wallet(campaign, "ann")
    bob = await empty_wallet(campaign, "bob")
    a1 = await credit(ann, 30, expires_at=T0 + DAY)
    a2 = await credit(ann, 50, expires_at=T0 + 2 * DAY)
    await credit(ann, 20, expires_at=T0 + 30 * DAY)
    b1 = await credit(bob, 10, expires_at=T0 + DAY)
    assert await spend(ann, 45)  # 30 of a1, 15 of a2
    assert await spend(bob, 4)

    sweep = await expiry.expire_due(now=T0 + 3 * DAY, batch_size=1)  # one credit picked per batch
    assert (sweep.rows, sweep.points) == (2, 35 + 6)
    assert sweep.batches >= 2
    assert await assert_ledger_consistent(ann) == 20
    assert await assert_ledger_consistent(bob) == 0
    assert [(r.related_id, r.points, r.balance_after) for r in await expired_rows(ann)] == [(a2, -35, 20)]
    assert [(r.related_id, r.points, r.balance_after) for r in await expired_rows(bob)] == [(b1, -6, 0)]
    assert (await WalletTransaction.get(id=a1)).remaining == 0


async def test_several_credits_of_one_wallet_count_the_balance_down_in_order() -> None:
    campaign = await program()
    wallet = await empty_wallet(campaign, "ann")
    ids = [await credit(wallet, points, expires_at=T0 + DAY) for points in (5, 6, 7)]
    await credit(wallet, 100, expires_at=None)
    assert (await expiry.expire_due(now=T0 + DAY)).points == 18
    assert [(r.related_id, r.points, r.balance_after) for r in await expired_rows(wallet)] == [
        (ids[0], -5, 113),
        (ids[1], -6, 107),
        (ids[2], -7, 100),
    ]
    assert await assert_ledger_consistent(wallet) == 100


async def test_side_by_side_batches_expire_each_credit_once() -> None:
    campaign = await program()
    wallet_ids = [await empty_wallet(campaign, f"c{i}") for i in range(30)]
    for n in range(5):
        for i, wallet in enumerate(wallet_ids):
            await credit(wallet, 1 + (n + i) % 7, expires_at=T0 + (i % 4 + n) * DAY)
    sweep = await expiry.expire_due(now=T0 + 10 * DAY, batch_size=3, workers=3)
    assert sweep.rows == 150
    assert sweep.batches > 3
    assert [await assert_ledger_consistent(wallet) for wallet in wallet_ids] == [0] * 30
    [row] = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n, count(DISTINCT related_id) AS credits FROM wallet_transaction WHERE kind = 'EXPIRE'"
    )
    assert (row["n"], row["credits"]) == (150, 150)


async def test_pending_credits_are_released_once_when_due() -> None:
    campaign = await program()
    wallet = await empty_wallet(campaign, "ann")
    await credit(wallet, 25, expires_at=None)
    held = await credit(wallet, 70, expires_at=T0 + 20 * DAY, available_at=T0 + 14 * DAY)
    later = await credit(wallet, 30, expires_at=None, available_at=T0 + 30 * DAY)
    row = await Wallet.get(id=wallet)
    assert (row.balance, row.pending) == (25, 100)
    assert not await spend(wallet, 26, now=T0 + DAY)  # pending points are not spendable

    assert (await expiry.release_pending(now=T0 + 13 * DAY)).rows == 0
    sweep = await expiry.release_pending(now=T0 + 14 * DAY)
    assert (sweep.rows, sweep.points) == (1, 70)
    assert (await expiry.release_pending(now=T0 + 14 * DAY)).rows == 0
    released = await WalletTransaction.get(id=held)
    assert (released.status, released.remaining, released.balance_after) == (TransactionStatus.POSTED, 70, 95)
    assert (await WalletTransaction.get(id=later)).status is TransactionStatus.PENDING
    row = await Wallet.get(id=wallet)
    assert (row.balance, row.pending) == (95, 30)
    await assert_ledger_consistent(wallet)

    # Released points are spent oldest first like any other, and what is left of them expires.
    assert await spend(wallet, 50, now=T0 + 15 * DAY)  # 25 of the first credit, 25 of the released one
    assert (await expiry.expire_due(now=T0 + 20 * DAY)).points == 45
    assert await assert_ledger_consistent(wallet) == 0

    sweep = await expiry.release_pending(now=T0 + 31 * DAY)
    assert (sweep.rows, sweep.points) == (1, 30)
    assert await assert_ledger_consistent(wallet) == 30
    assert (await Wallet.get(id=wallet)).pending == 0


async def test_a_cancelled_pending_credit_is_never_released() -> None:
    campaign = await program()
    wallet = await empty_wallet(campaign, "ann")
    held = await credit(wallet, 70, expires_at=None, available_at=T0 + DAY)
    async with in_transaction() as connection:
        assert await ledger.cancel_pending(connection, wallet_id=wallet, transaction_id=held) == 70
    assert (await expiry.release_pending(now=T0 + 2 * DAY)).rows == 0
    assert (await WalletTransaction.get(id=held)).status is TransactionStatus.CANCELLED
    assert await assert_ledger_consistent(wallet) == 0


async def test_a_wallet_a_spender_holds_is_skipped_not_waited_for() -> None:
    campaign = await program()
    held = await empty_wallet(campaign, "ann")
    free = await empty_wallet(campaign, "bob")
    await credit(held, 10, expires_at=T0 + DAY)
    await credit(free, 10, expires_at=T0 + DAY)
    release = asyncio.Event()
    locked = asyncio.Event()

    async def spender() -> None:
        async with in_transaction() as connection:
            await ledger.balance_of(connection, held, lock=True)
            locked.set()
            await release.wait()

    holder = asyncio.create_task(spender())
    await locked.wait()
    try:
        sweep = await asyncio.wait_for(expiry.expire_due(now=T0 + DAY), 10)
    finally:
        release.set()
        await holder
    assert (sweep.rows, sweep.points) == (1, 10)
    assert await assert_ledger_consistent(free) == 0
    assert await assert_ledger_consistent(held) == 10
    assert (await expiry.expire_due(now=T0 + DAY)).rows == 1  # the next run takes it
    assert await assert_ledger_consistent(held) == 0


async def test_expiry_during_50_concurrent_spends_keeps_every_ledger_consistent() -> None:
    campaign = await program()
    wallet_ids = [await empty_wallet(campaign, f"c{i}") for i in range(5)]
    hour = timedelta(hours=1)
    for wallet in wallet_ids:
        for n in range(20):  # 10 points lapsing each hour from T0 + 1 h to T0 + 20 h
            await credit(wallet, 10, expires_at=T0 + (n + 1) * hour)

    async def spender(i: int) -> bool:
        await asyncio.sleep(0.004 * i)  # spread over 200 ms
        return await spend(wallet_ids[i % len(wallet_ids)], 15)

    spenders = [asyncio.create_task(spender(i)) for i in range(50)]

    async def sweeper() -> tuple[int, int]:
        """Sweeps with a clock an hour later each run, while the spends go on; checks every ledger between."""
        total = runs = 0
        while not all(task.done() for task in spenders) and runs < 20:
            runs += 1
            total += (await expiry.expire_due(now=T0 + runs * hour, batch_size=1)).points
            for wallet in wallet_ids:
                assert await assert_ledger_consistent(wallet) >= 0
            await asyncio.sleep(0.005)
        return total, runs

    (expired_points, runs), spends = await asyncio.gather(sweeper(), asyncio.gather(*spenders))
    assert runs >= 2, "the spends finished before a second sweep: no overlap was tested"
    expired_points += (await expiry.expire_due(now=T0 + 21 * hour)).points
    spent = 15 * sum(1 for ok in spends if ok)
    assert spent > 0
    balances = [await assert_ledger_consistent(wallet) for wallet in wallet_ids]
    assert balances == [0] * 5  # everything lapsed in the end
    assert spent + expired_points == 5 * 200
    db = connections.get("default")
    [row] = await db.execute_query_dict(
        "SELECT count(*) AS expire_rows, count(DISTINCT related_id) AS credits, "
        "(SELECT count(*) FROM wallet_transaction WHERE kind = 'CREDIT' AND remaining > 0) AS open, "
        "(SELECT count(*) FROM wallet_transaction c WHERE kind = 'CREDIT' AND NOT EXISTS "
        "(SELECT 1 FROM wallet_transaction e WHERE e.related_id = c.id AND e.kind = 'EXPIRE')) AS spent_whole "
        "FROM wallet_transaction WHERE kind = 'EXPIRE'"
    )
    assert row["expire_rows"] == row["credits"]  # each credit expired at most once
    assert row["open"] == 0
    assert row["expire_rows"] + row["spent_whole"] == 100  # and every credit was either expired or spent whole


async def test_expiring_lists_points_that_lapse_by_instant() -> None:
    campaign = await program()
    wallet = await empty_wallet(campaign, "ann")
    await credit(wallet, 100, expires_at=T0 + DAY)
    await credit(wallet, 20, expires_at=T0 + 3 * DAY)
    await credit(wallet, 30, expires_at=T0 + 3 * DAY)
    await credit(wallet, 40, expires_at=T0 + 40 * DAY)
    await credit(wallet, 50, expires_at=None)
    await credit(wallet, 60, expires_at=T0 + 2 * DAY, available_at=T0 + DAY)  # pending: not listed
    assert await spend(wallet, 110)  # the day-1 credit and 10 of the first day-3 one

    listed = await expiry.expiring(wallet_id=wallet, until=T0 + 30 * DAY)
    assert listed == [expiry.Expiring(T0 + 3 * DAY, 40)]
    listed = await expiry.expiring(wallet_id=wallet, until=T0 + 40 * DAY)
    assert [(e.expires_at, e.points) for e in listed] == [(T0 + 3 * DAY, 40), (T0 + 40 * DAY, 40)]
    assert await expiry.expiring(wallet_id=wallet, until=T0 + 2 * DAY) == []


async def test_the_cron_tasks_sweep_with_the_clock() -> None:
    campaign = await program(credit_expiry_days=1)
    ann = await customer_id("ann")
    wallet = await give(campaign, ann, 10)  # expires a day from the real now
    assert await expire_wallet_points({}) == 0
    assert await release_pending_points({}) == 0
    await connections.get("default").execute_query(
        "UPDATE wallet_transaction SET expires_at = now() - interval '1 second' WHERE wallet_id = $1", [wallet.id]
    )
    assert await expire_wallet_points({}) == 1
    assert await assert_ledger_consistent(wallet.id) == 0
