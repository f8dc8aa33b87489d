"""Nothing an outsider sends is expensive: hostile documents are refused (typed) or answered quickly.

"Quickly" is a ratio to `{ __typename }` timed in the same test, never a wall-clock constant. Every
document is new to the server (a fresh operation name each time), so the parser and validation
caches cannot hide the work.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from graphql import GraphQLSchema, parse

from app.graphql.limits import UNPAGED_LIST_SIZE, Figures, Measurer, introspection_cost
from app.graphql.schema import build_schema
from app.main import create_app
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient

# A document within the limits still pays graphql-core's validation, linear in its size: up to about
# 30 times `{ __typename }` for the largest here (near MAX_TOKENS), so 150 leaves room for a noisy
# machine. Before the limits were measured once per fragment, the 18-level fan-out took 270 to 800
# times as long (the 30-level one did not finish in two minutes), and the overlapping-field
# documents 250 to 340 times.
RATIO_BOUND = 150
RUNS = 3


def fan_out(levels: int) -> Callable[[str], str]:
    """Each fragment spreads the next one twice: 2^levels spreads if walked naively."""

    def document(tag: str) -> str:
        fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
        return f"query {tag} {{ ...F0 }} {fragments} fragment F{levels} on Query {{ viewer {{ name }} }}"

    return document


def alias_fan_out(tag: str) -> str:
    """Aliases multiplied through spreads: 2^20 of them from 20 written ones."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ a{i}: viewer {{ name }} ...F{i + 1} ...F{i + 1} }}" for i in range(20)
    )
    return f"query {tag} {{ ...F0 }} {fragments} fragment F20 on Query {{ viewer {{ name }} }}"


def deep_aliases(tag: str) -> str:
    """30 aliases (the limit), each a list of lists of lists."""
    nested = "stores { area { stores { area { stores { name } } } } }"
    return f"query {tag} {{ " + " ".join(f"a{i}: areas {{ {nested} }}" for i in range(30)) + " }"


def deep_nesting(tag: str) -> str:
    return f"query {tag} {{ stores {{ " + "area { stores { " * 60 + "name" + " } }" * 60 + " } }"


def wide_same_field(tag: str) -> str:
    return f"query {tag} {{ viewer {{ " + " ".join("name" for _ in range(1900)) + " } }"


def wide_same_field_with_arguments(tag: str) -> str:
    return f"query {tag} {{ " + " ".join("campaigns(first: 1) { totalCount }" for _ in range(400)) + " }"


def wide_objects(tag: str) -> str:
    return f"query {tag} {{ " + " ".join("viewer { name role }" for _ in range(600)) + " }"


def many_fragments(tag: str) -> str:
    spreads = " ".join(f"...V{i}" for i in range(300))
    fragments = " ".join(f"fragment V{i} on Query {{ viewer {{ name }} }}" for i in range(300))
    return f"query {tag} {{ {spreads} }} {fragments}"


def many_spreads_of_one_fragment(tag: str) -> str:
    return f"query {tag} {{ " + " ".join("...V" for _ in range(1900)) + " } fragment V on Query { viewer { name } }"


def repeated_directives(tag: str) -> str:
    return f"query {tag} {{ viewer {{ name " + " ".join("@include(if: true)" for _ in range(600)) + " } }"


def repeated_skip_on_one_field(tag: str) -> str:
    return f"query {tag} {{ viewer {{ " + " ".join("name @skip(if: false)" for _ in range(400)) + " } }"


def many_operations(tag: str) -> str:
    return " ".join(f"query {tag}_{i} {{ viewer {{ name }} }}" for i in range(400))


def huge_first(tag: str) -> str:
    return f"query {tag} {{ campaigns(first: 1000000000) {{ edges {{ node {{ name codeSeries {{ name }} }} }} }} }}"


def nested_pages(tag: str) -> str:
    return (
        f"query {tag} {{ customers(first: 100) {{ edges {{ node {{ codes(first: 100) {{ code {{ code }} "
        "campaign { name history(first: 100) { edges { node { kind } } } } } } } } }"
    )


def repeated_introspection(tag: str) -> str:
    fields = "kind name fields(includeDeprecated: true) { name args { name type { name ofType { name } } } }"
    roots = " ".join(f"s{i}: __schema {{ ...S }}" for i in range(30))
    return f"query {tag} {{ {roots} }} fragment S on __Schema {{ types {{ {fields} inputFields {{ name }} }} }}"


