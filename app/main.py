"""The ASGI application: /graphql (HTTP + WebSocket, GraphiQL), /console, /healthz, /metrics, /static, /favicon.ico,
/exports/{id}/download."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from app.access.origins import origin_registry
from app.access.services import key_cache
from app.campaigns import cache as campaign_cache
from app.console import console_routes
from app.core.db import close_db, init_db
from app.core.logging import configure_logging
from app.core.redis import connect_redis
from app.cors import ApiCORSMiddleware
from app.exports.download import download_export
from app.geofences.services import follow_changes
from app.graphql.schema import build_schema
from app.graphql.view import GraphQLView
from app.health import healthz, metrics
from app.http_errors import http_exception_handler, unhandled_exception_handler
from app.settings import Settings, get_settings

STATIC_DIR = Path(__file__).parent / "static"
FAVICON_CACHE_SECONDS = 86_400


async def favicon(request: Request) -> FileResponse:
    """The icon browsers ask for on every page (GraphiQL's too)."""
    headers = {"Cache-Control": f"public, max-age={FAVICON_CACHE_SECONDS}"}
    return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon", headers=headers)


def create_app(settings: Settings | None = None) -> Starlette:
    """The application for `settings` (by default, the environment's)."""
    settings = settings or get_settings()
    if settings.database_url is None or settings.redis_url is None:
        raise RuntimeError("DATABASE_URL and REDIS_URL must be set; `promo run` starts embedded servers and sets them.")
    database_url, redis_url = settings.database_url, settings.redis_url
    redis = connect_redis(redis_url)
    view = GraphQLView(build_schema(settings), settings, redis)
    key_cache.ttl = settings.api_key_cache_seconds
    origin_registry.ttl = settings.api_key_cache_seconds

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        configure_logging(level=settings.log_level, json=settings.log_json)
        await init_db(database_url, pool_min=settings.db_pool_min, pool_max=settings.db_pool_max)
        # Everything loaded so far lives as long as the process: keep it out of the collector's
        # full passes, which otherwise pause the server for tens of milliseconds.
        gc.collect()
        gc.freeze()
        following = [
            asyncio.create_task(follow_changes(view.events)),
            asyncio.create_task(campaign_cache.follow_changes(view.events)),
        ]
        try:
            yield
        finally:
            for task in following:
                task.cancel()
            for task in following:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await close_db()
            await redis.aclose()

    app = Starlette(
        routes=[
            Route("/", lambda request: RedirectResponse("/graphql")),
            Route("/graphql", view),  # every method: the view answers the others with a JSON 405
            WebSocketRoute("/graphql", view),
            *console_routes(),
            Route("/healthz", healthz),
            Route("/metrics", metrics),
            Route("/favicon.ico", favicon),
            Route("/exports/{export_id}/download", download_export),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        exception_handlers={HTTPException: http_exception_handler, Exception: unhandled_exception_handler},
        middleware=[Middleware(ApiCORSMiddleware, configured=settings.cors_origins, registry=origin_registry)],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.redis = redis
    return app
