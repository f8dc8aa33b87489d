"""The console: one HTML shell per page under /console; its ES modules and vendored assets are static files."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse
from starlette.routing import BaseRoute, Route

CONSOLE_DIR = Path(__file__).parent / "static" / "console"
PAGES = {"map": "map.html", "campaigns": "campaigns.html"}

# Everything the pages load comes from this app: scripts, styles, the world outlines, the API (HTTP and
# WebSocket). Images may be data: URIs (the draw plugin's icons).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


async def console_page(request: Request) -> FileResponse:
    """A page's HTML shell, under a policy that allows nothing from elsewhere."""
    page = PAGES.get(request.path_params["page"])
    if page is None:
        raise HTTPException(404, "No such console page: /console/map and /console/campaigns exist.")
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    return FileResponse(CONSOLE_DIR / page, media_type="text/html; charset=utf-8", headers=headers)


def console_routes() -> list[BaseRoute]:
    """/console (to the map) and /console/{page}."""
    return [
        Route("/console", lambda request: RedirectResponse("/console/map")),
        Route("/console/{page}", console_page),
    ]
