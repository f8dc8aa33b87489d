"""Points in the redemption pipeline: paying with a wallet, and what an order earns.

A wallet payment stacks like a gift card (it pays what is due after every discount), converted at the
program's rate (app.wallets.programs). Earning is planned from the evaluation and committed by
`app.wallets.services` inside the redemption's transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.campaigns import access as campaign_access
from app.campaigns.clock import live_filter, not_live_reason
from app.campaigns.models import Campaign
from app.campaigns.validation import POINTS_KINDS
from app.redemptions import access, engine
from app.rules import evaluation as rule_engine
from app.wallets import earning, ledger
from app.wallets import services as wallets
from app.wallets.ledger import Movement
from app.wallets.models import TransactionKind, TransactionSource, Wallet, WalletProgram
from app.wallets.programs import programs_by_campaign, rate_of

if TYPE_CHECKING:
    from app.access.scope import Scope
    from app.redemptions.resolve import Resolved


def _refuse(reason: str, message: str) -> rule_engine.Failure:
    return rule_engine.Failure(reason, "", message)


async def attach_wallets(resolved: list[Resolved], customer_id: uuid.UUID | None, now: datetime) -> None:
    """Give each points payment its wallet and program, or the reason it is refused (a few queries)."""
    paying = [item for item in resolved if item.ref.points is not None and item.campaign is not None]
    if not paying:
        return
    card_codes = [item.code.id for item in paying if item.code is not None]
    by_code = {w.code_id: w for w in await Wallet.filter(code_id__in=card_codes)} if card_codes else {}
    program_ids = [item.campaign.id for item in paying if item.code is None and item.campaign is not None]
    by_program: dict[uuid.UUID, Wallet] = {}
    if program_ids and customer_id is not None:
        found = await Wallet.filter(campaign_id__in=program_ids, customer_id=customer_id)
        by_program = {w.campaign_id: w for w in found}
    programs = await programs_by_campaign([item.campaign.id for item in paying if item.campaign is not None])
    for item in paying:
        campaign = item.campaign
        assert campaign is not None
        if campaign.kind not in POINTS_KINDS:
            item.refusal = _refuse("NOT_A_WALLET_PROGRAM", "Points pay only in LOYALTY and WALLET_POINTS campaigns.")
            continue
        reason = not_live_reason(campaign, now)
        if reason is not None:
            item.refusal = _refuse("PROGRAM_INACTIVE", reason)
            continue
        if item.refusal is not None:
            continue
        wallet = by_code.get(item.code.id) if item.code is not None else by_program.get(campaign.id)
        if wallet is None:
            item.refusal = _refuse("WALLET_NOT_FOUND", "The customer has no wallet in this program.")
            continue
        points = item.ref.points or 0
        if wallet.balance < points:
            item.refusal = _refuse(
                "INSUFFICIENT_POINTS", f"The wallet holds {wallet.balance:,} points; {points:,} were asked for."
            )
        item.wallet = wallet
        item.program = programs.get(campaign.id)


def payment_fields(item: Resolved) -> dict[str, Any]:
    """The engine's view of a points payment: a gift-card-like balance in money, and the rate."""
    if item.wallet is None:
        return {}
    rate = rate_of(item.program)
    return {
        "gift_balance": rate.value_of(item.wallet.balance),
        "gift_requested": rate.value_of(item.ref.points or 0),
        "points_rate": (rate.points, rate.amount),
    }


@dataclass(frozen=True)
class PlannedEarning:
    """Points a program's rule gives this order, before its budget is asked."""

    program: WalletProgram
    campaign: Campaign
    earned: earning.Earned


async def plan_earnings(
    *,
    evaluation: engine.Evaluation,
    items: list[engine.Item],
    currency: str,
    customer_id: uuid.UUID | None,
    scope: Scope,
    store: access.StoreAt | None,
    now: datetime,
) -> list[PlannedEarning]:
    """What the live programs in the order's currency give for it (none without a customer)."""
    if customer_id is None:
        return []
    rows = await connections.get("default").execute_query_dict(
        "SELECT campaign_id FROM wallet_program WHERE earning_rules <> '[]'::jsonb"
    )
    if not rows:
        return []
    campaigns = await Campaign.filter(
        live_filter(now),
        id__in=[row["campaign_id"] for row in rows],
        kind__in=list(POINTS_KINDS),
        currency=currency.upper(),
    )
    if not campaigns:
        return []
    places = await campaign_access.places_by_campaign(c.id for c in campaigns)
    usable = [
        c
        for c in campaigns
        if scope.may_use(places.get(c.id, [])) and access.store_refusal(places.get(c.id, []), store) is None
    ]
    programs = await programs_by_campaign([c.id for c in usable])
    points_paid = sum(outcome.gift_spent for outcome in evaluation.outcomes if outcome.points_spent)
    order = earning.Order(
        base_amount=max(0, evaluation.amount_after_discounts - points_paid),
        initial_amount=evaluation.initial_amount,
        items=tuple(items),
        now=now,
        customer_id=str(customer_id),
    )
    planned = []
    for campaign in usable:
        program = programs.get(campaign.id)
        if program is None:
            continue
        for earned in earning.earnings(program, trigger="REDEMPTION", order=order, time_zone=campaign.time_zone):
            planned.append(PlannedEarning(program, campaign, earned))
    return planned


