"""Selection sets generated from the schema: every field of every type reached, edges followed to a depth.

Depth counts objects: a hop into an object with an id, or into one that leads further into the graph
(a code, a redemption line), is one level. Relay wrappers (connections, edges) and plain values (a
reward, an assignment, a validation result, page info, an error) cost nothing and are selected whole.
Every selection has `__typename`; abstract types get a fragment per member. Fields with a required
argument are left out (root fields get theirs from the caller); optional arguments are omitted. In
unions, a field whose type differs between members gets an alias per member so the document stays
valid (e.g. `campaign: Campaign!` in one success type and `campaign: Campaign` in another).
"""

from __future__ import annotations

from collections import defaultdict

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
    is_required_argument,
)


def _required_arguments(field: GraphQLField) -> list[str]:
    return [name for name, argument in field.args.items() if is_required_argument(argument)]


class SelectionBuilder:
    """Builds `{ … }` selection sets for one schema (cached per type and remaining depth)."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.values = self._value_types()
        self._cache: dict[tuple[str, int], str] = {}

    def selection(self, named: GraphQLNamedType, depth: int) -> str:
        """The selection set of `named` following edges `depth` hops further."""
        key = (named.name, depth)
        if key not in self._cache:
            if isinstance(named, GraphQLObjectType):
                self._cache[key] = "{ __typename " + " ".join(self._fields(named, depth, alias_for=set())) + " }"
            else:
                assert isinstance(named, GraphQLInterfaceType | GraphQLUnionType), named
                self._cache[key] = self._abstract(named, depth)
        return self._cache[key]

    def fields_of(self, field: GraphQLField, depth: int) -> str:
        """The selection set of a (root) field's type, or "" for a scalar or enum."""
        named = get_named_type(field.type)
        return "" if is_leaf_type(named) else self.selection(named, depth)

    def cost(self, named: GraphQLNamedType) -> int:
        """Depth a hop into `named` uses."""
        free = named.name.endswith(("Connection", "Edge")) or named.name in self.values
        return 0 if free else 1

    def _fields(self, owner: GraphQLObjectType, depth: int, alias_for: set[str]) -> list[str]:
        chosen: list[str] = []
        for name, field in owner.fields.items():
            if _required_arguments(field):
                continue
            label = f"{name}_{owner.name}: {name}" if name in alias_for else name
            named = get_named_type(field.type)
            if is_leaf_type(named):
                chosen.append(label)
                continue
            remaining = depth - self.cost(named)
            if remaining >= 0:
                chosen.append(f"{label} {self.selection(named, remaining)}")
        return chosen

    def _abstract(self, abstract: GraphQLInterfaceType | GraphQLUnionType, depth: int) -> str:
        members = self.schema.get_possible_types(abstract)
        types_by_field: dict[str, set[str]] = defaultdict(set)
        for member in members:
            for name, field in member.fields.items():
                types_by_field[name].add(str(field.type))
        conflicting = {name for name, types in types_by_field.items() if len(types) > 1}
        fragments = [
            f"... on {member.name} {{ " + " ".join(self._fields(member, depth, conflicting)) + " }"
            for member in members
        ]
        return "{ __typename " + " ".join(fragments) + " }"

    def _value_types(self) -> set[str]:
        """Object types without an id from which only scalars and other such types are reached."""
        candidates = [
            t
            for t in self.schema.type_map.values()
            if isinstance(t, GraphQLObjectType) and "id" not in t.fields and not t.name.startswith("__")
        ]
        values: set[str] = set()
        grew = True
        while grew:  # least fixed point: a type joins once all it leads to is known to be plain
            grew = False
            for candidate in candidates:
                targets = [get_named_type(f.type) for f in candidate.fields.values()]
                if candidate.name not in values and all(is_leaf_type(t) or t.name in values for t in targets):
                    values.add(candidate.name)
                    grew = True
        return values
