"""List endpoints cost a constant number of SQL queries, however many items a page holds."""

from __future__ import annotations

import logging

import pytest

from app.access.models import Role
from app.access.services import create_api_key, key_cache
from app.campaigns.models import CodeMode
from app.codes import publication
from app.codes.models import Code, Publication
from app.core.ids import encode_id
from app.geofences.services import GeofenceShape, create_geofence
from app.locations.models import AssignmentLevel
from app.locations.services import PlaceFields, PlaceInput, create_area, create_store
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from app.redemptions.services import redeem
from tests.codes.test_publication import live_campaign, request, series_with
from tests.conftest import Caller, GraphQLClient

LISTS = {
    "publications": "query Q($n: Int!) { publications(first: $n) { edges { node { channel "
    "code { code holder { name } series { name } campaigns { name } } campaign { name code } "
    "customer { sourceId } } } } }",
    "customers": "query Q($n: Int!) { customers(first: $n) { edges { node { sourceId "
    "codes { code { code } campaign { name } } } } } }",
    "redemptions": "query Q($n: Int!) { redemptions(first: $n) { edges { node { discount customer { sourceId } "
    "lines { discount code campaign { name } } } } } }",
    "codes": "query Q($n: Int!, $f: CodeFilterInput!) { codes(filter: $f, first: $n) { edges { node { code "
    "status holder { sourceId } series { name } campaigns { name codeSeries { name } } } } } }",
}


