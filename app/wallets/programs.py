"""Points programs: a LOYALTY or WALLET_POINTS campaign's rate, budget, expiry and earning rules.

Conversions round in the customer's disfavour by at most one minor unit or one point, and never
create value: points pay `floor(points × rate_amount / rate_points)` minor units, and a payment of
`m` minor units costs `ceil(m × rate_points / rate_amount)` points (never more than were offered).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from app.campaigns.models import Campaign
from app.campaigns.validation import POINTS_KINDS
from app.core.bounds import MAX_AMOUNT
from app.core.errors import InvalidInput
from app.rules.definitions import check_rule_shape
from app.wallets.exceptions import NotAProgram
from app.wallets.models import WalletProgram

MAX_EARNING_RULES = 20
MAX_CONDITIONS = 20
MAX_RATE_POINTS = 1_000_000
MAX_PENDING_DAYS = 365
MAX_EXPIRY_DAYS = 3_650
EARNING_TRIGGERS = ("REDEMPTION", "ORDER_PAID")
# Conditions an earning rule may carry: the validation rules that look at the order and the clock.
CONDITION_KINDS = ("MIN_ORDER_AMOUNT", "ITEMS", "TIME_WINDOW")
SETTINGS = (
    "rate_points",
    "rate_amount",
    "points_budget",
    "low_budget_threshold",
    "credit_expiry_days",
    "credits_expire_at",
    "earning_rules",
    "version",
    "updated_at",
)
EARNING_KEYS = {"id", "trigger", "points", "percent", "conditions", "pending_days", "max_points"}


@dataclass(frozen=True)
class Rate:
    """`points` points are worth `amount` minor units."""

    points: int
    amount: int

    def value_of(self, points: int) -> int:
        """Minor units `points` pay for (rounded down)."""
        return points * self.amount // self.points

    def cost_of(self, amount: int) -> int:
        """Points a payment of `amount` minor units costs (rounded up)."""
        return -(-amount * self.points // self.amount)

    def points_for(self, amount: Fraction) -> int:
        """Points worth `amount` minor units (rounded down)."""
        return int(amount * self.points / self.amount)


def rate_of(program: WalletProgram | None) -> Rate:
    if program is None:
        return Rate(100, 100)
    return Rate(program.rate_points, program.rate_amount)


def check_kind(campaign: Campaign, *, field: str) -> None:
    if campaign.kind not in POINTS_KINDS:
        raise NotAProgram(
            f"A {campaign.kind.value} campaign holds no points; use a LOYALTY or WALLET_POINTS campaign.", field=field
        )


async def program_of(campaign: Campaign) -> WalletProgram:
    """The campaign's program settings (defaults until someone sets them)."""
    found = await WalletProgram.get_or_none(campaign_id=campaign.id)
    return found if found is not None else WalletProgram(campaign_id=campaign.id)


async def programs_by_campaign(campaign_ids: list[uuid.UUID]) -> dict[uuid.UUID, WalletProgram]:
    if not campaign_ids:
        return {}
    return {p.campaign_id: p for p in await WalletProgram.filter(campaign_id__in=campaign_ids)}


def credit_expiry(program: WalletProgram, now: datetime) -> datetime | None:
    """When points credited now expire: N days after earning, a fixed date, or the earlier of both."""
    candidates = []
    if program.credit_expiry_days is not None:
        candidates.append(now + timedelta(days=program.credit_expiry_days))
    if program.credits_expire_at is not None:
        candidates.append(program.credits_expire_at)
    return min(candidates) if candidates else None


@dataclass(frozen=True)
class BudgetTake:
    """What moving the program's `credited` counter answered."""

    taken: bool
    credited: int
    budget: int | None
    threshold: int | None


async def take_budget(connection: BaseDBAsyncClient, program_id: uuid.UUID, points: int) -> BudgetTake:
    """Count `points` against the program's budget with one conditional statement; refused past it."""
    await connection.execute_query_dict(
        "INSERT INTO wallet_program (campaign_id, rate_points, rate_amount, credited, earning_rules, version, "
        "updated_at) VALUES ($1, 100, 100, 0, '[]', 1, now()) ON CONFLICT (campaign_id) DO NOTHING RETURNING 1",
        [program_id],
    )
    rows = await connection.execute_query_dict(
        "UPDATE wallet_program SET credited = credited + $2 WHERE campaign_id = $1 "
        "AND (points_budget IS NULL OR credited + $2 <= points_budget) "
        "RETURNING credited, points_budget, low_budget_threshold",
        [program_id, points],
    )
    if rows:
        row = rows[0]
        return BudgetTake(True, row["credited"], row["points_budget"], row["low_budget_threshold"])
    rows = await connection.execute_query_dict(
        "SELECT credited, points_budget, low_budget_threshold FROM wallet_program WHERE campaign_id = $1", [program_id]
    )
    row = rows[0]
    return BudgetTake(False, row["credited"], row["points_budget"], row["low_budget_threshold"])


def _whole(value: Any, low: int, high: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"Give a whole number between {low:,} and {high:,}.", field=where)
    return value


def _percent(value: Any, where: str) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput("Give a percentage such as 5 or 2.5.", field=where) from exc
    if not number.is_finite() or not Decimal("0.01") <= number <= Decimal(1000) or number != round(number, 4):
        raise InvalidInput("A percentage is between 0.01 and 1000, with at most 4 decimals.", field=where)
    return str(number.normalize())


