"""Wallet inputs."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from app.graphql.constraints import (
    IDEMPOTENCY_KEY,
    NON_NEGATIVE_AMOUNT,
    POINTS,
    RULES,
    SIGNED_POINTS,
    Items,
    Line,
    Range,
    Text,
)
from app.graphql.customers.inputs import CustomerRefInput
from app.graphql.scalars import Amount
from app.graphql.wallets.types import TransactionKind, TransactionSource


@strawberry.enum(description="When an earning rule gives points.")
class EarningTrigger(Enum):
    REDEMPTION = strawberry.enum_value("REDEMPTION", description="A successful redeem by the program's customer.")
    ORDER_PAID = strawberry.enum_value("ORDER_PAID", description="An `order_paid` event tracked live (eventTrack).")


@strawberry.input(
    description="What earns points: fixed `points`, or `percent` of the order (after discounts, less what points "
    "paid) converted at the program's rate and rounded down; all conditions must pass."
)
class EarningRuleInput:
    id: str = strawberry.field(directives=[Line(100)], description="Unique within the program.")
    trigger: EarningTrigger = strawberry.field(default=EarningTrigger.REDEMPTION, description="When it earns.")
    points: Amount | None = strawberry.field(directives=[POINTS], default=None, description="Fixed points.")
    percent: float | None = strawberry.field(
        directives=[Range(0.01, 1000)], default=None, description="Percent of the order (at most 4 decimals)."
    )
    max_points: Amount | None = strawberry.field(directives=[POINTS], default=None, description="Cap per order.")
    pending_days: int | None = strawberry.field(
        directives=[Range(0, 365)],
        default=None,
        description="Hold the points this many days (a returns window); a rollback within it cancels them.",
    )
    conditions: JSON | None = strawberry.field(
        directives=[RULES],
        default=None,
        description="Validation rules the order must pass: MIN_ORDER_AMOUNT, ITEMS, TIME_WINDOW (local to the "
        "campaign's time zone; a window may cross midnight, e.g. from_hour 22, to_hour 2).",
    )

    def to_json(self) -> dict[str, object]:
        rule: dict[str, object] = {"id": self.id, "trigger": self.trigger.value}
        for name in ("points", "max_points", "pending_days"):
            value = getattr(self, name)
            if value is not None:
                rule[name] = value
        if self.percent is not None:
            rule["percent"] = repr(self.percent)
        rule["conditions"] = self.conditions if self.conditions is not None else []
        return rule


@strawberry.input(description="Settings of a points program; omitted ones stay, null clears the optional ones.")
class WalletProgramUpdateInput:
    program: strawberry.ID = strawberry.field(description="The LOYALTY or WALLET_POINTS campaign.")
    rate_points: int | None = strawberry.field(
        directives=[Range(1, 1_000_000)], default=None, description="This many points …"
    )
    rate_amount: Amount | None = strawberry.field(
        directives=[POINTS], default=None, description="… are worth this many minor units (default 100 = 100)."
    )
    points_budget: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT],
        default=strawberry.UNSET,
        description="Points that may ever be credited; a credit past it is refused (null: no limit).",
    )
    low_budget_threshold: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT],
        default=strawberry.UNSET,
        description="An inventory alert fires when this few budget points are left.",
    )
    credit_expiry_days: int | None = strawberry.field(
        directives=[Range(1, 3650)], default=strawberry.UNSET, description="Credits lapse N days after earning."
    )
    credits_expire_at: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="Credits made from now on lapse at this instant (the earlier wins)."
    )
    earning_rules: list[EarningRuleInput] | None = strawberry.field(
        directives=[Items(20)], default=None, description="Replaces the earning rules (≤ 20)."
    )


@strawberry.input(description="A manual correction of a wallet's points.")
class WalletAdjustInput:
    program: strawberry.ID = strawberry.field(description="The LOYALTY or WALLET_POINTS campaign.")
    customer: CustomerRefInput = strawberry.field(description="Whose wallet (opened by a first credit).")
    points: Amount = strawberry.field(
        directives=[SIGNED_POINTS],
        description="Positive credits (against the budget), negative debits (never below zero); not 0.",
    )
    reason: str = strawberry.field(directives=[Text(500)], description="Why (kept in the ledger).")
    idempotency_key: str | None = strawberry.field(
        directives=[IDEMPOTENCY_KEY], default=None, description="A retry with the same key changes nothing."
    )


@strawberry.input(description="Conditions on listed ledger rows.")
class WalletTransactionFilterInput:
    wallet: strawberry.ID | None = strawberry.field(default=None, description="This wallet's.")
    program: strawberry.ID | None = strawberry.field(default=None, description="In this program.")
    customer: strawberry.ID | None = strawberry.field(default=None, description="This customer's.")
    kind: TransactionKind | None = strawberry.field(default=None, description="Only this kind.")
    source: TransactionSource | None = strawberry.field(default=None, description="Only from this source.")
