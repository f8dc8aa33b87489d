"""Evaluating stored events against the triggers: the inbox, drained in batches off the request path.

Each batch is one transaction: the inbox rows are locked `FOR UPDATE SKIP LOCKED` (several workers take
disjoint batches), every matching trigger starts or cancels timers or rewards the customer, the
campaigns' counters move, and the inbox rows are deleted — all or nothing, so an event is evaluated
exactly once even if a worker dies. The triggers come from a per-process index by event name, reloaded
when their version (count, latest change) moves: an event no trigger cares about never reaches it.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.campaigns.clock import live_at
from app.campaigns.models import Campaign, CampaignStatus
from app.core.time import utcnow
from app.rules import evaluation as rule_engine
from app.triggers import deliver
from app.triggers.conditions import all_match
from app.triggers.definitions import Trigger, parse_trigger
from app.triggers.models import RewardStatus
from app.wallets import services as wallets

BATCH_SIZE = 500
INDEX_CHECK_SECONDS = 1.0


class TriggerIndex:
    """Triggers by the event names they listen to, with the version they were loaded at."""

    def __init__(self) -> None:
        self.version: tuple[Any, ...] | None = None
        self.checked_at = 0.0
        self.by_name: dict[str, list[tuple[uuid.UUID, Trigger]]] = {}

    async def current(self) -> dict[str, list[tuple[uuid.UUID, Trigger]]]:
        if self.version is not None and time.monotonic() - self.checked_at < INDEX_CHECK_SECONDS:
            return self.by_name
        connection = connections.get("default")
        [row] = await connection.execute_query_dict(
            "SELECT count(*) AS n, max(updated_at) AS latest, sum(version) AS versions FROM campaign_trigger"
        )
        version = (row["n"], row["latest"], row["versions"])
        if version != self.version:
            rows = await connection.execute_query_dict("SELECT campaign_id, definition FROM campaign_trigger")
            by_name: dict[str, list[tuple[uuid.UUID, Trigger]]] = defaultdict(list)
            for stored in rows:
                definition = stored["definition"]
                trigger = parse_trigger(orjson.loads(definition) if isinstance(definition, str) else definition)
                for name in trigger.names():
                    by_name[name].append((stored["campaign_id"], trigger))
            self.by_name = dict(by_name)
            self.version = version
        self.checked_at = time.monotonic()
        return self.by_name

    def forget(self) -> None:
        self.version = None


index = TriggerIndex()


@dataclass
class Counters:
    evaluated: int = 0
    matched: int = 0
    rewarded: int = 0
    capped: int = 0


@dataclass
class Batch:
    """What one batch did, and what to announce after it commits."""

    events: int = 0
    rewards: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    wallets: wallets.Outcome = field(default_factory=wallets.Outcome)
    counters: dict[uuid.UUID, Counters] = field(default_factory=lambda: defaultdict(Counters))


def _in_time_window(trigger: Trigger, occurred_at: datetime, time_zone: str) -> bool:
    if not trigger.time_window:
        return True
    rule = {"id": "time_window", "kind": "TIME_WINDOW", **trigger.time_window}
    context = rule_engine.RuleContext(
        initial_amount=0,
        running_amount=0,
        items=(),
        customer_id=None,
        code_holder_id=None,
        now=occurred_at,
        time_zone=time_zone,
    )
    return rule_engine.RULE_KINDS["TIME_WINDOW"](rule, context) is None


async def _occurrence_ok(connection: BaseDBAsyncClient, trigger: Trigger, event: dict[str, Any]) -> bool:
    """First ever, or exactly the Nth within the window (ties at one instant ordered by event id)."""
    if trigger.first:
        rows = await connection.execute_query_dict(
            "SELECT 1 AS earlier FROM customer_event WHERE customer_id = $1 AND name = $2 "
            "AND (occurred_at, id) < ($3::timestamptz, $4::bigint) LIMIT 1",
            [event["customer_id"], event["name"], event["occurred_at"], event["id"]],
        )
        return not rows
    if trigger.nth is not None:
        assert trigger.within is not None
        [row] = await connection.execute_query_dict(
            "SELECT count(*) AS n FROM customer_event WHERE customer_id = $1 AND name = $2 "
            "AND occurred_at > $3 AND (occurred_at, id) <= ($4::timestamptz, $5::bigint)",
            [
                event["customer_id"],
                event["name"],
                event["occurred_at"] - trigger.within,
                event["occurred_at"],
                event["id"],
            ],
        )
        return bool(row["n"] == trigger.nth)
    return True


async def _timers(
    connection: BaseDBAsyncClient, campaign: Campaign, trigger: Trigger, event: dict[str, Any], props: dict[str, Any]
) -> None:
    """Start (event A, or every E of a lapse trigger) and cancel (awaited B, or a newer E) inaction timers."""
    customer, at = event["customer_id"], event["occurred_at"]
    if (
        trigger.awaited is not None
        and event["name"] == trigger.awaited.name
        and all_match(trigger.awaited.where, props)
    ):
        await connection.execute_query_dict(
            "UPDATE trigger_timer SET status = 'CANCELLED', updated_at = now() WHERE campaign_id = $1 "
            "AND customer_id = $2 AND status = 'PENDING' AND started_at <= $3 AND due_at > $3",
            [campaign.id, customer, at],
        )
    if event["name"] != trigger.event.name or not all_match(trigger.event.where, props):
        return
    if trigger.awaited is None:  # a newer E restarts the lapse window
        await connection.execute_query_dict(
            "UPDATE trigger_timer SET status = 'CANCELLED', updated_at = now() WHERE campaign_id = $1 "
            "AND customer_id = $2 AND status = 'PENDING' AND started_at <= $3",
            [campaign.id, customer, at],
        )
    assert trigger.within is not None
    await connection.execute_query_dict(
        "INSERT INTO trigger_timer (campaign_id, customer_id, start_event_id, started_at, due_at, status, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'PENDING', now(), now()) "
        "ON CONFLICT (campaign_id, start_event_id) DO NOTHING",
        [campaign.id, customer, event["id"], at, at + trigger.within],
    )


async def _evaluate_one(
    connection: BaseDBAsyncClient,
    batch: Batch,
    campaign: Campaign,
    trigger: Trigger,
    event: dict[str, Any],
    now: datetime,
) -> None:
    props = event["properties"]
    if isinstance(props, str):
        props = orjson.loads(props)
    counters = batch.counters[campaign.id]
    counters.evaluated += 1
    if trigger.kind == "INACTION":
        await _timers(connection, campaign, trigger, event, props)
        return
    if not all_match(trigger.event.where, props) or not _in_time_window(
        trigger, event["occurred_at"], campaign.time_zone
    ):
        return
    if not await _occurrence_ok(connection, trigger, event):
        return
    counters.matched += 1
    given = await deliver.give(
        connection,
        campaign=campaign,
        trigger=trigger,
        customer_id=event["customer_id"],
        occurrence=f"event:{event['id']}",
        event_id=event["id"],
        properties=props,
        now=now,
        outcome=batch.wallets,
        alerts=batch.alerts,
    )
    record(batch, campaign, event["customer_id"], given, event_id=event["id"], now=now)


def record(
    batch: Batch,
    campaign: Campaign,
    customer_id: uuid.UUID,
    given: deliver.Given | None,
    *,
    event_id: int | None,
    now: datetime,
) -> None:
    if given is None:
        return
    counters = batch.counters[campaign.id]
    if given.status is RewardStatus.CAPPED:
        counters.capped += 1
        return
    if given.status is RewardStatus.REWARDED:
        counters.rewarded += 1
        batch.rewards.append(
            {
                "reward_id": given.reward_id,
                "campaign_id": str(campaign.id),
                "customer_id": str(customer_id),
                "code_id": given.code_id,
                "points": given.points,
                "event_id": event_id,
                "at": now.isoformat(),
            }
        )


async def save_counters(connection: BaseDBAsyncClient, batch: Batch) -> None:
    for campaign_id, counters in sorted(batch.counters.items(), key=lambda item: str(item[0])):
        await connection.execute_query_dict(
            "UPDATE campaign_trigger SET evaluated = evaluated + $2, matched = matched + $3, "
            "rewarded = rewarded + $4, capped = capped + $5 WHERE campaign_id = $1",
            [campaign_id, counters.evaluated, counters.matched, counters.rewarded, counters.capped],
        )


async def _active_since(connection: BaseDBAsyncClient, campaign_ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """When each campaign last became ACTIVE: events that happened before (or while it was paused) never count."""
    if not campaign_ids:
        return {}
    rows = await connection.execute_query_dict(
        "SELECT campaign_id, max(created_at) AS since FROM campaign_history WHERE campaign_id = ANY($1::uuid[]) "
        "AND to_status = 'ACTIVE' GROUP BY campaign_id",
        [campaign_ids],
    )
    return {row["campaign_id"]: row["since"] for row in rows}


async def evaluate_batch(*, size: int = BATCH_SIZE) -> Batch:
    """Evaluate the next batch of inbox events (see the module docstring)."""
    by_name = await index.current()
    batch = Batch()
    now = utcnow()
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "SELECT i.event_id, e.id, e.customer_id, e.name, e.occurred_at, e.properties FROM trigger_inbox i "
            "LEFT JOIN customer_event e ON e.id = i.event_id ORDER BY i.event_id LIMIT $1 FOR UPDATE OF i SKIP LOCKED",
            [size],
        )
        if not rows:
            return batch
        batch.events = len(rows)
        wanted = {campaign_id for row in rows for campaign_id, _ in by_name.get(row["name"] or "", [])}
        campaigns = {c.id: c for c in await Campaign.filter(id__in=list(wanted)).using_db(connection)}
        active_since = await _active_since(connection, list(campaigns))
        for row in rows:
            if row["id"] is None:  # deleted by the retention sweep meanwhile
                continue
            for campaign_id, trigger in by_name.get(row["name"], []):
                campaign = campaigns.get(campaign_id)
                # Only events that happen while the campaign is live count (by its dates, and ACTIVE now).
                if campaign is None or campaign.status is not CampaignStatus.ACTIVE:
                    continue
                if not live_at(campaign, row["occurred_at"]) or not live_at(campaign, now):
                    continue
                since = active_since.get(campaign_id)
                if since is not None and row["occurred_at"] < since:
                    continue
                await _evaluate_one(connection, batch, campaign, trigger, row, now)
        await save_counters(connection, batch)
        await connection.execute_query_dict(
            "DELETE FROM trigger_inbox WHERE event_id = ANY($1::bigint[])", [[row["event_id"] for row in rows]]
        )
    return batch
