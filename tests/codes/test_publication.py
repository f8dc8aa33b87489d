"""Publishing codes: exactly once, idempotent, inventory-safe under concurrency."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from app.campaigns import lifecycle
from app.campaigns.models import Campaign, CodeMode
from app.codes import publication, services
from app.codes.exceptions import IdempotencyMismatch, InventoryExhausted, NotPublishable
from app.codes.models import AlertKind, Code, InventoryAlert, Publication
from app.customers import services as customers
from app.customers.models import Customer
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.usefixtures("db")


async def series_with(count: int, **settings: Any) -> uuid.UUID:
    created = await services.create_series(spec=services.SeriesSpec(name=f"S{uuid.uuid4().hex[:6]}", **settings))
    await services.generate_until(series_id=created.id, target_total=count)
    await created.refresh_from_db()
    return created.id


async def live_campaign(name: str, **overrides: Any) -> Campaign:
    campaign = await make_campaign(name, **overrides)
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    return await Campaign.get(id=campaign.id)


def request(campaign: Campaign, customer: str, **extra: Any) -> publication.PublishRequest:
    return publication.PublishRequest(
        campaign_id=campaign.id, customer=publication.CustomerRef(source_id=customer), **extra
    )


async def test_unique_codes_go_to_one_holder_and_join_once_returns_the_same_code() -> None:
    series_id = await series_with(10)
    campaign = await live_campaign("U", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id)
    first = await publication.publish(request=request(campaign, "ann"), events=None)
    again = await publication.publish(request=request(campaign, "ann"), events=None)
    other = await publication.publish(request=request(campaign, "bob"), events=None)
    assert first.created
    assert not again.created
    assert other.created
    assert first.code.id == again.code.id != other.code.id
    code = await Code.get(id=first.code.id)
    assert code.holder_id == (await Customer.get(source_id="ann")).id
    assert code.ordinal == 1


async def test_without_join_once_a_customer_can_collect_several_codes() -> None:
    series_id = await series_with(5)
    campaign = await live_campaign("U", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id, join_once=False)
    codes = {(await publication.publish(request=request(campaign, "ann"), events=None)).code.id for _ in range(3)}
    assert len(codes) == 3


async def test_single_code_campaign_publishes_its_shared_code() -> None:
    campaign = await live_campaign("Single", code="SUMMER10")
    result = await publication.publish(request=request(campaign, "ann"), events=None)
    assert result.code.code == "SUMMER10"
    assert (await services.find_code(code="summer10")).id == result.code.id


async def test_retries_with_the_same_key_or_source_id_return_the_first_result() -> None:
    series_id = await series_with(10)
    campaign = await live_campaign("U", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id, join_once=False)
    first = await publication.publish(request=request(campaign, "ann", idempotency_key="k1"), events=None)
    retry = await publication.publish(request=request(campaign, "ann", idempotency_key="k1"), events=None)
    by_source = await publication.publish(request=request(campaign, "ann", source_id="crm-7"), events=None)
    by_source_retry = await publication.publish(request=request(campaign, "ann", source_id="crm-7"), events=None)
    assert retry.publication.id == first.publication.id
    assert not retry.created
    assert by_source_retry.publication.id == by_source.publication.id
    assert await Publication.all().count() == 2
    with pytest.raises(IdempotencyMismatch):
        await publication.publish(request=request(campaign, "bob", idempotency_key="k1"), events=None)


async def test_two_campaigns_sharing_a_series_give_a_customer_two_different_codes() -> None:
    series_id = await series_with(10)
    a = await live_campaign("A", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id)
    b = await live_campaign("B", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id)
    in_a = await publication.publish(request=request(a, "ann"), events=None)
    in_b = await publication.publish(request=request(b, "ann"), events=None)
    assert in_a.code.id != in_b.code.id


async def test_exhaustion_is_typed_and_writes_nothing() -> None:
    series_id = await series_with(1)
    campaign = await live_campaign("U", code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id)
    await publication.publish(request=request(campaign, "ann"), events=None)
    with pytest.raises(InventoryExhausted):
        await publication.publish(request=request(campaign, "bob"), events=None)
    assert await Publication.all().count() == 1
    assert (await Campaign.get(id=campaign.id)).published_count == 1


async def test_campaign_inventory_limit_and_alerts() -> None:
    campaign = await live_campaign("Limited", inventory_limit=3, low_stock_threshold=1)
    for name in ("a", "b", "c"):
        await publication.publish(request=request(campaign, name), events=None)
    with pytest.raises(InventoryExhausted):
        await publication.publish(request=request(campaign, "d"), events=None)
    alerts = await InventoryAlert.filter(campaign_id=campaign.id).order_by("created_at")
    assert [(alert.kind, alert.available) for alert in alerts] == [
        (AlertKind.LOW_STOCK, 1),
        (AlertKind.EXHAUSTED, 0),
    ]


@pytest.mark.parametrize(
    "setup",
    ["draft", "bin", "no_code", "no_series"],
)
async def test_campaigns_that_cannot_publish(setup: str) -> None:
    if setup == "draft":
        campaign = await make_campaign("C")
    elif setup == "bin":
        campaign = await live_campaign("C")
        await lifecycle.move_to_bin(campaign_id=campaign.id, actor=None, events=None)
    elif setup == "no_code":
        campaign = await live_campaign("C", code_mode=CodeMode.NO_CODE)
    else:
        campaign = await live_campaign("C", code_mode=CodeMode.UNIQUE_CODES)
    with pytest.raises(NotPublishable):
        await publication.publish(request=request(campaign, "ann"), events=None)
    assert await Publication.all().count() == 0


async def test_concurrent_upserts_of_one_source_id_yield_one_customer() -> None:
    results = await asyncio.gather(
        *(
            customers.upsert_by_source_id(
                source_id="same", fields=customers.CustomerFields(name=f"n{i}", email=f"n{i}@example.com")
            )
            for i in range(20)
        )
    )
    assert len({customer.id for customer, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert await Customer.filter(source_id="same").count() == 1


async def test_500_customers_2_campaigns_800_codes_64_clients_every_request_twice() -> None:
    series_id = await series_with(800)
    campaigns = [
        await live_campaign(name, code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id) for name in ("A", "B")
    ]
    for index in range(500):
        await customers.upsert_by_source_id(source_id=f"c{index}", fields=customers.CustomerFields())
    requests = [
        request(campaign, f"c{index}", idempotency_key=f"{campaign.name}-{index}")
        for index in range(500)
        for campaign in campaigns
    ]
    work = [item for item in requests for _ in range(2)]  # every request is sent twice
    gate = asyncio.Semaphore(64)
    outcomes: dict[str | None, list[Any]] = {}

    async def send(item: publication.PublishRequest) -> None:
        async with gate:
            try:
                result: Any = await publication.publish(request=item, events=None)
            except InventoryExhausted as exc:
                result = exc
            outcomes.setdefault(item.idempotency_key, []).append(result)

    await asyncio.gather(*(send(item) for item in work))

    holders = await Code.filter(series_id=series_id, holder_id__isnull=False).count()
    assert holders == 800
    assert await Publication.all().count() == 800
    codes = await Publication.all().values_list("code_id", flat=True)
    assert len(set(codes)) == 800  # no code held twice
    exhausted = 0
    for results in outcomes.values():
        successes = [r for r in results if isinstance(r, publication.Published)]
        if len({r.publication.id for r in successes}) > 1:
            raise AssertionError("a retry created a second publication")
        if not successes:
            exhausted += 1
    assert exhausted == 1000 - 800
    alerts = await InventoryAlert.filter(series_id=series_id, kind=AlertKind.EXHAUSTED).count()
    assert alerts == 1
