"""Earning rules: how many points an order earns in a program (pure computation).

A rule gives fixed `points`, or `percent` of the order's base amount converted at the program's rate
and rounded down to a whole point (5 % of 123.45 at 100 points = 1.00 is 617.25 → 617 points), capped
by `max_points`. Its conditions are validation rules (minimum amount, items, a local time window that
may cross midnight) judged in the program's time zone. Every rule that passes earns; a rule's points
are pending for `pending_days` when it has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from app.rules import evaluation as rule_engine
from app.wallets.models import WalletProgram
from app.wallets.programs import Rate


@dataclass(frozen=True)
class Earned:
    """Points one earning rule gives for one order."""

    rule_id: str
    points: int
    available_at: datetime | None  # None: spendable at once


@dataclass(frozen=True)
class Order:
    """What earning rules look at: the amount they take a share of, the items and the moment."""

    base_amount: int  # minor units: the order after discounts, less what points paid
    initial_amount: int
    items: tuple[Any, ...]
    now: datetime
    customer_id: str | None = None


def rule_points(rule: dict[str, Any], rate: Rate, base_amount: int) -> int:
    if "points" in rule:
        points = int(rule["points"])
    else:
        points = rate.points_for(Fraction(base_amount) * Fraction(rule["percent"]) / 100)
    cap = rule.get("max_points")
    return min(points, cap) if cap is not None else points


def earnings(program: WalletProgram, *, trigger: str, order: Order, time_zone: str) -> list[Earned]:
    """What the program's rules of `trigger` give for `order` (rules giving 0 points are left out)."""
    rate = Rate(program.rate_points, program.rate_amount)
    found = []
    for rule in program.earning_rules:
        if rule.get("trigger", "REDEMPTION") != trigger:
            continue
        context = rule_engine.RuleContext(
            initial_amount=order.initial_amount,
            running_amount=order.base_amount,
            items=order.items,
            customer_id=order.customer_id,
            code_holder_id=None,
            now=order.now,
            time_zone=time_zone,
        )
        if rule_engine.evaluate(rule.get("conditions", []), None, context) is not None:
            continue
        points = rule_points(rule, rate, order.base_amount)
        if points <= 0:
            continue
        days = rule.get("pending_days")
        available_at = order.now + timedelta(days=days) if days else None
        found.append(Earned(rule["id"], points, available_at))
    return found
