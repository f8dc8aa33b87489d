"""Campaign and category inputs."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from app.campaigns.validation import CATEGORY_NAME_MAX_LENGTH, Discount, Reward
from app.graphql.campaigns.types import (
    CampaignKind,
    CampaignStatus,
    CodeMode,
    DiscountType,
    RewardType,
    StackingType,
    Targeting,
)
from app.graphql.constraints import (
    CODE,
    COUNT,
    CURRENCY,
    DESCRIPTION,
    HIERARCHY,
    METADATA,
    NAME,
    NON_NEGATIVE_AMOUNT,
    PRODUCT,
    PRODUCTS,
    QUANTITY,
    RULES,
    TIME_ZONE,
    VERSION,
    Items,
    Line,
    Range,
)
from app.graphql.locations.inputs import AssignmentInput
from app.graphql.scalars import Amount

CATEGORY_NAME = Line(CATEGORY_NAME_MAX_LENGTH)


@strawberry.input(description="A discount; give the fields of its type only.")
class DiscountInput:
    type: DiscountType = strawberry.field(description="How the discount is computed.")
    percent_off: float | None = strawberry.field(
        directives=[Range(0, 100)], default=None, description="PERCENT: (0–100]."
    )
    max_discount: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="PERCENT: cap (minor units)."
    )
    amount_off: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="AMOUNT: minor units off."
    )
    fixed_price: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="FIXED: new price (minor units)."
    )
    unit_quantity: int | None = strawberry.field(directives=[QUANTITY], default=None, description="UNIT: free units.")
    unit_product: str | None = strawberry.field(
        directives=[PRODUCT], default=None, description="UNIT: the free product."
    )
    unit_price: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT],
        default=None,
        description="UNIT: its price, used when the order lacks it and it is added.",
    )


@strawberry.input(description="Exactly one of discount, giftAmount or points, as the kind requires.")
class RewardInput:
    discount: DiscountInput | None = strawberry.field(default=None, description="Discount-like kinds.")
    gift_amount: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="GIFT_CARD: minor units."
    )
    points: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="LOYALTY / WALLET_POINTS."
    )

    def to_domain(self) -> Reward:
        discount = self.discount
        return Reward(
            discount=Discount(
                type=discount.type,
                percent_off=discount.percent_off,
                max_discount=discount.max_discount,
                amount_off=discount.amount_off,
                fixed_price=discount.fixed_price,
                unit_quantity=discount.unit_quantity,
                unit_product=discount.unit_product,
                unit_price=discount.unit_price,
            )
            if discount
            else None,
            gift_amount=self.gift_amount,
            points=self.points,
        )


@strawberry.input(description="A new campaign (created as DRAFT).")
class CampaignCreateInput:
    name: str = strawberry.field(directives=[NAME], description="1–200 characters, unique.")
    kind: CampaignKind = strawberry.field(description="What it gives.")
    code_mode: CodeMode = strawberry.field(description="How customers claim it.")
    targeting: Targeting = strawberry.field(description="Who gets it.")
    segment_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="PAST_BEHAVIOR: the FILTER segment it rewards; CUSTOM_LIST: the LIST or UPLOADED segment.",
    )
    reward: RewardInput = strawberry.field(description="The reward.")
    currency: str = strawberry.field(directives=[CURRENCY], description="ISO 4217 code.")
    description: str = strawberry.field(directives=[DESCRIPTION], default="", description="Free text.")
    starts_at: datetime | None = strawberry.field(default=None, description="Start, with offset.")
    ends_at: datetime | None = strawberry.field(default=None, description="End, with offset.")
    time_zone: str = strawberry.field(directives=[TIME_ZONE], default="UTC", description="IANA time zone.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="Stacking category.")
    metadata: JSON | None = strawberry.field(directives=[METADATA], default=None, description="Your own data.")
    inventory_limit: int | None = strawberry.field(
        directives=[COUNT], default=None, description="Rewards that may be given."
    )
    low_stock_threshold: int | None = strawberry.field(
        directives=[COUNT], default=None, description="Alert when this few rewards are left (with inventoryLimit)."
    )
    join_once: bool = strawberry.field(
        default=True,
        description="A customer gets one code of this campaign (publishing again returns it); always true for "
        "LOYALTY and WALLET_POINTS programs.",
    )
    self_service_publish: bool = strawberry.field(
        default=False,
        description="Public CLIENT keys (web and mobile apps) may publish its codes to the customer they name.",
    )
    code: str | None = strawberry.field(
        directives=[CODE], default=None, description="SINGLE_CODE: the shared code (else random)."
    )
    code_series_id: strawberry.ID | None = strawberry.field(
        default=None, description="UNIQUE_CODES: the series codes are drawn from."
    )
    redemptions_per_code: int | None = strawberry.field(
        directives=[COUNT], default=None, description="Uses of each code."
    )
    validation_rules: JSON | None = strawberry.field(
        directives=[RULES], default=None, description="Rule objects {id, kind, …}; see the README for the kinds."
    )
    rules_expression: JSON | None = strawberry.field(
        directives=[RULES],
        default=None,
        description='How rules combine: a rule id or {"op": "AND"|"OR", "rules": [...]}; default AND.',
    )
    applies_to_products: list[str] = strawberry.field(
        directives=[PRODUCTS],
        default_factory=list,
        description="The discount applies to these products (empty: whole order).",
    )
    applies_to_categories: list[str] = strawberry.field(
        directives=[PRODUCTS], default_factory=list, description="…and to products of these categories."
    )
    access: list[AssignmentInput] = strawberry.field(
        default_factory=list,
        description="Areas and stores the campaign is for (none: project-wide). A MANAGER key must give at "
        "least one, inside its own.",
    )


@strawberry.input(description="Fields to change; omitted fields stay as they are, null clears.")
class CampaignUpdateInput:
    id: strawberry.ID = strawberry.field(description="The campaign.")
    expected_version: int = strawberry.field(
        directives=[VERSION], description="The version you read; stale → conflict."
    )
    name: str | None = strawberry.field(directives=[NAME], default=strawberry.UNSET, description="New name.")
    description: str | None = strawberry.field(
        directives=[DESCRIPTION], default=strawberry.UNSET, description="New text."
    )
    kind: CampaignKind | None = strawberry.field(default=strawberry.UNSET, description="DRAFT only.")
    code_mode: CodeMode | None = strawberry.field(default=strawberry.UNSET, description="DRAFT only.")
    targeting: Targeting | None = strawberry.field(default=strawberry.UNSET, description="DRAFT only.")
    segment_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="The segment it targets (null: none); must suit the targeting."
    )
    reward: RewardInput | None = strawberry.field(
        default=strawberry.UNSET, description="Values may change; the discount type only in DRAFT."
    )
    currency: str | None = strawberry.field(directives=[CURRENCY], default=strawberry.UNSET, description="DRAFT only.")
    starts_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="Until started.")
    ends_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="Not into the past.")
    time_zone: str | None = strawberry.field(
        directives=[TIME_ZONE], default=strawberry.UNSET, description="IANA time zone."
    )
    category_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description="Category.")
    metadata: JSON | None = strawberry.field(
        directives=[METADATA], default=strawberry.UNSET, description="Replaces it."
    )
    inventory_limit: int | None = strawberry.field(
        directives=[COUNT], default=strawberry.UNSET, description="New limit."
    )
    low_stock_threshold: int | None = strawberry.field(
        directives=[COUNT], default=strawberry.UNSET, description="New threshold."
    )
    join_once: bool | None = strawberry.field(default=strawberry.UNSET, description="New default.")
    self_service_publish: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Whether CLIENT keys may publish its codes (self-service)."
    )
    code_series_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description="DRAFT only.")
    redemptions_per_code: int | None = strawberry.field(
        directives=[COUNT], default=strawberry.UNSET, description="Uses of each code."
    )
    validation_rules: JSON | None = strawberry.field(
        directives=[RULES], default=strawberry.UNSET, description="Replaces the rules."
    )
    rules_expression: JSON | None = strawberry.field(
        directives=[RULES], default=strawberry.UNSET, description="How rules combine."
    )
    applies_to_products: list[str] | None = strawberry.field(
        directives=[PRODUCTS], default=strawberry.UNSET, description="Targets."
    )
    applies_to_categories: list[str] | None = strawberry.field(
        directives=[PRODUCTS], default=strawberry.UNSET, description="Targets."
    )
    access: list[AssignmentInput] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Replaces the assignments ([] or null: project-wide; a MANAGER key keeps at least one).",
    )


@strawberry.input(description="Which campaign.")
class CampaignIdInput:
    id: strawberry.ID = strawberry.field(description="The campaign.")


@strawberry.input(description="Which campaign to delete, and how.")
class CampaignDeleteInput:
    id: strawberry.ID = strawberry.field(description="The campaign.")
    permanent: bool = strawberry.field(
        default=False, description="Remove for good (frees the name) instead of moving to the bin."
    )


@strawberry.input(description="Which campaign to clone, and the copy's name.")
class CampaignCloneInput:
    id: strawberry.ID = strawberry.field(description="The source campaign.")
    name: str | None = strawberry.field(directives=[NAME], default=None, description="Default: '<name> (copy)'.")


@strawberry.input(description="Conditions every listed campaign meets.")
class CampaignFilterInput:
    statuses: list[CampaignStatus] | None = strawberry.field(default=None, description="Any of these.")
    kind: CampaignKind | None = strawberry.field(default=None, description="This kind.")
    targeting: Targeting | None = strawberry.field(default=None, description="This targeting.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="This category.")
    created_by_id: strawberry.ID | None = strawberry.field(default=None, description="Created by key.")
    name_contains: str | None = strawberry.field(
        directives=[NAME], default=None, description="Case-insensitive substring."
    )
    starts_after: datetime | None = strawberry.field(default=None, description="Start ≥ this.")
    starts_before: datetime | None = strawberry.field(default=None, description="Start < this.")
    ends_after: datetime | None = strawberry.field(default=None, description="End ≥ this.")
    ends_before: datetime | None = strawberry.field(default=None, description="End < this.")
    metadata: JSON | None = strawberry.field(
        directives=[METADATA], default=None, description="Metadata contains these key/values."
    )
    reward_types: list[RewardType] | None = strawberry.field(
        default=None, directives=[Items(6)], description="Any of these reward types."
    )
    in_bin: bool = strawberry.field(default=False, description="List the bin instead.")


@strawberry.enum(description="Sort key of `campaigns`.")
class CampaignOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="By name.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="By creation time.")
    STARTS_AT = strawberry.enum_value("STARTS_AT", description="By start (open starts last).")
    ENDS_AT = strawberry.enum_value("ENDS_AT", description="By end (open ends last).")


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Ascending.")
    DESC = strawberry.enum_value("DESC", description="Descending.")


@strawberry.input(description="How `campaigns` is sorted.")
class CampaignOrderInput:
    field: CampaignOrderField = strawberry.field(description="Sort key.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="Direction.")


@strawberry.input(description="A new stacking category.")
class CategoryCreateInput:
    name: str = strawberry.field(directives=[CATEGORY_NAME], description="Unique name.")
    hierarchy: int = strawberry.field(directives=[HIERARCHY], description="0 or more; lower applies first.")
    stacking_type: StackingType = strawberry.field(description="JOINT, EXCLUSIVE or COMMON.")


@strawberry.input(description="Category fields to change.")
class CategoryUpdateInput:
    id: strawberry.ID = strawberry.field(description="The category.")
    name: str | None = strawberry.field(directives=[CATEGORY_NAME], default=None, description="New name.")
    hierarchy: int | None = strawberry.field(directives=[HIERARCHY], default=None, description="New hierarchy.")
    stacking_type: StackingType | None = strawberry.field(default=None, description="New type.")


@strawberry.input(description="Which category.")
class CategoryIdInput:
    id: strawberry.ID = strawberry.field(description="The category.")