class PaymentRefused(Exception):
    """A wallet's balance fell below the payment since the evaluation (a concurrent spend won)."""

    def __init__(self, position: int, failure: rule_engine.Failure) -> None:
        self.position = position
        self.failure = failure


def _wallet_order(item: Resolved) -> tuple[str, str]:
    assert item.wallet is not None
    return (str(item.wallet.campaign_id), str(item.wallet.customer_id))


async def commit_points(
    connection: BaseDBAsyncClient,
    *,
    applied: list[engine.Outcome],
    by_position: dict[int, Resolved],
    earnings: list[PlannedEarning],
    redemption_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    now: datetime,
    outcome: wallets.Outcome,
) -> list[dict[str, Any]]:
    """Credit what the order earns, then take the points it pays with; the moves a rollback undoes.

    Budgets are locked before wallets, and wallets in (program, customer) order, as everywhere else.
    """
    moves: list[dict[str, Any]] = []
    source_id = str(redemption_id)
    for planned in sorted(earnings, key=lambda p: (str(p.campaign.id), p.earned.rule_id)):
        assert customer_id is not None
        entry = await wallets.earn(
            connection,
            program=planned.program,
            customer_id=customer_id,
            points=planned.earned.points,
            movement=Movement(
                TransactionSource.REDEMPTION,
                reason=f"Earned by rule {planned.earned.rule_id}",
                source_id=source_id,
                idempotency_key=f"redemption:{redemption_id}:earn:{planned.campaign.id}:{planned.earned.rule_id}",
            ),
            now=now,
            available_at=planned.earned.available_at,
            outcome=outcome,
        )
        if entry is not None:
            moves.append(
                {"kind": "earn", "id": str(entry.wallet_id), "amount": entry.points, "entry": entry.transaction_id}
            )
    spends = [
        (by_position[o.position], o) for o in applied if o.points_spent and by_position[o.position].wallet is not None
    ]
    for item, applied_outcome in sorted(spends, key=lambda pair: _wallet_order(pair[0])):
        assert item.wallet is not None
        entry = await ledger.debit(
            connection,
            wallet_id=item.wallet.id,
            points=applied_outcome.points_spent,
            movement=Movement(
                TransactionSource.REDEMPTION,
                reason="Paid an order",
                source_id=source_id,
                idempotency_key=f"redemption:{redemption_id}:pay:{item.position}",
            ),
            now=now,
        )
        if entry is None:
            raise PaymentRefused(
                item.position,
                _refuse("INSUFFICIENT_POINTS", "The wallet's balance changed; not enough points are left."),
            )
        outcome.changed.add((item.wallet.customer_id, item.wallet.id))
        moves.append(
            {"kind": "points", "id": str(item.wallet.id), "amount": -entry.points, "entry": entry.transaction_id}
        )
    return moves


async def rollback_points(
    connection: BaseDBAsyncClient,
    *,
    moves: list[dict[str, Any]],
    redemption_id: uuid.UUID,
    now: datetime,
    outcome: wallets.Outcome,
) -> None:
    """Give back the points a redemption spent and take back the points it earned (never below zero)."""
    for move in moves:
        if move["kind"] not in {"earn", "points"}:
            continue
        wallet_id = uuid.UUID(move["id"])
        movement = Movement(
            TransactionSource.REDEMPTION,
            reason="Redemption rolled back",
            source_id=str(redemption_id),
            idempotency_key=f"redemption:{redemption_id}:reverse:{move['entry']}",
        )
        if move["kind"] == "points":
            expires_at = await connection.execute_query_dict(
                "SELECT expires_at FROM wallet_transaction WHERE id = $1", [move["entry"]]
            )
            await ledger.credit(
                connection,
                wallet_id=wallet_id,
                points=move["amount"],
                movement=movement,
                now=now,
                kind=TransactionKind.REVERSAL,
                expires_at=expires_at[0]["expires_at"],
                related_id=move["entry"],
            )
        elif not await ledger.cancel_pending(connection, wallet_id=wallet_id, transaction_id=move["entry"]):
            await ledger.take_back(
                connection,
                wallet_id=wallet_id,
                points=move["amount"],
                movement=movement,
                now=now,
                related_id=move["entry"],
            )
        wallet = await Wallet.filter(id=wallet_id).using_db(connection).get()
        outcome.changed.add((wallet.customer_id, wallet_id))
