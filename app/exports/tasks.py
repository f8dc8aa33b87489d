"""arq jobs of the exports domain."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.exports import services
from app.settings import Settings, get_settings


def _settings(ctx: dict[str, Any]) -> Settings:
    found = ctx.get("settings")
    return found if isinstance(found, Settings) else get_settings()


async def run_export(ctx: dict[str, Any], job_id: str) -> int:
    """Write an export's CSV file (see app.exports.services)."""
    settings = _settings(ctx)
    return await services.run_export(
        uuid.UUID(job_id),
        directory=settings.exports_path,
        ttl=timedelta(hours=settings.exports_ttl_hours),
        events=ctx.get("events"),
        parts=settings.exports_parallel,
    )


async def delete_expired_exports(ctx: dict[str, Any]) -> int:
    """Cron: delete export files past their expiry."""
    return await services.delete_expired(directory=_settings(ctx).exports_path)
