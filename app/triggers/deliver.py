"""Giving one customer a live-action reward, inside the caller's transaction, exactly once.

The `trigger_reward` row is written first, `ON CONFLICT (campaign_id, occurrence) DO NOTHING`: a second
attempt at the same occurrence (a retried batch, a re-claimed timer) finds it and gives nothing. Caps are
counted under a transaction-scoped advisory lock per (campaign, customer), so concurrent batches cannot
both pass a cap. Codes come from `app.codes.handout`, points from `app.wallets.services.earn`.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.campaigns.models import Campaign
from app.campaigns.validation import POINTS_KINDS
from app.codes.handout import hand_out
from app.core.money import exponent
from app.triggers.definitions import Trigger
from app.triggers.models import RewardStatus
from app.wallets import services as wallets
from app.wallets.ledger import Movement
from app.wallets.models import TransactionSource
from app.wallets.programs import Rate, program_of

CHANNEL = "live_action"


@dataclass
class Given:
    """What one occurrence came to (None: it had been handled before)."""

    status: RewardStatus
    reward_id: int
    code_id: int | None = None
    points: int | None = None


def _period_start(period: str, now: datetime, time_zone: str) -> datetime | None:
    """Where the cap's current period began, in the campaign's time zone (None: the cap is lifetime)."""
    if period == "TOTAL":
        return None
    local = now.astimezone(zoneinfo.ZoneInfo(time_zone)).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "WEEK":
        return local - timedelta(days=local.weekday())
    if period == "MONTH":
        return local.replace(day=1)
    return local


def points_for(trigger: Trigger, campaign: Campaign, rate: Rate, properties: dict[str, Any]) -> int:
    """Fixed points, or a percentage of a property (major units of the campaign's currency), rounded down."""
    rule = trigger.points or {}
    if rule.get("fixed") is not None:
        return int(rule["fixed"])
    if rule.get("percent") is None:
        return int((campaign.reward or {}).get("points") or 0)
    value = properties.get(rule["property"])
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return 0
    try:
        major = Decimal(str(value))
    except InvalidOperation:
        return 0
    if not major.is_finite() or major <= 0:
        return 0
    minor = Fraction(major) * 10 ** exponent(campaign.currency)
    return rate.points_for(minor * Fraction(Decimal(rule["percent"])) / 100)


async def give(
    connection: BaseDBAsyncClient,
    *,
    campaign: Campaign,
    trigger: Trigger,
    customer_id: uuid.UUID,
    occurrence: str,
    event_id: int | None,
    properties: dict[str, Any],
    now: datetime,
    outcome: wallets.Outcome,
    alerts: list[dict[str, Any]],
) -> Given | None:
    """Reward (or cap, or skip for lack of inventory) one occurrence; None when it was handled before."""
    rows = await connection.execute_query_dict(
        "INSERT INTO trigger_reward (campaign_id, customer_id, occurrence, event_id, status, created_at) "
        "VALUES ($1, $2, $3, $4, 'REWARDED', clock_timestamp()) ON CONFLICT (campaign_id, occurrence) DO NOTHING "
        "RETURNING id",
        [campaign.id, customer_id, occurrence, event_id],
    )
    if not rows:
        return None
    reward_id: int = rows[0]["id"]
    await connection.execute_query_dict(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0)) AS locked", [f"trigger:{campaign.id}:{customer_id}"]
    )
    since = _period_start(trigger.cap_period, now, campaign.time_zone)
    [counted] = await connection.execute_query_dict(
        "SELECT count(*) AS n FROM trigger_reward WHERE campaign_id = $1 AND customer_id = $2 AND status = 'REWARDED' "
        "AND id <> $3 AND ($4::timestamptz IS NULL OR created_at >= $4)",
        [campaign.id, customer_id, reward_id, since],
    )
    given = Given(RewardStatus.REWARDED, reward_id)
    if counted["n"] >= trigger.cap_limit:
        given.status = RewardStatus.CAPPED
    elif campaign.kind in POINTS_KINDS:
        program = await program_of(campaign)
        points = points_for(trigger, campaign, Rate(program.rate_points, program.rate_amount), properties)
        entry = None
        if points > 0:
            entry = await wallets.earn(
                connection,
                program=program,
                customer_id=customer_id,
                points=points,
                movement=Movement(
                    TransactionSource.EVENT,
                    reason="Live action",
                    source_id=occurrence,
                    idempotency_key=f"trigger:{campaign.id}:{occurrence}",
                ),
                now=now,
                outcome=outcome,
            )
        if entry is None:
            given.status = RewardStatus.SKIPPED_INVENTORY
        else:
            given.points = points
            await connection.execute_query_dict(
                "UPDATE trigger_reward SET points = $2, wallet_transaction_id = $3 WHERE id = $1",
                [reward_id, points, entry.transaction_id],
            )
    else:
        handed = await hand_out(
            connection,
            campaign=campaign,
            customer_ids=[customer_id],
            source_ids=[f"trigger:{occurrence}"],
            channel=CHANNEL,
            join_once=False,
        )
        alerts += handed.alerts
        if customer_id in handed.given:
            given.code_id = handed.given[customer_id]
            await connection.execute_query_dict(
                "UPDATE trigger_reward SET code_id = $2 WHERE id = $1", [reward_id, given.code_id]
            )
        else:
            given.status = RewardStatus.SKIPPED_INVENTORY
    if given.status is not RewardStatus.REWARDED:
        await connection.execute_query_dict(
            "UPDATE trigger_reward SET status = $2 WHERE id = $1", [reward_id, given.status.value]
        )
    return given
