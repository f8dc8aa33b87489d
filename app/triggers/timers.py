"""The inaction sweeper: due timers are claimed with `FOR UPDATE SKIP LOCKED` and fire or cancel.

Before rewarding, the sweeper looks for the awaited event among the stored ones (`started_at ≤
occurred_at < due_at`, its conditions judged in Python) even if the evaluator has not reached it yet:
no reward when it came in time. Rules for paused campaigns (documented in the README): a timer waits
while its campaign is paused; once the campaign is ACTIVE again, a timer whose deadline fell inside the
pause is MISSED (no reward), one whose deadline is still ahead fires as usual. Stopping, expiring or
deleting the campaign cancels its timers.
"""

from __future__ import annotations

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign, CampaignStatus
from app.core.time import utcnow
from app.triggers import deliver
from app.triggers.conditions import all_match
from app.triggers.definitions import Trigger, parse_trigger
from app.triggers.evaluate import Batch, record, save_counters
from app.triggers.models import CampaignTrigger

BATCH_SIZE = 500

CLAIM = """
SELECT t.id, t.campaign_id, t.customer_id, t.start_event_id, t.started_at, t.due_at
FROM trigger_timer t JOIN campaign c ON c.id = t.campaign_id
WHERE t.status = 'PENDING' AND t.due_at <= $1 AND c.status = 'ACTIVE' AND c.deleted_at IS NULL
ORDER BY t.due_at LIMIT $2
FOR UPDATE OF t SKIP LOCKED
"""
CANCEL_FINISHED = """
UPDATE trigger_timer SET status = 'CANCELLED', updated_at = now()
WHERE status = 'PENDING' AND campaign_id IN (
    SELECT id FROM campaign WHERE status IN ('STOPPED', 'EXPIRED') OR deleted_at IS NOT NULL
)
RETURNING id
"""
# Whether the campaign was paused at an instant: its last status change at or before then went to PAUSED.
PAUSED_AT = """
SELECT to_status FROM campaign_history WHERE campaign_id = $1 AND kind = 'STATUS_CHANGED' AND created_at <= $2
ORDER BY created_at DESC, id DESC LIMIT 1
"""


async def _awaited_came(connection: BaseDBAsyncClient, trigger: Trigger, timer: dict[str, object]) -> bool:
    """Whether the event that cancels the timer is stored: B in the window, or (a lapse) a newer E."""
    match = trigger.awaited or trigger.event
    rows = await connection.execute_query_dict(
        "SELECT id, properties FROM customer_event WHERE customer_id = $1 AND name = $2 "
        "AND occurred_at >= $3 AND occurred_at < $4 AND id <> $5 ORDER BY occurred_at LIMIT 1000",
        [timer["customer_id"], match.name, timer["started_at"], timer["due_at"], timer["start_event_id"]],
    )
    for row in rows:
        properties = row["properties"]
        if isinstance(properties, str):
            properties = orjson.loads(properties)
        if all_match(match.where, properties):
            return True
    return False


async def fire_due(*, size: int = BATCH_SIZE) -> Batch:
    """Claim due timers and fire (or cancel) them, in one transaction."""
    batch = Batch()
    now = utcnow()
    async with in_transaction() as connection:
        await connection.execute_query_dict(CANCEL_FINISHED)
        timers = await connection.execute_query_dict(CLAIM, [now, size])
        if not timers:
            return batch
        batch.events = len(timers)
        campaign_ids = list({timer["campaign_id"] for timer in timers})
        campaigns = {c.id: c for c in await Campaign.filter(id__in=campaign_ids).using_db(connection)}
        triggers = {
            t.campaign_id: parse_trigger(t.definition)
            for t in await CampaignTrigger.filter(campaign_id__in=campaign_ids).using_db(connection)
        }
        for timer in timers:
            campaign, trigger = campaigns[timer["campaign_id"]], triggers.get(timer["campaign_id"])
            status = "FIRED"
            if trigger is None or trigger.kind != "INACTION":
                status = "CANCELLED"
            elif await _paused_at(connection, campaign, timer["due_at"]):
                status = "MISSED"
            elif await _awaited_came(connection, trigger, timer):
                status = "CANCELLED"
            else:
                given = await deliver.give(
                    connection,
                    campaign=campaign,
                    trigger=trigger,
                    customer_id=timer["customer_id"],
                    occurrence=f"timer:{timer['id']}",
                    event_id=timer["start_event_id"],
                    properties={},
                    now=now,
                    outcome=batch.wallets,
                    alerts=batch.alerts,
                )
                batch.counters[campaign.id].matched += 1
                record(batch, campaign, timer["customer_id"], given, event_id=timer["start_event_id"], now=now)
            await connection.execute_query_dict(
                "UPDATE trigger_timer SET status = $2, updated_at = now() WHERE id = $1", [timer["id"], status]
            )
        await save_counters(connection, batch)
    return batch


async def _paused_at(connection: BaseDBAsyncClient, campaign: Campaign, instant: object) -> bool:
    rows = await connection.execute_query_dict(PAUSED_AT, [campaign.id, instant])
    return bool(rows) and rows[0]["to_status"] == CampaignStatus.PAUSED.value
