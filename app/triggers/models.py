"""Triggers of LIVE_ACTION campaigns, the inbox of events to evaluate, inaction timers and rewards.

`trigger_inbox` is written by the event ingest statement itself, for live events whose name some
trigger listens to (`trigger_event_name`), so an event is evaluated at least once even if Redis is down
when it arrives; evaluation deletes its inbox row in the transaction that records the outcome. Timers
live in PostgreSQL and are claimed by the sweeper with `FOR UPDATE SKIP LOCKED`. `trigger_reward` has
one row per (campaign, occurrence): the unique key that makes every reward happen once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class TimerStatus(StrEnum):
    """Where an inaction timer stands."""

    PENDING = "PENDING"
    CANCELLED = "CANCELLED"  # the awaited event came in time (or the campaign stopped)
    FIRED = "FIRED"  # the window ended without it: the reward went out (or was capped)
    MISSED = "MISSED"  # its deadline passed while the campaign was paused


class RewardStatus(StrEnum):
    """What a matched occurrence came to."""

    REWARDED = "REWARDED"
    CAPPED = "CAPPED"  # the customer had as many rewards as the cap allows
    SKIPPED_INVENTORY = "SKIPPED_INVENTORY"  # codes or the points budget ran out


class CampaignTrigger(Model):
    """A LIVE_ACTION campaign's trigger (its JSON form, checked) and its running counters."""

    campaign_id = fields.UUIDField(primary_key=True)
    definition: dict[str, Any] = fields.JSONField()
    evaluated = fields.BigIntField(default=0)
    matched = fields.BigIntField(default=0)
    rewarded = fields.BigIntField(default=0)
    capped = fields.BigIntField(default=0)
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "campaign_trigger"


class TriggerEventName(Model):
    """An event name a trigger listens to: the ingest statement puts such events in the inbox."""

    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.UUIDField()
    name = fields.CharField(max_length=100)

    class Meta:
        table = "trigger_event_name"
        unique_together = (("name", "campaign_id"),)


class TriggerInbox(Model):
    """A stored live event that some trigger may care about, waiting for evaluation."""

    event_id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "trigger_inbox"


class TriggerTimer(Model):
    """An inaction window: reward the customer at `due_at` unless the awaited event happened before it."""

    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.UUIDField()
    customer_id = fields.UUIDField()
    start_event_id = fields.BigIntField()
    started_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    status = fields.CharEnumField(TimerStatus, max_length=16, default=TimerStatus.PENDING)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "trigger_timer"
        unique_together = (("campaign_id", "start_event_id"),)
        indexes = (("campaign_id", "customer_id", "status"),)


class TriggerReward(Model):
    """One occurrence of a trigger for a customer, and what it gave."""

    id = fields.BigIntField(primary_key=True)
    campaign_id = fields.UUIDField()
    customer_id = fields.UUIDField()
    occurrence = fields.CharField(max_length=100)  # "event:<id>" or "timer:<id>"
    event_id = fields.BigIntField(null=True)
    status = fields.CharEnumField(RewardStatus, max_length=24)
    code_id = fields.BigIntField(null=True)
    points = fields.BigIntField(null=True)
    wallet_transaction_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "trigger_reward"
        unique_together = (("campaign_id", "occurrence"),)
        indexes = (("campaign_id", "customer_id", "created_at"), ("customer_id", "created_at"))
