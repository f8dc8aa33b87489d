"""The area/store access algebra (DESIGN §6)."""

from __future__ import annotations

import uuid

import pytest

from app.locations.models import AssignmentLevel as L
from app.locations.scope import Place, contains_all, overlaps, store_in_scope

NORTH, SOUTH = uuid.uuid4(), uuid.uuid4()
N1, N2, S1 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
AREA_N = Place(L.AREA, NORTH)
STORES_N = Place(L.AREA_ALL_STORES, NORTH)
STORE_N1 = Place(L.STORE, NORTH, N1)
STORE_N2 = Place(L.STORE, NORTH, N2)
STORE_S1 = Place(L.STORE, SOUTH, S1)


@pytest.mark.parametrize(
    ("key", "campaign", "visible", "editable"),
    [
        ([AREA_N], [AREA_N], True, True),
        ([AREA_N], [STORE_N1], False, False),  # an area assignment does not cascade to its stores
        ([STORES_N], [STORE_N1], True, True),  # all stores of the area cover each store
        ([STORE_N1], [STORES_N], True, False),  # one store meets "all stores" but does not contain it
        ([STORE_N1], [STORE_N1, STORE_N2], True, False),  # partial scope: use, not edit
        ([STORE_N1, STORE_N2], [STORE_N1, STORE_N2], True, True),
        ([STORE_S1], [STORES_N], False, False),
        ([STORES_N], [AREA_N], False, False),
        ([STORES_N, STORE_S1], [STORE_N2, STORE_S1], True, True),
        ([STORES_N], [], False, False),  # project-wide campaigns are invisible to restricted keys
    ],
)
def test_visibility_and_edit_rights(key: list[Place], campaign: list[Place], visible: bool, editable: bool) -> None:
    assert overlaps(key, campaign) is visible
    assert contains_all(key, campaign) is editable


def test_a_store_is_in_scope_of_its_store_its_areas_stores_and_its_area() -> None:
    assert store_in_scope(N1, NORTH, [STORE_N1])
    assert store_in_scope(N2, NORTH, [STORES_N])
    assert store_in_scope(N2, NORTH, [AREA_N])
    assert not store_in_scope(N2, NORTH, [STORE_N1])
    assert not store_in_scope(S1, SOUTH, [STORES_N, STORE_N1])
