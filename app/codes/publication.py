"""Publishing codes to customers: exactly once per customer where asked, idempotent on retries.

All counters move with one conditional UPDATE each inside the publication's transaction: the
campaign's reward inventory, then the series' `issued` cursor, whose new value is the ordinal of the
code handed out. Unique indexes make retries and join-once races resolve to the first result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.campaigns.models import Campaign, CampaignStatus, CodeMode
from app.campaigns.services import get_campaign
from app.campaigns.validation import POINTS_KINDS
from app.codes import inventory, outbox
from app.codes.exceptions import IdempotencyMismatch, InventoryExhausted, NotPublishable
from app.codes.inventory import Stock
from app.codes.models import Code, Publication
from app.core.errors import InvalidInput
from app.core.events import EventBus
from app.core.time import utcnow
from app.customers import services as customers
from app.customers.models import Customer
from app.wallets import ledger

PUBLISHABLE = {CampaignStatus.ACTIVE, CampaignStatus.SCHEDULED}


@dataclass
class CustomerRef:
    """Who receives the code: an id, a source id, or inline attributes with a source id."""

    id: uuid.UUID | None = None
    source_id: str | None = None
    fields: customers.CustomerFields = field(default_factory=customers.CustomerFields)
    may_update: bool = True  # False: the fields only describe a new customer (the caller may not write customers)


@dataclass
class PublishRequest:
    campaign_id: uuid.UUID
    customer: CustomerRef
    source_id: str | None = None
    idempotency_key: str | None = None
    join_once: bool | None = None
    channel: str = "API"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Published:
    publication: Publication
    code: Code
    created: bool


async def _existing(campaign_id: uuid.UUID, **unique: Any) -> Publication | None:
    return await Publication.filter(campaign_id=campaign_id, **unique).first()


async def _first_result(request: PublishRequest, customer: Customer | None) -> Published | None:
    """The publication an earlier identical request made, if any."""
    found = None
    if request.idempotency_key:
        found = await _existing(request.campaign_id, idempotency_key=request.idempotency_key)
    if found is None and request.source_id:
        found = await _existing(request.campaign_id, source_id=request.source_id)
    if found is not None:
        if customer is not None and found.customer_id != customer.id:
            raise IdempotencyMismatch(
                "This idempotency key or source id was used for another customer.", field="idempotencyKey"
            )
        return Published(found, await Code.get(id=found.code_id), created=False)
    return None


async def _check_same_customer(ref: CustomerRef, earlier: Publication) -> None:
    """A retry must name the customer the first request named."""
    holder = await Customer.get(id=earlier.customer_id)
    same = holder.id == ref.id if ref.id is not None else holder.source_id == ref.source_id
    if not same:
        raise IdempotencyMismatch(
            "This idempotency key or source id was used for another customer.", field="idempotencyKey"
        )


async def _resolve_customer(ref: CustomerRef) -> Customer:
    if ref.id is not None:
        return await customers.get_customer(customer_id=ref.id, field="customer.id")
    if ref.source_id is not None:
        customer, _ = await customers.upsert_by_source_id(
            source_id=ref.source_id, fields=ref.fields, update_existing=ref.may_update
        )
        return customer
    raise InvalidInput("Identify the customer by id or sourceId.", field="customer")


def _check_publishable(campaign: Campaign) -> None:
    if campaign.deleted_at is not None or campaign.status not in PUBLISHABLE:
        where = "in the bin" if campaign.deleted_at is not None else campaign.status.value
        raise NotPublishable(f"A campaign that is {where} cannot publish codes.", field="campaignId")
    if campaign.ends_at is not None and campaign.ends_at <= utcnow():
        raise NotPublishable("The campaign has ended; it cannot publish codes.", field="campaignId")
    if campaign.code_mode is CodeMode.NO_CODE:
        raise NotPublishable("This campaign has no codes to publish.", field="campaignId")
    if campaign.code_mode is CodeMode.UNIQUE_CODES and campaign.code_series_id is None:
        raise NotPublishable("This campaign has no code series yet.", field="campaignId")


async def publish(*, request: PublishRequest, events: EventBus | None) -> Published:
    """Give the customer a code of the campaign (see the module docstring for the guarantees)."""
    if request.idempotency_key is not None and not 1 <= len(request.idempotency_key) <= 200:
        raise InvalidInput("An idempotency key has 1 to 200 characters.", field="idempotencyKey")
    campaign = await get_campaign(campaign_id=request.campaign_id, field="campaignId")
    earlier = await _first_result(request, None)
    if earlier is not None:
        await _check_same_customer(request.customer, earlier.publication)
        return earlier
    _check_publishable(campaign)
    customer = await _resolve_customer(request.customer)
    join_once = campaign.join_once if request.join_once is None else request.join_once
    if campaign.kind in POINTS_KINDS:
        join_once = True  # a program's card is its holder's wallet: one per customer
    if join_once:
        held = await _existing(campaign.id, customer_id=customer.id, join_once=True)
        if held is not None:
            return Published(held, await Code.get(id=held.code_id), created=False)
    try:
        published, alerts = await _publish_new(campaign, customer, request, join_once)
    except IntegrityError:
        # A concurrent twin won (same key, source id, or join-once customer): return its result.
        twin = await _first_result(request, customer)
        if twin is None and join_once:
            held = await _existing(campaign.id, customer_id=customer.id, join_once=True)
            twin = Published(held, await Code.get(id=held.code_id), created=False) if held else None
        if twin is None:
            raise
        return twin
    if alerts:
        campaign_ids = [str(campaign.id)]
        if campaign.code_series_id is not None:
            sharing = await Campaign.filter(code_series_id=campaign.code_series_id).values_list("id", flat=True)
            campaign_ids = [str(value) for value in sharing]
        await inventory.announce(events, alerts, campaign_ids)
    return published


async def _publish_new(
    campaign: Campaign, customer: Customer, request: PublishRequest, join_once: bool
) -> tuple[Published, list[dict[str, Any]]]:
    alerts: list[dict[str, Any]] = []
    async with in_transaction() as connection:
        rows = await connection.execute_query_dict(
            "UPDATE campaign SET published_count = published_count + 1 WHERE id = $1 "
            "AND (inventory_limit IS NULL OR published_count < inventory_limit) "
            "RETURNING published_count, inventory_limit, low_stock_threshold",
            [campaign.id],
        )
        if not rows:
            raise InventoryExhausted("The campaign's reward inventory is used up.", field="campaignId")
        if rows[0]["inventory_limit"] is not None:
            stock = Stock(
                scope_key=f"campaign:{campaign.id}",
                level=rows[0]["inventory_limit"],
                available=rows[0]["inventory_limit"] - rows[0]["published_count"],
                threshold=rows[0]["low_stock_threshold"],
                series_id=None,
                campaign_id=campaign.id,
            )
            alerts += await inventory.record_alerts(stock, connection)
        if campaign.code_mode is CodeMode.UNIQUE_CODES:
            rows = await connection.execute_query_dict(
                "UPDATE code_series SET issued = issued + 1 WHERE id = $1 AND issued < total "
                "RETURNING issued, total, low_stock_threshold",
                [campaign.code_series_id],
            )
            if not rows:
                raise InventoryExhausted("No code of the campaign's series is left.", field="campaignId")
            issued, total = rows[0]["issued"], rows[0]["total"]
            codes = await connection.execute_query_dict(
                "UPDATE code SET holder_id = $3, published_at = now() WHERE series_id = $1 AND ordinal = $2 "
                "RETURNING id",
                [campaign.code_series_id, issued, customer.id],
            )
            code_id = codes[0]["id"]
            stock = Stock(
                scope_key=f"series:{campaign.code_series_id}",
                level=total,
                available=total - issued,
                threshold=rows[0]["low_stock_threshold"],
                series_id=campaign.code_series_id,
                campaign_id=None,
            )
            alerts += await inventory.record_alerts(stock, connection)
        else:
            single = await Code.filter(campaign_id=campaign.id).using_db(connection).first()
            if single is None:
                raise NotPublishable("This campaign has no code yet.", field="campaignId")
            code_id = single.id
        publication = await Publication.create(
            campaign_id=campaign.id,
            customer_id=customer.id,
            code_id=code_id,
            series_id=campaign.code_series_id,
            channel=request.channel,
            metadata=request.metadata,
            source_id=request.source_id,
            idempotency_key=request.idempotency_key,
            join_once=join_once,
            using_db=connection,
        )
        if campaign.kind in POINTS_KINDS:
            await ledger.open_wallet(connection, program_id=campaign.id, customer_id=customer.id, code_id=code_id)
        await outbox.published(connection, [publication.id])
    code = await Code.get(id=code_id)
    return Published(publication, code, created=True), alerts
