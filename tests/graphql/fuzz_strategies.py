"""Hypothesis strategies for requests over the whole schema: documents with literal arguments
(hypothesis-graphql), and one operation per root field whose arguments are variables, either generated from
their types or mutated from a valid call (`fuzz_seeds`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from tests.graphql.fuzz_values import (
    BROKEN_DATES,
    BROKEN_DATETIMES,
    HUGE_INTEGERS,
    NEARLY_A_MEGABYTE,
    OVER_A_MEGABYTE,
    Fresh,
    Pool,
    amounts,
    dates,
    datetimes,
    floats,
    ids,
    ints,
    json_leaves,
    json_values,
    mostly,
    strings,
)

# GraphQL value nodes (literals in documents) -------------------------------------------------------------------


def literal(value: Any) -> graphql.ValueNode:
    """A JSON-like Python value as a GraphQL literal."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([literal(item) for item in value])
    fields = [
        graphql.ObjectFieldNode(name=graphql.NameNode(value=key), value=literal(item)) for key, item in value.items()
    ]
    return nodes.Object(fields)


def _names_only(value: Any) -> bool:
    """Whether every object key in `value` can be written in a GraphQL literal (keys there are names)."""
    if isinstance(value, dict):
        return all(key.isidentifier() and key.isascii() and _names_only(item) for key, item in value.items())
    return all(_names_only(item) for item in value) if isinstance(value, list) else True


