"""Code series settings and generation."""

from __future__ import annotations

import asyncio
import re

import pytest

from app.codes import services
from app.codes.exceptions import SeriesNameTaken
from app.codes.generation import CodeShape
from app.codes.models import Charset, Code, CodeSeries, SeriesKind
from app.core.errors import InvalidInput

pytestmark = pytest.mark.usefixtures("db")


async def series(name: str = "S", **settings: object) -> CodeSeries:
    return await services.create_series(spec=services.SeriesSpec(name=name, **settings))  # type: ignore[arg-type]


async def generate(series_id: object, count: int) -> services.Generation:
    return await services.request_generation(
        series_id=series_id,  # type: ignore[arg-type]
        count=count,
        maximum=100_000,
        sync_limit=100_000,
        created_by_id=None,
        redis=None,
        queue_name="unused",
    )


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"charset": Charset.CUSTOM, "custom_charset": "a"}, "customCharset"),
        ({"charset": Charset.CUSTOM, "custom_charset": "ab#"}, "customCharset"),
        ({"pattern": "NOPLACEHOLDER"}, "pattern"),
        ({"length": 0}, "length"),
        ({"length": 1000}, "length"),
        ({"prefix": "A B"}, "prefix"),
        ({"kind": SeriesKind.PARTNER}, "partnerName"),
        ({"low_stock_threshold": 0}, "lowStockThreshold"),
    ],
)
async def test_invalid_settings_are_refused(settings: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        await series(**settings)
    assert raised.value.field == field
    assert await CodeSeries.all().count() == 0


async def test_names_are_unique() -> None:
    await series("Same")
    with pytest.raises(SeriesNameTaken):
        await series("Same")


@pytest.mark.parametrize("count", [0, -1, 100_001])
async def test_count_out_of_range_is_refused(count: int) -> None:
    created = await series()
    with pytest.raises(InvalidInput) as raised:
        await generate(created.id, count)
    assert raised.value.field == "count"
    assert await Code.all().count() == 0


async def test_too_small_a_code_space_is_refused_with_the_numbers() -> None:
    created = await series(charset=Charset.NUMBERS, length=2)
    with pytest.raises(InvalidInput) as raised:
        await generate(created.id, 60)
    assert "100" in raised.value.message
    assert "120" in raised.value.message
    assert await Code.all().count() == 0


async def test_generated_codes_follow_the_shape_and_are_unique() -> None:
    created = await series(prefix="SUM-", postfix="-26", charset=Charset.UPPERCASE, pattern="##-##x")
    result = await generate(created.id, 500)
    assert result.generated == 500
    assert result.job is None
    codes = await Code.filter(series_id=created.id).order_by("ordinal")
    assert [code.ordinal for code in codes] == list(range(1, 501))
    assert len({code.code_key for code in codes}) == 500
    assert all(re.fullmatch(r"SUM-[A-Z]{2}-[A-Z]{2}x-26", code.code) for code in codes)
    refreshed = await CodeSeries.get(id=created.id)
    assert (refreshed.total, refreshed.issued) == (500, 0)


async def test_concurrent_requests_add_up_exactly() -> None:
    created = await series(length=10)
    await asyncio.gather(*(generate(created.id, 300) for _ in range(4)))
    assert await Code.filter(series_id=created.id).count() == 1200
    assert (await CodeSeries.get(id=created.id)).total == 1200


async def test_a_batch_that_meets_existing_codes_still_lands_exactly() -> None:
    # A tiny space (26^2 = 676 case-folded) makes collisions with the first series' codes certain.
    first = await series("first", charset=Charset.UPPERCASE, length=2)
    await generate(first.id, 300)
    second = await series("second", charset=Charset.UPPERCASE, length=2)
    await services.generate_until(series_id=second.id, target_total=300)
    keys = await Code.all().values_list("code_key", flat=True)
    assert len(keys) == len(set(keys)) == 600
    assert await Code.filter(series_id=second.id).count() == 300


def test_random_positions_are_spread_over_the_whole_charset() -> None:
    shape = CodeShape(Charset.CUSTOM, "ABC", 1, "", "", None)
    generator = shape.generator()
    counts = dict.fromkeys("ABC", 0)
    for _ in range(3000):
        counts[next(generator)] += 1
    assert all(800 < count < 1200 for count in counts.values()), counts
