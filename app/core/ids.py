"""Opaque global ids: `base64url("Type:uuid")`, so clients never build or parse them."""

from __future__ import annotations

import base64
import binascii
import uuid

from app.core.errors import NotFound


def encode_id(type_name: str, value: uuid.UUID | int) -> str:
    """The opaque id of object `value` of GraphQL type `type_name`."""
    raw = f"{type_name}:{value}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def maybe_decode_id(type_name: str, opaque: str) -> uuid.UUID | None:
    """The UUID inside `opaque`, or None for a malformed id or one of another type."""
    try:
        padded = opaque + "=" * (-len(opaque) % 4)
        kind, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind == type_name:
            return uuid.UUID(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    return None


def decode_id(type_name: str, opaque: str, *, field: str = "id") -> uuid.UUID:
    """The UUID inside `opaque`; a malformed id or one of another type is simply not found."""
    decoded = maybe_decode_id(type_name, opaque)
    if decoded is None:
        raise NotFound(f"No {type_name} has id {opaque!r}.", field=field)
    return decoded