def check_earning_rules(rules: Any, *, field: str) -> list[dict[str, Any]]:
    """Earning rules as stored: known keys, fixed points or a percentage, conditions of known kinds."""
    if not isinstance(rules, list) or len(rules) > MAX_EARNING_RULES:
        raise InvalidInput(f"Give at most {MAX_EARNING_RULES} earning rules.", field=field)
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        where = f"{field}.{index}"
        if not isinstance(rule, dict):
            raise InvalidInput("An earning rule is an object.", field=where)
        unknown = sorted(set(rule) - EARNING_KEYS)
        if unknown:
            raise InvalidInput(f"`{unknown[0]}` is not a key of an earning rule.", field=f"{where}.{unknown[0]}")
        rule_id = rule.get("id")
        if not isinstance(rule_id, str) or not rule_id.strip() or len(rule_id) > 100 or rule_id in seen:
            raise InvalidInput("Each earning rule needs a unique id of 1 to 100 characters.", field=f"{where}.id")
        seen.add(rule_id)
        trigger = rule.get("trigger", "REDEMPTION")
        if trigger not in EARNING_TRIGGERS:
            raise InvalidInput(f"Use one of {', '.join(EARNING_TRIGGERS)}.", field=f"{where}.trigger")
        out: dict[str, Any] = {"id": rule_id, "trigger": trigger}
        if (rule.get("points") is None) == (rule.get("percent") is None):
            raise InvalidInput("Give either `points` or `percent`.", field=f"{where}.points")
        if rule.get("points") is not None:
            out["points"] = _whole(rule["points"], 1, MAX_AMOUNT, f"{where}.points")
        else:
            out["percent"] = _percent(rule["percent"], f"{where}.percent")
        if rule.get("max_points") is not None:
            out["max_points"] = _whole(rule["max_points"], 1, MAX_AMOUNT, f"{where}.maxPoints")
        if rule.get("pending_days") is not None:
            out["pending_days"] = _whole(rule["pending_days"], 0, MAX_PENDING_DAYS, f"{where}.pendingDays")
        conditions = rule.get("conditions") or []
        if not isinstance(conditions, list) or len(conditions) > MAX_CONDITIONS:
            raise InvalidInput(f"Give at most {MAX_CONDITIONS} conditions.", field=f"{where}.conditions")
        for number, condition in enumerate(conditions):
            at = f"{where}.conditions.{number}"
            if not isinstance(condition, dict) or condition.get("kind") not in CONDITION_KINDS:
                raise InvalidInput(f"A condition is a rule of kind {', '.join(CONDITION_KINDS)}.", field=at)
            check_rule_shape(condition, at)
        out["conditions"] = conditions
        cleaned.append(out)
    return cleaned


@dataclass(frozen=True)
class ProgramChanges:
    """What `walletProgramUpdate` may change; None leaves a setting as it is."""

    rate_points: int | None = None
    rate_amount: int | None = None
    points_budget: int | None = None
    clear_points_budget: bool = False
    low_budget_threshold: int | None = None
    credit_expiry_days: int | None = None
    clear_credit_expiry_days: bool = False
    credits_expire_at: datetime | None = None
    clear_credits_expire_at: bool = False
    earning_rules: list[dict[str, Any]] | None = None


async def update_program(*, campaign: Campaign, changes: ProgramChanges) -> WalletProgram:
    """Apply `changes` to the campaign's program settings (created with defaults on first use)."""
    check_kind(campaign, field="campaignId")
    program, _ = await WalletProgram.get_or_create(campaign_id=campaign.id)
    if changes.rate_points is not None:
        program.rate_points = _whole(changes.rate_points, 1, MAX_RATE_POINTS, "ratePoints")
    if changes.rate_amount is not None:
        program.rate_amount = _whole(changes.rate_amount, 1, MAX_AMOUNT, "rateAmount")
    if changes.points_budget is not None:
        program.points_budget = _whole(changes.points_budget, 0, MAX_AMOUNT, "pointsBudget")
        if program.points_budget < program.credited:
            raise InvalidInput(
                f"{program.credited:,} points were already credited; the budget cannot be lower.",
                field="pointsBudget",
            )
    if changes.clear_points_budget:
        program.points_budget = None
    if changes.low_budget_threshold is not None:
        program.low_budget_threshold = _whole(changes.low_budget_threshold, 0, MAX_AMOUNT, "lowBudgetThreshold")
    if changes.credit_expiry_days is not None:
        program.credit_expiry_days = _whole(changes.credit_expiry_days, 1, MAX_EXPIRY_DAYS, "creditExpiryDays")
    if changes.clear_credit_expiry_days:
        program.credit_expiry_days = None
    if changes.credits_expire_at is not None:
        program.credits_expire_at = changes.credits_expire_at
    if changes.clear_credits_expire_at:
        program.credits_expire_at = None
    if changes.earning_rules is not None:
        program.earning_rules = check_earning_rules(changes.earning_rules, field="earningRules")
    program.version += 1
    # Never `credited`: concurrent credits move it with their own conditional statements.
    try:
        await program.save(update_fields=[name for name in SETTINGS if name != "credited"])
    except IntegrityError as exc:  # a concurrent credit took `credited` past the new budget first
        raise InvalidInput(
            "Points were credited meanwhile past this budget; read it again.", field="pointsBudget"
        ) from exc
    return program
