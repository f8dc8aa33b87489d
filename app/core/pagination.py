"""Keyset pagination over (timestamp, id): stable while rows are inserted concurrently."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

ModelT = TypeVar("ModelT", bound=Model)


@dataclass(frozen=True)
class Position:
    """Where a row sits in a (timestamp desc, id desc) ordering."""

    at: datetime
    id: uuid.UUID | int  # a UUID, or a bigint sequence id


@dataclass(frozen=True)
class Page(Generic[ModelT]):
    """One page of rows, newest first, and whether more follow."""

    rows: list[ModelT]
    has_next: bool


async def newest_first_page(
    query: QuerySet[ModelT], *, time_field: str, first: int, after: Position | None
) -> Page[ModelT]:
    """Rows of `query` ordered by `time_field` then id, both descending, after `after`."""
    if after is not None:
        older: dict[str, Any] = {f"{time_field}__lt": after.at}
        same_time_lower_id: dict[str, Any] = {time_field: after.at, "id__lt": after.id}
        query = query.filter(Q(**older) | Q(**same_time_lower_id))
    rows = await query.order_by(f"-{time_field}", "-id").limit(first + 1)
    return Page(rows=rows[:first], has_next=len(rows) > first)
