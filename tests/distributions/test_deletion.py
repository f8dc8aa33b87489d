"""A campaign deleted for good takes its distributions, runs and deliveries with it."""

from __future__ import annotations

import pytest

from app.campaigns import lifecycle
from app.distributions.models import Delivery, Distribution, DistributionRun
from tests.codes.test_publication import series_with
from tests.distributions.helpers import distribute, distributing, list_segment, run_all

pytestmark = pytest.mark.usefixtures("db")


async def test_deleting_a_campaign_for_good_removes_its_deliveries_and_no_other() -> None:
    segment = await list_segment("Gone", [f"g{i}" for i in range(30)])
    gone = await distributing("Gone", segment, code_series_id=await series_with(40))
    kept = await distributing("Kept", segment, code_series_id=await series_with(40))
    await distribute(gone)
    await distribute(kept)
    await run_all()
    assert await Delivery.all().count() == 60
    await lifecycle.move_to_bin(campaign_id=gone.id, actor=None, events=None)
    await lifecycle.delete_permanently(campaign_id=gone.id, actor=None, events=None)
    assert await Delivery.filter(campaign_id=gone.id).count() == 0
    assert await Delivery.filter(campaign_id=kept.id).count() == 30
    assert not await Distribution.filter(campaign_id=gone.id).exists()
    assert not await DistributionRun.filter(campaign_id=gone.id).exists()
