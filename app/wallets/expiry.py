"""Expiry and the pending release: set-based sweeps over PostgreSQL-stored due dates, and what will lapse.

Each sweep works in batches, one transaction per batch:

1. pick the wallets of the next `batch_size` due rows from a partial index (`wallet_transaction_due`,
   `wallet_transaction_pending_due`), and lock those wallet rows `ORDER BY id FOR UPDATE SKIP LOCKED` —
   a wallet a spender holds is left for the next batch or the next run, never waited for;
2. in one statement (a fresh snapshot, taken after the locks: every committed spend is seen, and no
   new one can start on these wallets), move every due row of the locked wallets and their counters
   (all of a wallet's due rows, so a batch may move more than `batch_size` rows).

`workers` > 1 runs that many loops of batches side by side, each on its own connection, loop k taking
only the wallets whose id hashes to k (mod `workers`): the loops never meet on a wallet.

Like every writer of the ledger (see `app.wallets.ledger`), a batch locks the wallet rows first, so the
ledger invariants hold after each batch. A credit expires at most once: its `remaining` drops to 0 in the
batch that writes its EXPIRE row, and the unique index on `related_id WHERE kind = 'EXPIRE'` backs that
up. Spending already took the oldest credits first (`ledger.debit`): expiry takes only what is left.

A batch that commits is done; a batch cut short (the worker killed, the database gone) rolls back and is
picked again by the next run. A sweep stops at its time budget; the next run carries on.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from tortoise import connections
from tortoise.transactions import in_transaction

from app.wallets.ledger import INSERT_COLUMNS

BATCH_SIZE = 5_000
BATCH_SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off"
EXPIRED_REASON = "Points expired"

# Up to `$2` due credits in expiry order (an index range scan) of the wallets in share `$4` of `$3`
# (by a hash of the wallet id), the wallets that hold them, locked.
LOCK_EXPIRING_WALLETS = """
SELECT id FROM wallet WHERE id IN (
    SELECT wallet_id FROM wallet_transaction
    WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $1
        AND (hashtext(wallet_id::text) & 2147483647) % $3 = $4
    ORDER BY expires_at LIMIT $2
)
ORDER BY id FOR UPDATE SKIP LOCKED
"""

# The locked wallets' due credits lose what is left of them; the wallets lose the total; one EXPIRE row
# per credit, its balance_after counted down in id order from the balance before the batch.
# `due` reads the credits (and the balances before the batch) with the same snapshot as the UPDATE
# that zeroes them: the wallets are locked, so no one else moves them, and both see the same rows (the
# counts are returned and compared all the same). The UPDATE needs no join back to `due`.
EXPIRE_DUE = f"""
WITH due AS (
    SELECT t.id, t.wallet_id, t.remaining,
        w.balance - sum(t.remaining) OVER (PARTITION BY t.wallet_id ORDER BY t.id) AS balance_after
    FROM wallet_transaction t JOIN wallet w ON w.id = t.wallet_id
    WHERE w.id = ANY($1::uuid[]) AND t.wallet_id = ANY($1::uuid[])
        AND t.remaining > 0 AND t.expires_at IS NOT NULL AND t.expires_at <= $2
),
zeroed AS (
    UPDATE wallet_transaction SET remaining = 0
    WHERE wallet_id = ANY($1::uuid[]) AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $2
    RETURNING 1
),
totals AS (
    SELECT wallet_id, sum(remaining) AS total FROM due GROUP BY wallet_id
),
moved AS (
    UPDATE wallet w SET balance = w.balance - totals.total, updated_at = $2
    FROM totals WHERE w.id = totals.wallet_id
    RETURNING 1
),
written AS (
    INSERT INTO wallet_transaction ({INSERT_COLUMNS})
    SELECT wallet_id, 'EXPIRE', 'POSTED', -remaining, balance_after, 0, NULL, NULL, $3, 'EXPIRY', NULL, id, NULL,
        NULL, $2
    FROM due ORDER BY wallet_id, id
    RETURNING 1
)
SELECT (SELECT count(*) FROM written) AS moved, (SELECT count(*) FROM zeroed) AS zeroed,
    COALESCE((SELECT sum(total) FROM totals), 0) AS points, (SELECT count(*) FROM moved) AS wallets
