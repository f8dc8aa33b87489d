"""The bounds an argument or input field declares: the `@constraint` directive and shared bounds.

Declared here, enforced by `app.graphql.bounds` (see docs/adr/0009-bounds-at-the-boundary.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.schema_directive import Location

from app.core.bounds import MAX_AMOUNT, MAX_JSON_BYTES, MAX_JSON_DEPTH, Characters
from app.graphql.enums import describe_enum

describe_enum(
    Characters,
    "Characters a string may hold.",
    {
        "TEXT": "Free text: any printable character, tabs and line breaks (no NUL or other control characters).",
        "LINE": "One line: printable characters, no tab, line break or bidirectional override.",
        "CODE": "A code: letters, marks and digits of any script and printable ASCII symbols; no spaces or "
        "invisible characters.",
    },
)


@strawberry.schema_directive(
    locations=[Location.ARGUMENT_DEFINITION, Location.INPUT_FIELD_DEFINITION],
    name="constraint",
    description="Bounds the API checks before anything runs; a value outside them is refused, naming its field.",
)
class Constraint:
    # UNSET (not None) by default: the SDL then shows only the bounds a field declares.
    min_length: int | None = strawberry.UNSET
    max_length: int | None = strawberry.UNSET
    characters: Characters | None = strawberry.UNSET
    min: float | None = strawberry.UNSET
    max: float | None = strawberry.UNSET
    max_items: int | None = strawberry.UNSET
    max_bytes: int | None = strawberry.UNSET
    max_depth: int | None = strawberry.UNSET

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if value is None:
                setattr(self, name, strawberry.UNSET)


def Line(max_length: int, *, min_length: int = 0, max_items: int | None = None) -> Constraint:
    """One line of at most `max_length` characters (names, ids, keys)."""
    return Constraint(
        min_length=min_length or None, max_length=max_length, characters=Characters.LINE, max_items=max_items
    )


def Text(max_length: int) -> Constraint:
    """Free text for people, line breaks allowed."""
    return Constraint(max_length=max_length, characters=Characters.TEXT)


def CodeString(max_length: int, *, max_items: int | None = None) -> Constraint:
    """A code as customers type it (surrounding spaces are ignored)."""
    return Constraint(max_length=max_length, characters=Characters.CODE, max_items=max_items)


def Range(minimum: float, maximum: float) -> Constraint:
    """A number within [minimum, maximum]."""
    return Constraint(min=minimum, max=maximum)


def Items(max_items: int) -> Constraint:
    """A list of at most `max_items` entries."""
    return Constraint(max_items=max_items)


def Json(*, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Constraint:
    """A JSON value of at most `max_bytes` (encoded) and `max_depth` levels."""
    return Constraint(max_bytes=max_bytes, max_depth=max_depth)


# The bounds most inputs share, so one kind of value has one bound everywhere.
PAGE_SIZE = Range(1, 1000)  # the configured MAX_PAGE_SIZE (≤ 1000) is checked by each connection
# At least the longest cursor the API hands out: campaigns by name, a 200-character name of up to 4 UTF-8
# bytes each and an id, as JSON (~870 bytes) in base64 (4 characters per 3 bytes).
CURSOR = Line(1200)
NON_NEGATIVE_AMOUNT = Range(0, MAX_AMOUNT)
POINTS = Range(1, MAX_AMOUNT)
SIGNED_POINTS = Range(-MAX_AMOUNT, MAX_AMOUNT)
COUNT = Range(0, 1_000_000_000)
QUANTITY = Range(1, 1_000_000)
VERSION = Range(1, 2**31 - 1)
HIERARCHY = Range(0, 1_000_000)
LATITUDE = Range(-90, 90)
LONGITUDE = Range(-180, 180)
NAME = Line(200)
DESCRIPTION = Text(2000)
CURRENCY = Line(8)
TIME_ZONE = Line(64)
EMAIL = Line(320)
PHONE = Line(50)
CHANNEL = Line(50)
SOURCE_ID = Line(200)
ORIGINS = Line(200, max_items=20)
IDEMPOTENCY_KEY = Line(200)
CODE = CodeString(100)
PRODUCT = Line(200)
PRODUCTS = Line(200, max_items=1000)
METADATA = Json()
RULES = Json(max_bytes=65_536, max_depth=12)


def constraint_of(directives: Iterable[object]) -> Constraint | None:
    return next((directive for directive in directives if isinstance(directive, Constraint)), None)


def given(value: Any) -> Any:
    """A directive argument's value, or None when the field did not declare it."""
    return None if value is strawberry.UNSET else value


def describe(constraint: Constraint) -> str:
    """The bound as a sentence for descriptions (GraphiQL shows descriptions, not directives)."""
    parts = []
    max_length, low = given(constraint.max_length), given(constraint.min_length)
    if max_length is not None:
        parts.append(f"{low}–{max_length} characters" if low else f"≤ {max_length} characters")
    characters = given(constraint.characters)
    if characters is not None:
        parts.append({"TEXT": "free text", "LINE": "one line", "CODE": "code alphabet"}[characters.value])
    minimum, maximum = given(constraint.min), given(constraint.max)
    if minimum is not None or maximum is not None:
        parts.append(f"{_number(minimum)} to {_number(maximum)}")
    if given(constraint.max_items) is not None:
        parts.append(f"≤ {constraint.max_items} items")
    if given(constraint.max_bytes) is not None:
        parts.append(
            f"≤ {constraint.max_bytes} bytes of JSON, ≤ {given(constraint.max_depth) or MAX_JSON_DEPTH} levels"
        )
    return "Bounds: " + ", ".join(parts) + "."


def _number(value: float | None) -> str:
    if value is None:
        return "any"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"