@pytest.mark.parametrize("name", list(LISTS))
async def test_list_query_count_does_not_grow_with_the_page(
    name: str, graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    series_id = await series_with(40)
    campaigns = [
        await live_campaign(label, code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id) for label in ("A", "B")
    ]
    for index in range(30):
        await publication.publish(request=request(campaigns[index % 2], f"c{index}"), events=None)
    for index in range(30):
        published = await Publication.filter(campaign_id=campaigns[index % 2].id).offset(index // 2).first()
        assert published is not None
        code = await Code.get(id=published.code_id)
        order = OrderRequest(
            "EUR", [OrderItem("p", None, (), 1, 1000)], [RedeemableRef(code=code.code)], customer_source_id=f"c{index}"
        )
        _, redemption = await redeem(request=order, idempotency_key=None)
        assert redemption is not None
    variables = {"f": {"seriesId": encode_id("CodeSeries", series_id)}}

    async def count(size: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            data = await graphql.data(LISTS[name], {"n": size, **(variables if name == "codes" else {})}, caller=admin)
        assert len(data[name]["edges"]) == size
        return sum(1 for record in caplog.records if record.name == "tortoise.db_client")

    await count(1)  # warm the key cache
    assert await count(3) == await count(30)


async def test_places_and_keys_cost_a_constant_number_of_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Adding 27 stores and campaigns takes longer than the key cache lives on a slow machine: keep the
    # keys cached, and leave out the once-a-minute `last_used_at` touch, so only the listing is counted.
    monkeypatch.setattr(key_cache, "ttl", 3600)
    area = await create_area(fields=PlaceFields(name="North"))

    async def add_stores(count: int, start: int) -> None:
        for index in range(start, start + count):
            fence = await create_geofence(name=f"f{index}", shape=GeofenceShape(circle=(48.0, 2.0, 100.0)))
            store = await create_store(area_id=area.id, fields=PlaceFields(name=f"s{index}"), geofence_id=fence.id)
            place = PlaceInput(AssignmentLevel.STORE, None, store.id)
            await create_api_key(name=f"k{index}", role=Role.STORE, created_by=None, access=[place])

    manager_key, secret = await create_api_key(
        name="m",
        role=Role.MANAGER,
        created_by=None,
        access=[PlaceInput(AssignmentLevel.AREA_ALL_STORES, area.id, None)],
    )
    manager = Caller(manager_key, secret)
    queries = {
        "stores": ("{ stores { name area { name stores { name } } geofence { name } } }", admin),
        "apiKeys": ("{ apiKeys(first: 100) { edges { node { name assignments { level storeId } } } } }", admin),
        "campaigns": ("{ campaigns(first: 100) { edges { node { name access { storeId } } } } }", manager),
    }

    async def count(name: str) -> int:
        query, caller = queries[name]
        await graphql.data(query, caller=caller)  # warm the key cache
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            await graphql.data(query, caller=caller)
        return sum(
            1
            for record in caplog.records
            if record.name == "tortoise.db_client" and not record.getMessage().startswith('UPDATE "api_key"')
        )

    async def add_campaigns(count: int, start: int) -> None:
        for index in range(start, start + count):
            await graphql.data(
                "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) { __typename } }",
                {
                    "i": {
                        "name": f"c{index}",
                        "kind": "DISCOUNT",
                        "codeMode": "NO_CODE",
                        "targeting": "OPEN",
                        "currency": "EUR",
                        "reward": {"discount": {"type": "AMOUNT", "amountOff": 1}},
                        "access": [{"level": "AREA_ALL_STORES", "areaId": encode_id("Area", area.id)}],
                    }
                },
                caller=manager,
            )

    await add_stores(3, 0)
    await add_campaigns(3, 0)
    few = {name: await count(name) for name in queries}
    await add_stores(27, 3)
    await add_campaigns(27, 3)
    many = {name: await count(name) for name in queries}
    assert few == many


async def test_wallet_lists_cost_a_constant_number_of_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    from app.access.scope import UNRESTRICTED
    from app.campaigns.models import CampaignKind
    from app.campaigns.validation import Reward
    from app.customers import services as customers
    from app.wallets import services as wallets

    programs = [
        await live_campaign(
            f"P{i}", kind=CampaignKind.WALLET_POINTS, code_mode=CodeMode.NO_CODE, reward=Reward(points=1)
        )
        for i in range(2)
    ]
    for index in range(30):
        customer, _ = await customers.upsert_by_source_id(source_id=f"w{index}", fields=customers.CustomerFields())
        for campaign in programs:
            await wallets.adjust(
                scope=UNRESTRICTED,
                adjustment=wallets.Adjustment(campaign.id, customer.id, 10 + index, "seed", None, None),
                events=None,
            )
    documents = [
        "query Q($n: Int!) { customers(first: $n) { edges { node { sourceId wallets { balance balanceValue "
        "program { name walletProgram { ratePoints } } customer { sourceId } } } } } }",
        "query Q($n: Int!) { walletTransactions(first: $n) { edges { node { points wallet { balance "
        "customer { sourceId } program { name } } actor { name } } } } }",
    ]
    for document in documents:

        async def count(size: int, document: str = document) -> int:
            caplog.clear()
            with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
                await graphql.data(document, {"n": size}, caller=admin)
            return len([r for r in caplog.records if r.name == "tortoise.db_client"])

        await count(1)  # warm the key cache
        assert await count(5) == await count(25), document


async def test_campaign_pages_read_triggers_programs_and_segments_in_constant_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    from app.access.scope import UNRESTRICTED
    from app.campaigns.models import CampaignKind, Targeting
    from app.campaigns.validation import Reward
    from app.triggers import services as triggers

    for index in range(24):
        campaign = await live_campaign(
            f"L{index}",
            kind=CampaignKind.WALLET_POINTS,
            code_mode=CodeMode.NO_CODE,
            targeting=Targeting.LIVE_ACTION,
            reward=Reward(points=1),
        )
        trigger = {"kind": "ACTION", "event": {"name": "deposit"}}
        await triggers.set_trigger(scope=UNRESTRICTED, campaign_id=campaign.id, definition=trigger, events=None)
    document = (
        "query Q($n: Int!) { campaigns(first: $n) { edges { node { name trigger "
        "triggerStats { evaluated pendingTimers } walletProgram { ratePoints } segment { name } } } } }"
    )

    async def count(size: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            data = await graphql.data(document, {"n": size}, caller=admin)
        assert len(data["campaigns"]["edges"]) == size
        return len([r for r in caplog.records if r.name == "tortoise.db_client"])

    await count(1)  # warm the key cache
    assert await count(4) == await count(20)


async def test_distribution_lists_cost_a_constant_number_of_queries(
    graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    from app.distributions.models import RewardPolicy
    from tests.distributions.helpers import distribute, distributing, list_segment, run_all

    segment = await list_segment("Counted", [f"d{index}" for index in range(30)])
    campaigns = [await distributing(f"D{index}", segment, code_series_id=await series_with(150)) for index in range(2)]
    for index in range(10):
        await distribute(campaigns[index % 2], RewardPolicy.ONCE_PER_RUN)
    await run_all()
    documents = [
        "query Q($n: Int!) { distributions(first: $n) { edges { node { status schedule { kind } campaign { name } "
        "runs(first: 3) { edges { node { status rewarded distribution { status } "
        "deliveries(first: $n) { edges { node { status customer { sourceId } code { code holder { sourceId } } } } "
        "} } } } } } } }",
        "query Q($n: Int!) { customers(first: $n) { edges { node { sourceId "
        "rewards(first: 5) { source points campaign { name } code { code } } } } } }",
    ]
    for document in documents:

        async def count(size: int, document: str = document) -> int:
            caplog.clear()
            with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
                data = await graphql.data(document, {"n": size}, caller=admin)
            [listed] = data.values()
            assert len(listed["edges"]) == size
            return len([r for r in caplog.records if r.name == "tortoise.db_client"])

        await count(1)  # warm the key cache
        assert await count(3) == await count(10), document
    page = await graphql.data(documents[0], {"n": 2}, caller=admin)
    [run] = page["distributions"]["edges"][0]["node"]["runs"]["edges"]
    assert run["node"]["rewarded"] == 30
    assert len(run["node"]["deliveries"]["edges"]) == 2
    customers = await graphql.data(documents[1], {"n": 2}, caller=admin)
    assert all(len(edge["node"]["rewards"]) == 5 for edge in customers["customers"]["edges"])
