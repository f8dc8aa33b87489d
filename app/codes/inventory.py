"""Inventory alerts: one stored alert per level crossed, announced to live subscribers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.codes import outbox
from app.codes.models import AlertKind
from app.core.events import INVENTORY_ALERTS_CHANNEL as ALERTS_CHANNEL
from app.core.events import EventBus, publish


@dataclass(frozen=True)
class Stock:
    """A counter after one unit was taken: what is left and when to warn."""

    scope_key: str
    level: int
    available: int
    threshold: int | None
    series_id: uuid.UUID | None
    campaign_id: uuid.UUID | None


def crossed(stock: Stock) -> list[AlertKind]:
    """Levels this take reached; units go one at a time, so each level is reached exactly once."""
    kinds = []
    if stock.threshold is not None and stock.available == stock.threshold:
        kinds.append(AlertKind.LOW_STOCK)
    if stock.available == 0:
        kinds.append(AlertKind.EXHAUSTED)
    return kinds


async def record_alerts(stock: Stock, connection: BaseDBAsyncClient) -> list[dict[str, Any]]:
    """Store the alerts `stock` crossed (once each, by unique key) and their webhook events; return those stored now."""
    stored = []
    for kind in crossed(stock):
        rows = await connection.execute_query_dict(
            "INSERT INTO inventory_alert (id, scope_key, kind, level, series_id, campaign_id, available, "
            "threshold, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) "
            "ON CONFLICT (scope_key, kind, level) DO NOTHING RETURNING id, created_at",
            [
                uuid.uuid4(),
                stock.scope_key,
                kind.value,
                stock.level,
                stock.series_id,
                stock.campaign_id,
                stock.available,
                stock.threshold,
            ],
        )
        if rows:
            stored.append(
                {
                    "alert_id": str(rows[0]["id"]),
                    "kind": kind.value,
                    "series_id": str(stock.series_id) if stock.series_id else None,
                    "campaign_id": str(stock.campaign_id) if stock.campaign_id else None,
                    "available": stock.available,
                    "threshold": stock.threshold,
                    "at": rows[0]["created_at"].isoformat(),
                }
            )
    await outbox.alerts(connection, stored)
    return stored


async def announce(events: EventBus | None, alerts: list[dict[str, Any]], campaign_ids: list[str]) -> None:
    """Publish each alert once per campaign it concerns (a series may feed several campaigns)."""
    for alert in alerts:
        for campaign_id in campaign_ids:
            await publish(events, ALERTS_CHANNEL, {**alert, "for_campaign_id": campaign_id})
