"""The hot path of validate and redeem: raw asyncpg on tortoise's pool, a statement per round trip.

One pooled connection serves a request, and nothing else is acquired while it is held (a second
acquire can deadlock a full pool: the campaign cache loads on it, webhook types are read before).
A validation reads twice (the customer and the codes; then the counters and categories its rules read).
A redemption reads once and writes once: one statement takes the code rows by id, then the counters by
name (the global lock order of `counters.py`), moves each only within its limit, checks that every
campaign is still at the version it was judged at, and inserts the redemption, its lines and its
webhook event (`writes.py`); concurrent redemptions of the process may share that statement (group
commit, `group.py`, ADR 0026). Locks are held for that one statement, not across round trips. When any
part refuses, the statement fails as a whole and nothing is written (a refused batch is first redone one
redemption at a time); the caller then redoes the order on the ORM path (`redeem.py`), whose fresh reads
give the answer the ORM path always gives.

Campaigns come from the process's cache (`app.campaigns.cache`). The functions return None, before
anything is written, for what this path does not cover: stores (named, or a STORE key's), locations,
points, customer fields, geofence and segment rules, referrals, wallet programs that earn, retried
idempotency keys, campaigns the cache lacks.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from tortoise import connections
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper

from app.access.roles import Role
from app.campaigns import cache as campaign_cache
from app.campaigns.models import Campaign, CampaignKind, Category, StackingType
from app.codes.generation import code_key
from app.codes.models import Code
from app.core.errors import InvalidInput
from app.redemptions import counters, engine, writes
from app.redemptions.group import group_commit
from app.redemptions.models import Redemption
from app.redemptions.orders import OrderRequest
from app.redemptions.redeem import new_redemption
from app.redemptions.resolve import (
    Inputs,
    Lookup,
    Resolved,
    automatic_ids,
    build_incentives,
    category_ids,
    counter_names,
    judge,
    order_items,
    rule_kinds,
)
from app.webhooks import outbox
from app.webhooks.models import WebhookEventType

# Rule kinds whose inputs (locations, segment memberships) only the ORM path reads.
UNCOVERED_RULES = frozenset({"GEOFENCE", "GEOFENCE_ITEMS", "CUSTOMER_SEGMENT"})

# One statement text per shape of request (how the customer is named, a key or not, how many codes), so
# no parameter is NULL and the codes' count is in the text: the generic plan then costs what a custom one
# does and PostgreSQL keeps it (planning this read took five times its execution).
_READ = """
SELECT b.customer_id, b.earlier, b.earning,
       {code_columns},
       COALESCE(
           c.campaign_id,
           (SELECT p.campaign_id FROM publication p WHERE p.code_id = c.id ORDER BY p.created_at LIMIT 1),
           (SELECT k.id FROM campaign k WHERE k.code_series_id = c.series_id AND k.deleted_at IS NULL
            ORDER BY k.status DESC, k.created_at LIMIT 1)
       ) AS resolved_campaign_id
FROM (SELECT {customer} AS customer_id, {earlier} AS earlier, {earning} AS earning) AS b
LEFT JOIN code c ON c.code_key = ANY(ARRAY[{keys}]::text[])
"""
_CUSTOMER_BY = {
    "id": "(SELECT id FROM customer WHERE id = $1::uuid)",
    "source_id": "(SELECT id FROM customer WHERE source_id = $1::text)",
    None: "NULL::uuid",
}
_EARNING = "EXISTS (SELECT 1 FROM wallet_program WHERE earning_rules <> '[]'::jsonb)"


# Every column of `code`, so tortoise builds the rows on its fast path (`_init_from_db`).
_CODE_COLUMNS = (
    "id",
    "series_id",
    "campaign_id",
    "code",
    "code_key",
    "ordinal",
    "holder_id",
    "published_at",
    "expires_at",
    "value",
    "redeemed_count",
    "gift_spent",
    "created_at",
)


@functools.cache
def _read_statement(customer_by: str | None, keyed: bool, for_redeem: bool, codes: int) -> str:
    """The read for this shape; its parameters: the customer (if named), the key (if any), the code keys."""
    key = f"${1 + bool(customer_by)}"
    first_code = 1 + bool(customer_by) + keyed
    return _READ.format(
        customer=_CUSTOMER_BY[customer_by],
        earlier=f"EXISTS (SELECT 1 FROM redemption WHERE idempotency_key = {key}::text)" if keyed else "false",
        earning=_EARNING if for_redeem else "false",
        keys=", ".join(f"${first_code + index}" for index in range(codes)),
        code_columns=", ".join(f"c.{column}" for column in _CODE_COLUMNS),
    )


_LIVE = """
SELECT name, used, NULL::uuid AS category_id, NULL::int AS hierarchy, NULL::text AS stacking_type
FROM redemption_counter WHERE name = ANY($1::text[])
UNION ALL
SELECT NULL, NULL, id, hierarchy, stacking_type FROM category WHERE id = ANY($2::uuid[])
"""


def _pool() -> AsyncpgDBClient | None:
    """Tortoise's pooled client, or None inside a transaction (its writes must be seen: the ORM path)."""
    client = connections.get("default")
    return client if isinstance(client, AsyncpgDBClient) and not isinstance(client, TransactionWrapper) else None


