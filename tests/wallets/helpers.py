"""Programs, wallets and checks shared by the wallet tests."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise import connections

from app.access.scope import UNRESTRICTED
from app.campaigns.models import Campaign, CampaignKind, CodeMode
from app.campaigns.validation import Reward
from app.customers import services as customers
from app.wallets import programs
from app.wallets import services as wallets
from app.wallets.models import Wallet
from tests.codes.test_publication import live_campaign


async def program(name: str = "Points", **settings: Any) -> Campaign:
    """A live WALLET_POINTS program; `settings` go to its program settings (rate 1 point = 1 minor unit)."""
    campaign = await live_campaign(
        name, kind=CampaignKind.WALLET_POINTS, code_mode=CodeMode.NO_CODE, reward=Reward(points=100)
    )
    changes = {"rate_points": 1, "rate_amount": 1, **settings}
    await programs.update_program(campaign=campaign, changes=programs.ProgramChanges(**changes))
    return campaign


async def customer_id(source_id: str) -> uuid.UUID:
    customer, _ = await customers.upsert_by_source_id(source_id=source_id, fields=customers.CustomerFields())
    return customer.id


async def give(campaign: Campaign, customer: uuid.UUID, points: int, key: str | None = None) -> Wallet:
    wallet, _ = await wallets.adjust(
        scope=UNRESTRICTED,
        adjustment=wallets.Adjustment(campaign.id, customer, points, "test credit", key, None),
        events=None,
    )
    return wallet


async def assert_ledger_consistent(wallet_id: uuid.UUID) -> int:
    """The balance equals the ledger's posted rows and the unspent parts of its credits; returns it."""
    db = connections.get("default")
    [row] = await db.execute_query_dict(
        "SELECT w.balance, w.pending, "
        "(SELECT COALESCE(sum(points), 0) FROM wallet_transaction WHERE wallet_id = w.id AND status = 'POSTED') "
        "AS posted, "
        "(SELECT COALESCE(sum(remaining), 0) FROM wallet_transaction WHERE wallet_id = w.id) AS unspent, "
        "(SELECT COALESCE(sum(points), 0) FROM wallet_transaction WHERE wallet_id = w.id AND status = 'PENDING') "
        "AS pending_rows "
        "FROM wallet w WHERE w.id = $1",
        [wallet_id],
    )
    assert row["balance"] == row["posted"] == row["unspent"], row
    assert row["pending"] == row["pending_rows"], row
    balance: int = row["balance"]
    return balance
