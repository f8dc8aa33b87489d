"""Resolve: what each requested redeemable points at, why it is refused, and the engine's inputs.

The lookups (`resolve`, `incentives`) read through the ORM; the judging (`judge`, `build_incentives`)
is pure, so the raw hot path (`app.redemptions.hot`) reads its own way and judges exactly the same.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.campaigns import cache as campaign_cache
from app.campaigns.clock import not_live_reason
from app.campaigns.models import Campaign, CampaignKind, Category, CodeMode, StackingType
from app.campaigns.validation import Reward
from app.codes.generation import code_key
from app.codes.models import Code, Publication
from app.customers.models import Customer
from app.geofences import services as geofences
from app.redemptions import access, engine
from app.redemptions import wallets as wallet_payments
from app.redemptions.models import Counter
from app.redemptions.orders import OrderRequest, RedeemableRef
from app.rules import evaluation as rule_engine
from app.segments.evaluation import memberships
from app.segments.models import Segment
from app.wallets.models import Wallet, WalletProgram


@dataclass
class Resolved:
    """A redeemable and what it points at."""

    ref: RedeemableRef
    position: int
    campaign: Campaign | None
    code: Code | None
    refusal: rule_engine.Failure | None
    wallet: Wallet | None = None  # a points payment's wallet
    program: WalletProgram | None = None  # its program's settings (None: the defaults)


def _refuse(reason: str, message: str) -> rule_engine.Failure:
    return rule_engine.Failure(reason, "", message)


async def campaigns_of(
    codes: list[Code], campaign_ids: list[uuid.UUID]
) -> tuple[dict[int, Campaign], dict[Any, Campaign]]:
    """Campaigns of codes and of automatic promotions, in a few queries whatever the stack's size.

    A code's campaign is its own (shared code), the one it was published in, or its series' first
    live campaign.
    """
    series_codes = [code.id for code in codes if code.campaign_id is None]
    first_publication: dict[int, uuid.UUID] = {}
    if series_codes:
        for publication in await Publication.filter(code_id__in=series_codes).order_by("created_at"):
            first_publication.setdefault(publication.code_id, publication.campaign_id)
    wanted = set(campaign_ids) | set(first_publication.values())
    wanted |= {code.campaign_id for code in codes if code.campaign_id is not None}
    by_id: dict[Any, Campaign] = dict(await campaign_cache.campaigns_by_id(wanted)) if wanted else {}
    unpublished = {code.series_id for code in codes if code.campaign_id is None and code.id not in first_publication}
    by_series: dict[Any, Campaign] = {}
    if unpublished:
        live = Campaign.filter(code_series_id__in=list(unpublished), deleted_at__isnull=True)
        for campaign in await live.order_by("-status", "created_at"):
            by_series.setdefault(campaign.code_series_id, campaign)
    of_code: dict[int, Campaign] = {}
    for code in codes:
        campaign_id = code.campaign_id or first_publication.get(code.id)
        found = by_id.get(campaign_id) if campaign_id else by_series.get(code.series_id)
        if found is not None:
            of_code[code.id] = found
    return of_code, by_id


def _campaign_refusal(campaign: Campaign, currency: str, now: datetime) -> rule_engine.Failure | None:
    reason = not_live_reason(campaign, now)
    if reason is not None:
        return _refuse("CAMPAIGN_NOT_ACTIVE", reason)
    if campaign.currency != currency.upper():
        return _refuse("CURRENCY_MISMATCH", f"The campaign is in {campaign.currency}, the order in {currency}.")
    return None


async def resolve(
    request: OrderRequest, customer_id: uuid.UUID | None, now: datetime, store: access.StoreAt | None
) -> list[Resolved]:
    """Look every redeemable up; unknown, out-of-scope or unusable ones carry the reason they are refused."""
    keys = [code_key(ref.code) for ref in request.redeemables if ref.code is not None]
    codes = {code.code_key: code for code in await Code.filter(code_key__in=keys)} if keys else {}
    of_code, by_id = await campaigns_of(list(codes.values()), automatic_ids(request))
    places = await campaign_cache.places_by_campaign(c.id for c in [*of_code.values(), *by_id.values()])
    resolved = judge(request, Lookup(codes, of_code, by_id, places), customer_id, now, store)
    await wallet_payments.attach_wallets(resolved, customer_id, now)
    return resolved


def automatic_ids(request: OrderRequest) -> list[uuid.UUID]:
    """Campaigns and wallet programs the order names by id."""
    return [
        campaign_id
        for ref in request.redeemables
        if (campaign_id := ref.campaign_id or ref.wallet_program_id) is not None
    ]


@dataclass
class Lookup:
    """What the redeemables point at: codes by key, the campaign of each code (by code id), campaigns
    named by id, and every such campaign's areas and stores."""

    codes: dict[str, Code]
    of_code: dict[int, Campaign]
    by_id: dict[Any, Campaign]
    places: dict[uuid.UUID, list[Any]]


