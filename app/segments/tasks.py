"""arq tasks of the segments domain (thin: the work is in `lists`)."""

from __future__ import annotations

import uuid
from typing import Any

from app.segments import lists


async def import_segment_members(ctx: dict[str, Any], job_id: str) -> int:
    """Import a CSV file's customers into a list segment (resumable; see lists.run_import)."""
    return await lists.run_import(uuid.UUID(job_id), ctx.get("events"))
