"""The outbox at the change sites that work in sets (distributions), and the bound for a new endpoint."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from app.webhooks import services
from app.webhooks.models import WebhookDelivery, WebhookEvent, WebhookEventType
from app.webhooks.outbox import WANTED_TTL_SECONDS, emit, wanted_types
from tests.codes.test_publication import series_with
from tests.distributions.helpers import distribute, distributing, list_segment, run_all

pytestmark = pytest.mark.usefixtures("db")
T = WebhookEventType


async def test_a_distribution_writes_its_rewards_publications_alerts_and_end_in_sets() -> None:
    await services.create_endpoint(spec=services.EndpointSpec(url="https://hooks.example.com/d", event_types=list(T)))
    series = await series_with(30, low_stock_threshold=10)
    segment = await list_segment("Forty", [f"c{i}" for i in range(40)])
    campaign = await distributing("Codes", segment, code_series_id=series)
    await distribute(campaign)
    [run] = await run_all()

    counts = Counter(event.type for event in await WebhookEvent.all())
    assert counts["code.published"] == 30
    assert counts["reward.granted"] == 30
    assert counts["inventory.low"] == 1
    assert counts["inventory.exhausted"] == 1
    assert counts["distribution.finished"] == 1
    [finished] = await WebhookEvent.filter(type="distribution.finished")
    assert finished.payload["run_id"] == str(run.id)
    assert finished.payload["status"] == "PARTIAL"
    assert (finished.payload["rewarded"], finished.payload["skipped"]) == (30, 10)
    assert await WebhookDelivery.all().count() == sum(counts.values())  # one endpoint: one delivery each


async def test_an_endpoint_reaches_every_process_within_the_cache_bound() -> None:
    """Another process (here: an endpoint written behind this process's back) is seen within the TTL."""
    async with in_transaction() as connection:
        assert await emit(connection, T.EXPORT_DONE, [{"export_id": "before"}]) == 0  # the cache: nothing wanted
    await connections.get("default").execute_query(
        "INSERT INTO webhook_endpoint (id, url, description, event_types, secret, enabled, consecutive_failures, "
        "created_at, updated_at) VALUES (gen_random_uuid(), 'https://hooks.example.com/x', '', "
        """'["export.done"]'::jsonb, 'whsec_c2VjcmV0', true, 0, now(), now())"""
    )
    await asyncio.sleep(WANTED_TTL_SECONDS)  # the documented bound: the cache is at most this old
    async with in_transaction() as connection:
        assert await emit(connection, T.EXPORT_DONE, [{"export_id": "after"}]) == 1
    assert [event.payload for event in await WebhookEvent.all()] == [{"export_id": "after"}]
    wanted_types.forget()


async def test_a_stale_cache_never_writes_for_a_type_nobody_wants_now() -> None:
    hook, _ = await services.create_endpoint(
        spec=services.EndpointSpec(url="https://hooks.example.com/y", event_types=[T.EXPORT_DONE])
    )
    async with in_transaction() as connection:
        await emit(connection, T.EXPORT_DONE, [{"n": 1}])  # the cache now lists export.done
    await connections.get("default").execute_query("UPDATE webhook_endpoint SET enabled = false")
    async with in_transaction() as connection:
        assert await emit(connection, T.EXPORT_DONE, [{"n": 2}]) == 0  # the statement's own EXISTS decides
    assert await WebhookEvent.all().count() == 1
    assert hook.id is not None


async def test_a_live_action_reward_writes_reward_granted_and_wallet_changed() -> None:
    from app.triggers.tasks import work_once
    from tests.triggers.test_live_actions import points_campaign, track

    await services.create_endpoint(
        spec=services.EndpointSpec(url="https://hooks.example.com/l", event_types=[T.REWARD_GRANTED, T.WALLET_CHANGED])
    )
    campaign = await points_campaign(
        "Deposit", {"kind": "ACTION", "event": {"name": "deposit"}, "points": {"fixed": 100}}
    )
    await track("deposit", amount=150)
    await work_once(None)
    [granted] = await WebhookEvent.filter(type="reward.granted")
    assert granted.payload["source"] == "live_action"
    assert granted.payload["campaign_id"] == str(campaign.id)
    assert granted.payload["points"] == 100
    [changed] = await WebhookEvent.filter(type="wallet.changed")
    assert (changed.payload["points"], changed.payload["balance"]) == (100, 100)