def judge(
    request: OrderRequest,
    lookup: Lookup,
    customer_id: uuid.UUID | None,
    now: datetime,
    store: access.StoreAt | None,
) -> list[Resolved]:
    """Each redeemable with its campaign and code, or the reason it is refused (no I/O)."""
    codes, of_code, by_id, places = lookup.codes, lookup.of_code, lookup.by_id, lookup.places
    scope = request.scope
    if scope.restricted:
        # What the key may not use does not exist for it: the same answers as unknown codes and campaigns.
        by_id = {key: c for key, c in by_id.items() if scope.may_use(places.get(c.id, []))}
        codes = {
            key: code
            for key, code in codes.items()
            if code.id in of_code and scope.may_use(places.get(of_code[code.id].id, []))
        }
    resolved = []
    for position, ref in enumerate(request.redeemables):
        campaign, code, refusal = None, None, None
        if ref.unknown_id is not None:
            refusal = _refuse("CAMPAIGN_NOT_FOUND", "No such program." if ref.pays_with_points else "No such campaign.")
        elif ref.code is not None:
            code = codes.get(code_key(ref.code))
            if code is None:
                refusal = _refuse("CODE_NOT_FOUND", f"No code {ref.code!r}.")
            else:
                campaign = of_code.get(code.id)
                if campaign is None:
                    refusal = _refuse("CAMPAIGN_NOT_ACTIVE", "The code belongs to no live campaign.")
        elif ref.wallet_program_id is not None:
            campaign = by_id.get(ref.wallet_program_id)
            if campaign is None:
                refusal = _refuse("CAMPAIGN_NOT_FOUND", "No such program.")
        else:
            campaign = by_id.get(ref.campaign_id)
            if campaign is None:
                refusal = _refuse("CAMPAIGN_NOT_FOUND", "No such campaign.")
            elif campaign.code_mode is not CodeMode.NO_CODE:
                refusal = _refuse("CODE_REQUIRED", "This campaign is redeemed with one of its codes.")
        if refusal is None and campaign is not None:
            refusal = _campaign_refusal(campaign, request.currency, now) or access.store_refusal(
                places.get(campaign.id, []), store
            )
        if refusal is None and code is not None:
            refusal = _code_refusal(code, campaign, customer_id, now)
        resolved.append(Resolved(ref, position, campaign, code, refusal))
    return resolved


def _code_refusal(
    code: Code, campaign: Campaign | None, customer_id: uuid.UUID | None, now: datetime
) -> rule_engine.Failure | None:
    if code.expires_at is not None and code.expires_at <= now:
        return _refuse("CODE_EXPIRED", "The code has expired.")
    limit = campaign.redemptions_per_code if campaign is not None else None
    if limit is not None and code.redeemed_count >= limit:
        return _refuse("CODE_QUANTITY_REACHED", "The code was redeemed as often as allowed.")
    referral = campaign is not None and campaign.kind is CampaignKind.REFERRAL
    if referral and code.holder_id is not None and code.holder_id == customer_id:
        return _refuse("REFERRAL_OWN_CODE", "An advocate cannot redeem their own referral code.")
    return None


def gift_balance(code: Code | None, campaign: Campaign) -> int:
    """What is left on a gift card (partner codes may carry their own value)."""
    reward = Reward.from_json(campaign.reward)
    initial = code.value if code is not None and code.value is not None else (reward.gift_amount or 0)
    return max(0, initial - (code.gift_spent if code is not None else 0))


