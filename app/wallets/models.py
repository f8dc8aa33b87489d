"""Wallet programs, wallets and the points ledger.

A wallet's `balance` is one counter row moved only by conditional statements (DESIGN §4.1): the
`CHECK (balance >= 0)` constraint is the last line of defence, the `WHERE balance >= n` of every debit
the first. Every movement is a `wallet_transaction` row; positive rows keep what is left of them in
`remaining`, so spending takes the oldest credits first and expiry knows what lapses.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class TransactionKind(StrEnum):
    """What a ledger row records."""

    CREDIT = "CREDIT"  # points earned or given
    DEBIT = "DEBIT"  # points spent
    EXPIRE = "EXPIRE"  # what was left of a credit lapsed
    REVERSAL = "REVERSAL"  # a rollback gave spent points back, or took earned points away
    ADJUST = "ADJUST"  # a manual correction, either way


class TransactionSource(StrEnum):
    """What moved the points."""

    REDEMPTION = "REDEMPTION"
    DISTRIBUTION = "DISTRIBUTION"
    EVENT = "EVENT"
    MANUAL = "MANUAL"
    EXPIRY = "EXPIRY"


class TransactionStatus(StrEnum):
    """Whether a row counts in the balance."""

    POSTED = "POSTED"  # in the balance
    PENDING = "PENDING"  # earned, spendable from `available_at` (a returns window)
    CANCELLED = "CANCELLED"  # pending points whose redemption was rolled back: never counted


class WalletProgram(Model):
    """The settings of a LOYALTY or WALLET_POINTS campaign as a points program.

    `rate_points` points are worth `rate_amount` minor units of the campaign's currency.
    `credited` counts every point ever credited, against `points_budget`.
    """

    campaign_id = fields.UUIDField(primary_key=True)
    rate_points = fields.IntField(default=100)
    rate_amount = fields.BigIntField(default=100)
    points_budget = fields.BigIntField(null=True)
    credited = fields.BigIntField(default=0)
    low_budget_threshold = fields.BigIntField(null=True)
    credit_expiry_days = fields.IntField(null=True)
    credits_expire_at = fields.DatetimeField(null=True)
    earning_rules: list[dict[str, Any]] = fields.JSONField(default=list)
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wallet_program"


class Wallet(Model):
    """One customer's points in one program; a loyalty card's code identifies it too."""

    id = fields.UUIDField(primary_key=True)
    campaign_id = fields.UUIDField()
    customer_id = fields.UUIDField()
    code_id = fields.BigIntField(null=True, unique=True)
    balance = fields.BigIntField(default=0)
    pending = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wallet"
        unique_together = (("campaign_id", "customer_id"),)
        indexes = (("customer_id",),)


class WalletTransaction(Model):
    """One movement of points (`points` is signed: credits positive, debits negative)."""

    id = fields.BigIntField(primary_key=True)
    wallet_id = fields.UUIDField()
    kind = fields.CharEnumField(TransactionKind, max_length=16)
    status = fields.CharEnumField(TransactionStatus, max_length=16, default=TransactionStatus.POSTED)
    points = fields.BigIntField()
    balance_after = fields.BigIntField(null=True)
    remaining = fields.BigIntField(default=0)
    expires_at = fields.DatetimeField(null=True)
    available_at = fields.DatetimeField(null=True)
    reason = fields.CharField(max_length=500, default="")
    source = fields.CharEnumField(TransactionSource, max_length=16)
    source_id = fields.CharField(max_length=200, null=True)
    related_id = fields.BigIntField(null=True)
    idempotency_key = fields.CharField(max_length=200, null=True, unique=True)
    actor_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "wallet_transaction"
        indexes = (("wallet_id", "id"), ("source", "source_id"))
