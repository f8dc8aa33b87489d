"""Browser origins of CLIENT keys: their syntax, and the set CORS preflights are answered for.

An origin is `scheme://host[:port]` exactly as a browser sends it in the `Origin` header: http or
https, a lower-case host, no path, query, user or wildcard, and no default port (a browser never
sends `:443` on https). See docs/adr/0021-browser-and-mobile-client-keys.md.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from app.access.models import ApiKey, Role
from app.core.errors import InvalidInput

MAX_ORIGINS = 20
MAX_ORIGIN_LENGTH = 200
DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_origin(origin: str, *, field: str) -> str:
    """`origin` in the form browsers send it, or InvalidInput saying what is wrong with it."""
    text = origin.strip()
    if len(text) > MAX_ORIGIN_LENGTH:
        raise InvalidInput(f"An origin has at most {MAX_ORIGIN_LENGTH} characters.", field=field)
    if "*" in text:
        raise InvalidInput(f"{text!r}: wildcards are not allowed; list each origin.", field=field)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not an origin: {exc}.", field=field) from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidInput(f"{text!r}: an origin starts with http:// or https://.", field=field)
    if not parts.hostname:
        raise InvalidInput(f"{text!r} has no host.", field=field)
    if parts.username is not None or parts.password is not None:
        raise InvalidInput(f"{text!r}: an origin has no user or password.", field=field)
    if parts.path not in {"", "/"} or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise InvalidInput(f"{text!r}: an origin is scheme://host[:port], without a path or query.", field=field)
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    shown_port = "" if port is None or port == DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{host}{shown_port}"


def clean_origins(origins: Iterable[str], *, field: str) -> list[str]:
    """Distinct cleaned origins, in the order given."""
    cleaned = list(dict.fromkeys(clean_origin(origin, field=field) for origin in origins))
    if len(cleaned) > MAX_ORIGINS:
        raise InvalidInput(f"A key takes at most {MAX_ORIGINS} origins.", field=field)
    return cleaned


class OriginRegistry:
    """The origins of active CLIENT keys, which CORS preflights are answered for (with CORS_ORIGINS).

    Preflight requests carry no API key, so they are answered for the union of all keys' origins;
    the real request then checks the key's own list. The keys' origins are read again at most every
    `ttl` seconds (the key cache's bound on how long a revoked key keeps working).
    """

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._keys: frozenset[str] = frozenset()
        self._expires_at = 0.0
        self._refreshing: asyncio.Future[frozenset[str]] | None = None

    def forget(self) -> None:
        self._expires_at = 0.0

    def allows(self, origin: str) -> bool:
        return origin in self._keys

    async def refresh(self) -> None:
        """Reload the keys' origins if the cached set is older than `ttl` (one query for concurrent callers)."""
        if time.monotonic() < self._expires_at:
            return
        if self._refreshing is None:
            self._refreshing = asyncio.ensure_future(_client_key_origins())
            self._refreshing.add_done_callback(self._refreshed)
        self._keys = await asyncio.shield(self._refreshing)

    def _refreshed(self, future: asyncio.Future[frozenset[str]]) -> None:
        self._refreshing = None
        if not future.cancelled() and future.exception() is None:
            self._expires_at = time.monotonic() + self.ttl


async def _client_key_origins() -> frozenset[str]:
    rows = await ApiKey.filter(role=Role.CLIENT, revoked_at__isnull=True).values_list("allowed_origins", flat=True)
    return frozenset(origin for origins in rows for origin in origins)


origin_registry = OriginRegistry(ttl=0.5)  # create_app sets the ttl from the settings
