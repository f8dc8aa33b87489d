"""Subscriptions stay authorised: a revoked key hears nothing more and its connection is closed.

Every event is delivered only after the caller's key is looked up again (through the per-process key
cache, so within `API_KEY_CACHE_SECONDS` of a revocation or an assignment change, as for HTTP), and a
watcher closes the WebSocket of a revoked key even when no event flows.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import structlog
from starlette.websockets import WebSocket, WebSocketState

from app.access.services import key_cache
from app.core import pubsub
from app.core.errors import Unauthenticated
from app.graphql.context import Context

REVOKED_CLOSE_CODE = 4403
REVOKED_MESSAGE = "The API key was revoked."
log = structlog.get_logger(__name__)


async def reauthenticate(context: Context) -> None:
    """Refresh the caller's credentials (their scope may have changed); Unauthenticated once revoked."""
    credentials = await key_cache.authenticate(context.token) if context.token else None
    if credentials is None:
        raise Unauthenticated(REVOKED_MESSAGE)
    context.credentials = credentials


async def events(context: Context, name: str) -> AsyncIterator[dict[str, Any]]:
    """Payloads published on the event channel `name`, each only while the caller's key is still valid."""
    async for payload in pubsub.listen(context.redis, context.events.channel(name)):
        await reauthenticate(context)
        yield payload


def watch_connection(context: Context, websocket: WebSocket) -> None:
    """Close `websocket` (code 4403) once the key that opened it is revoked."""
    task = asyncio.create_task(_watch(context, websocket))
    _watchers.add(task)
    task.add_done_callback(_watchers.discard)


_watchers: set[asyncio.Task[None]] = set()


async def _watch(context: Context, websocket: WebSocket) -> None:
    period = max(context.settings.api_key_cache_seconds, 0.1)
    connected = WebSocketState.CONNECTED
    while websocket.application_state is connected and websocket.client_state is connected:
        await asyncio.sleep(period)
        try:
            await reauthenticate(context)
        except Unauthenticated:
            log.info("websocket_closed_revoked_key", key_prefix=context.api_key.prefix if context.api_key else None)
            with contextlib.suppress(RuntimeError):  # already closing
                await websocket.close(code=REVOKED_CLOSE_CODE, reason=REVOKED_MESSAGE)
            return
        except Exception as exc:  # the database is away: keep the connection, try again next period
            log.warning("websocket_key_check_failed", error=str(exc))
