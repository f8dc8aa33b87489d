"""Order and redemption inputs."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.access.scope import Scope
from app.core.errors import InvalidInput
from app.core.ids import decode_id, maybe_decode_id
from app.graphql.constraints import (
    CODE,
    CURRENCY,
    IDEMPOTENCY_KEY,
    LATITUDE,
    LONGITUDE,
    METADATA,
    NON_NEGATIVE_AMOUNT,
    POINTS,
    PRODUCT,
    QUANTITY,
    Items,
    Line,
    Range,
    Text,
)
from app.graphql.customers.inputs import CustomerRefInput
from app.graphql.redemptions.types import ApplicationMode, CalculationBase, NoEffect, Sorting
from app.graphql.scalars import Amount
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef


@strawberry.input(description="An order line.")
class OrderItemInput:
    product_id: str | None = strawberry.field(directives=[PRODUCT], default=None, description="Product id.")
    sku: str | None = strawberry.field(directives=[PRODUCT], default=None, description="SKU.")
    category_ids: list[str] = strawberry.field(
        directives=[Line(200, max_items=100)], default_factory=list, description="Category ids of the product."
    )
    quantity: int = strawberry.field(directives=[QUANTITY], description="Units (≥ 1).")
    unit_price: Amount = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], description="Price of one unit, minor units (≥ 0)."
    )
    metadata: JSON | None = strawberry.field(directives=[METADATA], default=None, description="Your own data.")
    location: LocationInput | None = strawberry.field(
        default=None, description="Where the product is (item-scope geofence rules)."
    )


@strawberry.input(description="A point on the map.")
class LocationInput:
    latitude: float = strawberry.field(directives=[LATITUDE], description="Latitude.")
    longitude: float = strawberry.field(directives=[LONGITUDE], description="Longitude.")


@strawberry.input(description="The order being paid.")
class OrderInput:
    currency: str = strawberry.field(directives=[CURRENCY], description="ISO 4217 code.")
    items: list[OrderItemInput] = strawberry.field(
        directives=[Items(500)], default_factory=list, description="Order lines."
    )
    amount: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="Order amount; default: sum of the items."
    )
    customer: CustomerRefInput | None = strawberry.field(default=None, description="Who is buying.")
    store_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The store the order is placed at (implied for a STORE key with one store). Campaigns "
        "assigned to areas or stores need one inside their scope.",
    )
    location: LocationInput | None = strawberry.field(
        default=None, description="Where the customer is (else the customer profile's location)."
    )
    metadata: JSON | None = strawberry.field(directives=[METADATA], default=None, description="Your own data.")


@strawberry.input(description="The order customer's wallet in a points program.")
class WalletRedeemableInput:
    program: strawberry.ID = strawberry.field(description="The LOYALTY or WALLET_POINTS campaign.")


@strawberry.input(
    description="A code (with the amount to spend, for gift cards, or the points, for loyalty cards), an "
    "automatic promotion, or a wallet paying with points. Exactly one of code, campaignId and wallet."
)
class RedeemableInput:
    code: str | None = strawberry.field(directives=[CODE], default=None, description="A code, any case.")
    campaign_id: strawberry.ID | None = strawberry.field(default=None, description="A campaign without codes.")
    gift_amount: Amount | None = strawberry.field(
        directives=[NON_NEGATIVE_AMOUNT], default=None, description="Gift cards: how much to spend."
    )
    wallet: WalletRedeemableInput | None = strawberry.field(
        default=None, description="Pay with points from the order customer's wallet in this program."
    )
    points: Amount | None = strawberry.field(
        directives=[POINTS],
        default=None,
        description="Wallets and loyalty cards: the points to pay with (at most what is due is taken, at the "
        "program's rate; the rest stays in the wallet).",
    )


@strawberry.input(description="An order and the redeemables to apply to it.")
class RedeemInput:
    order: OrderInput = strawberry.field(description="The order.")
    redeemables: list[RedeemableInput] = strawberry.field(directives=[Items(30)], description="Up to 30 redeemables.")
    idempotency_key: str | None = strawberry.field(
        directives=[IDEMPOTENCY_KEY],
        default=None,
        description="A retry with the same key returns the first result and changes nothing.",
    )


@strawberry.input(description="Which redemption to undo.")
class RedemptionRollbackInput:
    id: strawberry.ID = strawberry.field(description="The redemption.")
    reason: str | None = strawberry.field(
        directives=[Text(500)], default=None, description="Why (kept with the redemption)."
    )
    idempotency_key: str | None = strawberry.field(
        directives=[IDEMPOTENCY_KEY], default=None, description="A retry returns the first result."
    )


@strawberry.input(description="Conditions on listed redemptions.")
class RedemptionFilterInput:
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="This customer's.")
    campaign_id: strawberry.ID | None = strawberry.field(default=None, description="Using this campaign.")
    store_id: strawberry.ID | None = strawberry.field(default=None, description="At this store.")
    area_id: strawberry.ID | None = strawberry.field(default=None, description="At a store of this area.")


@strawberry.input(description="Stacking rules to change; omitted ones stay.")
class StackingRulesInput:
    redeemables_limit: int | None = strawberry.field(
        directives=[Range(1, 30)], default=strawberry.UNSET, description="≤ 30."
    )
    applicable_limit: int | None = strawberry.field(
        directives=[Range(1, 30)], default=strawberry.UNSET, description="≤ 30."
    )
    applicable_exclusive_limit: int | None = strawberry.field(
        directives=[Range(1, 30)], default=strawberry.UNSET, description="≤ 30."
    )
    category_limit: int | None = strawberry.field(
        directives=[Range(1, 30)], default=strawberry.UNSET, description="null: no limit."
    )
    application_mode: ApplicationMode | None = strawberry.field(default=strawberry.UNSET, description="Mode.")
    sorting: Sorting | None = strawberry.field(default=strawberry.UNSET, description="Sorting.")
    no_effect: NoEffect | None = strawberry.field(default=strawberry.UNSET, description="No-effect rule.")
    calculation_base: CalculationBase | None = strawberry.field(default=strawberry.UNSET, description="Base.")


def _redeemable(ref: RedeemableInput) -> RedeemableRef:
    """The domain redeemable; an id that names no campaign is kept as unknown, so only it is refused."""
    named = ref.campaign_id if ref.campaign_id else (ref.wallet.program if ref.wallet else None)
    campaign_id = maybe_decode_id("Campaign", named) if named is not None else None
    if named is not None and campaign_id is None:
        return RedeemableRef(code=ref.code, gift_amount=ref.gift_amount, points=ref.points, unknown_id=named)
    return RedeemableRef(
        code=ref.code,
        campaign_id=campaign_id if ref.campaign_id else None,
        gift_amount=ref.gift_amount,
        wallet_program_id=campaign_id if ref.wallet else None,
        points=ref.points,
    )


def to_request(order: OrderInput, redeemables: list[RedeemableInput], scope: Scope) -> OrderRequest:
    """The domain order; ids are decoded, everything else is checked by OrderRequest.check."""
    customer = order.customer
    for name, value in (("order.metadata", order.metadata),):
        if value is not None and not isinstance(value, dict):
            raise InvalidInput("Metadata must be a JSON object.", field=name)
    return OrderRequest(
        currency=order.currency.strip().upper(),
        items=[
            OrderItem(
                product_id=item.product_id,
                sku=item.sku,
                category_ids=tuple(item.category_ids),
                quantity=item.quantity,
                unit_price=item.unit_price,
                metadata=item.metadata if isinstance(item.metadata, dict) else {},
                location=(item.location.latitude, item.location.longitude) if item.location else None,
            )
            for item in order.items
        ],
        redeemables=[_redeemable(ref) for ref in redeemables],
        amount=order.amount,
        customer_id=decode_id("Customer", customer.id, field="order.customer.id") if customer and customer.id else None,
        customer_source_id=customer.source_id if customer else None,
        customer_fields=customer.attributes() if customer else CustomerRefInput().attributes(),
        store_id=decode_id("Store", order.store_id, field="order.storeId") if order.store_id else None,
        scope=scope,
        location=(order.location.latitude, order.location.longitude) if order.location else None,
        metadata=order.metadata if isinstance(order.metadata, dict) else {},
    )
