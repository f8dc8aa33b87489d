"""The only code that moves points: each function runs inside the caller's transaction.

Every function locks the wallet row first (the conditional `UPDATE wallet …`), then touches the
wallet's ledger rows, so concurrent spenders, rollbacks, the expiry job and the pending release queue
up on one row and cannot deadlock. Invariants kept by every function:

- `wallet.balance` = the sum of `remaining` over the wallet's positive posted rows (so spending the
  oldest credits first always finds enough);
- `wallet.balance` never goes below zero: a debit's `WHERE balance >= n` refuses it (and the column's
  CHECK constraint backs that up);
- `wallet.pending` = the sum of the wallet's pending rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from app.wallets.models import TransactionKind, TransactionSource, TransactionStatus
from app.webhooks import services as webhooks
from app.webhooks.models import WebhookEventType


@dataclass(frozen=True)
class Movement:
    """Who and what is behind a ledger row."""

    source: TransactionSource
    reason: str = ""
    source_id: str | None = None
    idempotency_key: str | None = None
    actor_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Entry:
    """A ledger row just written."""

    transaction_id: int
    wallet_id: uuid.UUID
    points: int
    balance_after: int | None


OPEN_WALLET = (
    "INSERT INTO wallet (id, campaign_id, customer_id, code_id, balance, pending, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, 0, 0, now(), now()) "
    "ON CONFLICT (campaign_id, customer_id) DO UPDATE SET code_id = COALESCE(wallet.code_id, EXCLUDED.code_id) "
    "RETURNING id"
)

INSERT_COLUMNS = (
    "wallet_id, kind, status, points, balance_after, remaining, expires_at, available_at, reason, source, "
    "source_id, related_id, idempotency_key, actor_id, created_at"
)

CREDIT = f"""
WITH w AS (
    UPDATE wallet SET balance = balance + $2, updated_at = now() WHERE id = $1 RETURNING balance
)
INSERT INTO wallet_transaction ({INSERT_COLUMNS})
SELECT $1, $3, 'POSTED', $2, w.balance, $2, $4, NULL, $5, $6, $7, $8, $9, $10, $11 FROM w
RETURNING id, balance_after
"""

CREDIT_PENDING = f"""
WITH w AS (
    UPDATE wallet SET pending = pending + $2, updated_at = now() WHERE id = $1 RETURNING id
)
INSERT INTO wallet_transaction ({INSERT_COLUMNS})
SELECT $1, $3, 'PENDING', $2, NULL, 0, $4, $12, $5, $6, $7, $8, $9, $10, $11 FROM w
RETURNING id, balance_after
"""

TAKE_BALANCE = (
    "UPDATE wallet SET balance = balance - $2, updated_at = now() WHERE id = $1 AND balance >= $2 RETURNING balance"
)

# Runs after TAKE_BALANCE locked the wallet, so it sees every committed credit and no one else moves them.
# The debit row keeps the latest expiry of the points it took: a reversal gives them back with it.
CONSUME_OLDEST = f"""
WITH open AS (
    SELECT id, remaining, expires_at, sum(remaining) OVER (ORDER BY id) AS upto
    FROM wallet_transaction WHERE wallet_id = $1 AND remaining > 0
),
taken AS (
    UPDATE wallet_transaction t SET remaining = t.remaining - LEAST(o.remaining, $2 - (o.upto - o.remaining))
    FROM open o WHERE t.id = o.id AND o.upto - o.remaining < $2
    RETURNING o.expires_at
)
INSERT INTO wallet_transaction ({INSERT_COLUMNS})
SELECT $1, $3, 'POSTED', -$2::bigint, $4, 0,
    CASE WHEN bool_and(expires_at IS NOT NULL) THEN max(expires_at) END,
    NULL, $5, $6, $7, $8, $9, $10, $11
