"""The stacking engine: which requested incentives apply to an order, in what order, for how much.

Pure computation over plain data (no database), so validate, qualify and redeem share it and it can
be tested exhaustively. Rounding: percentages round half up to the minor unit; an amount spread over
several lines uses the largest-remainder method (ties to the earlier line), so line discounts always
add up to the order discount exactly; no line, and no total, ever goes below zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.campaigns.models import StackingType
from app.campaigns.validation import Discount, DiscountType
from app.core.money import allocate, percent_of
from app.rules import evaluation as rule_engine


class Status(StrEnum):
    APPLICABLE = "APPLICABLE"
    INAPPLICABLE = "INAPPLICABLE"
    SKIPPED = "SKIPPED"


class ApplicationMode(StrEnum):
    ALL = "ALL"
    PARTIAL = "PARTIAL"


class Sorting(StrEnum):
    CATEGORY_HIERARCHY = "CATEGORY_HIERARCHY"
    REQUESTED_ORDER = "REQUESTED_ORDER"


class NoEffect(StrEnum):
    SKIP = "SKIP"
    REDEEM_ANYWAY = "REDEEM_ANYWAY"


class CalculationBase(StrEnum):
    INITIAL_AMOUNT = "INITIAL_AMOUNT"
    DISCOUNTED_AMOUNT = "DISCOUNTED_AMOUNT"


@dataclass(frozen=True)
class StackingRules:
    redeemables_limit: int = 30
    applicable_limit: int = 5
    applicable_exclusive_limit: int = 1
    category_limit: int | None = None
    application_mode: ApplicationMode = ApplicationMode.PARTIAL
    sorting: Sorting = Sorting.CATEGORY_HIERARCHY
    no_effect: NoEffect = NoEffect.SKIP
    calculation_base: CalculationBase = CalculationBase.DISCOUNTED_AMOUNT


@dataclass(frozen=True)
class Item:
    product_id: str | None
    sku: str | None
    category_ids: tuple[str, ...]
    quantity: int
    unit_price: int
    added_for: int | None = None  # a free product a UNIT discount put in the order (its position)

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


@dataclass(frozen=True)
class Incentive:
    """A requested redeemable, resolved: what it gives, how it stacks, and its rules."""

    key: str
    position: int
    discount: Discount | None = None
    gift_balance: int | None = None
    gift_requested: int | None = None
    product_ids: frozenset[str] = frozenset()
    category_targets: frozenset[str] = frozenset()
    category_id: str | None = None
    hierarchy: int | None = None
    stacking_type: StackingType = StackingType.COMMON
    rules: tuple[dict[str, Any], ...] = ()
    expression: Any = None
    time_zone: str = "UTC"
    code_holder_id: str | None = None
    usage: dict[str, int] = field(default_factory=dict)
    counter_scope: str = ""  # the campaign whose counters its rules read
    location_fences: frozenset[str] | None = None  # geofences covering the order's location
    store_geofence_id: str | None = None  # the geofence of the store the order is placed at
    customer_segments: frozenset[str] | None = None  # segments (uuid strings) the customer is in; None: no customer
    eligible_lines: frozenset[int] | None = None  # item-location geofences: the only lines it may discount
    points_rate: tuple[int, int] | None = None  # a wallet payment: (points, minor units) they are worth
    refused: rule_engine.Failure | None = None  # known before stacking (unknown code, paused campaign…)


@dataclass
class Outcome:
    key: str
    position: int
    status: Status
    reason: str | None = None
    rule_id: str | None = None
    message: str | None = None
    discount: int = 0
    line_discounts: list[int] = field(default_factory=list)
    gift_spent: int = 0
    points_spent: int = 0  # a wallet payment: the points its gift_spent costs


@dataclass
class Evaluation:
    outcomes: list[Outcome]
    items: list[Item]
    initial_amount: int
    discount: int
    line_discounts: list[int]
    amount_after_discounts: int
    gift_spent: int
    amount_due: int

    def applicable(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status is Status.APPLICABLE]


def _targets(incentive: Incentive, items: list[Item]) -> list[bool]:
    """Lines the incentive's discount may touch; an added free product belongs to its own discount only."""
    everything = not incentive.product_ids and not incentive.category_targets
    eligible = incentive.eligible_lines
    return [
        item.added_for == incentive.position
        if item.added_for is not None
        else (eligible is None or index in eligible)
        and (
            everything
            or item.product_id in incentive.product_ids
            or item.sku in incentive.product_ids
            or bool(incentive.category_targets & set(item.category_ids))
        )
        for index, item in enumerate(items)
    ]


