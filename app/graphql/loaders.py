"""Request-scoped dataloaders: every relation is loaded in one query per request and model.

Every loader filters through the caller's visibility policy (`app.graphql.visibility`), so an edge can
never hand a key a row its root fields would not.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.core.errors import Unauthenticated
from app.graphql.context import Context
from app.graphql.visibility import visible

ModelT = TypeVar("ModelT", bound=Model)


def viewer_of(context: Context) -> Any:
    if context.credentials is None:
        raise Unauthenticated("Send an API key as `Authorization: Bearer <key>`.")
    return context.credentials


def by_id(context: Context, model: type[ModelT]) -> DataLoader[Any, ModelT | None]:
    """The request's loader of `model` rows by primary key (None for ids missing or out of the caller's sight)."""
    name = f"{model.__name__}:id"
    loader = context.loaders.get(name)
    if loader is None:
        viewer = viewer_of(context)

        async def load(ids: Sequence[Any]) -> list[ModelT | None]:
            rows = {row.pk: row for row in await visible(model.filter(pk__in=list(ids)), viewer)}
            return [rows.get(key) for key in ids]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    return loader


def grouped(
    context: Context,
    name: str,
    query: Callable[[list[Any]], QuerySet[ModelT]],
    key: Callable[[ModelT], Any],
) -> DataLoader[Any, list[ModelT]]:
    """The request's loader of the rows `query` selects for many keys at once, grouped by `key(row)`."""
    loader = context.loaders.get(name)
    if loader is None:
        viewer = viewer_of(context)

        async def load(keys: Sequence[Any]) -> list[list[ModelT]]:
            groups: dict[Any, list[ModelT]] = {}
            for row in await visible(query(list(keys)), viewer):
                groups.setdefault(key(row), []).append(row)
            return [groups.get(value, []) for value in keys]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    return loader


def picked(
    context: Context,
    name: str,
    pick: Callable[[list[Any]], Awaitable[list[Any]]],
    model: type[ModelT],
    key: Callable[[ModelT], Any],
) -> DataLoader[Any, list[ModelT]]:
    """The request's loader of the `model` rows whose primary keys `pick(keys)` chooses, grouped by `key(row)`.

    For what a queryset cannot select, such as a keyset page per key (one raw statement with a LATERAL
    join): `pick` chooses the ids, in the order the groups keep, and the rows are then loaded through
    the caller's visibility policy like any other edge.
    """
    loader = context.loaders.get(name)
    if loader is None:
        viewer = viewer_of(context)

        async def load(keys: Sequence[Any]) -> list[list[ModelT]]:
            chosen = await pick(list(keys))
            rank = {pk: position for position, pk in enumerate(chosen)}
            rows = await visible(model.filter(pk__in=chosen), viewer) if chosen else []
            groups: dict[Any, list[ModelT]] = {}
            for row in sorted(rows, key=lambda row: rank[row.pk]):
                groups.setdefault(key(row), []).append(row)
            return [groups.get(value, []) for value in keys]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    return loader
