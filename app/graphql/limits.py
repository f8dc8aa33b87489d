"""Depth, alias count and cost of a document's operations, measured in one linear pass.

Every fragment is measured once, after the fragments it spreads, and its figures are reused at each
spread: a document whose fragments each spread the next one twice costs as many steps as it has
selections, not 2^levels. The walk keeps its own stack (no recursion) and skips spreads that would
close a cycle (graphql-core's NoFragmentCyclesRule reports those), so no document can make it loop.

Cost model: a field costs 1 plus its selection's cost, times a multiplier when the field is a list:
its `first` argument (a literal, else the request's variable, else the variable's or the argument's
default), or `UNPAGED_LIST_SIZE` for a list without `first`. A connection's `edges` are the page
its `first` already counted. `__typename` is free; `__schema` and `__type` cost as much as the
schema has types, fields, arguments and values to describe (graphql-core's MaxIntrospectionDepthRule
bounds how far they nest). Inline fragments and spreads add up, even on different types of a union:
an upper bound. Figures stop growing at `CEILING`, so no huge number is ever built.

The figures depend on the request's variables, so they are measured for each request before
validation (see `app.graphql.validation`), never cached with the document.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from math import ceil, isfinite
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

UNPAGED_LIST_SIZE = 20
"""How many items a list without a `first` argument is assumed to hold (stores, areas, assignments…)."""

CEILING = 10**12
"""Figures stop growing here: past any limit, yet far from numbers that are slow to multiply."""

_INT_DIGITS = len(str(CEILING))


@dataclass(frozen=True, slots=True)
class Figures:
    """What one operation (or fragment) amounts to."""

    depth: int = 0
    cost: int = 0
    aliases: int = 0


NOTHING = Figures()


def introspection_cost(schema: GraphQLSchema) -> int:
    """How many things a full `__schema` answer describes: types, fields, arguments, values."""
    total = len(schema.type_map) + len(schema.directives)
    total += sum(len(directive.args) for directive in schema.directives)
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            total += len(named.fields) + sum(len(definition.args) for definition in named.fields.values())
        elif isinstance(named, GraphQLInputObjectType):
            total += len(named.fields)
        elif isinstance(named, GraphQLEnumType):
            total += len(named.values)
    return total


@dataclass
class _Frame:
    """A selection set being summed up, and how its total folds into the enclosing one."""

    selections: Iterator[SelectionNode]
    parent_type: GraphQLNamedType | None
    # For a field's selection: what one item of the field costs is multiplied by this.
    multiplier: int = 1
    is_field: bool = False
    depth: int = 0
    cost: int = 0
    aliases: int = 0

    def add(self, figures: Figures) -> None:
        self.depth = max(self.depth, figures.depth)
        self.cost = min(CEILING, self.cost + figures.cost)
        self.aliases = min(CEILING, self.aliases + figures.aliases)

    def total(self) -> Figures:
        if not self.is_field:
            return Figures(self.depth, self.cost, self.aliases)
        return Figures(self.depth + 1, min(CEILING, 1 + self.multiplier * self.cost), self.aliases)


@dataclass
class Measurer:
    """Measures the operations of one document for one request's variables."""

    schema: GraphQLSchema
    variables: Mapping[str, Any]
    max_page_size: int
    schema_cost: int
    variable_defaults: dict[str, int] = field(default_factory=dict)
    fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)
    measured: dict[str, Figures] = field(default_factory=dict)

    def operations(self, document: DocumentNode) -> list[tuple[OperationDefinitionNode, Figures]]:
        """Each operation of `document` with its figures."""
        operations = []
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
            elif isinstance(definition, OperationDefinitionNode):
                operations.append(definition)
                self._note_variable_defaults(definition)
        self._measure_fragments()
        root_types = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }
        return [(op, self._measure(op.selection_set, root_types.get(op.operation))) for op in operations]

    def _note_variable_defaults(self, operation: OperationDefinitionNode) -> None:
        # Per name, the largest default any operation gives: a fragment is measured once for all of them.
        for definition in operation.variable_definitions or ():
            value = _literal_int(definition.default_value)
            if value is not None:
                name = definition.variable.name.value
                self.variable_defaults[name] = max(value, self.variable_defaults.get(name, value))

    def _measure_fragments(self) -> None:
        """Measure every fragment after the fragments it spreads (depth-first, without recursion)."""
        spreads = {name: _spread_names(fragment.selection_set) for name, fragment in self.fragments.items()}
        for root in spreads:
            if root in self.measured:
                continue
            path = [(root, iter(spreads[root]))]
            on_path = {root}
            while path:
                name, pending = path[-1]
                for spread in pending:
                    if spread in spreads and spread not in self.measured and spread not in on_path:
                        path.append((spread, iter(spreads[spread])))
                        on_path.add(spread)
                        break
                else:
                    path.pop()
                    on_path.discard(name)
                    fragment = self.fragments[name]
                    condition = self.schema.get_type(fragment.type_condition.name.value)
                    # A spread closing a cycle is not measured yet: it counts as nothing here.
                    self.measured[name] = self._measure(fragment.selection_set, condition)

    def _measure(self, selection_set: SelectionSetNode, parent_type: GraphQLNamedType | None) -> Figures:
        stack = [_Frame(iter(selection_set.selections), parent_type)]
        while True:
            frame = stack[-1]
            selection = next(frame.selections, None)
            if selection is None:
                stack.pop()
                if not stack:
                    return frame.total()
                stack[-1].add(frame.total())
            elif isinstance(selection, FragmentSpreadNode):
                frame.add(self.measured.get(selection.name.value, NOTHING))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else frame.parent_type
                stack.append(_Frame(iter(selection.selection_set.selections), inner))
            elif isinstance(selection, FieldNode):
                if selection.alias:
                    frame.aliases = min(CEILING, frame.aliases + 1)
                name = selection.name.value
                if name.startswith("__"):
                    frame.add(Figures(cost=0 if name == "__typename" else self.schema_cost))
                    continue
                definition = _field(frame.parent_type, name)
                if selection.selection_set is None:
                    frame.cost = min(CEILING, frame.cost + 1)
                    continue
                inner_type = get_named_type(definition.type) if definition else None
                multiplier = self._multiplier(selection, definition, frame.parent_type)
                stack.append(_Frame(iter(selection.selection_set.selections), inner_type, multiplier, is_field=True))

    def _multiplier(
        self, node: FieldNode, definition: GraphQLField | None, parent_type: GraphQLNamedType | None
    ) -> int:
        if definition is None:
            return 1
        first = definition.args.get("first")
        if first is not None:
            given = next((argument.value for argument in node.arguments or () if argument.name.value == "first"), None)
            return max(0, self._first_value(given, first.default_value))
        if is_list_type(get_nullable_type(definition.type)) and not _is_connection(parent_type):
            return UNPAGED_LIST_SIZE
        return 1

    def _first_value(self, given: Any, default: Any) -> int:
        if isinstance(given, VariableNode):
            name = given.name.value
            value = _number(self.variables.get(name))
            if value is not None:
                return value
            if name not in self.variables and name in self.variable_defaults:
                return self.variable_defaults[name]
        else:
            literal = _literal_int(given)
            if literal is not None:
                return literal
        fallback = _number(default)
        return self.max_page_size if fallback is None else fallback