def custom_scalars(pool: Pool) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Literal strategies for every scalar of the schema (built-in ones too: theirs are mostly noise)."""
    json_keys = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,8}\Z")
    json_literals = st.one_of(
        json_values(pool).filter(_names_only), st.dictionaries(json_keys, json_leaves(pool), max_size=3)
    )
    return {
        "ID": ids(pool).map(nodes.String),
        "String": strings(pool).map(nodes.String),
        "Int": ints().map(nodes.Int),
        "Float": floats().map(nodes.Float),
        "Amount": amounts().map(nodes.Int),
        "Date": mostly(dates(), st.sampled_from(BROKEN_DATES)).map(nodes.String),
        "DateTime": mostly(datetimes(), st.sampled_from(BROKEN_DATETIMES)).map(nodes.String),
        "JSON": json_literals.map(literal),
        "Upload": strings(pool).map(nodes.String),  # a file in a JSON request: only multipart sends files
    }


SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def committed_schema() -> graphql.GraphQLSchema:
    """The schema as clients see it, from the committed SDL (the schema check keeps it current): unlike the
    schema strawberry builds, it carries every `@constraint` on its fields."""
    return graphql.build_schema(SCHEMA_FILE.read_text())


def roots(schema: graphql.GraphQLSchema) -> tuple[tuple[str, graphql.GraphQLObjectType], ...]:
    query, mutation = schema.query_type, schema.mutation_type
    assert query is not None
    assert mutation is not None
    return (("query", query), ("mutation", mutation))


def documents(schema: graphql.GraphQLSchema, pool: Pool) -> st.SearchStrategy[str]:
    """Queries and mutations over every root field; one in ten breaks the schema on purpose."""
    scalars = custom_scalars(pool)
    valid = from_schema(schema, custom_scalars=scalars)
    broken = from_schema(schema, custom_scalars=scalars, mode=Mode.NEGATIVE)
    return st.one_of(*[valid] * 9, broken)


# One operation per root field, arguments as variables ----------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    """A document calling one root field with every argument as a variable."""

    field: str
    document: str
    arguments: dict[str, graphql.GraphQLArgument]


def _selection(output: graphql.GraphQLOutputType, depth: int = 0) -> str:
    named = graphql.get_named_type(output)
    if isinstance(named, graphql.GraphQLScalarType | graphql.GraphQLEnumType):
        return ""
    if isinstance(named, graphql.GraphQLUnionType):
        members = " ".join(f"... on {member.name} {_selection(member, depth)}" for member in named.types)
        return "{ __typename " + members + " }"
    assert isinstance(named, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType)
    parts = ["__typename"]
    for name, field in named.fields.items():
        if any(isinstance(argument.type, graphql.GraphQLNonNull) for argument in field.args.values()):
            continue
        leaf = isinstance(graphql.get_named_type(field.type), graphql.GraphQLScalarType | graphql.GraphQLEnumType)
        if leaf:
            parts.append(name)
        elif depth < 2:
            parts.append(f"{name} {_selection(field.type, depth + 1)}")
    return "{ " + " ".join(parts) + " }"


def operations(schema: graphql.GraphQLSchema) -> list[Operation]:
    """One operation per root query and mutation field."""
    found = []
    for keyword, root in roots(schema):
        for name, field in root.fields.items():
            declared = ", ".join(f"${arg}: {argument.type}" for arg, argument in field.args.items())
            passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
            call = f"{name}({passed})" if passed else name
            header = f"{keyword} Fuzz({declared})" if declared else keyword
            found.append(Operation(name, f"{header} {{ {call} {_selection(field.type)} }}", dict(field.args)))
    return found


class Variables:
    """Type-directed variable values: JSON-shaped, with hostile leaves."""

    def __init__(self, pool: Pool) -> None:
        self.objects: dict[str, st.SearchStrategy[dict[str, Any]]] = {}
        huge_strings = st.sampled_from((NEARLY_A_MEGABYTE, OVER_A_MEGABYTE, "\ud800", "lone \udfff surrogate"))
        self.leaves: dict[str, st.SearchStrategy[Any]] = {
            "String": mostly(strings(pool), huge_strings),
            "ID": mostly(ids(pool), huge_strings),
            "Int": mostly(ints(), st.sampled_from((*HUGE_INTEGERS, 1.5, "1", True))),
            "Float": mostly(floats(), st.sampled_from((10**30, "1.0", False))),
            "Amount": mostly(amounts(), st.sampled_from((1.5, 1e20, "100", True, -0.0))),
            "Date": mostly(dates(), st.sampled_from((*BROKEN_DATES, 20300101))),
            "DateTime": mostly(datetimes(), st.sampled_from((*BROKEN_DATETIMES, 1_700_000_000))),
            "JSON": mostly(json_values(pool), st.sampled_from(({"\x00": 1}, {"k": "\ud800"}, [10**30]))),
            "Boolean": mostly(st.booleans(), st.sampled_from(("true", 0))),
            "Upload": json_values(pool),  # a file in a JSON request: only multipart sends files
        }

    def of(self, type_: graphql.GraphQLInputType, bounds: Bounds | None = None) -> st.SearchStrategy[Any]:
        """Values for an argument or input field of `type_`, declaring `bounds` (its `@constraint`)."""
        if isinstance(type_, graphql.GraphQLNonNull):
            return self._named_or_list(type_.of_type, bounds or {})
        return st.one_of(st.none(), self._named_or_list(type_, bounds or {}))

    def _named_or_list(self, type_: Any, bounds: Bounds) -> st.SearchStrategy[Any]:
        if isinstance(type_, graphql.GraphQLList):
            inner = self.of(type_.of_type, bounds)
            # A single value stands for a one-item list (GraphQL input coercion); 1001 copies pass most bounds.
            return st.one_of(*[st.lists(inner, max_size=3)] * 3, inner, inner.map(lambda one: [one] * 1001))
        if isinstance(type_, graphql.GraphQLEnumType):
            return mostly(st.sampled_from(sorted(type_.values)), st.sampled_from(("NOT_A_VALUE", "", 1)))
        if isinstance(type_, graphql.GraphQLInputObjectType):
            return self.input_object(type_)
        leaves = self.leaves[type_.name]  # a new scalar needs a strategy here
        edges = on_the_bounds(bounds) + past_the_bounds(bounds)
        return st.one_of(leaves, st.sampled_from(edges)) if edges else leaves

    def input_object(self, type_: graphql.GraphQLInputObjectType) -> st.SearchStrategy[dict[str, Any]]:
        known = self.objects.get(type_.name)
        if known is not None:
            return known
        # Deferred: input types refer to themselves (rule expressions, filters).
        fields = {
            name: st.deferred(lambda f=field: self.of(f.type, declared_bounds(f)))
            for name, field in type_.fields.items()
        }
        required = {
            name: fields.pop(name) for name, field in type_.fields.items() if graphql.is_required_input_field(field)
        }
        shaped = st.fixed_dictionaries(required, optional=fields)
        unknown = st.fixed_dictionaries({"unknownField": st.integers()})
        strategy = mostly(
            shaped, st.one_of(st.tuples(shaped, unknown).map(lambda pair: {**pair[0], **pair[1]}), st.just({}))
        )
        self.objects[type_.name] = strategy
        return strategy

    def for_operation(self, operation: Operation) -> st.SearchStrategy[dict[str, Any]]:
        arguments = operation.arguments.items()
        return st.fixed_dictionaries(
            {name: self.of(argument.type, declared_bounds(argument)) for name, argument in arguments}
        )

    def mutants(self, operation: Operation, seed: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        """The seed's variables with up to three values (at any depth, present or not) fuzzed within their type."""
        spots = list(_spots(seed, operation.arguments, ()))

        def change_at(spot: tuple[Path, Any]) -> st.SearchStrategy[tuple[Path, Any]]:
            path, declared = spot
            return self.of(declared.type, declared_bounds(declared)).map(lambda value: (path, value))

        change = st.sampled_from(spots).flatmap(change_at)
        return st.tuples(realized(seed), st.lists(change, max_size=3)).map(lambda pair: changed(*pair))


