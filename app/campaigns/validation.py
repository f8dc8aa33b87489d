"""Rules a campaign's configuration must satisfy; each failure names the input field."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import pycountry

from app.campaigns.models import CampaignKind, CampaignStatus, CodeMode
from app.core.bounds import MAX_AMOUNT
from app.core.errors import InvalidInput
from app.rules.evaluation import check_rule_definitions

NAME_MAX_LENGTH = 200
CATEGORY_NAME_MAX_LENGTH = 100  # the width of category.name
DESCRIPTION_MAX_LENGTH = 5000
METADATA_MAX_BYTES = 16_384
MAX_MINOR_UNITS = MAX_AMOUNT


class DiscountType(StrEnum):
    """How a discount is computed."""

    PERCENT = "PERCENT"
    AMOUNT = "AMOUNT"
    FIXED = "FIXED"
    UNIT = "UNIT"


class RewardType(StrEnum):
    """What a campaign gives, as one value a list can be filtered by."""

    PERCENT = "PERCENT"
    AMOUNT = "AMOUNT"
    FIXED = "FIXED"
    UNIT = "UNIT"
    GIFT_AMOUNT = "GIFT_AMOUNT"
    POINTS = "POINTS"


@dataclass(frozen=True)
class Discount:
    """A discount; only the fields of its type are set."""

    type: DiscountType
    percent_off: float | None = None
    max_discount: int | None = None
    amount_off: int | None = None
    fixed_price: int | None = None
    unit_quantity: int | None = None
    unit_product: str | None = None
    unit_price: int | None = None  # UNIT: price of the free product when the order lacks it


@dataclass(frozen=True)
class Reward:
    """What the campaign gives: a discount, a gift-card amount or points (exactly one)."""

    discount: Discount | None = None
    gift_amount: int | None = None
    points: int | None = None

    @property
    def type(self) -> RewardType:
        if self.discount is not None:
            return RewardType(self.discount.type.value)
        return RewardType.GIFT_AMOUNT if self.gift_amount is not None else RewardType.POINTS

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.discount is not None:
            data["discount"] = {k: v for k, v in data["discount"].items() if v is not None}
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reward:
        discount = data.get("discount")
        return cls(
            discount=Discount(**{**discount, "type": DiscountType(discount["type"])}) if discount else None,
            gift_amount=data.get("gift_amount"),
            points=data.get("points"),
        )


DISCOUNT_KINDS = {CampaignKind.DISCOUNT, CampaignKind.REFERRAL, CampaignKind.PARTNER_VOUCHER}
POINTS_KINDS = {CampaignKind.LOYALTY, CampaignKind.WALLET_POINTS}
# Codes identify the holder for these kinds; wallet points live on the customer, not on a code.
REQUIRED_CODE_MODE = {
    CampaignKind.GIFT_CARD: {CodeMode.UNIQUE_CODES},
    CampaignKind.REFERRAL: {CodeMode.UNIQUE_CODES},
    CampaignKind.PARTNER_VOUCHER: {CodeMode.UNIQUE_CODES},
    CampaignKind.LOYALTY: {CodeMode.UNIQUE_CODES},
    CampaignKind.WALLET_POINTS: {CodeMode.NO_CODE},
}


def clean_name(name: str, *, field: str = "name", max_length: int = NAME_MAX_LENGTH) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInput("The name must not be empty.", field=field)
    if len(cleaned) > max_length:
        raise InvalidInput(f"The name has {len(cleaned)} characters; at most {max_length} are allowed.", field=field)
    return cleaned


def clean_description(description: str) -> str:
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise InvalidInput(
            f"The description has {len(description)} characters; at most {DESCRIPTION_MAX_LENGTH}.",
            field="description",
        )
    return description


def clean_currency(currency: str) -> str:
    code = currency.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise InvalidInput(f"{currency!r} is not an ISO 4217 currency code.", field="currency")
    return code


def check_window(starts_at: datetime | None, ends_at: datetime | None) -> None:
    for value, field in ((starts_at, "startsAt"), (ends_at, "endsAt")):
        if value is not None and value.tzinfo is None:
            raise InvalidInput("Give the time with a UTC offset.", field=field)
    if starts_at and ends_at and ends_at <= starts_at:
        raise InvalidInput("The end must be after the start.", field="endsAt")


def clean_metadata(metadata: Any) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        raise InvalidInput("Metadata must be a JSON object.", field="metadata")
    if len(json.dumps(metadata)) > METADATA_MAX_BYTES:
        raise InvalidInput(f"Metadata must stay under {METADATA_MAX_BYTES} bytes.", field="metadata")
    return metadata


def check_redemption_settings(per_code: int | None, rules: Any, expression: Any) -> None:
    """Redemption limits per code and the validation rule set must be well formed."""
    if per_code is not None and per_code < 1:
        raise InvalidInput("Redemptions per code must be at least 1.", field="redemptionsPerCode")
    if not isinstance(rules, list):
        raise InvalidInput("Validation rules are a list of rule objects.", field="validationRules")
    check_rule_definitions(rules, expression, field="validationRules")


def clean_targets(values: list[str], field: str) -> list[str]:
    """Product or category ids a discount applies to (empty: the whole order)."""
    cleaned = sorted({value.strip() for value in values if value.strip()})
    if len(cleaned) > 1000:
        raise InvalidInput("At most 1000 targets.", field=field)
    return cleaned


def check_threshold(threshold: int | None) -> None:
    if threshold is not None and threshold < 1:
        raise InvalidInput("The low-stock threshold must be at least 1.", field="lowStockThreshold")


def check_inventory_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise InvalidInput("The reward inventory limit must be at least 1.", field="inventoryLimit")


def _positive(value: int | None, field: str, *, allow_zero: bool = False) -> int:
    lowest = 0 if allow_zero else 1
    if value is None:
        raise InvalidInput("This value is required for this reward.", field=field)
    if not lowest <= value <= MAX_MINOR_UNITS:
        raise InvalidInput(f"Must be between {lowest} and {MAX_MINOR_UNITS}.", field=field)
    return value


def _check_discount(discount: Discount) -> None:
    prefix = "reward.discount"
    if discount.type is DiscountType.PERCENT:
        percent = discount.percent_off
        if percent is None or not 0 < percent <= 100:
            raise InvalidInput("A percent discount must be above 0 and at most 100.", field=f"{prefix}.percentOff")
        if discount.max_discount is not None:
            _positive(discount.max_discount, f"{prefix}.maxDiscount")
    elif discount.type is DiscountType.AMOUNT:
        _positive(discount.amount_off, f"{prefix}.amountOff")
    elif discount.type is DiscountType.FIXED:
        _positive(discount.fixed_price, f"{prefix}.fixedPrice", allow_zero=True)
    else:
        _positive(discount.unit_quantity, f"{prefix}.unitQuantity")
        if not (discount.unit_product or "").strip():
            raise InvalidInput("A unit discount names the free product.", field=f"{prefix}.unitProduct")
        if discount.unit_price is not None:
            _positive(discount.unit_price, f"{prefix}.unitPrice", allow_zero=True)
    fields_of_type = {
        DiscountType.PERCENT: {"percent_off", "max_discount"},
        DiscountType.AMOUNT: {"amount_off"},
        DiscountType.FIXED: {"fixed_price"},
        DiscountType.UNIT: {"unit_quantity", "unit_product", "unit_price"},
    }[discount.type]
    for name, value in asdict(discount).items():
        if name != "type" and value is not None and name not in fields_of_type:
            camel = "".join(part.title() if i else part for i, part in enumerate(name.split("_")))
            raise InvalidInput(
                f"{camel} does not apply to a {discount.type.value} discount.", field=f"{prefix}.{camel}"
            )


def check_reward(kind: CampaignKind, reward: Reward) -> None:
    """The reward must be the one the kind gives, with sane values."""
    given = [
        name
        for name, value in (
            ("discount", reward.discount),
            ("giftAmount", reward.gift_amount),
            ("points", reward.points),
        )
        if value is not None
    ]
    expected = "discount" if kind in DISCOUNT_KINDS else "points" if kind in POINTS_KINDS else "giftAmount"
    if given != [expected]:
        raise InvalidInput(f"A {kind.value} campaign gives exactly one `{expected}` reward.", field="reward")
    if reward.discount is not None:
        _check_discount(reward.discount)
    elif reward.gift_amount is not None:
        _positive(reward.gift_amount, "reward.giftAmount")
    else:
        _positive(reward.points, "reward.points")


def check_code_mode(kind: CampaignKind, code_mode: CodeMode) -> None:
    allowed = REQUIRED_CODE_MODE.get(kind)
    if allowed is not None and code_mode not in allowed:
        names = " or ".join(sorted(mode.value for mode in allowed))
        raise InvalidInput(f"A {kind.value} campaign uses {names}.", field="codeMode")


# Fields that shape what customers already hold once a campaign has been launched; changing them
# would silently rewrite issued promises (Voucherify likewise freezes the discount type).
LOCKED_AFTER_LAUNCH = {"kind", "code_mode", "targeting", "currency", "code_series_id"}
LOCKED_WHEN_FINISHED = {"starts_at", "ends_at", "reward", "inventory_limit"}


def check_editable(status: CampaignStatus, field: str, *, started: bool) -> str | None:
    """Why `field` cannot change in `status`, or None if it can."""
    if status is CampaignStatus.DRAFT:
        return None
    if field in LOCKED_AFTER_LAUNCH:
        return f"{field} cannot change after the campaign was launched."
    if status in {CampaignStatus.STOPPED, CampaignStatus.EXPIRED} and field in LOCKED_WHEN_FINISHED:
        return f"{field} cannot change on a {status.value} campaign."
    if field == "starts_at" and started:
        return "The start cannot change once the campaign has started."
    return None


def uuid_or_none(value: str | uuid.UUID | None) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value is not None else None