def _number(value: Any) -> int | None:
    """A JSON number as graphql-core would accept it for an Int (integral floats too), bounded."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = ceil(value) if isfinite(value) else None
    return max(-CEILING, min(value, CEILING)) if isinstance(value, int) else None


def _literal_int(value: Any) -> int | None:
    if not isinstance(value, IntValueNode):
        return None
    digits = value.value
    # Long literals are not converted (int() of thousands of digits is slow, and refused by Python).
    if len(digits.lstrip("-")) > _INT_DIGITS:
        return -CEILING if digits.startswith("-") else CEILING
    return max(-CEILING, min(int(digits), CEILING))


def _field(parent_type: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if not isinstance(parent_type, GraphQLObjectType | GraphQLInterfaceType):
        return None
    definition: GraphQLField | None = parent_type.fields.get(name)
    return definition


def _is_connection(parent_type: GraphQLNamedType | None) -> bool:
    """A Relay connection: its `edges` are the page its field's `first` counted."""
    return _field(parent_type, "pageInfo") is not None


def _spread_names(selection_set: SelectionSetNode) -> list[str]:
    names: list[str] = []
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                names.append(selection.name.value)
            elif selection.selection_set is not None:  # type: ignore[attr-defined]
                pending.append(selection.selection_set)  # type: ignore[attr-defined]
    return names


__all__ = ["CEILING", "UNPAGED_LIST_SIZE", "Figures", "Measurer", "introspection_cost"]