def covers(request: OrderRequest) -> bool:
    """Whether the order is of the kind this path handles (judged before any I/O)."""
    return (
        request.store_id is None
        and request.scope.role is not Role.STORE  # a STORE key's orders are at its store
        and request.location is None
        and not _gives_customer_fields(request)
        and all(ref.points is None and ref.wallet_program_id is None for ref in request.redeemables)
        and all(item.location is None for item in request.items)
    )


def _gives_customer_fields(request: OrderRequest) -> bool:
    try:
        return bool(request.customer_fields.cleaned())
    except InvalidInput:
        return True  # the ORM path answers as it always did (validate ignores them, redeem refuses them)


@dataclass
class _Read:
    customer_id: uuid.UUID | None
    earlier: bool  # a redemption holds the idempotency key
    earning: bool  # some wallet program earns points on orders
    codes: dict[str, Code]
    campaign_of_code: dict[int, uuid.UUID]


async def _read(
    connection: asyncpg.Connection, request: OrderRequest, idempotency_key: str | None, for_redeem: bool
) -> _Read:
    arguments: list[Any] = []
    customer_by = None
    if request.customer_id is not None:
        customer_by = "id"
        arguments.append(request.customer_id)
    elif request.customer_source_id is not None:
        customer_by = "source_id"
        arguments.append(request.customer_source_id)
    if idempotency_key is not None:
        arguments.append(idempotency_key)
    keys = [code_key(ref.code) for ref in request.redeemables if ref.code is not None]
    statement = _read_statement(customer_by, idempotency_key is not None, for_redeem, len(keys))
    rows = await connection.fetch(statement, *arguments, *keys)
    first = rows[0]
    codes: dict[str, Code] = {}
    campaign_of_code: dict[int, uuid.UUID] = {}
    for row in rows:
        if row["id"] is None:
            continue
        codes[row["code_key"]] = Code._init_from_db(**{column: row[column] for column in _CODE_COLUMNS})
        if row["resolved_campaign_id"] is not None:
            campaign_of_code[row["id"]] = row["resolved_campaign_id"]
    return _Read(first["customer_id"], first["earlier"], first["earning"], codes, campaign_of_code)


async def _resolve(
    connection: asyncpg.Connection, request: OrderRequest, read: _Read, now: datetime
) -> list[Resolved] | None:
    """Judge the redeemables on cached campaigns (None: a campaign the cache lacks, or an uncovered rule)."""
    automatic = automatic_ids(request)
    wanted = {*read.campaign_of_code.values(), *automatic}
    campaigns = await campaign_cache.campaigns_by_id(wanted, connection=connection)
    if len(campaigns) < len(wanted):
        return None  # unknown or deleted: the ORM path words those refusals
    # A campaign assigned to stores needs one; loaded with the campaigns (no query here).
    places = await campaign_cache.places_by_campaign(wanted, connection=connection)
    of_code = {code_id: campaigns[campaign_id] for code_id, campaign_id in read.campaign_of_code.items()}
    by_id: dict[Any, Campaign] = {campaign_id: campaigns[campaign_id] for campaign_id in automatic}
    resolved = judge(request, Lookup(read.codes, of_code, by_id, places), read.customer_id, now, None)
    referral = any(item.campaign and item.campaign.kind is CampaignKind.REFERRAL for item in resolved)
    if referral or rule_kinds(resolved) & UNCOVERED_RULES:
        return None
    return resolved


