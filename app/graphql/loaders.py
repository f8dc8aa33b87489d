"""Request-scoped dataloaders: every relation is loaded in one query per request and model."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import (
    Any,
    TypeVar,
)

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from app.graphql.context import Context

ModelT = TypeVar("ModelT", bound=Model)


def by_id(context: Context, model: type[ModelT]) -> DataLoader[Any, ModelT | None]:
    """The request's loader of `model` rows by primary key (None for ids that do not exist)."""
    name = f"{model.__name__}:id"
    loader = context.loaders.get(name)
    if loader is None:

        async def load(ids: Sequence[Any]) -> list[ModelT | None]:
            rows = {row.pk: row for row in await model.filter(id__in=list(ids))}
            return [rows.get(key) for key in ids]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    return loader


def grouped(
    context: Context,
    name: str,
    fetch: Callable[[list[Any]], Awaitable[Sequence[ModelT]]],
    key: Callable[[ModelT], Any],
) -> DataLoader[Any, list[ModelT]]:
    """The request's loader of the rows `fetch` returns for many keys at once, grouped by `key(row)`."""
    loader = context.loaders.get(name)
    if loader is None:

        async def load(keys: Sequence[Any]) -> list[list[ModelT]]:
            groups: dict[Any, list[ModelT]] = {}
            for row in await fetch(list(keys)):
                groups.setdefault(key(row), []).append(row)
            return [groups.get(value, []) for value in keys]

        loader = DataLoader(load_fn=load)
        context.loaders[name] = loader
    return loader
