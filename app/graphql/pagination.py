"""Relay connections with opaque keyset cursors and a bounded page size."""

from __future__ import annotations

import base64
import binascii
import contextlib
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import strawberry

from app.core.bounds import EARLIEST, LATEST, Characters, OutOfBounds, check_string
from app.core.errors import InvalidInput
from app.core.pagination import Position, newest_first_page

MAX_SEQUENCE_ID = 2**63 - 1  # bigint
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


def decode_cursor(cursor: str | None, *, sequence: bool = False) -> Position | None:
    """The position in `cursor`; a malformed cursor is a validation error on `after`.

    `sequence`: the list's rows have bigint ids (ledger rows), not UUIDs.
    """
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, _, key = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise foreign_cursor() from exc
    if sequence:
        with contextlib.suppress(ValueError):
            return Position(at=cursor_instant(at), id=cursor_sequence_id(int(key)))
        raise foreign_cursor()
    return Position(at=cursor_instant(at), id=cursor_key(key))


# A client can send back anything as a cursor: every value read from one is checked like any other input
# before it reaches a query, and anything a cursor the API made could not hold is refused the same way.


def foreign_cursor() -> InvalidInput:
    """The refusal of a cursor the API did not make (forged, damaged, or from another list or ordering)."""
    return InvalidInput("The cursor is not one this API returned.", field="after")


def cursor_instant(value: object) -> datetime:
    """A time read back from a cursor: ISO 8601 with a UTC offset, within the dates the API accepts."""
    try:
        at = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or not EARLIEST <= at <= LATEST:
        raise foreign_cursor()
    return at


def cursor_key(value: object) -> uuid.UUID:
    """An object's id read back from a cursor."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return uuid.UUID(value)
    raise foreign_cursor()


def cursor_text(value: object, *, max_length: int) -> str:
    """A one-line string (a name) read back from a cursor."""
    if not isinstance(value, str):
        raise foreign_cursor()
    try:
        return check_string(value, field="after", max_length=max_length, characters=Characters.LINE)
    except OutOfBounds as exc:
        raise foreign_cursor() from exc


def cursor_sequence_id(value: object) -> int:
    """The id of a row numbered by a PostgreSQL bigint sequence, read back from a cursor."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SEQUENCE_ID:
        raise foreign_cursor()
    return value


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