def counter_names(resolved: list[Resolved], customer_id: uuid.UUID | None, now: datetime) -> set[str]:
    """The live counters the stack's rules read."""
    names: set[str] = set()
    for item in resolved:
        if item.campaign is not None:
            ctx = _rule_context(item, customer_id, now, {})
            names.update(
                rule_engine.counter_name(rule, ctx)
                for rule in item.campaign.validation_rules
                if rule["kind"] in rule_engine.COUNTED_KINDS
            )
    return names


def category_ids(resolved: list[Resolved]) -> set[Any]:
    return {item.campaign.category_id for item in resolved if item.campaign and item.campaign.category_id}


def rule_kinds(resolved: list[Resolved]) -> set[str]:
    """Every validation rule kind of the stack's campaigns (with an item-scope geofence as GEOFENCE_ITEMS)."""
    kinds: set[str] = set()
    for item in resolved:
        for rule in item.campaign.validation_rules if item.campaign else ():
            kinds.add("GEOFENCE_ITEMS" if rule["kind"] == "GEOFENCE" and rule.get("scope") == "ITEMS" else rule["kind"])
    return kinds


async def incentives(
    resolved: list[Resolved],
    customer_id: uuid.UUID | None,
    now: datetime,
    refusals: dict[int, rule_engine.Failure],
    location: tuple[float, float] | None = None,
    items: list[Any] | None = None,
    store: access.StoreAt | None = None,
) -> list[engine.Incentive]:
    """Engine inputs for `resolved`, with the live counter values their rules read."""
    wanted_categories = category_ids(resolved)
    categories = {c.id: c for c in await Category.filter(id__in=list(wanted_categories))} if wanted_categories else {}
    wanted = counter_names(resolved, customer_id, now)
    usage = {row.name: row.used for row in await Counter.filter(name__in=list(wanted))} if wanted else {}
    kinds = rule_kinds(resolved)
    fences = None
    if kinds & {"GEOFENCE", "GEOFENCE_ITEMS"} and location is not None:
        fences = frozenset(await geofences.covering(latitude=location[0], longitude=location[1]))
    line_fences = await _line_fences(items or []) if "GEOFENCE_ITEMS" in kinds else []
    segments = await _customer_segments(resolved, customer_id, now)
    return build_incentives(resolved, Inputs(categories, usage, fences, line_fences, segments), refusals, store)


@dataclass
class Inputs:
    """What the engine's inputs read beyond the resolved redeemables."""

    categories: dict[Any, Category]
    usage: dict[str, int]
    fences: frozenset[str] | None = None  # geofences covering the order's location
    line_fences: list[frozenset[str] | None] = field(default_factory=list)  # per line, with item-scope rules
    segments: frozenset[str] | None = None  # segments the customer is in (None: no customer, or none asked)


def build_incentives(
    resolved: list[Resolved],
    inputs: Inputs,
    refusals: dict[int, rule_engine.Failure],
    store: access.StoreAt | None,
) -> list[engine.Incentive]:
    """Engine inputs for `resolved` (no I/O)."""
    stack = []
    store_geofence_id = str(store.geofence_id) if store and store.geofence_id else None
    for item in resolved:
        eligible = item_eligibility(item.campaign, inputs.line_fences) if item.campaign else None
        refused = refusals.get(item.position) or item.refusal
        if eligible is not None and not eligible and refused is None:
            refused = rule_engine.Failure(
                "NO_ELIGIBLE_ITEMS", "", "No item of the order is located inside the campaign's geofences."
            )
        incentive = _incentive(
            item,
            inputs.categories,
            inputs.usage,
            refused,
            location_fences=inputs.fences,
            store_geofence_id=store_geofence_id,
            customer_segments=inputs.segments,
            eligible_lines=eligible,
        )
        stack.append(incentive)
    return stack


async def _customer_segments(
    resolved: list[Resolved], customer_id: uuid.UUID | None, now: datetime
) -> frozenset[str] | None:
    """Which of the segments the stack's CUSTOMER_SEGMENT rules name the customer is in (one query)."""
    wanted = {
        uuid.UUID(rule_engine.segment_id(rule))
        for item in resolved
        if item.campaign
        for rule in item.campaign.validation_rules
        if rule["kind"] == "CUSTOMER_SEGMENT"
    }
    customer = await Customer.get_or_none(id=customer_id) if wanted and customer_id else None
    if customer is None:
        return None
    segments = await Segment.filter(id__in=list(wanted))
    return frozenset(str(segment_id) for segment_id in await memberships(customer, segments, now=now))


