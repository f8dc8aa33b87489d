"""What a support desk reads: a code's uses and balance, referral records, campaigns by reward type."""

from __future__ import annotations

import uuid

import pytest

from app.access.models import Role
from app.access.services import create_api_key
from app.campaigns.models import CampaignKind, CodeMode
from app.campaigns.validation import Discount, DiscountType, Reward
from app.codes import publication
from app.core.ids import encode_id
from app.locations.models import AssignmentLevel
from app.locations.scope import Place
from app.locations.services import PlaceFields, PlaceInput, create_area, create_store
from app.redemptions import services as redemptions
from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef
from tests.codes.test_publication import live_campaign, series_with
from tests.conftest import Caller, GraphQLClient

pytestmark = pytest.mark.usefixtures("db")
ITEMS = [OrderItem("shirt", None, ("apparel",), 2, 2500)]


def order(
    code: str, customer: str, *, gift_amount: int | None = None, store_id: uuid.UUID | None = None
) -> OrderRequest:
    return OrderRequest(
        currency="EUR",
        items=list(ITEMS),
        redeemables=[RedeemableRef(code=code, gift_amount=gift_amount)],
        customer_source_id=customer,
        store_id=store_id,
    )


async def publish(campaign_id: uuid.UUID, source_id: str) -> str:
    published = await publication.publish(
        request=publication.PublishRequest(
            campaign_id=campaign_id, customer=publication.CustomerRef(source_id=source_id)
        ),
        events=None,
    )
    return published.code.code


CODE = "query C($c: String!) { code(code: $c) { redeemedCount remainingUses giftBalance } }"


async def test_a_code_shows_its_uses_and_a_gift_card_its_balance(graphql: GraphQLClient, admin: Caller) -> None:
    await live_campaign(
        "Thrice",
        code="THRICE",
        redemptions_per_code=3,
        reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=100)),
    )
    await redemptions.redeem(request=order("THRICE", "ann"), idempotency_key=None)
    assert (await graphql.data(CODE, {"c": "thrice"}, caller=admin))["code"] == {
        "redeemedCount": 1,
        "remainingUses": 2,
        "giftBalance": None,
    }
    gift = await live_campaign(
        "Gift",
        kind=CampaignKind.GIFT_CARD,
        code_mode=CodeMode.UNIQUE_CODES,
        code_series_id=await series_with(1),
        reward=Reward(gift_amount=10_000),
    )
    card = await publish(gift.id, "ann")
    await redemptions.redeem(request=order(card, "ann", gift_amount=3_000), idempotency_key=None)
    assert (await graphql.data(CODE, {"c": card}, caller=admin))["code"] == {
        "redeemedCount": 1,
        "remainingUses": None,
        "giftBalance": 7_000,
    }


async def test_referrals_are_listed_and_scoped(graphql: GraphQLClient, admin: Caller) -> None:
    area = await create_area(fields=PlaceFields(name="North"))
    store = await create_store(area_id=area.id, fields=PlaceFields(name="n1"), geofence_id=None)
    other_store = await create_store(area_id=area.id, fields=PlaceFields(name="n2"), geofence_id=None)
    referral = await live_campaign(
        "Refer",
        kind=CampaignKind.REFERRAL,
        code_mode=CodeMode.UNIQUE_CODES,
        code_series_id=await series_with(3),
        places=[Place(AssignmentLevel.STORE, area.id, store.id)],
    )
    code = await publish(referral.id, "adv")
    _, redeemed = await redemptions.redeem(request=order(code, "friend", store_id=store.id), idempotency_key=None)
    assert redeemed is not None
    listed = """{ referrals { edges { node { code campaign { name } advocate { sourceId }
                 referee { sourceId } redemption { id } } } } }"""
    nodes = [edge["node"] for edge in (await graphql.data(listed, caller=admin))["referrals"]["edges"]]
    assert nodes == [
        {
            "code": code,
            "campaign": {"name": "Refer"},
            "advocate": {"sourceId": "adv"},
            "referee": {"sourceId": "friend"},
            "redemption": {"id": encode_id("Redemption", redeemed.id)},
        }
    ]
    for stores, expected in (([store.id], 1), ([other_store.id], 0)):
        places = [PlaceInput(AssignmentLevel.STORE, None, store_id) for store_id in stores]
        key, secret = await create_api_key(name="till", role=Role.STORE, created_by=None, access=places)
        seen = await graphql.data("{ referrals { edges { node { code } } } }", caller=Caller(key, secret))
        assert len(seen["referrals"]["edges"]) == expected


async def test_campaigns_filter_by_reward_type(graphql: GraphQLClient, admin: Caller) -> None:
    await live_campaign("Percent", code="P", reward=Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=5)))
    await live_campaign("Amount", code="A", reward=Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=5)))
    await live_campaign(
        "Gift",
        kind=CampaignKind.GIFT_CARD,
        code_mode=CodeMode.UNIQUE_CODES,
        code_series_id=await series_with(1),
        reward=Reward(gift_amount=100),
    )
    query = """query L($t: [RewardType!]) { campaigns(filter: {rewardTypes: $t}, orderBy: {field: NAME}) {
                 totalCount edges { node { name rewardType } } } }"""
    for types, names in ((["PERCENT"], ["Percent"]), (["GIFT_AMOUNT", "AMOUNT"], ["Amount", "Gift"]), (None, None)):
        data = (await graphql.data(query, {"t": types}, caller=admin))["campaigns"]
        found = [edge["node"]["name"] for edge in data["edges"]]
        assert found == (names or ["Amount", "Gift", "Percent"])
        assert data["totalCount"] == len(found)
    gift = (await graphql.data(query, {"t": ["GIFT_AMOUNT"]}, caller=admin))["campaigns"]["edges"][0]["node"]
    assert gift["rewardType"] == "GIFT_AMOUNT"
