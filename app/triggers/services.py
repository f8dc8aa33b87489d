"""Setting a LIVE_ACTION campaign's trigger, and reading its counters."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from tortoise import connections
from tortoise.transactions import in_transaction

from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.campaigns.models import Targeting
from app.core.errors import InvalidInput
from app.core.events import EventBus, publish
from app.triggers.definitions import Trigger, parse_trigger
from app.triggers.evaluate import index
from app.triggers.models import CampaignTrigger

CHANGES_CHANNEL = "trigger-changes"
INBOX_CHANNEL = "trigger-inbox"


async def set_trigger(
    *, scope: Scope, campaign_id: uuid.UUID, definition: object, events: EventBus | None
) -> tuple[CampaignTrigger, Trigger]:
    """Store the campaign's trigger; from now on the ingest statement queues the events it listens to."""
    campaign = await campaign_access.editable(scope, campaign_id, field="campaignId")
    if campaign.targeting is not Targeting.LIVE_ACTION:
        raise InvalidInput("Only a LIVE_ACTION campaign has a trigger.", field="campaignId")
    trigger = parse_trigger(definition)
    async with in_transaction() as connection:
        stored, created = await CampaignTrigger.get_or_create(
            campaign_id=campaign.id, defaults={"definition": trigger.raw}, using_db=connection
        )
        if not created:
            stored.definition = trigger.raw
            stored.version += 1
            await stored.save(using_db=connection, update_fields=["definition", "version", "updated_at"])
        await connection.execute_query_dict("DELETE FROM trigger_event_name WHERE campaign_id = $1", [campaign.id])
        await connection.execute_query_dict(
            "INSERT INTO trigger_event_name (campaign_id, name) SELECT $1, n FROM unnest($2::text[]) AS n",
            [campaign.id, sorted(trigger.names())],
        )
    index.forget()  # this process at once; the workers through the notice, or their version check within a second
    await publish(events, CHANGES_CHANNEL, {"campaign_id": str(campaign.id)})
    return stored, trigger


@dataclass(frozen=True)
class Stats:
    evaluated: int
    matched: int
    rewarded: int
    capped: int
    pending_timers: int


def stats_of(stored: CampaignTrigger, pending: int) -> Stats:
    return Stats(stored.evaluated, stored.matched, stored.rewarded, stored.capped, pending)


async def stats(campaign_id: uuid.UUID) -> Stats | None:
    stored = await CampaignTrigger.get_or_none(campaign_id=campaign_id)
    if stored is None:
        return None
    return stats_of(stored, (await pending_timers([campaign_id])).get(campaign_id, 0))


async def pending_timers(campaign_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Open inaction windows per campaign, in one statement."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT campaign_id, count(*) AS n FROM trigger_timer WHERE campaign_id = ANY($1::uuid[]) "
        "AND status = 'PENDING' GROUP BY campaign_id",
        [campaign_ids],
    )
    return {row["campaign_id"]: int(row["n"]) for row in rows}


class _Names:
    """The event names triggers listen to, as this API process last read them (at most a second old)."""

    def __init__(self) -> None:
        self.names: frozenset[str] = frozenset()
        self.read_at = -1.0

    async def current(self) -> frozenset[str]:
        if time.monotonic() - self.read_at >= NAMES_CHECK_SECONDS:
            rows = await connections.get("default").execute_query_dict("SELECT DISTINCT name FROM trigger_event_name")
            self.names = frozenset(row["name"] for row in rows)
            self.read_at = time.monotonic()
        return self.names


NAMES_CHECK_SECONDS = 1.0
listened = _Names()


async def nudge(events: EventBus | None, names: set[str]) -> None:
    """Wake the workers' evaluators when a stored event may interest a trigger (the inbox holds it anyway)."""
    if events is not None and names & await listened.current():
        await publish(events, INBOX_CHANNEL, {"names": sorted(names)})
