"""The schema documents itself (GraphiQL shows these descriptions) and is committed up to date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    InputObjectTypeDefinitionNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    TypeNode,
    parse,
)

from app.graphql.schema import build_schema

BUILT_IN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def test_every_type_field_argument_and_enum_value_has_a_description() -> None:
    missing: list[str] = []
    for name, graphql_type in build_schema()._schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN_SCALARS:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                missing.extend(
                    f"{name}.{field_name}({arg_name})" for arg_name, arg in field.args.items() if not arg.description
                )
        elif isinstance(graphql_type, GraphQLInputObjectType):
            missing.extend(
                f"{name}.{field_name}" for field_name, field in graphql_type.fields.items() if not field.description
            )
        elif isinstance(graphql_type, GraphQLEnumType):
            missing.extend(f"{name}.{value}" for value, item in graphql_type.values.items() if not item.description)
        else:
            assert isinstance(graphql_type, GraphQLUnionType | GraphQLScalarType)
    assert missing == []


def test_committed_schema_matches_the_code(project_root: Path) -> None:
    assert (project_root / "schema.graphql").read_text() == build_schema().as_str() + "\n"


def test_every_string_and_number_a_client_sends_has_a_declared_bound(project_root: Path) -> None:
    """Each String, Int and Float argument or input field carries @constraint (IDs, dates, JSON and Amount
    have intrinsic bounds); the description repeats it for GraphiQL. The schema build itself refuses a
    missing bound, so this also guards the committed SDL."""
    document = parse((project_root / "schema.graphql").read_text())
    unbounded: list[str] = []

    def check(where: str, type_node: TypeNode, directives: Any, description: Any) -> None:
        while isinstance(type_node, NonNullTypeNode | ListTypeNode):
            type_node = type_node.type
        assert isinstance(type_node, NamedTypeNode)
        if type_node.name.value not in {"String", "Int", "Float"}:
            return
        if not any(directive.name.value == "constraint" for directive in directives):
            unbounded.append(where)
        elif description is None or "Bounds:" not in description.value:
            unbounded.append(f"{where} (description)")

    for definition in document.definitions:
        if isinstance(definition, InputObjectTypeDefinitionNode):
            for field in definition.fields or ():
                check(f"{definition.name.value}.{field.name.value}", field.type, field.directives, field.description)
        elif isinstance(definition, ObjectTypeDefinitionNode):
            for field in definition.fields or ():
                for argument in field.arguments or ():
                    where = f"{definition.name.value}.{field.name.value}({argument.name.value})"
                    check(where, argument.type, argument.directives, argument.description)
    assert unbounded == []
