"""Every argument is checked against declared bounds before any resolver runs (DESIGN §4.7).

Strings, numbers and lists declare their bounds with the `@constraint` directive (shown in the SDL and, as a
sentence, in each description); IDs, dates, JSON, amounts and lists without one have intrinsic bounds. The
schema attaches `CheckArguments` to every field that takes arguments, so a new field is covered without
anyone remembering to: a mutation answers a bad value with its `ValidationError` member, a query with an
error carrying the same code and field. The schema test fails on a string or number without a bound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import strawberry
from starlette.datastructures import UploadFile
from strawberry.extensions import FieldExtension
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON
from strawberry.schema.config import StrawberryConfig
from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.union import StrawberryUnion

from app.core.bounds import (
    DEFAULT_MAX_ITEMS,
    EARLIEST,
    LATEST,
    MAX_AMOUNT,
    MAX_ID_LENGTH,
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    Characters,
    OutOfBounds,
    check_json,
    check_number,
    check_string,
)
from app.core.errors import DomainError
from app.graphql.constraints import Constraint, Json, Line, Range, constraint_of, describe, given
from app.graphql.errors import ValidationError, error_from
from app.graphql.scalars import Amount


class MissingBound(TypeError):
    """A String, Int or Float argument or input field declares no bound (raised when the schema is built)."""

    def __init__(self, message: str, *, named: bool = False) -> None:
        super().__init__(message)
        self.named = named


# A checker takes a value and the path of its field, and returns the value (normalised) or raises OutOfBounds.
Checker = Callable[[Any, str], Any]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Compiler:
    """Builds a checker per type once; input objects are compiled once however many fields use them."""

    def __init__(self, config: StrawberryConfig) -> None:
        self.config = config
        self.inputs: dict[type, Checker] = {}

    def compile(self, annotation: Any, constraint: Constraint | None) -> Checker:
        if isinstance(annotation, LazyType):
            annotation = annotation.resolve_type()
        if isinstance(annotation, StrawberryOptional):
            inner = self.compile(annotation.of_type, constraint)
            return lambda value, path: None if value is None else inner(value, path)
        if isinstance(annotation, StrawberryList):
            return self._list(annotation.of_type, constraint)
        return self._named(annotation, constraint)

    def _list(self, of_type: Any, constraint: Constraint | None) -> Checker:
        inner = self.compile(of_type, constraint)
        limit = (given(constraint.max_items) if constraint else None) or DEFAULT_MAX_ITEMS

        def check(value: Any, path: str) -> Any:
            if len(value) > limit:
                raise OutOfBounds("TOO_MANY_ITEMS", f"At most {limit} items are allowed; got {len(value)}.", field=path)
            for index, item in enumerate(value):
                replaced = inner(item, f"{path}.{index}")
                if replaced is not item:
                    value[index] = replaced
            return value

        return check

    def _named(self, annotation: Any, constraint: Constraint | None) -> Checker:
        if annotation is str:
            return self._string(constraint, Characters.LINE, default_max=None)
        if annotation is strawberry.ID:
            bound = constraint or Line(MAX_ID_LENGTH, min_length=1)
            return self._string(bound, Characters.LINE, default_max=MAX_ID_LENGTH)
        if annotation is Amount:
            return self._number(constraint or Range(-MAX_AMOUNT, MAX_AMOUNT), always=Range(-MAX_AMOUNT, MAX_AMOUNT))
        if annotation in (int, float):
            return self._number(constraint, always=None)
        if annotation is JSON:
            bound = constraint or Json()
            max_bytes = given(bound.max_bytes) or MAX_JSON_BYTES
            max_depth = given(bound.max_depth) or MAX_JSON_DEPTH
            return lambda value, path: check_json(value, field=path, max_bytes=max_bytes, max_depth=max_depth)
        if annotation is dt.datetime:
            return _datetime
        if annotation is dt.date:
            return _date
        if annotation is Upload:
            return _upload
        if annotation is bool or _is_enum(annotation):
            return _as_is
        if has_object_definition(annotation) and annotation.__strawberry_definition__.is_input:
            return self._input(annotation)
        raise MissingBound(f"no bounds are known for arguments of type {annotation!r}")

    def _string(self, constraint: Constraint | None, default: Characters, *, default_max: int | None) -> Checker:
        if constraint is None or given(constraint.max_length) is None:
            if default_max is None:
                raise MissingBound("a String argument or input field needs a @constraint with maxLength")
            constraint = Line(default_max)
        max_length: int = constraint.max_length  # type: ignore[assignment]
        min_length = given(constraint.min_length) or 0
        characters = given(constraint.characters) or default

        strip = characters is Characters.CODE

        def check(value: Any, path: str) -> Any:
            if strip:
                value = value.strip()
            return check_string(value, field=path, max_length=max_length, min_length=min_length, characters=characters)

        return check

    def _number(self, constraint: Constraint | None, *, always: Constraint | None) -> Checker:
        low, high = (given(constraint.min), given(constraint.max)) if constraint else (None, None)
        if low is None or high is None:
            raise MissingBound("an Int or Float argument or input field needs a @constraint with min and max")
        if always is not None:
            low, high = max(low, always.min), min(high, always.max)

        def check(value: Any, path: str) -> Any:
            check_number(value, field=path, minimum=low, maximum=high)
            return value

        return check

    def _input(self, input_type: type) -> Checker:
        compiled = self.inputs.get(input_type)
        if compiled is not None:
            return compiled
        fields: list[tuple[str, str, Checker]] = []

        def check(value: Any, path: str) -> Any:
            for python_name, graphql_name, checker in fields:
                current = getattr(value, python_name)
                if current is None or current is strawberry.UNSET:
                    continue
                replaced = checker(current, _join(path, graphql_name))
                if replaced is not current:
                    setattr(value, python_name, replaced)
            return value

        self.inputs[input_type] = check  # before compiling fields: input types may refer to themselves
        definition = input_type.__strawberry_definition__  # type: ignore[attr-defined]
        for field in definition.fields:
            name = self.config.name_converter.from_field(field)
            checker = self.compile_named(f"{definition.name}.{name}", field.type, constraint_of(field.directives))
            fields.append((field.python_name, name, checker))
        return check

    def compile_named(self, where: str, annotation: Any, constraint: Constraint | None) -> Checker:
        """`compile`, naming the innermost field or argument when a bound is missing."""
        try:
            return self.compile(annotation, constraint)
        except MissingBound as exc:
            if exc.named:
                raise
            raise MissingBound(f"{where}: {exc}", named=True) from exc


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, StrawberryEnumDefinition) or (
        isinstance(annotation, type) and issubclass(annotation, Enum)
    )


def _as_is(value: Any, path: str) -> Any:
    return value


def _upload(value: Any, path: str) -> Any:
    # The Upload scalar takes any variable value; only a multipart request's part is a file.
    if not isinstance(value, UploadFile):
        raise OutOfBounds("VALIDATION_ERROR", "Upload the file as multipart form data.", field=path)
    return value


def _datetime(value: Any, path: str) -> Any:
    if value.tzinfo is None:
        raise OutOfBounds("VALIDATION_ERROR", "Give the time with a UTC offset.", field=path)
    if not EARLIEST <= value <= LATEST:
        raise OutOfBounds(
            "OUT_OF_RANGE", f"Dates must lie between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}.", field=path
        )
    return value


def _date(value: Any, path: str) -> Any:
    if not EARLIEST.date() <= value <= LATEST.date():
        raise OutOfBounds(
            "OUT_OF_RANGE", f"Dates must lie between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}.", field=path
        )
    return value


def _returns_validation_error(field: StrawberryField) -> bool:
    field_type: Any = field.type
    while isinstance(field_type, StrawberryOptional):
        field_type = field_type.of_type
    members: list[Any] = list(field_type.types) if isinstance(field_type, StrawberryUnion) else []
    return any(isinstance(member, type) and issubclass(member, ValidationError) for member in members)


class CheckArguments(FieldExtension):
    """Check a field's arguments against their bounds before its resolver runs."""

    def __init__(self, compiler: _Compiler) -> None:
        self.compiler = compiler
        self.arguments: list[tuple[str, str, Checker]] | None = None
        self.as_result = False

    def apply(self, field: StrawberryField) -> None:
        self.field = field

    def compiled(self) -> list[tuple[str, str, Checker]]:
        if self.arguments is None:
            converter = self.compiler.config.name_converter
            self.as_result = _returns_validation_error(self.field)
            self.arguments = [
                (
                    argument.python_name,
                    "" if argument.python_name == "input" else converter.from_argument(argument),
                    self.compiler.compile_named(
                        f"{self.field.name}({argument.python_name})",
                        argument.type,
                        constraint_of(argument.directives),
                    ),
                )
                for argument in self.field.arguments
            ]
        return self.arguments

    def _check(self, kwargs: dict[str, Any]) -> None:
        for python_name, graphql_name, checker in self.compiled():
            value = kwargs.get(python_name)
            if value is None or value is strawberry.UNSET:
                continue
            replaced = checker(value, graphql_name)
            if replaced is not value:
                kwargs[python_name] = replaced

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        try:
            self._check(kwargs)
        except OutOfBounds as exc:
            return self._refuse(exc)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        try:
            self._check(kwargs)
        except OutOfBounds as exc:
            return self._refuse(exc)
        return await next_(source, info, **kwargs)

    def _refuse(self, exc: DomainError) -> Any:
        if self.as_result:
            return error_from(exc)
        raise exc


