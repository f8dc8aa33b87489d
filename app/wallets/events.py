"""Earning from paid orders reported as events: `order_paid` tracked through the API (issue #12).

The events service hands over the `order_paid` events it stored (or found again by their idempotency key)
from eventTrack / eventsTrack; imported history never comes here. Each live LOYALTY / WALLET_POINTS
program with earning rules of trigger ORDER_PAID credits the event's customer:

- the order amount is the `amount` property in MAJOR units of the program's currency (a JSON number or a
  decimal string: 123.45 EUR is 12345 minor units, 1234 JPY is 1234), rounded toward zero to the minor
  unit; an event without a usable amount (missing, negative, not a number, past the amount bound) earns
  nothing. A `currency` property, when present, must be the program's currency (else that program gives
  nothing);
- `items`, when it is a list of at most MAX_ITEMS objects `{product_id, sku, category_ids, quantity,
  unit_price}` (unit_price in major units, quantity a whole number ≥ 1, default 1), is what ITEMS conditions
  look at; any malformed item makes the order itemless (item conditions then see no items);
- rules and their conditions are judged at the event's `occurredAt` (a TIME_WINDOW in the program's time
  zone); the program must have been live then (by its dates; paused, stopped or binned programs give
  nothing);
- an event received more than LATENESS after its `occurredAt` earns nothing (judged on the stored
  `received_at`, so a retry decides as the first call did).

Exactly once: every credit's ledger key is `event:{event id}:{program}:{rule}` (unique), so a retried
eventTrack (same idempotency key → the same stored event) finds its credits done, and completes those a
crash between storing the event and crediting missed. A program's credits for one event are one
transaction, counted against its budget; past the budget nothing is credited (and a later retry tries
again). The hot path costs nothing without an `order_paid` event, and one small query when no program
earns on it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign, CampaignStatus
from app.campaigns.validation import POINTS_KINDS
from app.core.bounds import MAX_AMOUNT
from app.core.events import EventBus
from app.core.money import minor_units
from app.core.time import utcnow
from app.wallets import earning
from app.wallets import services as wallets
from app.wallets.ledger import Entry, Movement
from app.wallets.models import TransactionSource, WalletProgram
from app.wallets.programs import programs_by_campaign

TRIGGER = "ORDER_PAID"
# An order reported later than this after it was paid earns nothing (back-fills go through eventsImport).
LATENESS = timedelta(hours=24)
MAX_ITEMS = 100
DECIMAL = re.compile(r"\d{1,16}(\.\d{1,8})?")
S = CampaignStatus

# Programs that may earn on a paid order: one small statement over the (few) program rows.
EARNING_PROGRAMS = (
    "SELECT p.campaign_id FROM wallet_program p JOIN campaign c ON c.id = p.campaign_id "
    "WHERE p.earning_rules @> $1::jsonb AND c.kind = ANY($2::text[]) AND c.status = ANY($3::text[]) "
    "AND c.deleted_at IS NULL"
)
KNOWN_KEYS = (
    "SELECT t.idempotency_key FROM unnest($1::text[]) AS w(k) CROSS JOIN LATERAL "
    "(SELECT idempotency_key FROM wallet_transaction WHERE idempotency_key = w.k OFFSET 0) t"
)


@dataclass(frozen=True)
class PaidOrder:
    """A stored live `order_paid` event, in the terms earning needs (wallets do not import events)."""

    event_id: int
    customer_id: uuid.UUID
    occurred_at: datetime
    received_at: datetime
    properties: dict[str, Any]


@dataclass(frozen=True)
class EventItem:
    """An order line read from the event's `items` (the shape the rule machinery looks at)."""

    product_id: str | None
    sku: str | None
    category_ids: tuple[str, ...]
    quantity: int
    unit_price: int  # minor units

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


def money(value: Any, currency: str) -> int | None:
    """A JSON number or decimal string in major units of `currency`, in minor units (None: not usable)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        major = Decimal(value)
    elif isinstance(value, float):
        major = Decimal(repr(value))  # the shortest text that reads back as this float: 123.45, not 123.4499…
        if not major.is_finite():
            return None
    elif isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        major = Decimal(value.strip())
    else:
        return None
    minor = minor_units(major, currency)
    return minor if 0 <= minor <= MAX_AMOUNT else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(value)
    return str(value)


def order_items(properties: dict[str, Any], currency: str) -> tuple[EventItem, ...]:
    """The event's `items` as order lines; none when the list (or any of its items) is malformed."""
    raw = properties.get("items")
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        return ()
    items = []
    try:
        for line in raw:
            if not isinstance(line, dict):
                return ()
            categories = line.get("category_ids") or []
            quantity = line.get("quantity", 1)
            price = money(line.get("unit_price", 0), currency)
            if (
                not isinstance(categories, list)
                or isinstance(quantity, bool)
                or not isinstance(quantity, int)
                or not 1 <= quantity <= MAX_AMOUNT
                or price is None
            ):
                return ()
            items.append(
                EventItem(
                    product_id=_text(line.get("product_id")),
                    sku=_text(line.get("sku")),
                    category_ids=tuple(str(_text(c)) for c in categories if c is not None),
                    quantity=quantity,
                    unit_price=price,
                )
            )
    except ValueError:
        return ()
    return tuple(items)


