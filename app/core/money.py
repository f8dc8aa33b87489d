"""Money is integer minor units. Splitting an amount is exact and deterministic."""

from __future__ import annotations

from collections.abc import Sequence


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