async def _line_fences(items: list[Any]) -> list[frozenset[str] | None]:
    return [
        frozenset(await geofences.covering(latitude=item.location[0], longitude=item.location[1]))
        if item.location is not None
        else None
        for item in items
    ]


def item_eligibility(campaign: Campaign, line_fences: list[frozenset[str] | None]) -> frozenset[int] | None:
    """Lines an item-scope GEOFENCE rule lets the discount touch (None: no such rule)."""
    rules = [r for r in campaign.validation_rules if r["kind"] == "GEOFENCE" and r.get("scope") == "ITEMS"]
    if not rules:
        return None
    eligible = set(range(len(line_fences)))
    for rule in rules:
        wanted = rule_engine.geofence_ids(rule)
        inside_mode = rule.get("mode", "INSIDE") == "INSIDE"
        for index, fences in enumerate(line_fences):
            # A line without a location is eligible only under a lenient rule.
            keep = not rule.get("strict", True) if fences is None else bool(wanted & fences) is inside_mode
            if not keep:
                eligible.discard(index)
    return frozenset(eligible)


def order_location(request: OrderRequest, customer: Customer | None) -> tuple[float, float] | None:
    """Where the order happens: the request's location, else the customer's profile."""
    if request.location is not None:
        return request.location
    if customer is not None and customer.latitude is not None and customer.longitude is not None:
        return (customer.latitude, customer.longitude)
    return None


def _rule_context(item: Resolved, customer_id: uuid.UUID | None, now: datetime, usage: dict[str, int]) -> Any:
    assert item.campaign is not None
    return rule_engine.RuleContext(
        initial_amount=0,
        running_amount=0,
        items=(),
        customer_id=str(customer_id) if customer_id else None,
        code_holder_id=None,
        now=now,
        time_zone=item.campaign.time_zone,
        usage=usage,
        scope=str(item.campaign.id),
    )


def _outcome_key(ref: RedeemableRef) -> str:
    if ref.unknown_id is not None:
        return ref.unknown_id
    if ref.code is not None:
        return ref.code
    return f"wallet:{ref.wallet_program_id}" if ref.wallet_program_id else str(ref.campaign_id)


def _incentive(
    item: Resolved,
    categories: dict[Any, Category],
    usage: dict[str, int],
    refused: rule_engine.Failure | None,
    **where: Any,
) -> engine.Incentive:
    """The engine's view of one resolved redeemable; `where`: the order's places and the eligible lines."""
    campaign = item.campaign
    if campaign is None:
        return engine.Incentive(key=_outcome_key(item.ref), position=item.position, refused=refused, **where)
    category = categories.get(campaign.category_id) if campaign.category_id else None
    reward = Reward.from_json(campaign.reward)
    is_gift = campaign.kind is CampaignKind.GIFT_CARD
    payment = wallet_payments.payment_fields(item) or {
        "gift_balance": gift_balance(item.code, campaign) if is_gift else None,
        "gift_requested": item.ref.gift_amount if is_gift else None,
    }
    return engine.Incentive(
        key=_outcome_key(item.ref),
        position=item.position,
        discount=reward.discount,
        product_ids=frozenset(campaign.applies_to_products),
        category_targets=frozenset(campaign.applies_to_categories),
        category_id=str(category.id) if category else None,
        hierarchy=category.hierarchy if category else None,
        stacking_type=category.stacking_type if category else StackingType.COMMON,
        rules=tuple(campaign.validation_rules),
        expression=campaign.rules_expression,
        time_zone=campaign.time_zone,
        code_holder_id=str(item.code.holder_id) if item.code and item.code.holder_id else None,
        usage=usage,
        counter_scope=str(campaign.id),
        refused=refused,
        **payment,
        **where,
    )


def order_items(request: OrderRequest) -> list[engine.Item]:
    return [
        engine.Item(item.product_id, item.sku, item.category_ids, item.quantity, item.unit_price)
        for item in request.items
    ]
