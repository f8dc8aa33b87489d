"""Wallets: the one façade through which points move (redemptions, events, distributions, people).

Every write is idempotent by key and runs in one transaction; `app.wallets.ledger` holds the statements.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.access.scope import Scope
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign
from app.codes import outbox as code_outbox
from app.core.bounds import MAX_AMOUNT
from app.core.errors import InvalidInput
from app.core.events import INVENTORY_ALERTS_CHANNEL, EventBus, publish
from app.core.pagination import Page, Position, newest_first_page
from app.core.time import utcnow
from app.wallets import ledger
from app.wallets.exceptions import (
    IdempotencyKeyReused,
    InsufficientPoints,
    PointsBudgetExceeded,
    ProgramInactive,
    WalletNotFound,
)
from app.wallets.ledger import Entry, Movement
from app.wallets.models import TransactionKind, TransactionSource, Wallet, WalletProgram, WalletTransaction
from app.wallets.programs import BudgetTake, check_kind, credit_expiry, program_of, take_budget

WALLET_CHANNEL = "wallet-changed"
REASON_LENGTH = 500


@dataclass
class Outcome:
    """What a write did, and what to announce once it is committed."""

    entry: Entry | None = None
    alerts: list[dict[str, Any]] = field(default_factory=list)
    changed: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)  # (customer, wallet)


async def _budget_alerts(
    connection: BaseDBAsyncClient, program_id: uuid.UUID, take: BudgetTake, taken: int, *, refused: bool
) -> list[dict[str, Any]]:
    """Store the alerts this take crossed (once each, by unique key), as inventory alerts of the program.

    `taken` points were counted against the budget; `refused` when some asked for did not fit.
    """
    if take.budget is None:
        return []
    available = take.budget - take.credited
    before = available + taken
    kinds = []
    if take.threshold is not None and before > take.threshold >= available:
        kinds.append("LOW_STOCK")
    if available == 0 or refused:
        kinds.append("EXHAUSTED")
    stored = []
    for kind in kinds:
        rows = await connection.execute_query_dict(
            "INSERT INTO inventory_alert (id, scope_key, kind, level, series_id, campaign_id, available, "
            "threshold, created_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, now()) "
            "ON CONFLICT (scope_key, kind, level) DO NOTHING RETURNING id, created_at",
            [uuid.uuid4(), f"points:{program_id}", kind, take.budget, program_id, available, take.threshold],
        )
        if rows:
            stored.append(
                {
                    "alert_id": str(rows[0]["id"]),
                    "kind": kind,
                    "series_id": None,
                    "campaign_id": str(program_id),
                    "for_campaign_id": str(program_id),
                    "available": available,
                    "threshold": take.threshold,
                    "at": rows[0]["created_at"].isoformat(),
                }
            )
    await code_outbox.alerts(connection, stored)
    return stored


async def announce(events: EventBus | None, outcome: Outcome) -> None:
    """After commit: budget alerts to `inventoryAlerts`, balance changes to `walletChanged`."""
    for alert in outcome.alerts:
        await publish(events, INVENTORY_ALERTS_CHANNEL, alert)
    for customer_id, wallet_id in outcome.changed:
        await publish(events, WALLET_CHANNEL, {"customer_id": str(customer_id), "wallet_id": str(wallet_id)})


async def earn(
    connection: BaseDBAsyncClient,
    *,
    program: WalletProgram,
    customer_id: uuid.UUID,
    points: int,
    movement: Movement,
    now: datetime,
    available_at: datetime | None = None,
    outcome: Outcome,
    refuse_past_budget: bool = False,
) -> Entry | None:
    """Credit points a program gives: counted against its budget (None past it, or an error when asked)."""
    take = await take_budget(connection, program.campaign_id, points)
    outcome.alerts += await _budget_alerts(
        connection, program.campaign_id, take, points if take.taken else 0, refused=not take.taken
    )
    if not take.taken:
        if refuse_past_budget:
            left = (take.budget or 0) - take.credited
            raise PointsBudgetExceeded(
                f"The program's points budget has {left:,} points left; {points:,} were asked for.", field="points"
            )
        return None
    wallet_id = await ledger.open_wallet(connection, program_id=program.campaign_id, customer_id=customer_id)
    entry = await ledger.credit(
        connection,
        wallet_id=wallet_id,
        points=points,
        movement=movement,
        now=now,
        kind=TransactionKind.ADJUST if movement.source is TransactionSource.MANUAL else TransactionKind.CREDIT,
        expires_at=credit_expiry(program, now),
        available_at=available_at,
    )
    outcome.changed.add((customer_id, wallet_id))
    return entry


async def _earlier(adjustment: Adjustment) -> Entry | None:
    """The movement an earlier request with the same key made; refused if it moved other points, or the
    points of another wallet (the key is global: the customer may have no wallet here yet)."""
    if adjustment.idempotency_key is None:
        return None
    row = await WalletTransaction.get_or_none(idempotency_key=adjustment.idempotency_key)
    if row is None:
        return None
    same_wallet = await Wallet.exists(
        id=row.wallet_id, campaign_id=adjustment.program_id, customer_id=adjustment.customer_id
    )
    if not same_wallet or abs(row.points) != abs(adjustment.points):
        raise IdempotencyKeyReused(
            "This idempotency key moved other points; use a new key for a new movement.", field="idempotencyKey"
        )
    return Entry(row.id, row.wallet_id, row.points, row.balance_after)


@dataclass(frozen=True)
class Adjustment:
    """A manual correction: positive points credit (against the budget), negative ones debit."""

    program_id: uuid.UUID
    customer_id: uuid.UUID
    points: int
    reason: str
    idempotency_key: str | None
    actor_id: uuid.UUID | None
    expires_at: datetime | None = None


def _check_adjustment(adjustment: Adjustment) -> None:
    if adjustment.points == 0 or not -MAX_AMOUNT <= adjustment.points <= MAX_AMOUNT:
        raise InvalidInput(f"Give points between -{MAX_AMOUNT:,} and {MAX_AMOUNT:,}, not 0.", field="points")
    if not adjustment.reason.strip():
        raise InvalidInput("Say why the points change.", field="reason")


async def adjust(
    *, scope: Scope, adjustment: Adjustment, events: EventBus | None, now: datetime | None = None
) -> tuple[Wallet, Entry]:
    """Add or take points by hand (admins, and managers inside the program's scope)."""
    now = now or utcnow()
    _check_adjustment(adjustment)
    campaign = await campaign_access.editable(scope, adjustment.program_id, field="programId")
    check_kind(campaign, field="programId")
    existing = await Wallet.get_or_none(campaign_id=campaign.id, customer_id=adjustment.customer_id)
    earlier = await _earlier(adjustment)
    if earlier is not None:
        return await Wallet.get(id=earlier.wallet_id), earlier
    if campaign.deleted_at is not None:
        raise ProgramInactive("A program in the bin takes no points.", field="programId")
    movement = Movement(
        TransactionSource.MANUAL,
        reason=adjustment.reason.strip(),
        idempotency_key=adjustment.idempotency_key,
        actor_id=adjustment.actor_id,
    )
    outcome = Outcome()
    try:
        async with in_transaction() as connection:
            if adjustment.points > 0:
                program = await program_of(campaign)
                entry = await earn(
                    connection,
                    program=program,
                    customer_id=adjustment.customer_id,
                    points=adjustment.points,
                    movement=movement,
                    now=now,
                    outcome=outcome,
                    refuse_past_budget=True,
                )
                assert entry is not None
            else:
                if existing is None:
                    raise WalletNotFound("The customer has no wallet in this program.", field="customer")
                debited = await ledger.debit(
                    connection,
                    wallet_id=existing.id,
                    points=-adjustment.points,
                    movement=movement,
                    now=now,
                    kind=TransactionKind.ADJUST,
                )
                if debited is None:
                    raise InsufficientPoints(
                        f"The wallet holds fewer than {-adjustment.points:,} spendable points.", field="points"
                    )
                entry = debited
                outcome.changed.add((adjustment.customer_id, existing.id))
    except IntegrityError:
        # A concurrent twin with the same key won: answer its result.
        twin = await _earlier(adjustment)
        if twin is None:
            raise
        return await Wallet.get(id=twin.wallet_id), twin
    except PointsBudgetExceeded:
        await announce(events, outcome)
        raise
    await announce(events, outcome)
    return await Wallet.get(id=entry.wallet_id), entry


async def visible_wallet(scope: Scope, wallet: Wallet | None) -> Wallet | None:
    """The wallet if the key may see its program (restricted keys: the program's places overlap)."""
    if wallet is None or not scope.restricted:
        return wallet
    places = await campaign_access.places_by_campaign([wallet.campaign_id])
    return wallet if scope.may_use(places.get(wallet.campaign_id, [])) else None


async def find_wallet(*, scope: Scope, program_id: uuid.UUID, customer_id: uuid.UUID) -> Wallet | None:
    """The customer's wallet in the program, if it exists for this key."""
    return await visible_wallet(scope, await Wallet.get_or_none(campaign_id=program_id, customer_id=customer_id))


async def program_campaign(scope: Scope, program_id: uuid.UUID) -> Campaign:
    campaign = await campaign_access.usable(scope, program_id, field="programId")
    check_kind(campaign, field="programId")
    return campaign


async def expiring(*, wallet_id: uuid.UUID, until: datetime) -> list[tuple[datetime, int]]:
    """What is left of the wallet's credits that lapse before `until`, by instant, soonest first."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT expires_at, sum(remaining) AS points FROM wallet_transaction "
        "WHERE wallet_id = $1 AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= $2 "
        "GROUP BY expires_at ORDER BY expires_at LIMIT 1000",
        [wallet_id, until],
    )
    return [(row["expires_at"], int(row["points"])) for row in rows]


async def transactions(
    *,
    wallets: QuerySet[Wallet],
    kind: TransactionKind | None,
    source: TransactionSource | None,
    first: int,
    after: Position | None,
) -> Page[WalletTransaction]:
    """Ledger rows of `wallets` (already limited to what the caller sees), newest first."""
    query = WalletTransaction.filter(wallet_id__in=Subquery(wallets.values("id")))
    if kind is not None:
        query = query.filter(kind=kind)
    if source is not None:
        query = query.filter(source=source)
    return await newest_first_page(query, time_field="created_at", first=first, after=after)


async def earn_many(
    connection: BaseDBAsyncClient,
    *,
    program: WalletProgram,
    credits: list[tuple[uuid.UUID, int, str]],
    movement: Movement,
    now: datetime,
    outcome: Outcome,
) -> dict[str, int]:
    """Credit many customers of one program in order while its budget lasts; ledger row ids by key.

    The budget row is locked once and moved once for the credits that fit (the first ones, in order).
    """
    if not credits:
        return {}
    await take_budget(connection, program.campaign_id, 0)  # the row exists and is locked for this transaction
    [row] = await connection.execute_query_dict(
        "SELECT credited, points_budget, low_budget_threshold FROM wallet_program WHERE campaign_id = $1 FOR UPDATE",
        [program.campaign_id],
    )
    fitting, total = 0, 0
    for _, points, _ in credits:
        if row["points_budget"] is not None and row["credited"] + total + points > row["points_budget"]:
            break
        total += points
        fitting += 1
    take = await take_budget(connection, program.campaign_id, total)
    outcome.alerts += await _budget_alerts(connection, program.campaign_id, take, total, refused=fitting < len(credits))
    return await ledger.credit_many(
        connection,
        program_id=program.campaign_id,
        credits=credits[:fitting],
        movement=movement,
        now=now,
        expires_at=credit_expiry(program, now),
    )
