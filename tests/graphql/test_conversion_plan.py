"""The compiled conversion plan (app/graphql/fast_inputs.py) builds the same arguments as strawberry's own
`convert_arguments`, for every argument of every field of the schema, over values graphql-core could coerce.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strawberry.types.arguments import StrawberryArgument, convert_arguments
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.unset import UNSET

from app.graphql.fast_inputs import _PlanHook
from app.graphql.schema import PromoSchema, build_schema

SCHEMA = build_schema()
MAX_DEPTH = 4  # the rule inputs nest themselves; deeper trees add no new shape
LEAVES = st.one_of(st.integers(), st.text(max_size=3), st.booleans(), st.floats(allow_nan=False))


def _input_definitions(schema: PromoSchema) -> list[StrawberryObjectDefinition]:
    return [
        concrete.definition
        for concrete in schema.schema_converter.type_map.values()
        if isinstance(concrete.definition, StrawberryObjectDefinition) and concrete.definition.is_input
    ]


def _field_arguments(schema: PromoSchema) -> list[tuple[str, list[StrawberryArgument], dict[str, GraphQLInputType]]]:
    """(Type.field, its strawberry arguments, their GraphQL types by name) for every field that takes arguments."""
    names = schema.config.name_converter
    calls = []
    for type_name, concrete in schema.schema_converter.type_map.items():
        definition = concrete.definition
        if not isinstance(definition, StrawberryObjectDefinition) or definition.is_input:
            continue
        graphql_type = schema._schema.get_type(type_name)
        assert isinstance(graphql_type, (GraphQLObjectType, GraphQLInterfaceType))
        for field in definition.fields:
            if field.arguments:
                graphql_field = graphql_type.fields[names.from_field(field)]
                types = {name: argument.type for name, argument in graphql_field.args.items()}
                calls.append((f"{type_name}.{names.from_field(field)}", field.arguments, types))
    return calls


CALLS = _field_arguments(SCHEMA)


def _coerced(type_: GraphQLInputType, depth: int) -> st.SearchStrategy[Any]:
    """Values graphql-core could hand over for `type_`: null where nullable, dicts by GraphQL field name."""
    if isinstance(type_, GraphQLNonNull):
        return _non_null(type_.of_type, depth)
    if depth >= MAX_DEPTH:
        return st.none()
    return st.one_of(st.none(), _non_null(type_, depth))


def _non_null(type_: Any, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(type_, GraphQLList):
        return st.lists(_coerced(type_.of_type, depth + 1), max_size=0 if depth >= MAX_DEPTH else 3)
    if isinstance(type_, GraphQLEnumType):
        return st.sampled_from([value.value for value in type_.values.values()])
    if isinstance(type_, GraphQLInputObjectType):
        return _object(type_, depth)
    return LEAVES


def _object(type_: GraphQLInputObjectType, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    required = {name: _coerced(field.type, depth + 1) for name, field in type_.fields.items() if _is_required(field)}
    optional = {
        name: _coerced(field.type, depth + 1) for name, field in type_.fields.items() if not _is_required(field)
    }
    return st.fixed_dictionaries(required, optional=optional)


def _is_required(field: Any) -> bool:
    return isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined


def _arguments(types: dict[str, GraphQLInputType]) -> st.SearchStrategy[dict[str, Any]]:
    required = {name: _coerced(type_, 0) for name, type_ in types.items() if isinstance(type_, GraphQLNonNull)}
    optional = {name: _coerced(type_, 0) for name, type_ in types.items() if not isinstance(type_, GraphQLNonNull)}
    return st.fixed_dictionaries(required, optional=optional)


@contextmanager
def _strawberry_only() -> Iterator[None]:
    """Strawberry's own conversion: the plan's hooks taken off, put back after."""
    hooks = {definition: definition.from_input for definition in _input_definitions(SCHEMA)}
    for definition in hooks:
        definition.from_input = None
    try:
        yield
    finally:
        for definition, hook in hooks.items():
            definition.from_input = hook


def _assert_same(plan: Any, reference: Any, where: str) -> None:
    assert type(plan) is type(reference), where
    if dataclasses.is_dataclass(reference):
        for field in dataclasses.fields(reference):
            _assert_same(getattr(plan, field.name), getattr(reference, field.name), f"{where}.{field.name}")
    elif isinstance(reference, list):
        assert len(plan) == len(reference), where
        for index, (plan_item, reference_item) in enumerate(zip(plan, reference, strict=True)):
            _assert_same(plan_item, reference_item, f"{where}[{index}]")
    elif reference is UNSET or reference is None:
        assert plan is reference, where
    else:
        assert plan == reference, where


def _convert(arguments: list[StrawberryArgument], value: dict[str, Any]) -> dict[str, Any]:
    return convert_arguments(value, arguments, SCHEMA.schema_converter.scalar_registry, SCHEMA.config)


def test_every_input_type_has_the_plan() -> None:
    definitions = _input_definitions(SCHEMA)
    assert definitions
    assert SCHEMA.inputs_left_to_strawberry == []
    assert all(isinstance(definition.from_input, _PlanHook) for definition in definitions)


def test_the_schema_has_arguments_of_input_types() -> None:
    # Guards the property below against walking nothing.
    assert len(CALLS) > 50
    assert any(isinstance(_named(type_), GraphQLInputObjectType) for _, _, types in CALLS for type_ in types.values())


def _named(type_: Any) -> Any:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_plan_converts_every_argument_as_strawberry_does(data: st.DataObject) -> None:
    for where, arguments, types in CALLS:
        value = data.draw(_arguments(types), label=where)
        plan = _convert(arguments, value)
        with _strawberry_only():
            reference = _convert(arguments, value)
        assert plan.keys() == reference.keys(), where
        for name in reference:
            _assert_same(plan[name], reference[name], f"{where}({name})")
        # Lists are copies, as strawberry makes: graphql-core hands every request the same default list.
        assert not _lists(plan) & _lists(value), where


def _lists(value: Any) -> set[int]:
    """Ids of the lists in `value`, however deep."""
    if isinstance(value, list):
        return {id(value)}.union(*(_lists(item) for item in value))
    if isinstance(value, dict):
        return set().union(*(_lists(item) for item in value.values()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return set().union(*(_lists(getattr(value, field.name)) for field in dataclasses.fields(value)))
    return set()
