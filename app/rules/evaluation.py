"""Validation rules: data-defined conditions, combined with AND/OR, each failure with a stable reason.

A rule is a JSON object `{"id": …, "kind": …, …}`; `RULE_KINDS` maps each kind to its checker, so a
new kind (segment, store, geofence) is one more entry, not a change to the engine.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.errors import InvalidInput
from app.core.ids import decode_id
from app.rules.definitions import MAX_RULES, check_rule_shape


@dataclass(frozen=True)
class Failure:
    """Why a rule refused: a stable reason code, the rule's id and a message."""

    reason: str
    rule_id: str
    message: str


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at, for one redeemable at its turn in the stack."""

    initial_amount: int
    running_amount: int
    items: tuple[Any, ...]
    customer_id: str | None
    code_holder_id: str | None
    now: datetime
    time_zone: str
    usage: dict[str, int] = field(default_factory=dict)  # counter name -> used so far
    pending_discount: int = 0  # the discount this redeemable would give (for budgets)
    scope: str = ""  # whose counters: the campaign id (rule ids are only unique within a campaign)
    location_fences: frozenset[str] | None = None  # geofences covering the customer; None: no location
    store_geofence_id: str | None = None  # the geofence of the order's store, if it has one
    customer_segments: frozenset[str] | None = None  # segments the customer is in (of the rules'); None: no customer


Checker = Callable[[dict[str, Any], RuleContext], Failure | None]


def _min_order_amount(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
    basis = rule.get("basis", "INITIAL")
    amount = ctx.running_amount if basis == "RUNNING" else ctx.initial_amount
    if amount < rule["amount"]:
        which = "at this point of the stack" if basis == "RUNNING" else "before discounts"
        return Failure(
            "MIN_ORDER_AMOUNT_NOT_MET", rule["id"], f"The order is {amount} {which}; {rule['amount']} is required."
        )
    return None


def _matches(item: Any, rule: dict[str, Any]) -> bool:
    products = set(rule.get("product_ids", []))
    categories = set(rule.get("category_ids", []))
    return bool((item.product_id in products or item.sku in products) or (categories & set(item.category_ids)))


def _items(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
    mode = rule.get("match", "ANY")
    matching = [item for item in ctx.items if _matches(item, rule)]
    quantity = sum(item.quantity for item in matching)
    subtotal = sum(item.quantity * item.unit_price for item in matching)
    thresholds = quantity >= rule.get("min_quantity", 0) and subtotal >= rule.get("min_subtotal", 0)
    if mode == "NONE":
        ok = not matching
    elif mode == "EVERY":
        wanted = set(rule.get("product_ids", [])) | set(rule.get("category_ids", []))
        present = {value for item in ctx.items for value in (item.product_id, item.sku, *item.category_ids)}
        ok = wanted <= present and thresholds
    else:
        ok = bool(matching) and thresholds
    if not ok:
        return Failure("ITEMS_NOT_MATCHED", rule["id"], f"The order's items do not meet the {mode} item condition.")
    return None


def _holder_only(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
    if ctx.code_holder_id is None or ctx.code_holder_id != ctx.customer_id:
        return Failure("NOT_CODE_HOLDER", rule["id"], "Only the customer the code was published to may use it.")
    return None


def _limit(reason: str, what: str) -> Checker:
    def check(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
        counter = counter_name(rule, ctx)
        used = ctx.usage.get(counter, 0)
        if used >= rule["limit"]:
            return Failure(reason, rule["id"], f"{what} reached its limit of {rule['limit']} ({period_label(rule)}).")
        return None

    return check


def _budget(reason: str, what: str) -> Checker:
    def check(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
        counter = counter_name(rule, ctx)
        used = ctx.usage.get(counter, 0)
        amount = ctx.pending_discount if rule["kind"] == "CAMPAIGN_DISCOUNT_BUDGET" else ctx.initial_amount
        if used + amount > rule["limit"]:
            return Failure(reason, rule["id"], f"{what}: {used} of {rule['limit']} used; this needs {amount}.")
        return None

    return check


def _time_window(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
    local = ctx.now.astimezone(zoneinfo.ZoneInfo(ctx.time_zone))
    days = rule.get("days_of_week")  # 1 = Monday … 7 = Sunday
    if days and local.isoweekday() not in days:
        return Failure("OUTSIDE_TIME_WINDOW", rule["id"], f"Not valid on {local:%A}s ({ctx.time_zone}).")
    start, end = rule.get("from_hour"), rule.get("to_hour")
    if start is not None and end is not None:
        hour = local.hour + local.minute / 60
        inside = start <= hour < end if start <= end else hour >= start or hour < end
        if not inside:
            return Failure("OUTSIDE_TIME_WINDOW", rule["id"], f"Valid from {start}h to {end}h ({ctx.time_zone}).")
    return None


def geofence_ids(rule: dict[str, Any], store_geofence_id: str | None = None) -> set[str]:
    """The rule's geofences as UUID strings (rules hold the API's opaque ids), with the store's if it asks."""
    given = rule.get("geofence_ids", [])
    ids = {str(decode_id("Geofence", value, field="validationRules.geofence_ids")) for value in given}
    if rule.get("store_geofence") and store_geofence_id is not None:
        ids.add(store_geofence_id)
    return ids


