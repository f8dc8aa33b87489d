"""Validation results, redemptions and stacking rules."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from app.campaigns.models import Campaign as CampaignModel
from app.codes.models import Code as CodeModel
from app.core.ids import encode_id
from app.customers.models import Customer as CustomerModel
from app.graphql.campaigns.types import Campaign
from app.graphql.context import Info
from app.graphql.customers.types import Customer
from app.graphql.enums import describe_enum
from app.graphql.loaders import by_id, grouped
from app.graphql.scalars import Amount
from app.redemptions import engine, models
from app.redemptions.engine import ApplicationMode as ApplicationMode
from app.redemptions.engine import CalculationBase as CalculationBase
from app.redemptions.engine import NoEffect as NoEffect
from app.redemptions.engine import Sorting as Sorting

describe_enum(
    engine.ApplicationMode,
    "ALL: all or nothing; PARTIAL: what applies.",
    {
        "ALL": "Every redeemable applies, or none does.",
        "PARTIAL": "The applicable ones apply, the others are reported.",
    },
)
describe_enum(
    engine.Sorting,
    "Order in which redeemables are applied.",
    {
        "CATEGORY_HIERARCHY": "By their categories' hierarchy, then as requested.",
        "REQUESTED_ORDER": "In the order they were sent.",
    },
)
describe_enum(
    engine.NoEffect,
    "What to do with a redeemable that changes nothing.",
    {"SKIP": "Leave it out (reported as skipped).", "REDEEM_ANYWAY": "Redeem it even so (it counts toward limits)."},
)
describe_enum(
    engine.CalculationBase,
    "What later discounts are computed on.",
    {
        "INITIAL_AMOUNT": "The order amount before any discount.",
        "DISCOUNTED_AMOUNT": "The amount left after the discounts applied before it.",
    },
)


@strawberry.enum(description="What became of a requested redeemable.")
class RedeemableStatus(Enum):
    APPLICABLE = strawberry.enum_value("APPLICABLE", description="It applies (and is redeemed by `redeem`).")
    INAPPLICABLE = strawberry.enum_value("INAPPLICABLE", description="A rule refused it; see reason.")
    SKIPPED = strawberry.enum_value("SKIPPED", description="The stacking rules left it out; see reason.")


@strawberry.type(description="One requested redeemable's outcome.")
class RedeemableResult:
    redeemable: str = strawberry.field(
        description="The code, the automatic promotion's campaign id, or `wallet:` and the program's campaign id."
    )
    status: RedeemableStatus = strawberry.field(description="Applicable, inapplicable or skipped.")
    reason: str | None = strawberry.field(description="Stable reason code when not applicable.")
    rule_id: str | None = strawberry.field(description="The validation rule that failed, if one did.")
    message: str | None = strawberry.field(description="Human-readable explanation.")
    discount: Amount = strawberry.field(description="Its discount, in minor units.")
    line_discounts: list[Amount] = strawberry.field(description="Its discount on each order line.")
    gift_spent: Amount = strawberry.field(description="Gift card amount spent, or what its points paid.")
    points_spent: Amount = strawberry.field(description="Wallets and loyalty cards: the points it spends.")


@strawberry.type(description="An order line with its discount.")
class OrderLine:
    product_id: str | None = strawberry.field(description="Product id.")
    sku: str | None = strawberry.field(description="SKU.")
    quantity: int = strawberry.field(description="Units.")
    unit_price: Amount = strawberry.field(description="Price of one unit (minor units).")
    amount: Amount = strawberry.field(description="quantity × unitPrice.")
    discount: Amount = strawberry.field(description="Discount on this line (all redeemables).")
    amount_after_discount: Amount = strawberry.field(description="amount − discount.")
    added: bool = strawberry.field(description="A free product a UNIT discount added to the order.")


@strawberry.type(description="What the stack does to the order.")
class ValidationResult:
    valid: bool = strawberry.field(description="At least one redeemable applies.")
    redeemables: list[RedeemableResult] = strawberry.field(description="Each requested redeemable, in order.")
    lines: list[OrderLine] = strawberry.field(description="The order lines with their discounts.")
    amount: Amount = strawberry.field(description="Order amount before discounts.")
    discount: Amount = strawberry.field(description="Total discount.")
    amount_after_discounts: Amount = strawberry.field(description="amount − discount.")
    gift_spent: Amount = strawberry.field(description="Paid with gift cards and points.")
    amount_due: Amount = strawberry.field(description="Left to pay.")

    @classmethod
    def build(cls, evaluation: engine.Evaluation) -> ValidationResult:
        lines = [
            OrderLine(
                product_id=item.product_id,
                sku=item.sku,
                quantity=item.quantity,
                unit_price=item.unit_price,
                amount=item.amount,
                discount=discount,
                amount_after_discount=item.amount - discount,
                added=item.added_for is not None,
            )
            for item, discount in zip(evaluation.items, evaluation.line_discounts, strict=True)
        ]
        return cls(
            valid=bool(evaluation.applicable()),
            redeemables=[
                RedeemableResult(
                    redeemable=outcome.key,
                    status=RedeemableStatus(outcome.status.value),
                    reason=outcome.reason,
                    rule_id=outcome.rule_id or None,
                    message=outcome.message,
                    discount=outcome.discount,
                    line_discounts=outcome.line_discounts,
                    gift_spent=outcome.gift_spent,
                    points_spent=outcome.points_spent,
                )
                for outcome in evaluation.outcomes
            ],
            lines=lines,
            amount=evaluation.initial_amount,
            discount=evaluation.discount,
            amount_after_discounts=evaluation.amount_after_discounts,
            gift_spent=evaluation.gift_spent,
            amount_due=evaluation.amount_due,
        )


@strawberry.type(description="An incentive applied in a redemption.")
class RedemptionLine:
    discount: Amount = strawberry.field(description="Its discount.")
    gift_spent: Amount = strawberry.field(description="Gift card amount spent.")
    campaign_id: strawberry.Private[uuid.UUID]
    code_id: strawberry.Private[int | None]

    @strawberry.field(description="The campaign.")
    async def campaign(self, info: Info) -> Campaign | None:
        campaign = await by_id(info.context, CampaignModel).load(self.campaign_id)
        return Campaign.from_model(campaign) if campaign else None

    @strawberry.field(description="The code used, if any.")
    async def code(self, info: Info) -> str | None:
        if self.code_id is None:
            return None
        code = await by_id(info.context, CodeModel).load(self.code_id)
        return code.code if code else None


@strawberry.enum(description="Whether a redemption stands.")
class RedemptionStatus(Enum):
    SUCCEEDED = strawberry.enum_value("SUCCEEDED", description="Redeemed.")
    ROLLED_BACK = strawberry.enum_value("ROLLED_BACK", description="Undone by redemptionRollback.")


@strawberry.type(description="A redemption of one or more incentives against an order.")
class Redemption:
    id: strawberry.ID = strawberry.field(description="Opaque id.")
    status: RedemptionStatus = strawberry.field(description="Succeeded or rolled back.")
    currency: str = strawberry.field(description="ISO 4217 code.")
    amount: Amount = strawberry.field(description="Order amount before discounts.")
    discount: Amount = strawberry.field(description="Total discount.")
    gift_spent: Amount = strawberry.field(description="Paid with gift cards.")
    amount_due: Amount = strawberry.field(description="Left to pay.")
    store_id: strawberry.ID | None = strawberry.field(description="The store it happened at.")
    area_id: strawberry.ID | None = strawberry.field(description="That store's area at the time.")
    created_at: datetime = strawberry.field(description="When.")
    rolled_back_at: datetime | None = strawberry.field(description="When it was rolled back.")
    rollback_reason: str | None = strawberry.field(description="Why it was rolled back.")
    stored_result: strawberry.Private[dict[str, Any]]
    customer_id: strawberry.Private[uuid.UUID | None]
    model_id: strawberry.Private[uuid.UUID]

    @strawberry.field(
        description="The full result as redeemed (a requested redeemable of a campaign the caller may not see "
        "is left out)."
    )
    async def result(self, info: Info) -> ValidationResult:
        from app.redemptions.redeem import evaluation_from_json, outcome_campaigns

        evaluation = evaluation_from_json(self.stored_result)
        campaigns = outcome_campaigns(self.stored_result)
        # Each redeemable is an edge to its campaign: hidden from the caller, it is left out like a missing row.
        found = await by_id(info.context, CampaignModel).load_many(list(campaigns.values()))
        hidden = {position for position, campaign in zip(campaigns, found, strict=True) if campaign is None}
        evaluation.outcomes = [outcome for outcome in evaluation.outcomes if outcome.position not in hidden]
        return ValidationResult.build(evaluation)

    @strawberry.field(description="The customer.")
    async def customer(self, info: Info) -> Customer | None:
        if self.customer_id is None:
            return None
        customer = await by_id(info.context, CustomerModel).load(self.customer_id)
        return Customer.from_model(customer) if customer else None

    @strawberry.field(description="The incentives redeemed.")
    async def lines(self, info: Info) -> list[RedemptionLine]:
        def fetch(ids: list[uuid.UUID]) -> QuerySet[models.RedemptionLine]:
            return models.RedemptionLine.filter(redemption_id__in=ids).order_by("id")

        loader = grouped(info.context, "lines-by-redemption", fetch, lambda row: row.redemption_id)
        rows = await loader.load(self.model_id)
        return [
            RedemptionLine(
                discount=row.discount, gift_spent=row.gift_spent, campaign_id=row.campaign_id, code_id=row.code_id
            )
            for row in rows
        ]

    @classmethod
    def from_model(cls, redemption: models.Redemption) -> Redemption:
        return cls(
            id=strawberry.ID(encode_id("Redemption", redemption.id)),
            status=RedemptionStatus(redemption.status.value),
            currency=redemption.currency,
            amount=redemption.amount,
            discount=redemption.discount,
            gift_spent=redemption.gift_spent,
            amount_due=redemption.amount_due,
            store_id=strawberry.ID(encode_id("Store", redemption.store_id)) if redemption.store_id else None,
            area_id=strawberry.ID(encode_id("Area", redemption.area_id)) if redemption.area_id else None,
            created_at=redemption.created_at,
            rolled_back_at=redemption.rolled_back_at,
            rollback_reason=redemption.rollback_reason,
            stored_result=redemption.result,
            customer_id=redemption.customer_id,
            model_id=redemption.id,
        )


@strawberry.type(description="A campaign or code that applies to the order on its own.")
class Qualification:
    campaign: Campaign = strawberry.field(description="The campaign.")
    code: str | None = strawberry.field(description="The customer's code, for coded campaigns.")
    discount: Amount = strawberry.field(description="What it would take off.")
    gift_spent: Amount = strawberry.field(description="What it would pay (gift cards).")


@strawberry.type(description="How requested redeemables combine (project-wide).")
class StackingRules:
    redeemables_limit: int = strawberry.field(description="Redeemables per request (≤ 30).")
    applicable_limit: int = strawberry.field(description="Redeemables that may apply together.")
    applicable_exclusive_limit: int = strawberry.field(description="Exclusive ones that may apply.")
    category_limit: int | None = strawberry.field(description="Applicable per category.")
    application_mode: engine.ApplicationMode = strawberry.field(description="ALL or PARTIAL.")
    sorting: engine.Sorting = strawberry.field(description="CATEGORY_HIERARCHY or REQUESTED_ORDER.")
    no_effect: engine.NoEffect = strawberry.field(description="SKIP or REDEEM_ANYWAY.")
    calculation_base: engine.CalculationBase = strawberry.field(description="INITIAL_AMOUNT or DISCOUNTED_AMOUNT.")

    @classmethod
    def from_rules(cls, rules: engine.StackingRules) -> StackingRules:
        return cls(
            redeemables_limit=rules.redeemables_limit,
            applicable_limit=rules.applicable_limit,
            applicable_exclusive_limit=rules.applicable_exclusive_limit,
            category_limit=rules.category_limit,
            application_mode=rules.application_mode,
            sorting=rules.sorting,
            no_effect=rules.no_effect,
            calculation_base=rules.calculation_base,
        )
