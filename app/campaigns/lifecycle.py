"""Status transitions: by API callers, and by the scheduler when starts and ends fall due.

Every transition locks the campaign row (`SELECT … FOR UPDATE`), checks the current status, writes
the new one with a history entry and its webhook event (the outbox) in the same transaction, and only
then announces it (to the campaign caches of every process, then to status subscribers). The scheduler
claims due rows with `SKIP LOCKED`, so several workers never transition one campaign twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from app.access.models import ApiKey
from app.campaigns import history
from app.campaigns.cache import announce_change
from app.campaigns.exceptions import CampaignNotFound, TransitionNotAllowed
from app.campaigns.models import Campaign, CampaignStatus, HistoryKind
from app.codes import services as code_services
from app.core.errors import InvalidInput
from app.core.events import EventBus, publish
from app.core.time import utcnow
from app.distributions import runs as distribution_runs
from app.webhooks import services as webhooks
from app.webhooks.models import WebhookEventType

STATUS_CHANNEL = "campaign-status"
SCHEDULER = "SCHEDULER"
API_KEY = "API_KEY"

S = CampaignStatus
PAUSABLE = {S.ACTIVE, S.SCHEDULED}
STOPPABLE = {S.ACTIVE, S.SCHEDULED, S.PAUSED}
RUNNING = {S.ACTIVE, S.SCHEDULED, S.PAUSED}


@dataclass(frozen=True)
class StatusChange:
    """What subscribers of `campaignStatusChanged` receive."""

    campaign_id: uuid.UUID
    campaign_name: str
    previous: CampaignStatus
    current: CampaignStatus
    in_bin: bool
    deleted: bool
    cause: str
    actor_prefix: str | None
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "campaign_id": str(self.campaign_id),
            "campaign_name": self.campaign_name,
            "previous": self.previous.value,
            "current": self.current.value,
            "in_bin": self.in_bin,
            "deleted": self.deleted,
            "cause": self.cause,
            "actor_prefix": self.actor_prefix,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatusChange:
        return cls(
            campaign_id=uuid.UUID(data["campaign_id"]),
            campaign_name=data["campaign_name"],
            previous=CampaignStatus(data["previous"]),
            current=CampaignStatus(data["current"]),
            in_bin=data["in_bin"],
            deleted=data["deleted"],
            cause=data["cause"],
            actor_prefix=data["actor_prefix"],
            at=datetime.fromisoformat(data["at"]),
        )


async def _outbox(connection: BaseDBAsyncClient, changes: list[StatusChange]) -> None:
    """The `campaign.status_changed` webhook events of `changes`, in their transaction."""
    await webhooks.emit(connection, WebhookEventType.CAMPAIGN_STATUS_CHANGED, [change.to_json() for change in changes])


async def _locked(campaign_id: uuid.UUID, connection: BaseDBAsyncClient) -> Campaign:
    campaign = await Campaign.filter(id=campaign_id).select_for_update().using_db(connection).first()
    if campaign is None:
        raise CampaignNotFound(f"No campaign has id {campaign_id}.", field="id")
    return campaign


def _launch_status(campaign: Campaign, now: datetime) -> CampaignStatus:
    return S.SCHEDULED if campaign.starts_at is not None and campaign.starts_at > now else S.ACTIVE


async def _set_status(
    campaign: Campaign,
    new_status: CampaignStatus,
    *,
    actor: ApiKey | None,
    connection: BaseDBAsyncClient,
    now: datetime,
) -> StatusChange:
    previous = campaign.status
    await (
        Campaign.filter(id=campaign.id)
        .using_db(connection)
        .update(
            status=new_status,
            version=F("version") + 1,
            updated_at=now,
            updated_by_id=actor.id if actor else campaign.updated_by_id,
        )
    )
    await history.record(
        campaign,
        HistoryKind.STATUS_CHANGED,
        actor=actor,
        connection=connection,
        from_status=previous,
        to_status=new_status,
    )
    return StatusChange(
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        previous=previous,
        current=new_status,
        in_bin=campaign.deleted_at is not None,
        deleted=False,
        cause=API_KEY if actor else SCHEDULER,
        actor_prefix=actor.prefix if actor else None,
        at=now,
    )


async def _transition(
    *,
    campaign_id: uuid.UUID,
    action: str,
    allowed_from: set[CampaignStatus],
    actor: ApiKey | None,
    events: EventBus | None,
    target: Any,
) -> Campaign:
    now = utcnow()
    async with in_transaction() as connection:
        campaign = await _locked(campaign_id, connection)
        if campaign.deleted_at is not None or campaign.status not in allowed_from:
            raise TransitionNotAllowed(action=action, status=campaign.status, in_bin=campaign.deleted_at is not None)
        change = await _set_status(campaign, target(campaign, now), actor=actor, connection=connection, now=now)
        await _outbox(connection, [change])
    await announce_change(events, [campaign_id])
    await publish(events, STATUS_CHANNEL, change.to_json())
    return await Campaign.get(id=campaign_id)


def _activation_target(campaign: Campaign, now: datetime) -> CampaignStatus:
    if campaign.ends_at is not None and campaign.ends_at <= now:
        raise InvalidInput("The campaign's end has passed; move it before activating.", field="endsAt")
    return _launch_status(campaign, now)


async def activate(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> Campaign:
    """DRAFT → ACTIVE, or SCHEDULED when the start is still ahead."""
    return await _transition(
        campaign_id=campaign_id,
        action="activate",
        allowed_from={S.DRAFT},
        actor=actor,
        events=events,
        target=_activation_target,
    )


async def pause(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> Campaign:
    """ACTIVE or SCHEDULED → PAUSED: nothing can be redeemed until it resumes."""
    return await _transition(
        campaign_id=campaign_id,
        action="pause",
        allowed_from=PAUSABLE,
        actor=actor,
        events=events,
        target=lambda campaign, now: S.PAUSED,
    )


async def resume(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> Campaign:
    """PAUSED → ACTIVE (or SCHEDULED before its start; the scheduler expires it if its end passed)."""
    return await _transition(
        campaign_id=campaign_id,
        action="resume",
        allowed_from={S.PAUSED},
        actor=actor,
        events=events,
        target=_launch_status,
    )


async def stop(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> Campaign:
    """Any running status → STOPPED, for good."""
    return await _transition(
        campaign_id=campaign_id,
        action="stop",
        allowed_from=STOPPABLE,
        actor=actor,
        events=events,
        target=lambda campaign, now: S.STOPPED,
    )


async def _set_bin(
    campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None, *, into_bin: bool
) -> Campaign:
    now = utcnow()
    async with in_transaction() as connection:
        campaign = await _locked(campaign_id, connection)
        if (campaign.deleted_at is not None) == into_bin:
            action = "delete" if into_bin else "restore"
            raise TransitionNotAllowed(action=action, status=campaign.status, in_bin=into_bin)
        await (
            Campaign.filter(id=campaign_id)
            .using_db(connection)
            .update(deleted_at=now if into_bin else None, version=F("version") + 1, updated_at=now)
        )
        kind = HistoryKind.DELETED if into_bin else HistoryKind.RESTORED
        await history.record(campaign, kind, actor=actor, connection=connection)
        change = _bin_change(campaign, actor, now, in_bin=into_bin)
        await _outbox(connection, [change])
    await announce_change(events, [campaign_id])
    await publish(events, STATUS_CHANNEL, change.to_json())
    return await Campaign.get(id=campaign_id)


async def move_to_bin(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> Campaign:
    """Put the campaign in the bin: its name and codes stay reserved, nothing can be redeemed."""
    return await _set_bin(campaign_id, actor, events, into_bin=True)


async def restore(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> Campaign:
    """Take the campaign out of the bin, in the status it had."""
    return await _set_bin(campaign_id, actor, events, into_bin=False)


async def delete_permanently(*, campaign_id: uuid.UUID, actor: ApiKey | None, events: EventBus | None) -> StatusChange:
    """Remove the campaign and its history for good; its name becomes free."""
    now = utcnow()
    async with in_transaction() as connection:
        campaign = await _locked(campaign_id, connection)
        await code_services.delete_campaign_codes(campaign_id=campaign.id, connection=connection)
        await distribution_runs.delete_campaign_deliveries(campaign_id=campaign.id, connection=connection)
        await campaign.delete(using_db=connection)
        change = _bin_change(campaign, actor, now, in_bin=True, deleted=True)
        await _outbox(connection, [change])
    await announce_change(events, [campaign_id])
    await publish(events, STATUS_CHANNEL, change.to_json())
    return change


def _bin_change(
    campaign: Campaign, actor: ApiKey | None, now: datetime, *, in_bin: bool, deleted: bool = False
) -> StatusChange:
    return StatusChange(
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        previous=campaign.status,
        current=campaign.status,
        in_bin=in_bin,
        deleted=deleted,
        cause=API_KEY if actor else SCHEDULER,
        actor_prefix=actor.prefix if actor else None,
        at=now,
    )


async def run_due_transitions(*, events: EventBus | None, batch_size: int = 100) -> list[StatusChange]:
    """Start campaigns whose start has come and expire those whose end has passed.

    Rows are claimed with `FOR UPDATE SKIP LOCKED`: concurrent sweepers split the work and never
    transition one campaign twice.
    """
    now = utcnow()
    changes: list[StatusChange] = []
    async with in_transaction() as connection:
        due = (
            await Campaign.filter(deleted_at__isnull=True)
            .filter(Q(status=S.SCHEDULED, starts_at__lte=now) | Q(status__in=list(RUNNING), ends_at__lte=now))
            .select_for_update(skip_locked=True)
            .using_db(connection)
            .order_by("id")
            .limit(batch_size)
        )
        for campaign in due:
            ended = campaign.ends_at is not None and campaign.ends_at <= now
            target = S.EXPIRED if ended else S.ACTIVE
            changes.append(await _set_status(campaign, target, actor=None, connection=connection, now=now))
        await _outbox(connection, changes)
    await announce_change(events, [change.campaign_id for change in changes])
    for change in changes:
        await publish(events, STATUS_CHANNEL, change.to_json())
    return changes
