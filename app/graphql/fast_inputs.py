"""Input types built by a conversion plan compiled once per type, instead of per request.

Strawberry converts each input object by resolving every field's name and type again
(`convert_argument`): 1.0-1.4 ms of a `redeem` with 100 items, half of an `eventsTrack` with 1,000
events. `compile_schema_inputs` sets every input type's `from_input` hook (strawberry's way for an
input type to build its own value) to a function that knows the fields in advance and gives the
same value strawberry would: nested input objects are built the same way, lists element by element,
leaves (scalars, enums, JSON) as graphql-core coerced them, and a nullable field without a default
is None when omitted. tests/graphql/test_conversion_plan.py checks the equality over the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING
from typing import TYPE_CHECKING, Any

from strawberry.relay.types import GlobalID
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryObjectDefinition,
    StrawberryOptional,
    has_object_definition,
)
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

if TYPE_CHECKING:
    from strawberry.schema.name_converter import NameConverter

Convert = Callable[[Any], Any]
Build = Callable[[type, Mapping[str, Any]], Any]


class NotCompilable(Exception):
    """A type whose value strawberry converts in a way the plan does not reproduce."""


def _as_is(value: Any) -> Any:
    return value


def _converter(type_: Any, plans: dict[type, Build], compilable: set[type]) -> Convert:
    if isinstance(type_, LazyType):
        type_ = type_.resolve_type()
    # Maybe wraps values in Some; GlobalID decodes them: neither is in this schema, so left to strawberry.
    if isinstance(type_, StrawberryMaybe) or type_ is GlobalID:
        raise NotCompilable(type_)
    if isinstance(type_, StrawberryOptional):
        return _converter(type_.of_type, plans, compilable)  # None and UNSET pass through every converter
    if isinstance(type_, StrawberryList):
        item = _converter(type_.of_type, plans, compilable)
        if item is _as_is:
            # A copy, as strawberry makes: graphql-core shares one default list between requests.
            return lambda value: value if value is None or value is UNSET else list(value)
        return lambda value: value if value is None or value is UNSET else [item(element) for element in value]
    if has_object_definition(type_):
        if type_ not in compilable:
            raise NotCompilable(type_)
        # Looked up on use: input types may hold each other, even themselves.
        return lambda value: value if value is None or value is UNSET else plans[type_](type_, value)
    return _as_is


def _builder(
    definition: StrawberryObjectDefinition, names: NameConverter, plans: dict[type, Build], compilable: set[type]
) -> Build:
    # Strawberry's implicit None for a nullable field without a default, overwritten when the field is sent.
    implicit = {
        field.python_name: None
        for field in definition.fields
        if field.default_value is MISSING and field.default_factory is MISSING
    }
    fields = [
        (
            names.from_field(field),
            field.python_name,
            _converter(field.resolve_type(type_definition=definition), plans, compilable),
        )
        for field in definition.fields
    ]

    def build(cls: type, value: Mapping[str, Any]) -> Any:
        kwargs = dict(implicit)
        for name, python, convert in fields:
            if name in value:
                kwargs[python] = convert(value[name])
        return cls(**kwargs)

    return build


class _PlanHook:
    """The `from_input` hook that runs a plan; a class so a rebuilt schema knows its own hooks."""

    def __init__(self, build: Build) -> None:
        self.build = build

    def __call__(self, cls: type, value: Mapping[str, Any], context: InputContext) -> Any:
        return self.build(cls, value)


def compile_schema_inputs(definitions: list[StrawberryObjectDefinition], names: NameConverter) -> list[type]:
    """Install the plan on every input type of `definitions` that the plan converts as strawberry does.

    Left to strawberry, each for a reason: a type with its own `from_input` (it may read the path or
    context the plan does not carry), a field of type Maybe or GlobalID, and any type holding one of
    those. Returns the types left to strawberry.
    """
    inputs = {definition.origin: definition for definition in definitions if definition.is_input}
    own_hook = {
        origin
        for origin, definition in inputs.items()
        if definition.from_input is not None and not isinstance(definition.from_input, _PlanHook)
    }
    compilable = set(inputs) - own_hook
    plans: dict[type, Build] = {}
    while True:  # drop the types that hold a type left out, until none is left out
        plans.clear()
        left_out = set()
        for origin in compilable:
            try:
                plans[origin] = _builder(inputs[origin], names, plans, compilable)
            except NotCompilable:
                left_out.add(origin)
        if not left_out:
            break
        compilable -= left_out
    for origin, plan in plans.items():
        inputs[origin].from_input = _PlanHook(plan)
    return sorted(set(inputs) - compilable - own_hook, key=lambda origin: origin.__name__)
