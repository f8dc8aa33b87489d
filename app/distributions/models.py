"""Distributions, their runs and deliveries.

A run's deliveries are its membership snapshot (one row per eligible customer, written by one
`INSERT … SELECT`) and, once a chunk is processed, what each customer got. Two unique indexes make each
customer rewarded exactly once: `(run_id, customer_id)` always, and `(once_key, customer_id)` over
rewarded rows, where `once_key` is the campaign for the once-per-campaign policy.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ScheduleKind(StrEnum):
    """When a distribution runs."""

    NOW = "NOW"
    ONCE = "ONCE"
    CRON = "CRON"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"


class RewardPolicy(StrEnum):
    """How often one customer may be rewarded."""

    ONCE_PER_CAMPAIGN = "ONCE_PER_CAMPAIGN"
    ONCE_PER_RUN = "ONCE_PER_RUN"


class DistributionStatus(StrEnum):
    """Where a distribution stands."""

    ACTIVE = "ACTIVE"  # runs will be created at its schedule
    COMPLETED = "COMPLETED"  # its schedule has no occurrence left
    CANCELLED = "CANCELLED"  # cancelled, or its campaign stopped


class RunStatus(StrEnum):
    """Where a run stands."""

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    PARTIAL = "PARTIAL"  # the inventory ran out: the rest were skipped
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class DeliveryStatus(StrEnum):
    """What one customer of a run got."""

    PENDING = "PENDING"
    REWARDED = "REWARDED"
    SKIPPED_ALREADY = "SKIPPED_ALREADY"  # rewarded by an earlier run (once per campaign)
    SKIPPED_INVENTORY = "SKIPPED_INVENTORY"  # codes, budget or the campaign's limit ran out
    FAILED = "FAILED"


class Distribution(Model):
    """A campaign's rewarding of its segment, now, once or on a recurring schedule."""

    id = fields.UUIDField(primary_key=True)
    campaign_id = fields.UUIDField()
    status = fields.CharEnumField(DistributionStatus, max_length=16, default=DistributionStatus.ACTIVE)
    schedule_kind = fields.CharEnumField(ScheduleKind, max_length=16)
    schedule: dict[str, Any] = fields.JSONField(default=dict)  # at, cron, local_time, weekdays, ends_at
    reward_policy = fields.CharEnumField(RewardPolicy, max_length=24, default=RewardPolicy.ONCE_PER_CAMPAIGN)
    points: dict[str, Any] | None = fields.JSONField(null=True)  # wallet programs: fixed or a share of a property
    next_run_at = fields.DatetimeField(null=True)
    idempotency_key = fields.CharField(max_length=200, null=True, unique=True)
    created_by_id = fields.UUIDField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "distribution"
        indexes = (("campaign_id", "created_at"), ("status", "next_run_at"), ("created_at", "id"))


class DistributionRun(Model):
    """One occurrence of a distribution; claimed by a worker under a lease it renews per chunk."""

    id = fields.UUIDField(primary_key=True)
    distribution_id = fields.UUIDField()
    campaign_id = fields.UUIDField()
    scheduled_for = fields.DatetimeField()
    status = fields.CharEnumField(RunStatus, max_length=16, default=RunStatus.PENDING)
    snapshot_taken = fields.BooleanField(default=False)
    eligible = fields.IntField(default=0)
    rewarded = fields.IntField(default=0)
    skipped = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    lease_until = fields.DatetimeField(null=True)
    claimed_by = fields.CharField(max_length=200, null=True)
    error = fields.TextField(null=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "distribution_run"
        unique_together = (("distribution_id", "scheduled_for"),)
        indexes = (("status", "scheduled_for"),)


class Delivery(Model):
    """One eligible customer of a run, and what they got."""

    id = fields.BigIntField(primary_key=True)
    run_id = fields.UUIDField()
    campaign_id = fields.UUIDField()
    customer_id = fields.UUIDField()
    once_key = fields.UUIDField(null=True)
    status = fields.CharEnumField(DeliveryStatus, max_length=24, default=DeliveryStatus.PENDING)
    code_id = fields.BigIntField(null=True)
    points = fields.BigIntField(null=True)
    wallet_transaction_id = fields.BigIntField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "distribution_delivery"
        unique_together = (("run_id", "customer_id"),)
        indexes = (("run_id", "status", "id"), ("customer_id", "created_at"))
