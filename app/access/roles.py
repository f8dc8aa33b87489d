"""The roles an API key carries, apart from the models so the `promo` command can offer them cheaply."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a key may do. MANAGER and STORE keys always work inside their assignments (areas, stores)."""

    ADMIN = "ADMIN"
    VIEWER = "VIEWER"
    MANAGER = "MANAGER"
    STORE = "STORE"
    INGEST = "INGEST"
    CLIENT = "CLIENT"  # shipped inside a web or mobile app: public, origin-bound, rate-limited
