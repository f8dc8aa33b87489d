"""Building campaigns for tests through the real services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.access.models import ApiKey
from app.campaigns import services
from app.campaigns.models import Campaign, CampaignKind, CodeMode, Targeting
from app.campaigns.validation import Discount, DiscountType, Reward

TEN_PERCENT = Reward(discount=Discount(type=DiscountType.PERCENT, percent_off=10))


async def make_campaign(
    name: str = "Summer",
    *,
    actor: ApiKey | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    **overrides: Any,
) -> Campaign:
    spec = services.CampaignSpec(
        name=name,
        kind=overrides.pop("kind", CampaignKind.DISCOUNT),
        code_mode=overrides.pop("code_mode", CodeMode.SINGLE_CODE),
        targeting=overrides.pop("targeting", Targeting.OPEN),
        reward=overrides.pop("reward", TEN_PERCENT),
        currency=overrides.pop("currency", "EUR"),
        starts_at=starts_at,
        ends_at=ends_at,
        **overrides,
    )
    return await services.create_campaign(spec=spec, actor=actor)
