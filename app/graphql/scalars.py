"""Custom scalars: one integer type for money and points, wide enough for any accepted input."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NewType, TypeAlias

import strawberry
from strawberry.types.scalar import ScalarDefinition

from app.core.bounds import MAX_AMOUNT

if TYPE_CHECKING:
    Amount: TypeAlias = int  # any int type-checks; the schema knows it as the Amount scalar
else:
    Amount = NewType("Amount", int)


def _parse_amount(value: Any) -> int:
    # The range is checked with every other bound (app.graphql.bounds), which names the offending field.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Amount must be an integer (minor units or points); got {type(value).__name__}.")
    return value


SCALARS: dict[object, ScalarDefinition] = {
    Amount: strawberry.scalar(
        name="Amount",
        description=(
            f"An integer amount: minor units of the currency (cents for EUR/USD) or points, within ±{MAX_AMOUNT:,}"
            " (10^15). Sent and received as a JSON number; every value is exact in JavaScript."
        ),
        serialize=int,
        parse_value=_parse_amount,
    )
}