def _free_products(items: list[Item], incentives: list[Incentive]) -> list[Item]:
    """Lines for UNIT discounts whose product the order lacks ("added if missing")."""
    present = {value for item in items for value in (item.product_id, item.sku) if value}
    added = []
    for incentive in incentives:
        discount = incentive.discount
        unit = incentive.refused is None and discount is not None and discount.type is DiscountType.UNIT
        if unit and discount is not None and discount.unit_product not in present:
            added.append(
                Item(
                    discount.unit_product,
                    None,
                    (),
                    discount.unit_quantity or 0,
                    discount.unit_price or 0,
                    added_for=incentive.position,
                )
            )
    return added


def _discount_lines(
    discount: Discount, items: list[Item], base: list[int], remaining: list[int], mask: list[bool]
) -> list[int]:
    """The discount of each line (never more than what is left of it)."""
    eligible_base = [amount if hit else 0 for amount, hit in zip(base, mask, strict=True)]
    total_base = sum(eligible_base)
    if discount.type is DiscountType.PERCENT:
        amount = percent_of(total_base, discount.percent_off or 0)
        if discount.max_discount is not None:
            amount = min(amount, discount.max_discount)
        lines = allocate(min(amount, total_base), eligible_base)
    elif discount.type is DiscountType.AMOUNT:
        lines = allocate(min(discount.amount_off or 0, total_base), eligible_base)
    elif discount.type is DiscountType.FIXED:
        fixed = discount.fixed_price or 0
        lines = [
            max(0, amount - fixed * item.quantity) if hit else 0
            for amount, item, hit in zip(base, items, mask, strict=True)
        ]
    else:
        lines = [0] * len(items)
        for index, item in enumerate(items):
            product = item.product_id == discount.unit_product or item.sku == discount.unit_product
            if product and mask[index]:
                free = min(discount.unit_quantity or 0, item.quantity)
                lines[index] = free * item.unit_price
                break
    return [min(line, left) for line, left in zip(lines, remaining, strict=True)]


def _sort(incentives: list[Incentive], rules: StackingRules) -> list[Incentive]:
    """Discounts in stacking order, then gift cards: a gift card pays what is due after every discount."""
    ordered = _stacking_order(incentives, rules)
    return [i for i in ordered if i.gift_balance is None] + [i for i in ordered if i.gift_balance is not None]


def _stacking_order(incentives: list[Incentive], rules: StackingRules) -> list[Incentive]:
    if rules.sorting is Sorting.REQUESTED_ORDER:
        return sorted(incentives, key=lambda incentive: incentive.position)
    return sorted(
        incentives,
        key=lambda incentive: (incentive.hierarchy if incentive.hierarchy is not None else 10**9, incentive.position),
    )