FROM taken
RETURNING id, balance_after
"""


# The `wallet.changed` payload: the ledger row and the wallet's balances after it.
CHANGED = (
    "SELECT jsonb_build_object('wallet_id', w.id, 'program_id', w.campaign_id, 'customer_id', w.customer_id, "
    "'transaction_id', t.id, 'kind', t.kind, 'status', t.status, 'points', t.points, 'source', t.source, "
    "'balance', w.balance, 'pending', w.pending, 'at', t.created_at) "
    "FROM wallet_transaction t JOIN wallet w ON w.id = t.wallet_id WHERE t.id = ANY($3::bigint[]) ORDER BY t.id"
)


async def changed(connection: BaseDBAsyncClient, transaction_ids: list[int]) -> None:
    """`wallet.changed` for each ledger row written (or cancelled) by this transaction."""
    if transaction_ids:
        await webhooks.emit_rows(connection, WebhookEventType.WALLET_CHANGED, CHANGED, [transaction_ids])


async def open_wallet(
    connection: BaseDBAsyncClient, *, program_id: uuid.UUID, customer_id: uuid.UUID, code_id: int | None = None
) -> uuid.UUID:
    """The customer's wallet in the program, opened now if it did not exist (a card's code is kept)."""
    rows = await connection.execute_query_dict(OPEN_WALLET, [uuid.uuid4(), program_id, customer_id, code_id])
    wallet_id: uuid.UUID = rows[0]["id"]
    return wallet_id


async def credit(
    connection: BaseDBAsyncClient,
    *,
    wallet_id: uuid.UUID,
    points: int,
    movement: Movement,
    now: datetime,
    kind: TransactionKind = TransactionKind.CREDIT,
    expires_at: datetime | None = None,
    available_at: datetime | None = None,
    related_id: int | None = None,
) -> Entry:
    """Add `points` (> 0); pending until `available_at` when that is later than `now`."""
    pending = available_at is not None and available_at > now
    values: list[object] = [
        wallet_id,
        points,
        kind.value,
        expires_at,
        movement.reason,
        movement.source.value,
        movement.source_id,
        related_id,
        movement.idempotency_key,
        movement.actor_id,
        now,
    ]
    if pending:
        values.append(available_at)
    rows = await connection.execute_query_dict(CREDIT_PENDING if pending else CREDIT, values)
    await changed(connection, [rows[0]["id"]])
    return Entry(rows[0]["id"], wallet_id, points, rows[0]["balance_after"])


async def debit(
    connection: BaseDBAsyncClient,
    *,
    wallet_id: uuid.UUID,
    points: int,
    movement: Movement,
    now: datetime,
    kind: TransactionKind = TransactionKind.DEBIT,
    related_id: int | None = None,
) -> Entry | None:
    """Take `points` (> 0), oldest credits first; None (and nothing written) when the balance is short."""
    rows = await connection.execute_query_dict(TAKE_BALANCE, [wallet_id, points])
    if not rows:
        return None
    balance = rows[0]["balance"]
    written = await connection.execute_query_dict(
        CONSUME_OLDEST,
        [
            wallet_id,
            points,
            kind.value,
            balance,
            movement.reason,
            movement.source.value,
            movement.source_id,
            related_id,
            movement.idempotency_key,
            movement.actor_id,
            now,
        ],
    )
    await changed(connection, [written[0]["id"]])
    return Entry(written[0]["id"], wallet_id, -points, balance)


async def balance_of(connection: BaseDBAsyncClient, wallet_id: uuid.UUID, *, lock: bool = False) -> int:
    rows = await connection.execute_query_dict(
        "SELECT balance FROM wallet WHERE id = $1" + (" FOR UPDATE" if lock else ""), [wallet_id]
    )
    balance: int = rows[0]["balance"]
    return balance


async def cancel_pending(connection: BaseDBAsyncClient, *, wallet_id: uuid.UUID, transaction_id: int) -> int:
    """Cancel a pending credit that has not been released yet; the points it held (0 if it was released)."""
    await balance_of(connection, wallet_id, lock=True)
    rows = await connection.execute_query_dict(
        "UPDATE wallet_transaction SET status = $3 WHERE id = $1 AND wallet_id = $2 AND status = $4 RETURNING points",
        [transaction_id, wallet_id, TransactionStatus.CANCELLED.value, TransactionStatus.PENDING.value],
    )
    if not rows:
        return 0
    points: int = rows[0]["points"]
    await connection.execute_query_dict(
        "UPDATE wallet SET pending = pending - $2, updated_at = now() WHERE id = $1 RETURNING pending",
        [wallet_id, points],
    )
    await changed(connection, [transaction_id])
    return points


async def take_back(
    connection: BaseDBAsyncClient,
    *,
    wallet_id: uuid.UUID,
    points: int,
    movement: Movement,
    now: datetime,
    related_id: int,
) -> Entry | None:
    """Reverse earned points: as many of `points` as the balance still holds (never below zero)."""
    balance = await balance_of(connection, wallet_id, lock=True)
    taken = min(points, balance)
    if taken <= 0:
        return None
    return await debit(
        connection,
        wallet_id=wallet_id,
        points=taken,
        movement=movement,
        now=now,
        kind=TransactionKind.REVERSAL,
        related_id=related_id,
    )


async def open_wallets(
    connection: BaseDBAsyncClient,
    *,
    program_id: uuid.UUID,
    customer_ids: list[uuid.UUID],
    code_ids: list[int] | list[None],
) -> None:
    """Open (or give their card to) the wallets of many customers at once, in customer order."""
    await connection.execute_query_dict(
        "INSERT INTO wallet (id, campaign_id, customer_id, code_id, balance, pending, created_at, updated_at) "
        "SELECT gen_random_uuid(), $1, c, k, 0, 0, now(), now() FROM unnest($2::uuid[], $3::bigint[]) AS u(c, k) "
        "ORDER BY c ON CONFLICT (campaign_id, customer_id) DO UPDATE "
        # Only a card's code changes an open wallet: the others are locked but not rewritten.
        "SET code_id = EXCLUDED.code_id WHERE wallet.code_id IS NULL AND EXCLUDED.code_id IS NOT NULL",
        [program_id, customer_ids, code_ids],
    )


# Index probes throughout, whatever the size of the program: each customer's wallet is found through
# (campaign_id, customer_id) (`OFFSET 0` keeps PostgreSQL from hashing all the program's wallets instead),
# then the wallets are locked in id order and moved through the primary key (`= ANY (ARRAY(…))`).
CREDIT_MANY = f"""
WITH input AS (
    SELECT * FROM unnest($2::uuid[], $3::bigint[], $4::text[]) AS i(customer_id, points, idempotency_key)
), found AS (
    SELECT w.id, i.points, i.idempotency_key FROM input i
    CROSS JOIN LATERAL (SELECT id FROM wallet WHERE campaign_id = $1 AND customer_id = i.customer_id OFFSET 0) w
), locked AS (
    SELECT w.id FROM wallet w WHERE w.id = ANY (ARRAY(SELECT id FROM found)) ORDER BY w.id FOR UPDATE OF w
), moved AS (
    UPDATE wallet w SET balance = w.balance + f.points, updated_at = now()
    FROM found f WHERE w.id = f.id AND w.id = ANY (ARRAY(SELECT id FROM locked))
    RETURNING w.id, w.balance, f.points, f.idempotency_key
)
INSERT INTO wallet_transaction ({INSERT_COLUMNS})
SELECT id, 'CREDIT', 'POSTED', points, balance, points, $5, NULL, $6, $7, $8, NULL, idempotency_key, NULL, $9
FROM moved
RETURNING id, wallet_id, idempotency_key
"""


async def credit_many(
    connection: BaseDBAsyncClient,
    *,
    program_id: uuid.UUID,
    credits: list[tuple[uuid.UUID, int, str]],
    movement: Movement,
    now: datetime,
    expires_at: datetime | None,
) -> dict[str, int]:
    """Credit many customers of one program at once ((customer, points, idempotency key) each, one per
    customer); wallets are opened as needed and locked in id order. Returns ledger row ids by key.

    Open wallets are credited first; only the customers left without one get a wallet (opened in
    customer order) and then their credit, so crediting open wallets does not go through an upsert.
    """
    if not credits:
        return {}
    entries = await _credit_open(connection, program_id, credits, movement, now, expires_at)
    missing = [credit for credit in credits if credit[2] not in entries]
    if missing:
        await open_wallets(
            connection,
            program_id=program_id,
            customer_ids=[customer for customer, _, _ in missing],
            code_ids=[None] * len(missing),
        )
        entries.update(await _credit_open(connection, program_id, missing, movement, now, expires_at))
    return entries


async def _credit_open(
    connection: BaseDBAsyncClient,
    program_id: uuid.UUID,
    credits: list[tuple[uuid.UUID, int, str]],
    movement: Movement,
    now: datetime,
    expires_at: datetime | None,
) -> dict[str, int]:
    """Credit those of `credits` whose wallet is open; ledger row ids by key."""
    rows = await connection.execute_query_dict(
        CREDIT_MANY,
        [
            program_id,
            [customer for customer, _, _ in credits],
            [points for _, points, _ in credits],
            [key for _, _, key in credits],
            expires_at,
            movement.reason,
            movement.source.value,
            movement.source_id,
            now,
        ],
    )
    await changed(connection, [row["id"] for row in rows])
    return {row["idempotency_key"]: row["id"] for row in rows}