Path = tuple[str | int, ...]
Bounds = dict[str, Any]


def declared_bounds(declared: graphql.GraphQLArgument | graphql.GraphQLInputField) -> Bounds:
    """The arguments of the `@constraint` directive on an argument or input field, if it has one."""
    node = declared.ast_node
    for directive in (node.directives or ()) if node is not None else ():
        if directive.name.value == "constraint":
            return {
                argument.name.value: graphql.value_from_ast_untyped(argument.value) for argument in directive.arguments
            }
    return {}


def on_the_bounds(bounds: Bounds) -> list[Any]:
    """Values exactly on a declared bound, which the API accepts and so must store and answer: the longest
    strings, of 1- to 4-byte characters in UTF-8, and the extreme numbers."""
    if "maxLength" in bounds:
        return [char * bounds["maxLength"] for char in ("x", "é", "\u6f22", "\U0001f389")]
    if "max" in bounds:
        return [bounds["min"], bounds["max"]]
    return []


def past_the_bounds(bounds: Bounds) -> list[Any]:
    if "maxLength" in bounds:
        return ["x" * (bounds["maxLength"] + 1)]
    if "max" in bounds:
        return [bounds["min"] - 1, bounds["max"] + 1]
    return []


def bounded_places(operation: Operation, seed: dict[str, Any]) -> Iterator[tuple[Path, Bounds]]:
    """The places of a valid call (given or not) whose argument or input field declares a length or a range."""
    for path, declared in _spots(seed, operation.arguments, ()):
        bounds = declared_bounds(declared)
        if {"maxLength", "max"} & bounds.keys():
            yield path, bounds


def filled(value: Any) -> Any:
    """A copy of a seed's `value` (with new `Fresh` values) to change."""
    if isinstance(value, Fresh):
        return value.named(uuid.uuid4())
    if isinstance(value, dict):
        return {key: filled(item) for key, item in value.items()}
    return [filled(item) for item in value] if isinstance(value, list) else value


def realized(value: Any) -> st.SearchStrategy[Any]:
    """A copy of a seed's `value` (with new `Fresh` values) to change."""
    if isinstance(value, Fresh):
        return st.uuids().map(value.named)
    if isinstance(value, dict):
        return st.fixed_dictionaries({key: realized(item) for key, item in value.items()})
    if isinstance(value, list):
        return st.tuples(*map(realized, value)).map(list)
    return st.just(value)


def _spots(value: Any, fields: dict[str, Any], path: Path) -> Iterator[tuple[Path, Any]]:
    """Every place of an input where a value can go, with the argument or field declaring it: the given ones
    and the absent fields (a list item is declared by its list's field)."""
    for name, field in fields.items():
        here = (*path, name)
        yield here, field
        inner = graphql.get_nullable_type(field.type)
        given = value.get(name) if isinstance(value, dict) else None
        if isinstance(inner, graphql.GraphQLInputObjectType) and isinstance(given, dict):
            yield from _spots(given, inner.fields, here)
        elif isinstance(inner, graphql.GraphQLList) and isinstance(given, list):
            item_type = graphql.get_nullable_type(inner.of_type)
            item_field = graphql.GraphQLInputField(inner.of_type, ast_node=field.ast_node)
            for index, item in enumerate(given):
                yield (*here, index), item_field
                if isinstance(item_type, graphql.GraphQLInputObjectType) and isinstance(item, dict):
                    yield from _spots(item, item_type.fields, (*here, index))


def changed(values: dict[str, Any], changes: list[tuple[Path, Any]]) -> dict[str, Any]:
    """`values` with each change applied where its place still exists (an earlier change may have replaced it)."""
    for path, value in changes:
        parent: Any = values
        try:
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(parent, dict) or (isinstance(parent, list) and isinstance(path[-1], int)):
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return values


def request_body(document: str, variables: dict[str, Any] | None = None) -> bytes:
    """The JSON body as a client would send it; lone surrogates travel as JSON escapes (`\\ud800`)."""
    return json.dumps({"query": document, "variables": variables or {}}, ensure_ascii=True).encode()
