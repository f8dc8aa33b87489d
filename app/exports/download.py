"""GET /exports/{id}/download: an export's CSV file, for the key that may see it (Bearer, like /graphql)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from app.access.services import key_cache
from app.core.errors import NotFound
from app.core.ids import decode_id
from app.core.secrets import bearer_token
from app.exports import services
from app.http_errors import ErrorResponse
from app.settings import Settings

AUTH_HELP = "Send the API key that made the export as `Authorization: Bearer <key>`."


def download_url(base_url: str, export_id: str) -> str:
    return f"{base_url.rstrip('/')}/exports/{export_id}/download"


async def download_export(request: Request) -> Response:
    """Stream the file (Starlette reads it in chunks); 404 for unknown, unfinished, foreign or expired exports."""
    authorization = request.headers.get("authorization")
    token = bearer_token(authorization)
    credentials = await key_cache.authenticate(token) if token else None
    if credentials is None:
        message = "The API key is invalid or revoked." if authorization else AUTH_HELP
        return ErrorResponse(401, "UNAUTHENTICATED", message, {"WWW-Authenticate": "Bearer"})
    settings: Settings = request.app.state.settings
    opaque = request.path_params["export_id"]
    try:
        export, path = await services.downloadable(
            export_id=decode_id("Export", opaque), credentials=credentials, directory=settings.exports_path
        )
    except NotFound as exc:
        return ErrorResponse(404, "NOT_FOUND", exc.message)
    name = f"{export.object.value.lower()}-{export.created_at:%Y%m%d-%H%M%S}.csv"
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=name)
