"""Domain enums exposed in the schema, each value with a description (they show in GraphiQL)."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=type[Enum])


def describe_enum(enum: E, description: str, values: dict[str, str]) -> E:
    """Register a domain enum with strawberry, describing the enum and every one of its values."""
    missing = {member.name for member in enum} ^ set(values)
    if missing:
        raise ValueError(f"{enum.__name__}: describe exactly its values (check {sorted(missing)})")
    registered = strawberry.enum(enum, description=description)
    for value in registered.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]
    return registered
