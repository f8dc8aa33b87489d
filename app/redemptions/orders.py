"""The order a client sends, checked: items, amounts, redeemables."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from app.access.scope import UNRESTRICTED, Scope
from app.core.bounds import MAX_AMOUNT, OutOfBounds
from app.core.errors import InvalidInput
from app.core.geometry import check_point
from app.customers import services as customers

MAX_REDEEMABLES = 30
MAX_ITEMS = 500
MAX_QUANTITY = 1_000_000


@dataclass(frozen=True)
class OrderItem:
    product_id: str | None
    sku: str | None
    category_ids: tuple[str, ...]
    quantity: int
    unit_price: int
    metadata: dict[str, Any] = field(default_factory=dict)
    location: tuple[float, float] | None = None  # where the product is (for item geofence rules)


@dataclass(frozen=True)
class RedeemableRef:
    """A code (with the amount to spend, for gift cards, or the points, for loyalty cards), an automatic
    promotion's campaign, or the order customer's wallet in a points program with the points to pay."""

    code: str | None = None
    campaign_id: uuid.UUID | None = None
    gift_amount: int | None = None
    wallet_program_id: uuid.UUID | None = None
    points: int | None = None
    # A campaign or wallet-program id that names nothing (malformed, or another type's id): refused as
    # not found for this redeemable alone, like a well-formed id of a campaign that does not exist.
    unknown_id: str | None = None

    @property
    def key(self) -> str:
        if self.unknown_id is not None:
            return f"unknown:{self.unknown_id}"
        if self.code is not None:
            return f"code:{self.code.strip().lower()}"
        if self.wallet_program_id is not None:
            return f"wallet:{self.wallet_program_id}"
        return f"campaign:{self.campaign_id}"

    @property
    def pays_with_points(self) -> bool:
        return self.points is not None


@dataclass
class OrderRequest:
    currency: str
    items: list[OrderItem]
    redeemables: list[RedeemableRef]
    amount: int | None = None
    customer_id: uuid.UUID | None = None
    customer_source_id: str | None = None
    customer_fields: customers.CustomerFields = field(default_factory=customers.CustomerFields)
    store_id: uuid.UUID | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    location: tuple[float, float] | None = None  # latitude, longitude of the redemption
    scope: Scope = UNRESTRICTED  # who asks: a restricted key reaches only its campaigns and stores

    def check(self, *, redeemables_limit: int) -> None:
        """Refuse malformed orders and redeemables with the offending field; nothing is evaluated for them."""
        self.check_order()
        limit = min(redeemables_limit, MAX_REDEEMABLES)
        if not 1 <= len(self.redeemables) <= limit:
            raise InvalidInput(f"Send between 1 and {limit} redeemables.", field="redeemables")
        seen: set[str] = set()
        for index, ref in enumerate(self.redeemables):
            where = f"redeemables.{index}"
            given = [
                ref.code is not None,
                ref.campaign_id is not None or (ref.unknown_id is not None and ref.points is None),
                ref.wallet_program_id is not None or (ref.unknown_id is not None and ref.points is not None),
            ]
            if given.count(True) != 1:
                raise InvalidInput("A redeemable is a code, a campaign id or a wallet.", field=where)
            if ref.wallet_program_id is not None and ref.points is None:
                raise InvalidInput("Say how many points the wallet pays.", field=f"{where}.points")
            if ref.points is not None and ref.campaign_id is not None:
                raise InvalidInput("Points pay from a wallet or a loyalty card's code.", field=f"{where}.points")
            if ref.points is not None and not 1 <= ref.points <= MAX_AMOUNT:
                raise OutOfBounds(
                    "OUT_OF_RANGE", f"The points must be between 1 and {MAX_AMOUNT:,}.", field=f"{where}.points"
                )
            if ref.wallet_program_id is not None and self.customer_id is None and self.customer_source_id is None:
                raise InvalidInput("A wallet pays for its holder's order: name the order's customer.", field=where)
            if ref.code is not None and not ref.code.strip():
                raise InvalidInput("The code is empty.", field=f"{where}.code")
            if ref.gift_amount is not None and not 0 <= ref.gift_amount <= MAX_AMOUNT:
                raise InvalidInput(
                    f"The gift amount must be between 0 and {MAX_AMOUNT:,}.", field=f"{where}.giftAmount"
                )
            if ref.key in seen:
                raise InvalidInput("The same redeemable is listed twice.", field=where)
            seen.add(ref.key)

    def check_order(self) -> None:
        """Refuse malformed orders (currency, items, amounts, location) with the offending field.

        Every line and the order total stay within MAX_AMOUNT, so every figure of the answer fits the
        API's Amount scalar and PostgreSQL's bigint before anything is computed or written.
        """
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise InvalidInput(f"{self.currency!r} is not an ISO 4217 currency code.", field="order.currency")
        if len(self.items) > MAX_ITEMS:
            raise InvalidInput(f"At most {MAX_ITEMS} items.", field="order.items")
        total = 0
        for index, item in enumerate(self.items):
            where = f"order.items.{index}"
            if not 1 <= item.quantity <= MAX_QUANTITY:
                raise InvalidInput(f"The quantity must be between 1 and {MAX_QUANTITY:,}.", field=f"{where}.quantity")
            if not 0 <= item.unit_price <= MAX_AMOUNT:
                raise InvalidInput(
                    f"The unit price must be between 0 and {MAX_AMOUNT:,} (minor units).", field=f"{where}.unitPrice"
                )
            total += item.quantity * item.unit_price
            if total > MAX_AMOUNT:
                raise OutOfBounds(
                    "OUT_OF_RANGE",
                    f"The order's lines add up to more than {MAX_AMOUNT:,} (minor units).",
                    field=f"{where}.unitPrice",
                )
            if item.location is not None:
                check_point(*item.location, field=f"{where}.location")
            if not (item.product_id or item.sku):
                raise InvalidInput("Give the item's productId or sku.", field=f"{where}.productId")
        if self.amount is not None and not 0 <= self.amount <= MAX_AMOUNT:
            raise InvalidInput(
                f"The order amount must be between 0 and {MAX_AMOUNT:,} (minor units).", field="order.amount"
            )
        if self.location is not None:
            check_point(*self.location, field="order.location")
        if not self.items and self.amount is None:
            raise InvalidInput("Give the order's items or its amount.", field="order.items")

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "amount": self.amount,
            "store_id": str(self.store_id) if self.store_id else None,
            "metadata": self.metadata,
            "items": [
                {
                    "product_id": item.product_id,
                    "sku": item.sku,
                    "category_ids": list(item.category_ids),
                    "quantity": item.quantity,
                    "unit_price": item.unit_price,
                    "metadata": item.metadata,
                }
                for item in self.items
            ],
            "redeemables": [
                {
                    "code": ref.code,
                    "campaign_id": str(ref.campaign_id) if ref.campaign_id else None,
                    "gift_amount": ref.gift_amount,
                    "wallet_program_id": str(ref.wallet_program_id) if ref.wallet_program_id else None,
                    "points": ref.points,
                    # Only when present, so fingerprints stored before unknown ids existed still match.
                    **({"unknown_id": ref.unknown_id} if ref.unknown_id is not None else {}),
                }
                for ref in self.redeemables
            ],
        }
