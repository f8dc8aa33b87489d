"""Export inputs."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.graphql.constraints import Line
from app.graphql.exports.types import ExportObject

MAX_FIELDS = 50


@strawberry.input(description="Which rows an export holds (all the key sees by default).")
class ExportFilterInput:
    campaign: strawberry.ID | None = strawberry.field(
        default=None, description="Only rows of this campaign (its codes, publications, redemptions, …; not EVENTS)."
    )
    created_from: datetime | None = strawberry.field(
        default=None, description="Only rows created at or after this instant (EVENTS: occurred)."
    )
    created_to: datetime | None = strawberry.field(
        default=None, description="Only rows created before this instant (EVENTS: occurred)."
    )


@strawberry.input(description="A CSV export to write in the background.")
class ExportCreateInput:
    object: ExportObject = strawberry.field(description="What to list.")
    filter: ExportFilterInput | None = strawberry.field(default=None, description="Which rows.")
    fields: list[str] | None = strawberry.field(
        default=None,
        description="Columns, in file order (default: all of the object's columns).",
        directives=[Line(64, min_length=1, max_items=MAX_FIELDS)],
    )
