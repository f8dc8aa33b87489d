"""Creating, editing, cloning and listing campaigns through the services."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from app.access.models import ApiKey, Role
from app.access.services import create_api_key
from app.campaigns import categories, lifecycle, listing, services
from app.campaigns.exceptions import (
    CampaignNameTaken,
    CategoryInUse,
    CategoryNotFound,
    FieldLocked,
    VersionConflict,
)
from app.campaigns.models import (
    Campaign,
    CampaignHistory,
    CampaignKind,
    CampaignStatus,
    CodeMode,
    HistoryKind,
    StackingType,
    Targeting,
)
from app.campaigns.validation import Discount, DiscountType, Reward
from app.core.errors import InvalidInput
from app.core.time import utcnow
from tests.campaigns.factories import TEN_PERCENT, make_campaign

pytestmark = pytest.mark.usefixtures("db")


async def key(name: str = "marketer") -> ApiKey:
    return (await create_api_key(name=name, role=Role.ADMIN, created_by=None))[0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 500}, "name"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "ZZZ"}, "currency"),
        ({"time_zone": "Mars/Olympus"}, "timeZone"),
        ({"time_zone": "America"}, "timeZone"),  # a directory of the time zone database
        ({"time_zone": "\U0001f389" * 64}, "timeZone"),  # longer than a file name may be
        (
            {"reward": Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=-5))},
            "reward.discount.percentOff",
        ),
        (
            {"reward": Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=101))},
            "reward.discount.percentOff",
        ),
        (
            {"reward": Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=0))},
            "reward.discount.amountOff",
        ),
        (
            {"reward": Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=5, percent_off=3))},
            "reward.discount.percentOff",
        ),
        (
            {"reward": Reward(discount=Discount(type=DiscountType.UNIT, unit_quantity=1))},
            "reward.discount.unitProduct",
        ),
        ({"reward": Reward(points=10)}, "reward"),
        ({"kind": CampaignKind.GIFT_CARD, "code_mode": CodeMode.UNIQUE_CODES}, "reward"),
        ({"kind": CampaignKind.WALLET_POINTS, "reward": Reward(points=5)}, "codeMode"),
        ({"inventory_limit": 0}, "inventoryLimit"),
        ({"metadata": ["not", "an", "object"]}, "metadata"),
    ],
)
async def test_bad_input_is_refused_with_the_field_and_nothing_is_written(
    overrides: dict[str, Any], field: str
) -> None:
    name = overrides.pop("name", "Bad")
    with pytest.raises(InvalidInput) as raised:
        await make_campaign(name, **overrides)
    assert raised.value.field == field
    assert await Campaign.all().count() == 0
    assert await CampaignHistory.all().count() == 0


async def test_end_before_start_is_refused() -> None:
    now = utcnow()
    with pytest.raises(InvalidInput) as raised:
        await make_campaign(starts_at=now, ends_at=now - timedelta(hours=1))
    assert raised.value.field == "endsAt"


async def test_unknown_category_is_refused() -> None:
    import uuid

    with pytest.raises(CategoryNotFound) as raised:
        await make_campaign(category_id=uuid.uuid4())
    assert raised.value.field == "categoryId"


async def test_every_kind_can_be_created() -> None:
    rewards = {
        CampaignKind.DISCOUNT: (CodeMode.NO_CODE, TEN_PERCENT),
        CampaignKind.GIFT_CARD: (CodeMode.UNIQUE_CODES, Reward(gift_amount=5000)),
        CampaignKind.REFERRAL: (CodeMode.UNIQUE_CODES, TEN_PERCENT),
        CampaignKind.LOYALTY: (CodeMode.UNIQUE_CODES, Reward(points=100)),
        CampaignKind.WALLET_POINTS: (CodeMode.NO_CODE, Reward(points=50)),
        CampaignKind.PARTNER_VOUCHER: (
            CodeMode.UNIQUE_CODES,
            Reward(discount=Discount(type=DiscountType.FIXED, fixed_price=0)),
        ),
    }
    for kind, (mode, reward) in rewards.items():
        campaign = await make_campaign(kind.value, kind=kind, code_mode=mode, reward=reward)
        assert campaign.reward == reward.to_json()
        assert campaign.status is CampaignStatus.DRAFT
        assert campaign.version == 1


async def test_name_is_unique() -> None:
    await make_campaign("Same")
    with pytest.raises(CampaignNameTaken):
        await make_campaign(" Same ")


async def test_update_records_old_and_new_values_and_bumps_the_version() -> None:
    marketer = await key()
    campaign = await make_campaign(actor=marketer)
    updated = await services.update_campaign(
        campaign_id=campaign.id,
        expected_version=1,
        changes={"name": "Winter", "metadata": {"team": "growth"}},
        actor=marketer,
    )
    assert (updated.name, updated.version, updated.metadata) == ("Winter", 2, {"team": "growth"})
    assert updated.updated_by_id == marketer.id
    entry = await CampaignHistory.filter(campaign_id=campaign.id, kind=HistoryKind.UPDATED).get()
    assert {change["field"]: (change["old"], change["new"]) for change in entry.changes} == {
        "name": ("Summer", "Winter"),
        "metadata": ({}, {"team": "growth"}),
    }
    assert entry.actor_id == marketer.id


async def test_stale_version_is_a_conflict_naming_the_current_one() -> None:
    campaign = await make_campaign()
    await services.update_campaign(campaign_id=campaign.id, expected_version=1, changes={"name": "A"}, actor=None)
    with pytest.raises(VersionConflict) as raised:
        await services.update_campaign(campaign_id=campaign.id, expected_version=1, changes={"name": "B"}, actor=None)
    assert raised.value.current == 2
    assert (await Campaign.get(id=campaign.id)).name == "A"


async def test_two_concurrent_updates_exactly_one_wins() -> None:
    campaign = await make_campaign()
    results = await asyncio.gather(
        *(
            services.update_campaign(
                campaign_id=campaign.id,
                expected_version=1,
                changes={"description": f"editor {i}"},
                actor=None,
            )
            for i in range(2)
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(result, Campaign) for result in results) == 1
    assert sum(isinstance(result, VersionConflict) for result in results) == 1
    final = await Campaign.get(id=campaign.id)
    assert final.version == 2
    assert await CampaignHistory.filter(campaign_id=campaign.id, kind=HistoryKind.UPDATED).count() == 1


async def test_launched_campaign_locks_its_shape_but_not_its_wording() -> None:
    campaign = await make_campaign()
    await lifecycle.activate(campaign_id=campaign.id, actor=None, events=None)
    for changes, field in [
        ({"kind": CampaignKind.REFERRAL}, "kind"),
        ({"currency": "USD"}, "currency"),
        ({"targeting": Targeting.CUSTOM_LIST}, "targeting"),
        ({"starts_at": utcnow() + timedelta(days=1)}, "startsAt"),
        (
            {"reward": Reward(discount=Discount(type=DiscountType.AMOUNT, amount_off=500))},
            "reward.discount.type",
        ),
    ]:
        with pytest.raises(FieldLocked) as raised:
            await services.update_campaign(campaign_id=campaign.id, expected_version=2, changes=changes, actor=None)
        assert raised.value.field == field
    updated = await services.update_campaign(
        campaign_id=campaign.id,
        expected_version=2,
        changes={
            "description": "now 15%",
            "reward": Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=15)),
            "ends_at": utcnow() + timedelta(days=30),
        },
        actor=None,
    )
    assert updated.reward["discount"]["percent_off"] == 15
    with pytest.raises(InvalidInput):
        await services.update_campaign(
            campaign_id=campaign.id,
            expected_version=3,
            changes={"ends_at": utcnow() - timedelta(minutes=1)},
            actor=None,
        )


async def test_clone_copies_configuration_into_a_draft() -> None:
    category = await categories.create_category(name="Seasonal", hierarchy=1, stacking_type=StackingType.JOINT)
    source = await make_campaign(
        "Spring",
        category_id=category.id,
        metadata={"region": "north"},
        inventory_limit=100,
        ends_at=utcnow() + timedelta(days=10),
    )
    await lifecycle.activate(campaign_id=source.id, actor=None, events=None)
    copy = await services.clone_campaign(campaign_id=source.id, name=None, actor=None)
    again = await services.clone_campaign(campaign_id=source.id, name=None, actor=None)
    named = await services.clone_campaign(campaign_id=source.id, name="Spring 2027", actor=None)

    assert (copy.name, again.name, named.name) == ("Spring (copy)", "Spring (copy 2)", "Spring 2027")
    assert copy.status is CampaignStatus.DRAFT
    assert copy.version == 1
    for field in (
        "kind",
        "code_mode",
        "targeting",
        "reward",
        "currency",
        "ends_at",
        "time_zone",
        "category_id",
        "metadata",
        "inventory_limit",
        "description",
    ):
        assert getattr(copy, field) == getattr(source, field), field
    entry = await CampaignHistory.filter(campaign_id=copy.id).get()
    assert (entry.kind, entry.source_campaign_id) == (HistoryKind.CLONED, source.id)


async def test_categories_crud_and_in_use_protection() -> None:
    category = await categories.create_category(name="Exclusive", hierarchy=0, stacking_type=StackingType.EXCLUSIVE)
    with pytest.raises(InvalidInput):
        await categories.create_category(name="Negative", hierarchy=-1, stacking_type=StackingType.JOINT)
    updated = await categories.update_category(category_id=category.id, hierarchy=3)
    assert updated.hierarchy == 3
    campaign = await make_campaign(category_id=category.id)
    with pytest.raises(CategoryInUse):
        await categories.delete_category(category_id=category.id)
    await lifecycle.delete_permanently(campaign_id=campaign.id, actor=None, events=None)
    await categories.delete_category(category_id=category.id)
    assert await categories.list_categories() == []


async def test_listing_filters_orders_and_counts() -> None:
    creator = await key("creator")
    other = await key("other")
    now = utcnow()
    category = await categories.create_category(name="Promo", hierarchy=0, stacking_type=StackingType.COMMON)
    a = await make_campaign("Alpha sale", actor=creator, starts_at=now + timedelta(days=1), metadata={"tier": "gold"})
    b = await make_campaign(
        "beta SALE",
        actor=other,
        category_id=category.id,
        kind=CampaignKind.REFERRAL,
        code_mode=CodeMode.UNIQUE_CODES,
        starts_at=now + timedelta(days=2),
    )
    c = await make_campaign("Gamma", actor=creator, targeting=Targeting.CUSTOM_LIST)
    await lifecycle.activate(campaign_id=c.id, actor=None, events=None)

    async def names(**criteria: Any) -> list[str]:
        page = await listing.list_campaigns(
            criteria=listing.CampaignFilter(**criteria),
            order_by="NAME",
            descending=False,
            first=50,
            after=None,
        )
        assert page.total_count == len(page.rows)
        return [row.name for row in page.rows]

    assert await names() == ["Alpha sale", "Gamma", "beta SALE"]
    assert await names(name_contains="sale") == ["Alpha sale", "beta SALE"]
    assert await names(statuses=[CampaignStatus.ACTIVE]) == ["Gamma"]
    assert await names(kind=CampaignKind.REFERRAL) == ["beta SALE"]
    assert await names(targeting=Targeting.CUSTOM_LIST) == ["Gamma"]
    assert await names(category_id=category.id) == ["beta SALE"]
    assert await names(created_by_id=creator.id) == ["Alpha sale", "Gamma"]
    assert await names(starts_after=now + timedelta(hours=36)) == ["beta SALE"]
    assert await names(starts_before=now + timedelta(hours=36)) == ["Alpha sale"]
    assert await names(metadata={"tier": "gold"}) == ["Alpha sale"]
    await lifecycle.move_to_bin(campaign_id=a.id, actor=None, events=None)
    assert await names() == ["Gamma", "beta SALE"]
    assert await names(in_bin=True) == ["Alpha sale"]
    assert b.id  # keeps the fixture objects referenced


@pytest.mark.parametrize(
    ("order_by", "descending"),
    [("NAME", False), ("CREATED_AT", True), ("STARTS_AT", False), ("ENDS_AT", True)],
)
async def test_keyset_pages_cover_everything_once_even_while_rows_are_added(order_by: str, descending: bool) -> None:
    now = utcnow()
    for i in range(9):
        await make_campaign(
            f"c{i}",
            starts_at=now + timedelta(hours=i % 3) if i % 2 else None,
            ends_at=now + timedelta(days=1 + i % 4) if i % 3 else None,
        )
    seen: list[str] = []
    after = None
    while True:
        page = await listing.list_campaigns(
            criteria=listing.CampaignFilter(), order_by=order_by, descending=descending, first=4, after=after
        )
        seen.extend(row.name for row in page.rows)
        if not page.has_next:
            break
        last = page.rows[-1]
        after = listing.CampaignCursor(value=listing.sort_value(last, order_by), id=last.id)
        await make_campaign(f"late-{len(seen)}", starts_at=now + timedelta(hours=1))
    original = [name for name in seen if not name.startswith("late")]
    assert sorted(original) == [f"c{i}" for i in range(9)]
    assert len(seen) == len(set(seen))
