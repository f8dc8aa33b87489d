"""Stacking categories: create, change, delete, list."""

from __future__ import annotations

import uuid

from tortoise.exceptions import IntegrityError

from app.campaigns.exceptions import (
    CategoryInUse,
    CategoryNameTaken,
    CategoryNotFound,
)
from app.campaigns.models import (
    Campaign,
    Category,
    StackingType,
)
from app.campaigns.validation import (
    CATEGORY_NAME_MAX_LENGTH,
    clean_name,
)
from app.core.errors import InvalidInput


async def create_category(*, name: str, hierarchy: int, stacking_type: StackingType) -> Category:
    """A new stacking category."""
    if hierarchy < 0:
        raise InvalidInput("The hierarchy must be 0 or more.", field="hierarchy")
    cleaned = clean_name(name, max_length=CATEGORY_NAME_MAX_LENGTH)
    if await Category.filter(name=cleaned).exists():
        raise CategoryNameTaken(f"A category is already named {cleaned!r}.", field="name")
    try:
        return await Category.create(name=cleaned, hierarchy=hierarchy, stacking_type=stacking_type)
    except IntegrityError as exc:
        raise CategoryNameTaken(f"A category is already named {cleaned!r}.", field="name") from exc


async def get_category(*, category_id: uuid.UUID, field: str = "id") -> Category:
    category = await Category.get_or_none(id=category_id)
    if category is None:
        raise CategoryNotFound(f"No category has id {category_id}.", field=field)
    return category


async def update_category(
    *,
    category_id: uuid.UUID,
    name: str | None = None,
    hierarchy: int | None = None,
    stacking_type: StackingType | None = None,
) -> Category:
    """Change a category's name, hierarchy or stacking type."""
    category = await get_category(category_id=category_id)
    if name is not None:
        cleaned = clean_name(name, max_length=CATEGORY_NAME_MAX_LENGTH)
        if await Category.filter(name=cleaned).exclude(id=category_id).exists():
            raise CategoryNameTaken(f"A category is already named {cleaned!r}.", field="name")
        category.name = cleaned
    if hierarchy is not None:
        if hierarchy < 0:
            raise InvalidInput("The hierarchy must be 0 or more.", field="hierarchy")
        category.hierarchy = hierarchy
    if stacking_type is not None:
        category.stacking_type = stacking_type
    await category.save()
    return category


async def delete_category(*, category_id: uuid.UUID) -> Category:
    """Delete a category no campaign uses."""
    category = await get_category(category_id=category_id)
    in_use = await Campaign.filter(category_id=category_id).count()
    if in_use:
        raise CategoryInUse(f"{in_use} campaign(s) still use this category.", field="id")
    await category.delete()
    return category


async def list_categories() -> list[Category]:
    """Every category, in the order the stacking engine applies them."""
    return await Category.all().order_by("hierarchy", "name")