def evaluate(
    *,
    items: list[Item],
    order_amount: int | None,
    incentives: list[Incentive],
    rules: StackingRules,
    customer_id: str | None,
    now: datetime,
) -> Evaluation:
    """Apply `incentives` to the order under `rules`; see the module docstring for rounding."""
    original = items or [Item(None, None, (), 1, order_amount or 0)]
    lines = original + _free_products(original, incentives)
    ordered_lines = range(len(original))
    initial = [item.amount for item in lines]
    initial_amount = order_amount if order_amount is not None else sum(initial[: len(original)])
    remaining = list(initial)

    def discounted_so_far() -> int:  # on the order's own lines (added free products net to zero)
        return sum(initial[index] - remaining[index] for index in ordered_lines)

    outcomes: dict[int, Outcome] = {}
    applied: list[Incentive] = []
    gift_spent_total = 0
    for incentive in _sort(incentives, rules):
        outcome = Outcome(incentive.key, incentive.position, Status.APPLICABLE, line_discounts=[0] * len(lines))
        outcomes[incentive.position] = outcome
        refusal = incentive.refused
        if refusal is None and incentive.rules:
            running = initial_amount - discounted_so_far()
            context = rule_engine.RuleContext(
                initial_amount=initial_amount,
                running_amount=running,
                items=tuple(original),
                customer_id=customer_id,
                code_holder_id=incentive.code_holder_id,
                now=now,
                time_zone=incentive.time_zone,
                usage=incentive.usage,
                pending_discount=0,
                scope=incentive.counter_scope,
                location_fences=incentive.location_fences,
                store_geofence_id=incentive.store_geofence_id,
                customer_segments=incentive.customer_segments,
            )
            refusal = rule_engine.evaluate(list(incentive.rules), incentive.expression, context)
        if refusal is not None:
            _refuse(outcome, Status.INAPPLICABLE, refusal.reason, refusal.message, refusal.rule_id)
            continue
        skip = _stacking_skip(incentive, applied, rules)
        if skip is not None:
            _refuse(outcome, Status.SKIPPED, skip, _SKIP_MESSAGES[skip])
            continue
        if incentive.discount is not None:
            base = initial if rules.calculation_base is CalculationBase.INITIAL_AMOUNT else remaining
            per_line = _discount_lines(incentive.discount, lines, base, remaining, _targets(incentive, lines))
            budget = _budget_failure(incentive, sum(per_line), initial_amount, customer_id, now)
            if budget is not None:
                _refuse(outcome, Status.INAPPLICABLE, budget.reason, budget.message, budget.rule_id)
                continue
            outcome.line_discounts = per_line
            outcome.discount = sum(per_line)
            if outcome.discount == 0 and rules.no_effect is NoEffect.SKIP:
                _refuse(outcome, Status.SKIPPED, "NO_EFFECT", _SKIP_MESSAGES["NO_EFFECT"])
                continue
            remaining = [left - line for left, line in zip(remaining, per_line, strict=True)]
        elif incentive.gift_balance is not None:
            due = max(0, initial_amount - discounted_so_far() - gift_spent_total)
            wanted = incentive.gift_requested if incentive.gift_requested is not None else incentive.gift_balance
            outcome.gift_spent = max(0, min(wanted, incentive.gift_balance, due))
            if incentive.points_rate is not None:
                # Rounded up: never more than were offered, since `wanted` was rounded down from them.
                points, amount = incentive.points_rate
                outcome.points_spent = -(-outcome.gift_spent * points // amount)
            if outcome.gift_spent == 0 and rules.no_effect is NoEffect.SKIP:
                _refuse(outcome, Status.SKIPPED, "NO_EFFECT", _SKIP_MESSAGES["NO_EFFECT"])
                continue
            gift_spent_total += outcome.gift_spent
        applied.append(incentive)
    ordered = [outcomes[position] for position in sorted(outcomes)]
    if rules.application_mode is ApplicationMode.ALL and any(o.status is Status.INAPPLICABLE for o in ordered):
        for outcome in ordered:
            if outcome.status is Status.APPLICABLE:
                _refuse(
                    outcome,
                    Status.SKIPPED,
                    "PRECEDING_VALIDATION_FAILED",
                    _SKIP_MESSAGES["PRECEDING_VALIDATION_FAILED"],
                )
        remaining, gift_spent_total = list(initial), 0
    applicable = {outcome.position for outcome in ordered if outcome.status is Status.APPLICABLE}
    kept = [index for index, line in enumerate(lines) if line.added_for is None or line.added_for in applicable]
    for outcome in ordered:
        outcome.line_discounts = [outcome.line_discounts[index] for index in kept]
    line_discounts = [initial[index] - remaining[index] for index in kept]
    discount = sum(line_discounts)
    total = initial_amount + sum(lines[index].amount for index in kept if lines[index].added_for is not None)
    after = max(0, total - discount)
    return Evaluation(
        outcomes=ordered,
        items=[lines[index] for index in kept],
        initial_amount=total,
        discount=discount,
        line_discounts=line_discounts,
        amount_after_discounts=after,
        gift_spent=gift_spent_total,
        amount_due=max(0, after - gift_spent_total),
    )


def _refuse(outcome: Outcome, status: Status, reason: str, message: str, rule_id: str | None = None) -> None:
    outcome.status = status
    outcome.reason = reason
    outcome.message = message
    outcome.rule_id = rule_id
    outcome.discount = 0
    outcome.gift_spent = 0
    outcome.points_spent = 0
    outcome.line_discounts = [0] * len(outcome.line_discounts)


_SKIP_MESSAGES = {
    "APPLICABLE_LIMIT_EXCEEDED": "More incentives apply than the stacking rules allow.",
    "EXCLUSIVE_LIMIT_EXCEEDED": "More exclusive incentives apply than the stacking rules allow.",
    "CATEGORY_LIMIT_EXCEEDED": "More incentives of this category apply than the stacking rules allow.",
    "EXCLUSION": "An exclusive incentive cannot be combined with this one.",
    "NO_EFFECT": "It would not change the order.",
    "PRECEDING_VALIDATION_FAILED": "Another requested incentive is inapplicable and the stack is all-or-nothing.",
}


def _stacking_skip(incentive: Incentive, applied: list[Incentive], rules: StackingRules) -> str | None:
    if len(applied) >= rules.applicable_limit:
        return "APPLICABLE_LIMIT_EXCEEDED"
    exclusive = [other for other in applied if other.stacking_type is StackingType.EXCLUSIVE]
    if incentive.stacking_type is StackingType.EXCLUSIVE:
        if len(exclusive) >= rules.applicable_exclusive_limit:
            return "EXCLUSIVE_LIMIT_EXCEEDED"
        if any(other.stacking_type is not StackingType.JOINT for other in applied):
            return "EXCLUSION"
    elif incentive.stacking_type is not StackingType.JOINT and exclusive:
        return "EXCLUSION"
    if rules.category_limit is not None and incentive.category_id is not None:
        same = sum(1 for other in applied if other.category_id == incentive.category_id)
        if same >= rules.category_limit:
            return "CATEGORY_LIMIT_EXCEEDED"
    return None


def _budget_failure(
    incentive: Incentive, discount: int, initial_amount: int, customer_id: str | None, now: datetime
) -> rule_engine.Failure | None:
    budgets = [rule for rule in incentive.rules if rule["kind"] == "CAMPAIGN_DISCOUNT_BUDGET"]
    if not budgets:
        return None
    context = rule_engine.RuleContext(
        initial_amount=initial_amount,
        running_amount=initial_amount,
        items=(),
        customer_id=customer_id,
        code_holder_id=incentive.code_holder_id,
        now=now,
        time_zone=incentive.time_zone,
        usage=incentive.usage,
        pending_discount=discount,
        scope=incentive.counter_scope,
    )
    for rule in budgets:
        failure = rule_engine.RULE_KINDS[rule["kind"]](rule, context)
        if failure is not None:
            return failure
    return None


__all__ = ["Evaluation", "Incentive", "Item", "Outcome", "StackingRules", "Status", "evaluate", "replace"]
