"""The project's stacking rules, cached per process for a second."""

from __future__ import annotations

import time
from typing import Any

from app.core.errors import InvalidInput
from app.redemptions import engine
from app.redemptions.models import StackingSettings

STACKING_ROW = 1


STACKING_CACHE_SECONDS = 1.0
_stacking_cache: tuple[float, engine.StackingRules] | None = None


async def stacking_rules() -> engine.StackingRules:
    """The project's stacking rules; each process re-reads them at most once a second."""
    global _stacking_cache
    now = time.monotonic()
    if _stacking_cache is not None and _stacking_cache[0] > now:
        return _stacking_cache[1]
    rules = await _load_stacking_rules()
    _stacking_cache = (now + STACKING_CACHE_SECONDS, rules)
    return rules


def forget_stacking_rules() -> None:
    """Drop this process's cached copy (after a change, or between tests)."""
    global _stacking_cache
    _stacking_cache = None


async def _load_stacking_rules() -> engine.StackingRules:
    row = await StackingSettings.get_or_none(id=STACKING_ROW)
    if row is None:
        return engine.StackingRules()
    return engine.StackingRules(
        redeemables_limit=row.redeemables_limit,
        applicable_limit=row.applicable_limit,
        applicable_exclusive_limit=row.applicable_exclusive_limit,
        category_limit=row.category_limit,
        application_mode=engine.ApplicationMode(row.application_mode),
        sorting=engine.Sorting(row.sorting),
        no_effect=engine.NoEffect(row.no_effect),
        calculation_base=engine.CalculationBase(row.calculation_base),
    )


async def update_stacking_rules(**changes: Any) -> engine.StackingRules:
    """Change the project's stacking rules."""
    for name in ("redeemables_limit", "applicable_limit", "applicable_exclusive_limit"):
        value = changes.get(name)
        if value is not None and not 1 <= value <= 30:
            raise InvalidInput("Must be between 1 and 30.", field=name)
    if changes.get("category_limit") is not None and changes["category_limit"] < 1:
        raise InvalidInput("Must be at least 1.", field="categoryLimit")
    row, _ = await StackingSettings.get_or_create(id=STACKING_ROW)
    for name, value in changes.items():
        setattr(row, name, value.value if hasattr(value, "value") else value)
    await row.save()
    forget_stacking_rules()
    return await stacking_rules()