async def _inputs(
    connection: asyncpg.Connection,
    resolved: list[Resolved],
    customer_id: uuid.UUID | None,
    now: datetime,
    usage: bool,
) -> Inputs:
    """Counter values (when `usage`) and categories the stack reads, in one round trip (none if neither)."""
    names = sorted(counter_names(resolved, customer_id, now)) if usage else []
    wanted_categories = list(category_ids(resolved))
    if not names and not wanted_categories:
        return Inputs({}, {})
    rows = await connection.fetch(_LIVE, names, wanted_categories)
    used = {row["name"]: row["used"] for row in rows if row["name"] is not None}
    categories = {
        row["category_id"]: Category(
            id=row["category_id"], hierarchy=row["hierarchy"], stacking_type=StackingType(row["stacking_type"])
        )
        for row in rows
        if row["category_id"] is not None
    }
    return Inputs(categories, used)


def _evaluate(
    request: OrderRequest,
    resolved: list[Resolved],
    inputs: Inputs,
    rules: engine.StackingRules,
    customer_id: uuid.UUID | None,
    now: datetime,
) -> engine.Evaluation:
    return engine.evaluate(
        items=order_items(request),
        order_amount=request.amount,
        incentives=build_incentives(resolved, inputs, {}, None),
        rules=rules,
        customer_id=str(customer_id) if customer_id else None,
        now=now,
    )


async def validate(
    request: OrderRequest, now: datetime, rules: engine.StackingRules
) -> tuple[engine.Evaluation, list[Resolved]] | None:
    """The full result for the order with no side effect, or None when this path does not cover it."""
    pool = _pool()
    if pool is None or not covers(request):
        return None
    async with pool.acquire_connection() as connection:
        read = await _read(connection, request, None, for_redeem=False)
        resolved = await _resolve(connection, request, read, now)
        if resolved is None:
            return None
        inputs = await _inputs(connection, resolved, read.customer_id, now, usage=True)
    return _evaluate(request, resolved, inputs, rules, read.customer_id, now), resolved


async def redeem(
    request: OrderRequest, idempotency_key: str | None, now: datetime, rules: engine.StackingRules
) -> tuple[engine.Evaluation, Redemption] | None:
    """Redeem in one write statement, or None (nothing written) when the ORM path must do it.

    The evaluation reads no counters: the write moves each within its limit, and a refusal sends the
    order to the ORM path, which reads them and words the refusal.
    """
    pool = _pool()
    if pool is None or not covers(request) or (request.customer_id is None and request.customer_source_id is None):
        return None
    # Read before the connection is taken (its refresh, at most once a second, uses the pool).
    announce = WebhookEventType.REDEMPTION_SUCCEEDED.value in await outbox.wanted_types.get(pool)
    async with pool.acquire_connection() as connection:
        read = await _read(connection, request, idempotency_key, for_redeem=True)
        if read.earlier or read.earning or read.customer_id is None:
            return None  # a retry, points to earn, or a customer to create
        resolved = await _resolve(connection, request, read, now)
        if resolved is None:
            return None
        inputs = await _inputs(connection, resolved, read.customer_id, now, usage=False)
        evaluation = _evaluate(request, resolved, inputs, rules, read.customer_id, now)
        applied = evaluation.applicable()
        if not applied:
            return None  # the ORM path reads the counters this evaluation did not, and answers a twin's retry
        by_position = {item.position: item for item in resolved}
        moves = [
            move
            for outcome in applied
            for move in counters.planned_moves(
                by_position[outcome.position], outcome, str(read.customer_id), now, evaluation.initial_amount
            )
        ]
        recorded = [counters.recorded(move) for move in sorted(moves, key=counters.Move.lock_order)]
        redemption = new_redemption(
            request, idempotency_key, evaluation, by_position, read.customer_id, None, recorded, uuid.uuid4()
        )
        write = writes.plan(redemption, applied, by_position, moves, announce)
        created_at = None if write is None else await group_commit.write(connection, write)
    if created_at is None:
        for item in resolved:  # one of them may have changed: the ORM path judges them afresh
            if item.campaign is not None:
                campaign_cache.campaign_cache.forget(item.campaign.id)
        return None
    redemption.created_at = created_at
    redemption._saved_in_db = True
    return evaluation, redemption
