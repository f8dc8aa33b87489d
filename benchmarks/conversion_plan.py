"""In-process cost of converting one `redeem` input to Python objects: strawberry's `convert_arguments` walking
the types on every call, next to the conversion plan compiled at schema build (app/graphql/fast_inputs.py).

The input is a realistic large `redeem`: 30 redeemables (the most one request may carry) and an order of 70
items (each with 2 category ids) and a customer, 100 redeemable/item nodes in all, coerced by graphql-core
as a request's variables are. Both conversions run in the same process, alternately, on the same value;
their results are compared before timing. Prints the median microseconds per conversion of each.

    .venv/bin/python benchmarks/conversion_plan.py [--repeat 7] [--number 500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from typing import Any

from graphql import GraphQLObjectType, coerce_input_value
from strawberry.types.arguments import convert_arguments
from strawberry.types.base import StrawberryObjectDefinition

from app.graphql.schema import PromoSchema, build_schema

REDEEMABLES = [{"code": f"CODE-{index:02}"} for index in range(25)] + [
    {"campaignId": f"Q2FtcGFpZ246{index}", "giftAmount": 500} for index in range(5)
]
ITEMS = [
    {"productId": f"product-{index}", "categoryIds": ["apparel", f"line-{index % 7}"], "quantity": 1 + index % 4,
     "unitPrice": 999 + index}
    for index in range(70)
]  # fmt: skip
REDEEM_INPUT = {
    "order": {"currency": "EUR", "customer": {"sourceId": "bench-customer"}, "items": ITEMS},
    "redeemables": REDEEMABLES,
    "idempotencyKey": "bench-key",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="Timed rounds per conversion (the median is shown).")
    parser.add_argument("--number", type=int, default=500, help="Conversions per timed round.")
    return parser.parse_args(argv)


def strawberry_only(schema: PromoSchema) -> dict[StrawberryObjectDefinition, Any]:
    """Take the plan's hooks off every input type; returns them, to put back."""
    hooks = {}
    for concrete in schema.schema_converter.type_map.values():
        definition = concrete.definition
        if isinstance(definition, StrawberryObjectDefinition) and definition.is_input:
            hooks[definition] = definition.from_input
            definition.from_input = None
    return hooks


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    schema = build_schema()
    mutation = schema._schema.mutation_type
    assert isinstance(mutation, GraphQLObjectType)
    value = {"input": coerce_input_value(REDEEM_INPUT, mutation.fields["redeem"].args["input"].type)}
    definition = schema.get_type_by_name("Mutation")
    assert isinstance(definition, StrawberryObjectDefinition)
    arguments = next(field.arguments for field in definition.fields if field.python_name == "redeem")

    def convert() -> dict[str, Any]:
        return convert_arguments(value, arguments, schema.schema_converter.scalar_registry, schema.config)

    planned = convert()
    hooks = strawberry_only(schema)
    if convert() != planned:
        print("The plan and strawberry disagree on the redeem input.", file=sys.stderr)
        return 1
    timings: dict[str, list[float]] = {"strawberry": [], "plan": []}
    for _ in range(args.repeat):  # alternately, so both see the same machine load
        timings["strawberry"].append(timeit.timeit(convert, number=args.number) / args.number)
        for definition_, hook in hooks.items():
            definition_.from_input = hook
        timings["plan"].append(timeit.timeit(convert, number=args.number) / args.number)
        strawberry_only(schema)
    medians = {name: statistics.median(values) * 1e6 for name, values in timings.items()}
    print(f"redeem input, 100 redeemable/item nodes, median of {args.repeat} × {args.number} conversions:")
    for name, micros in medians.items():
        print(f"  {name:<10} {micros:8.1f} µs")
    print(f"  plan / strawberry: {medians['plan'] / medians['strawberry']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
