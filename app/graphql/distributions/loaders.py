"""Pages of a distribution's runs and of a run's deliveries: one statement per request for every parent.

A page per parent needs a LATERAL join (a queryset cannot say "the first n of each"): the statement picks
the ids, and `picked` loads the rows through the caller's visibility policy like any other edge. The
loader's name carries the page's arguments, so parents asked with the same arguments share one statement.
"""

from __future__ import annotations

import uuid
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise import connections

from app.core.pagination import Position
from app.distributions.models import Delivery, DeliveryStatus, DistributionRun
from app.graphql.context import Context
from app.graphql.loaders import picked


def runs_page(context: Context, *, first: int, after: Position | None) -> DataLoader[Any, list[DistributionRun]]:
    """Up to `first` + 1 runs per distribution, newest occurrence first, after `after`."""

    async def pick(distribution_ids: list[uuid.UUID]) -> list[Any]:
        parameters: list[Any] = [distribution_ids, first + 1]
        condition = ""
        if after is not None:
            parameters += [after.at, after.id]
            condition = "AND (r.scheduled_for, r.id) < ($3, $4)"
        rows = await connections.get("default").execute_query_dict(
            "SELECT page.id FROM unnest($1::uuid[]) AS d(id) CROSS JOIN LATERAL ("
            f"SELECT r.id FROM distribution_run r WHERE r.distribution_id = d.id {condition} "
            "ORDER BY r.scheduled_for DESC, r.id DESC LIMIT $2) AS page",
            parameters,
        )
        return [row["id"] for row in rows]

    name = f"distribution-runs:{first}:{after}"
    return picked(context, name, pick, DistributionRun, lambda row: row.distribution_id)


def deliveries_page(
    context: Context, *, first: int, after: int | None, status: DeliveryStatus | None
) -> DataLoader[Any, list[Delivery]]:
    """Up to `first` + 1 deliveries per run, in snapshot order (by id), after delivery `after`."""

    async def pick(run_ids: list[uuid.UUID]) -> list[Any]:
        parameters: list[Any] = [run_ids, first + 1]
        conditions = ["x.run_id = r.id"]
        if status is not None:
            parameters.append(status.value)
            conditions.append(f"x.status = ${len(parameters)}")
        if after is not None:
            parameters.append(after)
            conditions.append(f"x.id > ${len(parameters)}")
        rows = await connections.get("default").execute_query_dict(
            "SELECT page.id FROM unnest($1::uuid[]) AS r(id) CROSS JOIN LATERAL ("
            f"SELECT x.id FROM distribution_delivery x WHERE {' AND '.join(conditions)} "
            "ORDER BY x.id LIMIT $2) AS page",
            parameters,
        )
        return [row["id"] for row in rows]

    name = f"run-deliveries:{first}:{after}:{status}"
    return picked(context, name, pick, Delivery, lambda row: row.run_id)
