"""The redemption pipeline's façade: validate, qualify, redeem and roll back.

Every path is resolve → evaluate → commit (`resolve.py`, `engine.py`, `counters.py`). The common case
runs on the raw hot path (`hot.py`: one pooled connection, prepared reads, one write statement); what it
does not cover (points, stores, geofences, segments, referrals, races it lost) runs through the ORM path
(`redeem.py`), which judges with the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from app.campaigns import access as campaign_access
from app.campaigns.clock import live_filter
from app.campaigns.models import Campaign, CodeMode
from app.codes.models import Code, Publication
from app.core.errors import InvalidInput
from app.core.events import EventBus
from app.core.time import utcnow
from app.customers.models import Customer
from app.redemptions import access, engine, hot
from app.redemptions import redeem as orm_path
from app.redemptions.models import Redemption
from app.redemptions.orders import OrderRequest, RedeemableRef
from app.redemptions.resolve import Resolved, incentives, order_items, order_location, resolve
from app.redemptions.stacking import stacking_rules


async def find_customer(request: OrderRequest) -> Customer | None:
    """The order's customer if known (validate never creates one)."""
    if request.customer_id is not None:
        return await Customer.get_or_none(id=request.customer_id)
    if request.customer_source_id is not None:
        return await Customer.get_or_none(source_id=request.customer_source_id)
    return None


async def validate(request: OrderRequest, now: datetime) -> tuple[engine.Evaluation, list[Resolved]]:
    """The full result for the order, with no side effect."""
    rules = await stacking_rules()
    request.check(redeemables_limit=rules.redeemables_limit)
    answered = await hot.validate(request, now, rules)
    if answered is not None:
        return answered
    store = await access.store_of(request.store_id, request.scope)
    customer = await find_customer(request)
    customer_id = customer.id if customer else None
    resolved = await resolve(request, customer_id, now, store)
    location = order_location(request, customer)
    stack = await incentives(resolved, customer_id, now, {}, location, request.items, store)
    evaluation = engine.evaluate(
        items=order_items(request),
        order_amount=request.amount,
        incentives=stack,
        rules=rules,
        customer_id=str(customer_id) if customer_id else None,
        now=now,
    )
    return evaluation, resolved


@dataclass
class Qualification:
    campaign: Campaign
    code: Code | None
    discount: int
    gift_spent: int


MAX_QUALIFICATION_CANDIDATES = 200


async def qualifications(request: OrderRequest, now: datetime) -> list[Qualification]:
    """Automatic promotions and the customer's codes that apply to this order alone, best deal first.

    Live counters are honoured: a promotion whose limit or budget is used up does not qualify.
    """
    request.check_order()
    store = await access.store_of(request.store_id, request.scope)
    customer = await find_customer(request)
    live = Campaign.filter(
        live_filter(now),
        code_mode=CodeMode.NO_CODE,
        currency=request.currency.upper(),
    )
    automatic = await campaign_access.scoped(live, request.scope).limit(MAX_QUALIFICATION_CANDIDATES)
    refs = [RedeemableRef(campaign_id=campaign.id) for campaign in automatic]
    if customer is not None:
        held = (
            await Publication.filter(customer_id=customer.id)
            .order_by("-created_at")
            .limit(MAX_QUALIFICATION_CANDIDATES)
        )
        codes = await Code.filter(id__in=[publication.code_id for publication in held])
        refs += [RedeemableRef(code=code.code) for code in codes]
    # Every candidate is looked up in one pass (a few queries in all), then judged on its own.
    customer_id = customer.id if customer else None
    everything = OrderRequest(
        currency=request.currency,
        items=request.items,
        redeemables=refs,
        amount=request.amount,
        customer_id=customer_id,
        store_id=request.store_id,
        scope=request.scope,
    )
    resolved = await resolve(everything, customer_id, now, store)
    location = order_location(request, customer)
    stack = await incentives(resolved, customer_id, now, {}, location, request.items, store)
    found: list[Qualification] = []
    for item, incentive in zip(resolved, stack, strict=True):
        evaluation = engine.evaluate(
            items=order_items(request),
            order_amount=request.amount,
            incentives=[replace(incentive, position=0)],
            rules=engine.StackingRules(),
            customer_id=str(customer_id) if customer_id else None,
            now=now,
        )
        outcome = evaluation.outcomes[0]
        if outcome.status is engine.Status.APPLICABLE and item.campaign is not None:
            found.append(Qualification(item.campaign, item.code, outcome.discount, outcome.gift_spent))
    found.sort(key=lambda q: (-(q.discount + q.gift_spent), q.campaign.name))
    return found


async def redeem(
    *, request: OrderRequest, idempotency_key: str | None, now: datetime | None = None, events: EventBus | None = None
) -> tuple[engine.Evaluation, Redemption | None]:
    """Validate and commit at once; the same idempotency key returns the first result."""
    now = now or utcnow()
    rules = await stacking_rules()
    try:
        request.check(redeemables_limit=rules.redeemables_limit)
    except InvalidInput:
        pass  # the ORM path answers a retry's key before it refuses the order
    else:
        done = await hot.redeem(request, idempotency_key, now, rules)
        if done is not None:
            return done
    return await orm_path.redeem(request=request, idempotency_key=idempotency_key, now=now, events=events)
