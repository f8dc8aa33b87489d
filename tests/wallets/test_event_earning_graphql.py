"""order_paid through eventTrack / eventsTrack: points credited once, walletChanged published over Redis."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from arq.connections import ArqRedis

from app.core.events import EventBus
from app.settings import Settings
from app.wallets.models import Wallet, WalletTransaction
from app.wallets.services import WALLET_CHANNEL
from tests.conftest import Caller, GraphQLClient
from tests.wallets.helpers import assert_ledger_consistent, program

pytestmark = pytest.mark.usefixtures("db")
TRACK = """mutation T($i: EventTrackInput!) { eventTrack(input: $i) { __typename
  ... on EventTrackSuccess { created event { id } } ... on Error { code field message } } }"""
TRACK_MANY = """mutation T($i: [EventsTrackItemInput!]!) { eventsTrack(inputs: $i) { __typename
  ... on EventsTrackSuccess { created duplicates refused } } }"""


def order_paid(key: str, customer: str = "shopper", **properties: Any) -> dict[str, Any]:
    return {
        "customer": {"sourceId": customer},
        "name": "order_paid",
        "properties": {"amount": "123.45", "currency": "EUR", **properties},
        "idempotencyKey": key,
    }


async def test_event_track_of_an_order_paid_credits_once_and_publishes_wallet_changed(
    graphql: GraphQLClient, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    campaign = await program(
        rate_points=100, rate_amount=100, earning_rules=[{"id": "five", "trigger": "ORDER_PAID", "percent": "5"}]
    )
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(EventBus(redis, settings.redis_prefix).channel(WALLET_CHANNEL))
    try:
        first = (await graphql.data(TRACK, {"i": order_paid("order-981")}, caller=admin))["eventTrack"]
        assert first["__typename"] == "EventTrackSuccess", first
        again = (await graphql.data(TRACK, {"i": order_paid("order-981")}, caller=admin))["eventTrack"]
        assert (first["created"], again["created"]) == (True, False)
        assert again["event"]["id"] == first["event"]["id"]
        wallet = await Wallet.get(campaign_id=campaign.id)
        assert await assert_ledger_consistent(wallet.id) == 617
        message = None
        for _ in range(50):
            message = await pubsub.get_message(timeout=0.1)
            if message is not None:
                break
        assert message is not None
        assert orjson.loads(message["data"]) == {"customer_id": str(wallet.customer_id), "wallet_id": str(wallet.id)}
    finally:
        await pubsub.aclose()  # type: ignore[no-untyped-call]

    # eventsTrack: the batch's order_paid events earn, a retried batch earns nothing more
    batch = [order_paid(f"b-{i}", customer=f"c{i}") for i in range(3)]
    batch.append({"customer": {"sourceId": "c0"}, "name": "app_open", "idempotencyKey": "open"})
    twice = await asyncio.gather(*(graphql.data(TRACK_MANY, {"i": batch}, caller=admin) for _ in range(2)))
    counts = sorted((r["eventsTrack"]["created"], r["eventsTrack"]["duplicates"]) for r in twice)
    assert sum(created for created, _ in counts) == 4
    assert await WalletTransaction.filter(source="EVENT").count() == 4
