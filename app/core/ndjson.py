"""Reading uploaded NDJSON files (one JSON object per line), with a report of bad lines.

As with CSV (`app.core.csvfile`), only a file that cannot be read at all (more lines than allowed) is
refused whole; a line that is not UTF-8, not JSON, not an object, too long or too deeply nested is
reported on its own, with its line number, and the other lines are kept. Blank lines are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from app.core.bounds import OutOfBounds, check_json
from app.core.errors import InvalidInput


@dataclass(frozen=True)
class JsonLine:
    number: int  # 1-based line number in the file
    value: dict[str, Any]


@dataclass(frozen=True)
class LineProblem:
    number: int
    message: str


@dataclass(frozen=True)
class NdjsonFile:
    lines: list[JsonLine]
    problems: list[LineProblem]


def read_ndjson(data: bytes, *, field: str, max_lines: int, max_line_bytes: int, max_depth: int) -> NdjsonFile:
    """Parse `data` line by line; refuse a file with more than `max_lines` objects, report bad lines."""
    lines: list[JsonLine] = []
    problems: list[LineProblem] = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        text = raw.strip()
        if not text:
            continue
        if len(lines) + len(problems) >= max_lines:
            raise InvalidInput(f"The file has more than {max_lines:,} lines.", field=field)
        problem = _problem(text, max_line_bytes=max_line_bytes, max_depth=max_depth)
        if isinstance(problem, str):
            problems.append(LineProblem(number, problem))
        else:
            lines.append(JsonLine(number, problem))
    return NdjsonFile(lines=lines, problems=problems)


def _problem(text: bytes, *, max_line_bytes: int, max_depth: int) -> str | dict[str, Any]:
    """The line's object, or why it cannot be one."""
    if len(text) > max_line_bytes:
        return f"The line has more than {max_line_bytes:,} bytes."
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return "The line is not valid UTF-8."
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return f"The line is not JSON: {str(exc)[:200]}"
    if not isinstance(value, dict):
        return "Each line must be a JSON object."
    try:
        check_json(value, field=None, max_bytes=max_line_bytes, max_depth=max_depth)
    except OutOfBounds as exc:
        return exc.message
    return value
