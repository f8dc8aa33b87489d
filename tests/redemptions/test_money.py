"""Exact money splitting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.money import allocate, percent_of


def test_worked_examples() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [0, 5, 5]) == [0, 5, 5]
    assert allocate(7, [3000, 1000]) == [5, 2]
    assert allocate(0, [1, 2]) == [0, 0]
    assert percent_of(999, 10) == 100  # 99.9 rounds half up to 100
    assert percent_of(1005, 12.5) == 126  # 125.625 -> 126
    assert percent_of(1, 50) == 1  # 0.5 rounds up


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=30))
def test_parts_add_up_and_stay_within_their_weights(amount: int, weights: list[int]) -> None:
    amount = min(amount, sum(weights))
    parts = allocate(amount, weights)
    assert sum(parts) == (amount if sum(weights) else 0)
    assert all(0 <= part <= weight for part, weight in zip(parts, weights, strict=True))
