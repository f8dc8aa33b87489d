"""Whether a campaign is live at an instant, by its dates, whatever the scheduler has recorded yet.

The scheduler moves statuses (SCHEDULED → ACTIVE → EXPIRED) a moment after the dates pass, and not at
all while no worker runs; validation, redemption, publication and listings of live campaigns judge by
the request's own clock instead, so a campaign never redeems after its end nor waits for a sweep to start.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Q

from app.campaigns.models import Campaign, CampaignStatus

S = CampaignStatus


def live_at(campaign: Campaign, now: datetime) -> bool:
    """ACTIVE (or SCHEDULED with its start reached), not in the bin, and its end not reached."""
    return not_live_reason(campaign, now) is None


def not_live_reason(campaign: Campaign, now: datetime) -> str | None:
    """Why the campaign cannot be used at `now` (None when it can)."""
    if campaign.deleted_at is not None:
        return "The campaign was deleted."
    started = campaign.status is S.ACTIVE or (
        campaign.status is S.SCHEDULED and campaign.starts_at is not None and campaign.starts_at <= now
    )
    if not started:
        return f"The campaign is {campaign.status.value}."
    if campaign.ends_at is not None and campaign.ends_at <= now:
        return f"The campaign ended at {campaign.ends_at.isoformat()}."
    return None


def live_filter(now: datetime) -> Q:
    """The SQL twin of `live_at`."""
    started = Q(status=S.ACTIVE) | Q(status=S.SCHEDULED, starts_at__lte=now)
    running = Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    return Q(started, running, deleted_at__isnull=True)
