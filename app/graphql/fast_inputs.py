"""Input types built by a converter compiled once per type, for arguments that carry many objects.

Strawberry converts each input object by resolving every field's type again (`convert_argument`);
for `eventsTrack` with 1,000 events that was half of the request's CPU time. `compile_inputs` sets the
type's `from_input` hook (strawberry's way for an input type to build its own value) to a function
that knows the fields in advance: nested input objects are built the same way, lists element by
element, and every other value (scalars, enums, JSON) is already what graphql-core coerced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from strawberry.types.arguments import InputContext
from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.lazy_type import LazyType

Convert = Callable[[Any], Any]


def _as_is(value: Any) -> Any:
    return value


def _converter(type_: Any, names: Any) -> Convert:
    if isinstance(type_, LazyType):
        type_ = type_.resolve_type()
    if isinstance(type_, StrawberryOptional):
        inner = _converter(type_.of_type, names)
        return inner if inner is _as_is else (lambda value: None if value is None else inner(value))
    if isinstance(type_, StrawberryList):
        item = _converter(type_.of_type, names)
        return list if item is _as_is else (lambda value: [item(element) for element in value])
    if has_object_definition(type_) and type_.__strawberry_definition__.is_input:
        build = _builder(type_, names)
        return lambda value: build(type_, value)
    return _as_is


def _builder(input_type: type, names: Any) -> Callable[[type, Mapping[str, Any]], Any]:
    definition = input_type.__strawberry_definition__  # type: ignore[attr-defined]
    fields = [
        (names.from_field(field), field.python_name, _converter(field.resolve_type(type_definition=definition), names))
        for field in definition.fields
    ]

    def build(cls: type, value: Mapping[str, Any]) -> Any:
        return cls(**{python: convert(value[name]) for name, python, convert in fields if name in value})

    return build


def _hook(input_type: type) -> Callable[[type, Mapping[str, Any], InputContext], Any]:
    compiled: list[Callable[[type, Mapping[str, Any]], Any]] = []

    def from_input(cls: type, value: Mapping[str, Any], context: InputContext) -> Any:
        if not compiled:  # field types are final once the schema is built, before the first request
            compiled.append(_builder(input_type, context.config.name_converter))
        return compiled[0](cls, value)

    return from_input


def compile_inputs(*input_types: type) -> None:
    """Let strawberry build these input types (and the inputs nested in them) with compiled converters."""
    for input_type in input_types:
        input_type.__strawberry_definition__.from_input = _hook(input_type)  # type: ignore[attr-defined]
