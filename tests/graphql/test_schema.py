"""The schema documents itself (GraphiQL shows these descriptions) and is committed up to date."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
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
