"""API key material: random secrets with a visible prefix, stored only as a SHA-256 digest.

SHA-256 (not a slow password hash) is right here: the secret has 192 random bits, so it cannot be
guessed from its digest, and a lookup by digest stays one indexed query per request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

KEY_SCHEME = "promo"
PREFIX_BYTES = 4
SECRET_BYTES = 24


@dataclass(frozen=True)
class GeneratedKey:
    """A new key: `plaintext` is shown once; only `prefix` and `digest` are stored."""

    plaintext: str
    prefix: str
    digest: str


def digest_key(plaintext: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def generate_key() -> GeneratedKey:
    """A fresh key like `promo_1a2b3c4d_<32 url-safe characters>`."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    plaintext = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return GeneratedKey(plaintext=plaintext, prefix=f"{KEY_SCHEME}_{prefix}", digest=digest_key(plaintext))


def visible_prefix(plaintext: str) -> str:
    """The non-secret part of a key, safe to log (empty when it is not shaped like one of ours)."""
    parts = plaintext.split("_")
    if len(parts) >= 3 and parts[0] == KEY_SCHEME:
        return f"{parts[0]}_{parts[1]}"
    return ""


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