def paid_when_live(campaign: Campaign, paid_at: datetime) -> bool:
    """Whether the program ran when the order was paid (by its dates) and is not paused, stopped or binned."""
    if campaign.deleted_at is not None or campaign.status not in {S.ACTIVE, S.SCHEDULED, S.EXPIRED}:
        return False
    if campaign.status is S.SCHEDULED and campaign.starts_at is None:
        return False
    if campaign.status is S.EXPIRED and campaign.ends_at is None:
        return False
    if campaign.starts_at is not None and campaign.starts_at > paid_at:
        return False
    return campaign.ends_at is None or campaign.ends_at > paid_at


def credit_key(event_id: int, program_id: uuid.UUID, rule_id: str) -> str:
    """The ledger key of one rule's credit for one event: the same on every retry."""
    return f"event:{event_id}:{program_id}:{rule_id}"


@dataclass(frozen=True)
class _Plan:
    order: PaidOrder
    campaign: Campaign
    program: WalletProgram
    earned: list[earning.Earned]


def plan(order: PaidOrder, campaign: Campaign, program: WalletProgram) -> list[earning.Earned]:
    """What the program's ORDER_PAID rules give for the order (empty when it earns nothing there)."""
    properties = order.properties
    currency = properties.get("currency")
    if currency is not None and (not isinstance(currency, str) or currency.strip().upper() != campaign.currency):
        return []
    amount = money(properties.get("amount"), campaign.currency)
    if amount is None or not paid_when_live(campaign, order.occurred_at):
        return []
    paid = earning.Order(
        base_amount=amount,
        initial_amount=amount,
        items=order_items(properties, campaign.currency),
        now=order.occurred_at,
        customer_id=str(order.customer_id),
    )
    return earning.earnings(program, trigger=TRIGGER, order=paid, time_zone=campaign.time_zone)


async def earning_programs() -> list[tuple[Campaign, WalletProgram]]:
    """The programs with ORDER_PAID rules that may be live (one statement; three when there are some)."""
    rows = await connections.get("default").execute_query_dict(
        EARNING_PROGRAMS,
        ['[{"trigger": "ORDER_PAID"}]', [k.value for k in POINTS_KINDS], [S.ACTIVE, S.SCHEDULED, S.EXPIRED]],
    )
    if not rows:
        return []
    ids = [row["campaign_id"] for row in rows]
    programs = await programs_by_campaign(ids)
    campaigns = await Campaign.filter(id__in=ids).order_by("id")
    return [(c, programs[c.id]) for c in campaigns if c.id in programs]


async def _known_keys(keys: list[str]) -> set[str]:
    if not keys:
        return set()
    rows = await connections.get("default").execute_query_dict(KNOWN_KEYS, [keys])
    return {row["idempotency_key"] for row in rows}


async def _credit(found: _Plan, *, now: datetime, events: EventBus | None) -> list[Entry]:
    """One program's credits for one event, in one transaction; nothing when its keys were taken."""
    outcome = wallets.Outcome()
    entries = []
    try:
        async with in_transaction() as connection:
            for earned in sorted(found.earned, key=lambda e: e.rule_id):
                entry = await wallets.earn(
                    connection,
                    program=found.program,
                    customer_id=found.order.customer_id,
                    points=earned.points,
                    movement=Movement(
                        TransactionSource.EVENT,
                        reason=f"Earned by rule {earned.rule_id} (order_paid)",
                        source_id=str(found.order.event_id),
                        idempotency_key=credit_key(found.order.event_id, found.campaign.id, earned.rule_id),
                    ),
                    now=now,
                    available_at=earned.available_at,
                    outcome=outcome,
                )
                if entry is not None:
                    entries.append(entry)
    except IntegrityError:
        return []  # a concurrent retry of the same event credited first: already done
    await wallets.announce(events, outcome)
    return entries


async def earn_from_paid_orders(
    orders: Sequence[PaidOrder], *, events: EventBus | None, now: datetime | None = None
) -> list[Entry]:
    """Credit what live programs' ORDER_PAID rules give for `orders` (exactly once per event, program, rule)."""
    moment = now or utcnow()
    on_time = [order for order in orders if order.received_at - order.occurred_at <= LATENESS]
    if not on_time:
        return []
    programs = await earning_programs()
    if not programs:
        return []
    plans = [
        _Plan(order, campaign, program, earned)
        for order in on_time
        for campaign, program in programs
        if (earned := plan(order, campaign, program))
    ]
    done = await _known_keys([credit_key(p.order.event_id, p.campaign.id, e.rule_id) for p in plans for e in p.earned])
    entries: list[Entry] = []
    for found in plans:
        key = found.order.event_id, found.campaign.id
        missing = [e for e in found.earned if credit_key(*key, e.rule_id) not in done]
        if missing:
            entries += await _credit(
                _Plan(found.order, found.campaign, found.program, missing), now=moment, events=events
            )
    return entries
