"""The expiry sweep survives its worker being killed: a new worker expires every due credit exactly once."""

from __future__ import annotations

import signal
from typing import Any

import psutil
import pytest
from tortoise import connections

from tests.conftest import Servers
from tests.e2e.test_generation_job import wait_for
from tests.wallets.helpers import program

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
WALLETS = 20_000
DUE_PER_WALLET = 10
CREDITS = WALLETS * DUE_PER_WALLET

# Each wallet: 10 due credits of 1..10 points (200k in all) and one of 1,000 points that lapses next year.
SEED = """
WITH customers AS (
    INSERT INTO customer (id, source_id, name, metadata, created_at, updated_at)
    SELECT gen_random_uuid(), 'e' || n, '', '{}', now(), now() FROM generate_series(1, $2) n
    RETURNING id
), wallets AS (
    INSERT INTO wallet (id, campaign_id, customer_id, balance, pending, created_at, updated_at)
    SELECT gen_random_uuid(), $1, id, 55 + 1000, 0, now(), now() FROM customers
    RETURNING id
), credits AS (
    INSERT INTO wallet_transaction (wallet_id, kind, status, points, balance_after, remaining, expires_at,
        reason, source, created_at)
    SELECT w.id, 'CREDIT', 'POSTED', k, NULL::bigint, k, now() - k * interval '1 minute', 'seed', 'EVENT', now()
    FROM wallets w, generate_series(1, $3) k
    UNION ALL
    SELECT w.id, 'CREDIT', 'POSTED', 1000, NULL, 1000, now() + interval '1 year', 'seed', 'EVENT', now()
    FROM wallets w
    RETURNING 1
)
SELECT count(*) AS n FROM credits
"""

# Wallets whose counter disagrees with their ledger (posted sum, unspent remainders, pending).
INCONSISTENT = """
SELECT count(*) AS n FROM wallet w JOIN (
    SELECT wallet_id,
        sum(points) FILTER (WHERE status = 'POSTED') AS posted,
        sum(remaining) AS unspent,
        COALESCE(sum(points) FILTER (WHERE status = 'PENDING'), 0) AS pending
    FROM wallet_transaction GROUP BY wallet_id
) t ON t.wallet_id = w.id
WHERE w.balance <> t.posted OR w.balance <> t.unspent OR w.pending <> t.pending
"""


async def count(sql: str) -> int:
    [row] = await connections.get("default").execute_query_dict(sql)
    value: int = row["n"]
    return value


async def expired() -> int:
    return await count("SELECT count(*) AS n FROM wallet_transaction WHERE kind = 'EXPIRE'")


async def test_killed_expiry_worker_expires_every_credit_once(servers: Servers, processes: Any) -> None:
    prefix = f"{servers.redis_prefix}expiry:"
    env = {"DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url, "REDIS_PREFIX": prefix}
    campaign = await program("Expiring")
    db = connections.get("default")
    [seeded] = await db.execute_query_dict(SEED, [campaign.id, WALLETS, DUE_PER_WALLET])
    assert seeded["n"] == CREDITS + WALLETS
    await db.execute_query("ANALYZE wallet_transaction")

    first = processes("worker", env)

    async def started() -> bool:
        return await expired() > 0

    await wait_for(started, 60)
    worker = psutil.Process(first.process.pid)
    family = [worker, *worker.children(recursive=True)]
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(10)
    _, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, f"left behind by the killed worker: {alive}"
    killed_at = await expired()
    assert killed_at < CREDITS, "the sweep finished before the worker could be killed"
    # A batch's EXPIRE rows, zeroed credits and balances commit together: the killed worker left no half.
    assert await count(INCONSISTENT) == 0

    second = processes("worker", env)

    async def finished() -> bool:
        return await expired() >= CREDITS

    await wait_for(finished, 180)
    assert second.process.poll() is None, second.log()
    [row] = await db.execute_query_dict(
        "SELECT count(*) AS rows, count(DISTINCT related_id) AS credits, -sum(points) AS points "
        "FROM wallet_transaction WHERE kind = 'EXPIRE'"
    )
    assert (row["rows"], row["credits"], row["points"]) == (CREDITS, CREDITS, WALLETS * 55)
    assert await count("SELECT count(*) AS n FROM wallet_transaction WHERE remaining > 0 AND expires_at <= now()") == 0
    assert await count(INCONSISTENT) == 0
    assert await count("SELECT count(*) AS n FROM wallet WHERE balance <> 1000") == 0
    # Every EXPIRE row names a due credit of its own wallet and takes exactly that credit's points.
    assert (
        await count(
            "SELECT count(*) AS n FROM wallet_transaction e JOIN wallet_transaction c ON c.id = e.related_id "
            "WHERE e.kind = 'EXPIRE' AND (c.wallet_id <> e.wallet_id OR e.points <> -c.points OR c.points = 1000)"
        )
        == 0
    )
