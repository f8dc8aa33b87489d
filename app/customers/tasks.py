"""arq jobs of the customers domain."""

from __future__ import annotations

import uuid
from typing import Any

from app.customers.importing import run_import


async def import_customers(ctx: dict[str, Any], job_id: str) -> int:
    """Import a CSV of customers (see app.customers.importing)."""
    return await run_import(uuid.UUID(job_id), ctx.get("events"))
