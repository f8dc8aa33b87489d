"""The shared bounds: character classes, JSON limits, and a schema that refuses an unbounded argument."""

from __future__ import annotations

from typing import Annotated

import pytest
import strawberry

from app.core.bounds import Characters, OutOfBounds, check_json, check_string
from app.graphql.constraints import Line
from app.graphql.schema import PromoSchema


@pytest.mark.parametrize(
    ("value", "characters", "code"),
    [
        ("ok", Characters.LINE, None),
        ("two\nlines", Characters.TEXT, None),
        ("two\nlines", Characters.LINE, "INVALID_CHARACTERS"),
        ("nul\x00", Characters.TEXT, "INVALID_CHARACTERS"),
        ("lone \ud800", Characters.TEXT, "INVALID_CHARACTERS"),
        ("bell\x07", Characters.TEXT, "INVALID_CHARACTERS"),
        ("rtl\u202eover", Characters.LINE, "INVALID_CHARACTERS"),
        ("SUMMER-10", Characters.CODE, None),
        ("ÉTÉ-२०२६", Characters.CODE, None),  # letters and digits of any script
        ("zero\u200bwidth", Characters.CODE, "INVALID_CHARACTERS"),
        ("with space", Characters.CODE, "INVALID_CHARACTERS"),
        ("x" * 11, Characters.LINE, "TOO_LONG"),
    ],
)
def test_character_classes(value: str, characters: Characters, code: str | None) -> None:
    if code is None:
        assert check_string(value, field="f", max_length=10, characters=characters) == value
        return
    with pytest.raises(OutOfBounds) as refused:
        check_string(value, field="f", max_length=10, characters=characters)
    assert (refused.value.code, refused.value.field) == (code, "f")
    assert len(refused.value.message) < 200


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ({"a": {"b": 1}}, None),
        ({"k": "\ud800"}, "INVALID_CHARACTERS"),
        ({"k": "\x00"}, "INVALID_CHARACTERS"),
        ({"k": 2**70}, "OUT_OF_RANGE"),
        ({"k": float("inf")}, "OUT_OF_RANGE"),
        ({"k" * 201: 1}, "TOO_LONG"),
        ({"k": "x" * 20_000}, "TOO_LARGE"),
        ([[[[[[[[[[[1]]]]]]]]]]], "TOO_DEEP"),
    ],
)
def test_json_bounds(value: object, code: str | None) -> None:
    if code is None:
        assert check_json(value, field="metadata") == value
        return
    with pytest.raises(OutOfBounds) as refused:
        check_json(value, field="metadata")
    assert refused.value.code == code


def test_a_schema_with_an_unbounded_argument_cannot_be_built() -> None:
    @strawberry.type
    class Query:
        @strawberry.field(description="Bounded.")
        def bounded(self, text: Annotated[str, strawberry.argument(directives=[Line(10)])]) -> str:
            return text

        @strawberry.field(description="Not bounded.")
        def unbounded(self, text: str) -> str:
            return text

    with pytest.raises(TypeError, match=r"unbounded.*maxLength"):
        PromoSchema(query=Query)
