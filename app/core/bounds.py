"""Bounds every value from outside must respect: characters, lengths, ranges, JSON size and depth.

The GraphQL boundary (`app.graphql.bounds`) applies them to every argument before a resolver runs; CSV
imports apply them per row. Each refusal names a stable code, so one bad value answers as
`{code, message, field}` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from enum import Enum
from typing import Any

import orjson

from app.core.errors import InvalidInput

# Money (minor units) and points: wide enough for any real order, exact in a JavaScript number (< 2**53),
# and far from PostgreSQL's bigint range, so sums of a few of them never overflow.
MAX_AMOUNT = 10**15
# Structured data clients attach (metadata, properties): what a UI or a segment needs, never a document store.
MAX_JSON_BYTES = 16_384
MAX_JSON_DEPTH = 10
MAX_JSON_KEY_LENGTH = 200
DEFAULT_MAX_ITEMS = 1_000
MAX_ID_LENGTH = 100
# Instants a client may send (dates, cursors): anything a campaign or a filter could mean, nothing that overflows.
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
# Error messages quote at most this much of what was sent.
ECHO_LIMIT = 60


class Characters(Enum):
    """Which characters a string may hold."""

    TEXT = "TEXT"  # free text for people: any printable character, tabs and line breaks
    LINE = "LINE"  # one line: no tab or line break, no bidirectional override (names, ids, keys)
    CODE = "CODE"  # codes customers type: letters, marks and digits of any script, printable ASCII; no space


class OutOfBounds(InvalidInput):
    """A value breaks a declared bound; `code` says which kind."""

    def __init__(self, code: str, message: str, *, field: str | None) -> None:
        super().__init__(message, field=field)
        self.code = code  # type: ignore[misc]  # a per-instance code: TOO_LONG, OUT_OF_RANGE, …


# Never acceptable in any string: NUL and other C0/C1 controls (tab, line feed and carriage return aside),
# and lone surrogates (they cannot be encoded as UTF-8, so PostgreSQL cannot store them).
_FORBIDDEN_ANYWHERE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_FORBIDDEN_IN_LINE = re.compile("[\t\n\r\u202a-\u202e\u2066-\u2069]")
_ONLY_NUL_AND_SURROGATES = re.compile("[\x00\ud800-\udfff]")


def echo(value: str) -> str:
    """A short, printable quotation of what a client sent (error messages never repeat a megabyte)."""
    shown = value if len(value) <= ECHO_LIMIT else value[:ECHO_LIMIT] + "…"
    return repr(shown.encode("utf-8", "backslashreplace").decode("utf-8"))


def _code_character(char: str) -> bool:
    if "!" <= char <= "~":
        return True
    return char.isalnum() or unicodedata.category(char)[0] in {"L", "M", "N"}


def character_problem(value: str, characters: Characters) -> str | None:
    """Why `value` holds a character its class refuses (None when it does not)."""
    bad = _FORBIDDEN_ANYWHERE.search(value)
    if bad is None and characters is Characters.LINE:
        bad = _FORBIDDEN_IN_LINE.search(value)
    if bad is not None:
        return f"U+{ord(bad.group()):04X} at position {bad.start()} is not allowed here."
    if characters is Characters.CODE:
        for position, char in enumerate(value):
            if not _code_character(char):
                return (
                    f"U+{ord(char):04X} at position {position} is not allowed in a code (letters, digits and "
                    "printable ASCII symbols only; no spaces or invisible characters)."
                )
    return None


def check_string(
    value: str,
    *,
    field: str | None,
    max_length: int,
    min_length: int = 0,
    characters: Characters = Characters.LINE,
) -> str:
    """`value` if its length and characters are within bounds, else an OutOfBounds naming `field`."""
    if len(value) > max_length:
        raise OutOfBounds(
            "TOO_LONG", f"At most {max_length} characters are allowed; got {len(value)}: {echo(value)}.", field=field
        )
    if len(value) < min_length:
        needed = "must not be empty" if min_length == 1 else f"needs at least {min_length} characters"
        raise OutOfBounds("TOO_SHORT", f"The value {needed}.", field=field)
    problem = character_problem(value, characters)
    if problem is not None:
        raise OutOfBounds("INVALID_CHARACTERS", problem, field=field)
    return value


def check_number(value: float, *, field: str | None, minimum: float | None, maximum: float | None) -> None:
    """Refuse numbers outside [minimum, maximum] (and NaN or infinities)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise OutOfBounds("OUT_OF_RANGE", "The number must be finite.", field=field)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        low = "" if minimum is None else f"{minimum:g}"
        high = "" if maximum is None else f"{maximum:g}"
        shown = f"{value:g}" if isinstance(value, float) else str(value)[:ECHO_LIMIT]
        raise OutOfBounds("OUT_OF_RANGE", f"The value must be within [{low}, {high}]; got {shown}.", field=field)


def check_json(
    value: Any, *, field: str | None, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """Refuse JSON that is too large or too deep, or holds strings PostgreSQL cannot store."""
    encode_json(value, field=field, max_bytes=max_bytes, max_depth=max_depth)
    return value


def encode_json(
    value: Any, *, field: str | None, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> bytes:
    """`value` encoded as JSON, if `check_json` accepts it (for callers that store the encoding)."""
    try:
        encoded = orjson.dumps(value)
    except orjson.JSONEncodeError as exc:
        text = str(exc)
        if "ecursion" in text:
            raise OutOfBounds("TOO_DEEP", f"At most {max_depth} levels of nesting are allowed.", field=field) from exc
        if "64-bit" in text or "Integer" in text:
            raise OutOfBounds("OUT_OF_RANGE", "A number in the JSON value is too large.", field=field) from exc
        raise OutOfBounds(
            "INVALID_CHARACTERS", "The JSON value holds text that is not valid Unicode.", field=field
        ) from exc
    if len(encoded) > max_bytes:
        raise OutOfBounds(
            "TOO_LARGE", f"At most {max_bytes} bytes of JSON are allowed; got {len(encoded)}.", field=field
        )
    if b"\\u0000" in encoded:
        raise OutOfBounds("INVALID_CHARACTERS", "The JSON value holds a NUL character (U+0000).", field=field)
    _check_json_shape(value, field=field, max_depth=max_depth)
    return encoded


def _check_json_shape(value: Any, *, field: str | None, max_depth: int) -> None:
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= max_depth:
                raise OutOfBounds("TOO_DEEP", f"At most {max_depth} levels of nesting are allowed.", field=field)
            if isinstance(item, dict):
                for key in item:
                    if not isinstance(key, str) or len(key) > MAX_JSON_KEY_LENGTH:
                        raise OutOfBounds(
                            "TOO_LONG", f"JSON keys have at most {MAX_JSON_KEY_LENGTH} characters.", field=field
                        )
                pending.extend((child, depth + 1) for child in item.values())
            else:
                pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise OutOfBounds("OUT_OF_RANGE", "Numbers in JSON must be finite.", field=field)
        elif isinstance(item, int) and not isinstance(item, bool) and abs(item) > 2**63 - 1:
            raise OutOfBounds("OUT_OF_RANGE", "A number in the JSON value is too large.", field=field)


def clean_text(value: str) -> bool:
    """Whether `value` holds no NUL or lone surrogate (what PostgreSQL text refuses)."""
    return _ONLY_NUL_AND_SURROGATES.search(value) is None