"""

LOCK_RELEASING_WALLETS = """
SELECT id FROM wallet WHERE id IN (
    SELECT wallet_id FROM wallet_transaction
    WHERE status = 'PENDING' AND available_at <= $1
        AND (hashtext(wallet_id::text) & 2147483647) % $3 = $4
    ORDER BY available_at LIMIT $2
)
ORDER BY id FOR UPDATE SKIP LOCKED
"""

# Pending credits of the locked wallets become spendable: posted, whole, balance_after counted up in id
# order from the balance before the batch; the wallets move the total from pending to balance.
RELEASE_DUE = """
WITH due AS (
    SELECT t.id, t.wallet_id, t.points,
        w.balance + sum(t.points) OVER (PARTITION BY t.wallet_id ORDER BY t.id) AS balance_after
    FROM wallet_transaction t JOIN wallet w ON w.id = t.wallet_id
    WHERE w.id = ANY($1::uuid[]) AND t.wallet_id = ANY($1::uuid[])
        AND t.status = 'PENDING' AND t.available_at <= $2
),
totals AS (
    SELECT wallet_id, sum(points) AS total FROM due GROUP BY wallet_id
),
moved AS (
    UPDATE wallet w SET balance = w.balance + totals.total, pending = w.pending - totals.total, updated_at = $2
    FROM totals WHERE w.id = totals.wallet_id
    RETURNING 1
),
released AS (
    UPDATE wallet_transaction t SET status = 'POSTED', remaining = due.points, balance_after = due.balance_after
    FROM due WHERE t.id = due.id
    RETURNING 1
)
SELECT (SELECT count(*) FROM released) AS moved, COALESCE((SELECT sum(total) FROM totals), 0) AS points,
    (SELECT count(*) FROM moved) AS wallets
"""


@dataclass(frozen=True)
class Sweep:
    """What a sweep did: rows moved, points moved, batches committed, and whether due rows are left."""

    rows: int = 0
    points: int = 0
    batches: int = 0
    finished: bool = True


async def _sweep_window(
    lock: str,
    move: str,
    extra: list[object],
    *,
    now: datetime,
    batch_size: int,
    share: tuple[int, int],
    deadline: float,
) -> Sweep:
    rows = points = batches = 0
    while True:
        async with in_transaction() as connection:
            # A batch sorts and hashes tens of thousands of rows: in memory, and without JIT compiling.
            await connection.execute_script(BATCH_SETTINGS)
            locked = await connection.execute_query_dict(lock, [now, batch_size, *share])
            if not locked:
                # Nothing due in this share, or every due wallet is held by a spender right now: the
                # next run retries.
                return Sweep(rows, points, batches, finished=True)
            [result] = await connection.execute_query_dict(move, [[row["id"] for row in locked], now, *extra])
            if result.get("zeroed", result["moved"]) != result["moved"]:  # cannot happen while the locks hold
                raise RuntimeError(f"An expiry batch zeroed and wrote different rows ({result}); rolled back.")
        batches += 1
        rows += result["moved"]
        points += int(result["points"])
        if time.monotonic() >= deadline:
            return Sweep(rows, points, batches, finished=False)


async def _sweep(
    lock: str,
    move: str,
    extra: list[object],
    *,
    now: datetime,
    batch_size: int,
    budget_seconds: float,
    workers: int,
) -> Sweep:
    """`workers` loops side by side, each on its own connection and its own share of the wallets."""
    deadline = time.monotonic() + budget_seconds
    sweeps = await asyncio.gather(
        *(
            _sweep_window(lock, move, extra, now=now, batch_size=batch_size, share=(workers, k), deadline=deadline)
            for k in range(workers)
        )
    )
    return Sweep(
        rows=sum(s.rows for s in sweeps),
        points=sum(s.points for s in sweeps),
        batches=sum(s.batches for s in sweeps),
        finished=all(s.finished for s in sweeps),
    )


async def expire_due(
    *,
    now: datetime,
    batch_size: int = BATCH_SIZE,
    budget_seconds: float = 50,
    workers: int = 1,
    reason: str = EXPIRED_REASON,
) -> Sweep:
    """Expire what is left of every credit whose `expires_at` is at or before `now`, batch by batch."""
    return await _sweep(
        LOCK_EXPIRING_WALLETS,
        EXPIRE_DUE,
        [reason],
        now=now,
        batch_size=batch_size,
        budget_seconds=budget_seconds,
        workers=workers,
    )


async def release_pending(
    *, now: datetime, batch_size: int = BATCH_SIZE, budget_seconds: float = 50, workers: int = 1
) -> Sweep:
    """Make every pending credit whose `available_at` is at or before `now` spendable, batch by batch."""
    return await _sweep(
        LOCK_RELEASING_WALLETS,
        RELEASE_DUE,
        [],
        now=now,
        batch_size=batch_size,
        budget_seconds=budget_seconds,
        workers=workers,
    )


@dataclass(frozen=True)
class Expiring:
    """`points` of a wallet lapse at `expires_at` unless spent before."""

    expires_at: datetime
    points: int


EXPIRING = """
SELECT expires_at, sum(remaining) AS points FROM wallet_transaction
WHERE wallet_id = $1 AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $2
GROUP BY expires_at ORDER BY expires_at LIMIT $3
"""


async def expiring(*, wallet_id: uuid.UUID, until: datetime, limit: int = 1_000) -> list[Expiring]:
    """The spendable points of a wallet that lapse at or before `until`, by instant, soonest first.

    Points already due but not yet swept are included (they lapse at the next sweep). Pending points
    are not: they are not in the balance yet. At most `limit` instants are listed.
    """
    rows = await connections.get("default").execute_query_dict(EXPIRING, [wallet_id, until, limit])
    return [Expiring(row["expires_at"], int(row["points"])) for row in rows]
