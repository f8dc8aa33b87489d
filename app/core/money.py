"""Money is integer minor units. Splitting an amount is exact and deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal


def allocate(amount: int, weights: Sequence[int]) -> list[int]:
    """Split `amount` over `weights` proportionally; the parts add up to `amount` exactly.

    Largest remainder method: every part gets the floor of its exact share, then the minor units
    left go one each to the parts with the largest remainders, ties to the earlier part. A part never
    exceeds its weight when `amount <= sum(weights)`.
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    total = sum(weights)
    if total <= 0 or amount == 0:
        return [0] * len(weights)
    floors = [amount * weight // total for weight in weights]
    remainders = [amount * weight % total for weight in weights]
    left = amount - sum(floors)
    order = sorted(range(len(weights)), key=lambda index: (-remainders[index], index))
    for index in order[:left]:
        floors[index] += 1
    return floors


def percent_of(amount: int, percent: float) -> int:
    """`percent` % of `amount`, rounded half up to the minor unit (computed in integers, no float drift)."""
    hundredths = round(percent * 100)  # the API accepts percentages with up to two decimals
    return (amount * hundredths + 5_000) // 10_000


# ISO 4217 currencies whose minor unit is not the hundredth (every other code has 2 decimals).
CURRENCY_EXPONENTS: dict[str, int] = {}
for _codes, _decimals in (
    ("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF", 0),
    ("BHD IQD JOD KWD LYD OMR TND", 3),
    ("CLF UYW", 4),
):
    CURRENCY_EXPONENTS.update(dict.fromkeys(_codes.split(), _decimals))


def exponent(currency: str) -> int:
    """How many decimals the currency's minor unit has (EUR 2, JPY 0, KWD 3)."""
    return CURRENCY_EXPONENTS.get(currency.upper(), 2)


def minor_units(major: Decimal, currency: str) -> int:
    """`major` units of `currency` in minor units, rounded toward zero (123.45 EUR → 12345, 12.5 JPY → 12)."""
    return int((major * 10 ** exponent(currency)).to_integral_value(rounding=ROUND_DOWN))