@dataclass(frozen=True)
class Attack:
    name: str
    document: Callable[[str], str]
    expected: str  # an error code, or "answered"
    variables: dict[str, object] | None = None


# Cheapest first: on the old code the test fails at the 18-level fan-out instead of hanging at 30.
ATTACKS = [
    Attack("fan-out 18 levels", fan_out(18), "QUERY_TOO_COSTLY"),
    Attack("fan-out 30 levels", fan_out(30), "QUERY_TOO_COSTLY"),
    Attack("aliases through fan-out", alias_fan_out, "TOO_MANY_ALIASES"),
    Attack("deep aliases", deep_aliases, "QUERY_TOO_COSTLY"),
    Attack("deep nesting", deep_nesting, "QUERY_TOO_DEEP"),
    Attack("one field 1900 times", wide_same_field, "QUERY_TOO_COMPLEX"),
    Attack("one field with arguments 400 times", wide_same_field_with_arguments, "QUERY_TOO_COMPLEX"),
    Attack("one object 600 times", wide_objects, "QUERY_TOO_COMPLEX"),
    Attack("300 fragments on one selection", many_fragments, "QUERY_TOO_COMPLEX"),
    Attack("one fragment spread 1900 times", many_spreads_of_one_fragment, "answered"),
    Attack("one directive 600 times", repeated_directives, "GRAPHQL_VALIDATION_FAILED"),
    Attack("400 skipped copies of a field", repeated_skip_on_one_field, "QUERY_TOO_COMPLEX"),
    Attack("400 operations", many_operations, "answered"),
    Attack("huge first", huge_first, "QUERY_TOO_COSTLY"),
    Attack(
        "huge first in a variable",
        lambda tag: f"query {tag}($n: Int!) {{ campaigns(first: $n) {{ edges {{ node {{ name }} }} }} }}",
        "QUERY_TOO_COSTLY",
        {"n": 10**9},
    ),
    Attack("pages in pages in pages", nested_pages, "QUERY_TOO_COSTLY"),
    Attack("30 schema introspections", repeated_introspection, "QUERY_TOO_COSTLY"),
]

tags = (f"Doc{index}" for index in itertools.count())


async def timed(graphql: GraphQLClient, admin: Caller, attack: Attack) -> tuple[float, httpx.Response]:
    tag = next(tags)
    operation = f"{tag}_0" if attack.document is many_operations else None
    started = time.perf_counter()
    response = await graphql.post(attack.document(tag), attack.variables, caller=admin, operation_name=operation)
    return time.perf_counter() - started, response


