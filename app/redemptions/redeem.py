"""Redeem and roll back: counters move with one conditional statement each, inside one transaction.

Redeem evaluates the order, then moves every counter the applicable incentives touch. A counter that
refuses (its limit was reached since the evaluation) rolls the whole transaction back; that incentive
is re-evaluated as inapplicable with the counter's reason and the stack is evaluated again, so a
redemption is never partly recorded and no limit is ever exceeded.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.access.models import Permission
from app.campaigns.models import CampaignKind
from app.core.events import EventBus
from app.core.time import utcnow
from app.customers import services as customers
from app.redemptions import access, counters, engine
from app.redemptions import wallets as wallet_payments
from app.redemptions.exceptions import AlreadyRolledBack, IdempotencyKeyReused, RedemptionNotFound
from app.redemptions.models import Redemption, RedemptionLine, RedemptionStatus, Referral
from app.redemptions.orders import MAX_REDEEMABLES, OrderRequest
from app.redemptions.resolve import (
    Resolved,
    incentives,
    order_items,
    order_location,
    resolve,
)
from app.redemptions.stacking import stacking_rules
from app.rules import evaluation as rule_engine
from app.wallets import services as wallets
from app.webhooks import services as webhooks
from app.webhooks.models import WebhookEventType

MAX_ATTEMPTS = 2 * MAX_REDEEMABLES + 2  # each incentive may lose one race, then is refused


def evaluation_json(evaluation: engine.Evaluation) -> dict[str, Any]:
    return {
        # Shallow copies: every field is a plain value or a list of them (asdict's deep copy cost ~0.4 ms).
        "outcomes": [vars(outcome) | {"status": outcome.status.value} for outcome in evaluation.outcomes],
        "items": [vars(item) | {"category_ids": list(item.category_ids)} for item in evaluation.items],
        "initial_amount": evaluation.initial_amount,
        "discount": evaluation.discount,
        "line_discounts": evaluation.line_discounts,
        "amount_after_discounts": evaluation.amount_after_discounts,
        "gift_spent": evaluation.gift_spent,
        "amount_due": evaluation.amount_due,
    }


def new_redemption(
    request: OrderRequest,
    idempotency_key: str | None,
    evaluation: engine.Evaluation,
    by_position: dict[int, Resolved],
    customer_id: uuid.UUID | None,
    store: access.StoreAt | None,
    moves: list[dict[str, Any]],
    redemption_id: uuid.UUID,
) -> Redemption:
    """The redemption of an evaluated order, not yet saved (`moves` as `counters.recorded` keeps them)."""
    return Redemption(
        id=redemption_id,
        idempotency_key=idempotency_key,
        customer_id=customer_id,
        store_id=store.id if store else None,
        area_id=store.area_id if store else None,
        currency=request.currency.upper(),
        amount=evaluation.initial_amount,
        discount=evaluation.discount,
        amount_after_discounts=evaluation.amount_after_discounts,
        gift_spent=evaluation.gift_spent,
        amount_due=evaluation.amount_due,
        order=request.to_json(),
        result=stored_result(evaluation, by_position),
        moves=moves,
        metadata=request.metadata,
        status=RedemptionStatus.SUCCEEDED,
    )


def stored_result(evaluation: engine.Evaluation, by_position: dict[int, Resolved]) -> dict[str, Any]:
    """The result kept with a redemption, with the campaign each requested redeemable resolved to.

    It lists every requested redeemable, refused ones of campaigns in other areas included: readers
    show each only to keys that may see its campaign (`outcome_campaigns`).
    """
    campaigns = {str(position): str(item.campaign.id) for position, item in by_position.items() if item.campaign}
    return {**evaluation_json(evaluation), "campaigns": campaigns}


def outcome_campaigns(result: dict[str, Any]) -> dict[int, uuid.UUID]:
    """The campaign each requested redeemable of a stored result resolved to, by position."""
    return {int(position): uuid.UUID(campaign) for position, campaign in result.get("campaigns", {}).items()}


def evaluation_from_json(data: dict[str, Any]) -> engine.Evaluation:
    return engine.Evaluation(
        outcomes=[engine.Outcome(**{**o, "status": engine.Status(o["status"])}) for o in data["outcomes"]],
        items=[engine.Item(**{**item, "category_ids": tuple(item["category_ids"])}) for item in data["items"]],
        initial_amount=data["initial_amount"],
        discount=data["discount"],
        line_discounts=data["line_discounts"],
        amount_after_discounts=data["amount_after_discounts"],
        gift_spent=data["gift_spent"],
        amount_due=data["amount_due"],
    )


async def redeem(
    *, request: OrderRequest, idempotency_key: str | None, now: datetime | None = None, events: EventBus | None = None
) -> tuple[engine.Evaluation, Redemption | None]:
    """Validate and commit in one transaction; the same idempotency key returns the first result."""
    now = now or utcnow()
    if idempotency_key is not None:
        earlier = await Redemption.get_or_none(idempotency_key=idempotency_key)
        if earlier is not None:
            return await _first_result(earlier, request)
    rules = await stacking_rules()
    request.check(redeemables_limit=rules.redeemables_limit)
    store = await access.store_of(request.store_id, request.scope)
    customer = None
    if request.customer_id is not None:
        customer = await customers.get_customer(customer_id=request.customer_id, field="order.customer.id")
    elif request.customer_source_id is not None:
        customer, _ = await customers.upsert_by_source_id(
            source_id=request.customer_source_id,
            fields=request.customer_fields,
            update_existing=Permission.CUSTOMERS_WRITE in request.scope.permissions,
        )
    customer_id = customer.id if customer else None
    customer_key = str(customer_id) if customer_id else None
    refusals: dict[int, rule_engine.Failure] = {}
    lost_races: dict[int, int] = {}
    for _ in range(MAX_ATTEMPTS):
        # Fresh codes and counters each attempt: a race lost to a concurrent redemption is re-judged on
        # the new values (a gift card spends what is left); a second loss refuses it outright.
        resolved = await resolve(request, customer_id, now, store)
        by_position = {item.position: item for item in resolved}
        location = order_location(request, customer)
        stack = await incentives(resolved, customer_id, now, refusals, location, request.items, store)
        evaluation = engine.evaluate(
            items=order_items(request),
            order_amount=request.amount,
            incentives=stack,
            rules=rules,
            customer_id=customer_key,
            now=now,
        )
        applied = evaluation.applicable()
        if not applied:
            # A concurrent twin (same key) may have used what this request needed: answer its result.
            twin = await _twin(idempotency_key)
            return (await _first_result(twin, request)) if twin else (evaluation, None)
        earnings = await wallet_payments.plan_earnings(
            evaluation=evaluation,
            items=order_items(request),
            currency=request.currency,
            customer_id=customer_id,
            scope=request.scope,
            store=store,
            now=now,
        )
        points = wallets.Outcome()
        try:
            redemption = await _commit(
                request, idempotency_key, evaluation, applied, by_position, customer_id, now, store, earnings, points
            )
        except (counters.CounterRefused, wallet_payments.PaymentRefused) as refused:
            twin = await _twin(idempotency_key)
            if twin is not None:
                return await _first_result(twin, request)
            lost_races[refused.position] = lost_races.get(refused.position, 0) + 1
            if lost_races[refused.position] > 1:
                refusals[refused.position] = refused.failure
            continue
        except IntegrityError:
            twin = await _twin(idempotency_key)
            if twin is None:
                raise
            return await _first_result(twin, request)
        await wallets.announce(events, points)
        return evaluation, redemption
    raise RuntimeError("the stack did not settle")  # every incentive is refused within MAX_ATTEMPTS


async def _twin(idempotency_key: str | None) -> Redemption | None:
    """The redemption a request with the same idempotency key committed, if one did."""
    return await Redemption.get_or_none(idempotency_key=idempotency_key) if idempotency_key else None


async def _first_result(earlier: Redemption, request: OrderRequest) -> tuple[engine.Evaluation, Redemption]:
    """A retry's answer: the first redemption with this key, unless it is outside the caller's scope."""
    if request.scope.restricted:
        try:
            await access.visible_redemption(request.scope, earlier.id)
        except RedemptionNotFound as exc:
            raise IdempotencyKeyReused(
                "This idempotency key was used for another redemption; use a new key for a new order.",
                field="idempotencyKey",
            ) from exc
    return evaluation_from_json(earlier.result), earlier


async def _commit(
    request: OrderRequest,
    idempotency_key: str | None,
    evaluation: engine.Evaluation,
    applied: list[engine.Outcome],
    by_position: dict[int, Resolved],
    customer_id: uuid.UUID | None,
    now: datetime,
    store: access.StoreAt | None,
    earnings: list[wallet_payments.PlannedEarning],
    points: wallets.Outcome,
) -> Redemption:
    redemption_id = uuid.uuid4()
    async with in_transaction() as connection:
        planned = [
            move
            for outcome in applied
            for move in counters.planned_moves(
                by_position[outcome.position],
                outcome,
                str(customer_id) if customer_id else None,
                now,
                evaluation.initial_amount,
            )
        ]
        moves = await counters.move_counters(connection, planned)
        moves += await wallet_payments.commit_points(
            connection,
            applied=applied,
            by_position=by_position,
            earnings=earnings,
            redemption_id=redemption_id,
            customer_id=customer_id,
            now=now,
            outcome=points,
        )
        redemption = new_redemption(
            request, idempotency_key, evaluation, by_position, customer_id, store, moves, redemption_id
        )
        await redemption.save(using_db=connection, force_create=True)
        for outcome in applied:
            item = by_position[outcome.position]
            assert item.campaign is not None
            await RedemptionLine.create(
                redemption=redemption,
                campaign_id=item.campaign.id,
                code_id=item.code.id if item.code else None,
                discount=outcome.discount,
                gift_spent=outcome.gift_spent,
                using_db=connection,
            )
            code = item.code
            if item.campaign.kind is CampaignKind.REFERRAL and code is not None and code.holder_id and customer_id:
                await Referral.create(
                    campaign_id=item.campaign.id,
                    code_id=code.id,
                    advocate_id=code.holder_id,
                    referee_id=customer_id,
                    redemption=redemption,
                    using_db=connection,
                )
        await webhooks.emit(
            connection, WebhookEventType.REDEMPTION_SUCCEEDED, [succeeded_payload(redemption, applied, by_position)]
        )
    return redemption


def succeeded_payload(
    redemption: Redemption, applied: list[engine.Outcome], by_position: dict[int, Resolved]
) -> dict[str, Any]:
    """The `redemption.succeeded` webhook payload (amounts in minor units of `currency`)."""
    lines = []
    for outcome in applied:
        item = by_position[outcome.position]
        assert item.campaign is not None
        lines.append(
            {
                "campaign_id": str(item.campaign.id),
                "code": item.code.code if item.code else None,
                "discount": outcome.discount,
                "gift_spent": outcome.gift_spent,
            }
        )
    return {
        "redemption_id": str(redemption.id),
        "customer_id": str(redemption.customer_id) if redemption.customer_id else None,
        "store_id": str(redemption.store_id) if redemption.store_id else None,
        "currency": redemption.currency,
        "amount": redemption.amount,
        "discount": redemption.discount,
        "gift_spent": redemption.gift_spent,
        "amount_due": redemption.amount_due,
        "lines": lines,
        "metadata": redemption.metadata,
    }


async def rollback(
    *, redemption_id: uuid.UUID, reason: str | None, idempotency_key: str | None, events: EventBus | None = None
) -> Redemption:
    """Undo a redemption's counters, gift spending, codes' counts and points, at most once."""
    points = wallets.Outcome()
    if idempotency_key is not None:
        earlier = await Redemption.get_or_none(rollback_key=idempotency_key)
        if earlier is not None:
            if earlier.id != redemption_id:
                raise IdempotencyKeyReused(
                    "This idempotency key rolled back another redemption; use a new key.", field="idempotencyKey"
                )
            return earlier
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "UPDATE redemption SET status = $2, rollback_reason = $3, rollback_key = $4, rolled_back_at = now() "
            "WHERE id = $1 AND status = $5 RETURNING moves",
            [
                redemption_id,
                RedemptionStatus.ROLLED_BACK.value,
                reason,
                idempotency_key,
                RedemptionStatus.SUCCEEDED.value,
            ],
        )
        if not rows:
            existing = await Redemption.get_or_none(id=redemption_id)
            if existing is None:
                raise RedemptionNotFound(f"No redemption has id {redemption_id}.", field="id")
            if idempotency_key is not None and existing.rollback_key == idempotency_key:
                return existing
            raise AlreadyRolledBack("This redemption was already rolled back.", field="id")
        moves = rows[0]["moves"]
        if isinstance(moves, str):  # raw SQL returns JSONB as text
            moves = json.loads(moves)
        await counters.undo(connection, moves)
        await wallet_payments.rollback_points(
            connection, moves=moves, redemption_id=redemption_id, now=utcnow(), outcome=points
        )
        await webhooks.emit(
            connection,
            WebhookEventType.REDEMPTION_ROLLED_BACK,
            [{"redemption_id": str(redemption_id), "reason": reason, "rolled_back_at": utcnow().isoformat()}],
        )
    await wallets.announce(events, points)
    return await Redemption.get(id=redemption_id)