def _geofence(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
    if rule.get("scope") == "ITEMS":
        return None  # it restricts which lines are discounted (see services.item_eligibility)
    strict = rule.get("strict", True)
    wanted = geofence_ids(rule, ctx.store_geofence_id)
    if not wanted:  # only the store's geofence was asked for, and the order's store has none
        if strict:
            return Failure("STORE_GEOFENCE_MISSING", rule["id"], "The order's store has no geofence to check against.")
        return None
    if ctx.location_fences is None:
        if strict:
            return Failure("LOCATION_MISSING", rule["id"], "The order has no location to check against the geofence.")
        return None
    inside = bool(wanted & ctx.location_fences)
    if rule.get("mode", "INSIDE") == "INSIDE" and not inside:
        return Failure("OUTSIDE_GEOFENCE", rule["id"], "The location is outside the campaign's geofences.")
    if rule.get("mode") == "OUTSIDE" and inside:
        return Failure("INSIDE_EXCLUDED_GEOFENCE", rule["id"], "The location is inside an excluded geofence.")
    return None


def segment_id(rule: dict[str, Any]) -> str:
    """The rule's segment as a UUID string (rules hold the API's opaque id)."""
    return str(decode_id("Segment", rule["segment_id"], field="validationRules.segment_id"))


def _customer_segment(rule: dict[str, Any], ctx: RuleContext) -> Failure | None:
    wanted = segment_id(rule)
    inside = ctx.customer_segments is not None and wanted in ctx.customer_segments
    if rule.get("mode", "IN") == "IN" and not inside:
        if ctx.customer_segments is None:
            return Failure("CUSTOMER_REQUIRED", rule["id"], "The campaign is for a segment of customers: name one.")
        return Failure("NOT_IN_SEGMENT", rule["id"], "The customer is not in the campaign's segment.")
    if rule.get("mode") == "NOT_IN" and inside:
        return Failure("IN_EXCLUDED_SEGMENT", rule["id"], "The customer is in a segment the campaign excludes.")
    return None


RULE_KINDS: dict[str, Checker] = {
    "GEOFENCE": _geofence,
    "MIN_ORDER_AMOUNT": _min_order_amount,
    "ITEMS": _items,
    "HOLDER_ONLY": _holder_only,
    "CUSTOMER_REDEMPTIONS": _limit("CUSTOMER_LIMIT_REACHED", "This customer's redemptions"),
    "CAMPAIGN_REDEMPTIONS": _limit("CAMPAIGN_LIMIT_REACHED", "The campaign's redemptions"),
    "CAMPAIGN_DISCOUNT_BUDGET": _budget("BUDGET_EXHAUSTED", "The campaign's discount budget"),
    "ORDER_VALUE_BUDGET": _budget("ORDER_VALUE_BUDGET_EXHAUSTED", "The campaign's order-value budget"),
    "TIME_WINDOW": _time_window,
    "CUSTOMER_SEGMENT": _customer_segment,
}
PERIODS = {"TOTAL", "DAY", "WEEK", "MONTH"}
COUNTED_KINDS = {"CUSTOMER_REDEMPTIONS", "CAMPAIGN_REDEMPTIONS", "CAMPAIGN_DISCOUNT_BUDGET", "ORDER_VALUE_BUDGET"}


def period_key(period: str, now: datetime, time_zone: str) -> str:
    """The counter bucket of `now` for a period, in the campaign's time zone."""
    if period not in ("DAY", "WEEK", "MONTH"):
        return "all"
    local = now.astimezone(zoneinfo.ZoneInfo(time_zone))
    if period == "DAY":
        return local.strftime("%Y-%m-%d")
    if period == "WEEK":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.strftime("%Y-%m")


def period_label(rule: dict[str, Any]) -> str:
    return {"TOTAL": "in total", "DAY": "today", "WEEK": "this week", "MONTH": "this month"}[
        rule.get("period", "TOTAL")
    ]


def counter_name(rule: dict[str, Any], ctx: RuleContext) -> str:
    """The counter a limit or budget rule reads and, on redemption, moves."""
    bucket = period_key(rule.get("period", "TOTAL"), ctx.now, ctx.time_zone)
    who = f":customer:{ctx.customer_id}" if rule["kind"] == "CUSTOMER_REDEMPTIONS" else ""
    return f"rule:{ctx.scope}:{rule['id']}{who}:{bucket}"


def check_rule_definitions(rules: list[dict[str, Any]], expression: Any, *, field: str = "rules") -> None:
    """Refuse malformed rule sets when they are saved, so evaluation never meets one."""
    if len(rules) > MAX_RULES:
        raise InvalidInput(f"At most {MAX_RULES} rules.", field=field)
    ids = set()
    for index, rule in enumerate(rules):
        where = f"{field}.{index}"
        check_rule_shape(rule, where)
        if rule["id"] in ids:
            raise InvalidInput("Each rule needs a unique non-empty `id`.", field=f"{where}.id")
        ids.add(rule["id"])
        if rule["kind"] == "GEOFENCE":
            values = rule.get("geofence_ids", [])
            store_fence = rule.get("store_geofence", False)
            if not (values or store_fence):
                raise InvalidInput(
                    "`geofence_ids` lists at least one geofence id (or set `store_geofence`).",
                    field=f"{where}.geofence_ids",
                )
            if store_fence and rule.get("scope") == "ITEMS":
                raise InvalidInput(
                    "`store_geofence` checks where the customer is; it does not apply to `scope: ITEMS`.",
                    field=f"{where}.store_geofence",
                )
            geofence_ids(rule)
        if rule["kind"] == "CUSTOMER_SEGMENT":
            segment_id(rule)
    _check_expression(expression, ids, field=f"{field}Expression")


def _check_expression(expression: Any, ids: set[str], *, field: str) -> None:
    if expression is None:
        return
    if isinstance(expression, str):
        if expression not in ids:
            raise InvalidInput(f"The expression names an unknown rule {expression[:100]!r}.", field=field)
        return
    parts = expression.get("rules", []) if isinstance(expression, dict) else None
    if not isinstance(expression, dict) or expression.get("op") not in {"AND", "OR"} or not isinstance(parts, list):
        raise InvalidInput('An expression is a rule id or {"op": "AND"|"OR", "rules": [...]}.', field=field)
    for part in parts:
        _check_expression(part, ids, field=field)


def evaluate(rules: list[dict[str, Any]], expression: Any, ctx: RuleContext) -> Failure | None:
    """None when the rule set passes, else the (first) failure that decided it."""
    by_id = {rule["id"]: rule for rule in rules}
    if expression is None:
        expression = {"op": "AND", "rules": [rule["id"] for rule in rules]}
    passed, failure = _evaluate(expression, by_id, ctx)
    return None if passed else failure


def _evaluate(expression: Any, by_id: dict[str, dict[str, Any]], ctx: RuleContext) -> tuple[bool, Failure | None]:
    if isinstance(expression, str):
        rule = by_id[expression]
        failure = RULE_KINDS[rule["kind"]](rule, ctx)
        return failure is None, failure
    results = [_evaluate(part, by_id, ctx) for part in expression.get("rules", [])]
    if expression["op"] == "AND":
        for passed, failure in results:
            if not passed:
                return False, failure
        return True, None
    if not results or any(passed for passed, _ in results):
        return True, None
    return False, results[0][1]