def outcome(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    errors = response.json().get("errors")
    if not errors:
        return "answered"
    codes = {error["extensions"]["code"] for error in errors}
    assert all(error["message"] for error in errors)
    return codes.pop() if len(codes) == 1 else ",".join(sorted(codes))


async def test_hostile_documents_are_refused_or_answered_within_a_ratio_of_typename(
    graphql: GraphQLClient, admin: Caller
) -> None:
    typename = Attack("typename", lambda tag: f"query {tag} {{ __typename }}", "answered")
    await timed(graphql, admin, typename)  # warm the key cache and the code paths
    for attack in ATTACKS:
        attack_times, base_times = [], []
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            elapsed, response = await timed(graphql, admin, attack)
            attack_times.append(elapsed)
            assert attack.expected in outcome(response).split(","), (attack.name, response.text[:500])
            base_times.append((await timed(graphql, admin, typename))[0])
        ratio = min(attack_times) / min(base_times)  # the machine's noise only ever adds time
        assert ratio < RATIO_BOUND, f"{attack.name} took {ratio:.0f} times as long as {{ __typename }}"


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema()._schema


def figures(schema: GraphQLSchema, document: str, variables: dict[str, object] | None = None) -> list[Figures]:
    measurer = Measurer(schema, variables or {}, max_page_size=100, schema_cost=introspection_cost(schema))
    return [measured for _, measured in measurer.operations(parse(document))]


def test_figures_of_small_documents(schema: GraphQLSchema) -> None:
    assert figures(schema, "{ __typename }") == [Figures(depth=0, cost=0, aliases=0)]
    assert figures(schema, "{ viewer { name apiKey { name } } }") == [Figures(depth=2, cost=4, aliases=0)]
    spread = "query { ...V } fragment V on Query { me: viewer { ... on Viewer { name } } }"
    assert figures(schema, spread) == [Figures(depth=1, cost=2, aliases=1)]
    twice = "query { ...V ...V } fragment V on Query { me: viewer { name } }"
    assert figures(schema, twice) == [Figures(depth=1, cost=4, aliases=2)]
    # A page of 10: each edge costs 1 + node (1 + name); totalCount is counted per item too.
    page = "{ campaigns(first: 10) { edges { node { name } } totalCount } }"
    assert figures(schema, page) == [Figures(depth=3, cost=1 + 10 * (3 + 1), aliases=0)]
    unpaged = "{ stores { name } }"
    assert figures(schema, unpaged) == [Figures(depth=1, cost=1 + UNPAGED_LIST_SIZE, aliases=0)]
    two_operations = "query A { viewer { name } } query B { __schema { types { name } } }"
    assert figures(schema, two_operations) == [Figures(1, 2, 0), Figures(0, introspection_cost(schema), 0)]


def test_first_comes_from_the_literal_the_variable_or_a_default(schema: GraphQLSchema) -> None:
    query = "query Q($n: Int!) { campaigns(first: $n) { edges { node { name } } } }"
    assert figures(schema, query, {"n": 5})[0].cost == 1 + 5 * 3
    assert figures(schema, query, {"n": 1e9})[0].cost == 1 + 10**9 * 3  # graphql-core takes 1e9 for an Int
    assert figures(schema, query)[0].cost == 1 + 20 * 3  # the argument's default (first: Int! = 20)
    with_default = "query Q($n: Int = 7) { campaigns(first: $n) { edges { node { name } } } }"
    assert figures(schema, with_default)[0].cost == 1 + 7 * 3
    nested = "{ customers(first: 2) { edges { node { codes(first: 3) { code { code } } } } } }"
    assert figures(schema, nested)[0].cost == 1 + 2 * (1 + 1 + 1 + 3 * (1 + 1))


def test_fragment_cycles_and_fan_out_are_measured_once(schema: GraphQLSchema) -> None:
    cycle = "query { ...A } fragment A on Query { ...B viewer { name } } fragment B on Query { ...A }"
    assert figures(schema, cycle) == [Figures(depth=1, cost=2, aliases=0)]
    assert figures(schema, fan_out(30)("Q")) == [Figures(depth=1, cost=2 * 2**30, aliases=0)]
    chain = "query { ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(3000))
    assert figures(schema, chain + " fragment F3000 on Query { __typename }") == [Figures()]


@pytest.fixture
async def strict_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"max_query_depth": 2, "max_query_cost": 20}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http
    await app.state.redis.aclose()


async def test_refusals_name_the_limit_and_the_figure(strict_client: httpx.AsyncClient, admin: Caller) -> None:
    graphql = GraphQLClient(strict_client)
    deep = await graphql.post("query Deep { viewer { apiKey { assignments { level } } } }", caller=admin)
    assert deep.status_code == 200
    error = deep.json()["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_DEEP", "limit": 2, "depth": 3}
    assert error["message"] == "Operation 'Deep' nests 3 levels deep; MAX_QUERY_DEPTH is 2."
    costly = await graphql.post("{ campaigns(first: 20) { totalCount } }", caller=admin)
    assert costly.status_code == 200
    error = costly.json()["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "limit": 20, "cost": 21}
    assert error["message"].startswith("The operation costs 21; MAX_QUERY_COST is 20.")
    assert costly.json()["data"] is None


def test_readme_examples_are_within_the_default_limits(schema: GraphQLSchema, project_root: Path) -> None:
    defaults = Settings.model_fields
    examples = re.findall(r"```graphql\n(.*?)```", (project_root / "README.md").read_text(), re.DOTALL)
    measured = [each for example in examples for each in figures(schema, example)]
    assert len(measured) > 10
    assert max(each.depth for each in measured) <= defaults["max_query_depth"].default
    assert max(each.cost for each in measured) <= defaults["max_query_cost"].default
    assert sum(each.aliases for each in measured) <= defaults["max_aliases"].default


async def test_a_big_legitimate_query_passes(graphql: GraphQLClient, admin: Caller, schema: GraphQLSchema) -> None:
    query = (
        "query Everything { campaigns(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor "
        "node { id name status kind codeMode targeting currency startsAt endsAt timeZone version description "
        "metadata category { name } createdBy { name } codeSeries { id name prefix pattern } "
        "access { level areaId storeId } } } } "
        "customers(first: 20) { edges { node { sourceId codes { code { code } campaign { name } } } } } }"
    )
    assert figures(schema, query)[0].cost > 10_000
    data = await graphql.data(query, caller=admin)
    assert data["campaigns"]["totalCount"] == 0
