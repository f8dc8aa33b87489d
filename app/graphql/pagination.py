"""Relay connections with opaque keyset cursors and a bounded page size."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import strawberry

from app.core.bounds import EARLIEST, LATEST, OutOfBounds
from app.core.errors import InvalidInput
from app.core.pagination import Position, newest_first_page

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow `endCursor`.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(description="An item and the cursor that points just after it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Opaque position of this item.")
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of items (Relay connection).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging state.")


def encode_cursor(position: Position) -> str:
    """An opaque cursor for `position`."""
    raw = f"{position.at.isoformat()}|{position.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> Position | None:
    """The position in `cursor`; a malformed cursor is a validation error on `after`."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, _, key = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        position = Position(at=datetime.fromisoformat(at), id=uuid.UUID(key))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput("The cursor is not one this API returned.", field="after") from exc
    if position.at.tzinfo is None or not EARLIEST <= position.at <= LATEST:
        raise InvalidInput("The cursor is not one this API returned.", field="after")
    return position


def check_page_size(first: int, maximum: int) -> int:
    """`first` if it is between 1 and `maximum`, else a validation error naming both."""
    if not 1 <= first <= maximum:
        raise OutOfBounds("OUT_OF_RANGE", f"`first` must be between 1 and {maximum}; got {first}.", field="first")
    return first


def build_connection(
    rows: Sequence[RowT],
    *,
    has_next: bool,
    position: Callable[[RowT], Position],
    to_node: Callable[[RowT], NodeT],
) -> Connection[NodeT]:
    """A connection over `rows` with cursors from `position`."""
    edges = [Edge(cursor=encode_cursor(position(row)), node=to_node(row)) for row in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(has_next_page=has_next, end_cursor=edges[-1].cursor if edges else None),
    )


class _Timestamped(Protocol):
    created_at: datetime
    id: Any


TimestampedT = TypeVar("TimestampedT", bound=_Timestamped)


async def newest_first_connection(
    query: Any,
    *,
    first: int,
    after: str | None,
    max_page_size: int,
    to_node: Callable[[TimestampedT], NodeT],
) -> Connection[NodeT]:
    """A page of `query`'s rows, newest first (keyset on created_at, id), as a connection."""
    page = await newest_first_page(
        query, time_field="created_at", first=check_page_size(first, max_page_size), after=decode_cursor(after)
    )
    return build_connection(
        page.rows,
        has_next=page.has_next,
        position=lambda row: Position(at=row.created_at, id=row.id),
        to_node=to_node,
    )