class BoundsRegistry:
    """Attaches one `CheckArguments` per field with arguments; shared compiled checkers per schema."""

    def __init__(self, config: StrawberryConfig) -> None:
        self.compiler = _Compiler(config)
        self.checks: list[CheckArguments] = []

    def compile_all(self) -> None:
        """Compile every field's checkers now, so a missing bound fails the schema build, not a request."""
        for check in self.checks:
            check.compiled()

    def prepare(self, fields: list[StrawberryField], *, is_input: bool) -> list[StrawberryField]:
        for field in fields:
            if is_input:
                _describe_once(field.directives, field)
                continue
            for argument in field.arguments:
                _describe_once(argument.directives, argument)
            if field.arguments and not field.is_subscription:
                check = _check_of(field)
                if check is None:
                    check = CheckArguments(self.compiler)
                    field.extensions.append(check)
                check.compiler = self.compiler
                self.checks.append(check)
        return fields


def _check_of(field: StrawberryField) -> CheckArguments | None:
    return next((extension for extension in field.extensions if isinstance(extension, CheckArguments)), None)


def _describe_once(directives: Iterable[object], target: Any) -> None:
    constraint = constraint_of(directives)
    if constraint is None:
        return
    sentence = describe(constraint)
    description = target.description or ""
    if sentence not in description:
        target.description = f"{description} {sentence}".strip()
