"""Reading uploaded CSV files: UTF-8 (a BOM is fine), a header row, and a report of bad rows.

Only a file that cannot be read as a table at all (no header, unknown or missing columns, more rows
than allowed) is refused as a whole. A row with invalid UTF-8, a NUL or other control character, an
over-long cell or the wrong number of values is reported on its own, with its line number, and the
other rows are kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.core.bounds import Characters, OutOfBounds, check_string
from app.core.errors import InvalidInput

MAX_CELL_LENGTH = 1_000


@dataclass(frozen=True)
class CsvRow:
    number: int  # the line number a spreadsheet shows (the header is line 1)
    values: dict[str, str]


@dataclass(frozen=True)
class CsvProblem:
    number: int
    column: str | None
    message: str


@dataclass(frozen=True)
class CsvTable:
    """A parsed file: lower-cased header names, the good data rows and the bad ones."""

    columns: list[str]
    rows: list[CsvRow]
    problems: list[CsvProblem]


def read_csv(
    data: bytes,
    *,
    field: str,
    required: set[str],
    allowed: set[str],
    max_rows: int,
    max_cell_length: int = MAX_CELL_LENGTH,
) -> CsvTable:
    """Parse `data`; refuse a file that is not a table with the expected columns, report bad rows."""
    # Bytes that are not UTF-8 become lone surrogates here, which the per-cell check refuses row by row.
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        if header is None:
            raise InvalidInput("The file is empty; the first row must name the columns.", field=field)
        columns = [name.strip().lower() for name in header]
        unknown = [name for name in columns if name not in allowed]
        if unknown:
            shown = ", ".join(repr(name[:40]) for name in unknown[:5])
            raise InvalidInput(f"Unknown columns: {shown} (allowed: {', '.join(sorted(allowed))}).", field=field)
        missing = required - set(columns)
        if missing:
            raise InvalidInput(f"Missing columns: {', '.join(sorted(missing))}.", field=field)
        rows: list[CsvRow] = []
        problems: list[CsvProblem] = []
        for values in reader:
            number = reader.line_num
            if not values or all(not value.strip() for value in values):
                continue
            if len(rows) + len(problems) >= max_rows:
                raise InvalidInput(f"The file has more than {max_rows:,} rows.", field=field)
            problem = _row_problem(number, columns, values, max_cell_length)
            if problem is not None:
                problems.append(problem)
                continue
            rows.append(CsvRow(number, dict(zip(columns, (value.strip() for value in values), strict=True))))
    except csv.Error as exc:
        raise InvalidInput(f"The file is not valid CSV: {exc}.", field=field) from exc
    return CsvTable(columns=columns, rows=rows, problems=problems)


def _row_problem(number: int, columns: list[str], values: list[str], max_cell_length: int) -> CsvProblem | None:
    if len(values) != len(columns):
        return CsvProblem(number, None, f"The row has {len(values)} values for {len(columns)} columns.")
    for column, value in zip(columns, values, strict=True):
        try:
            check_string(value, field=column, max_length=max_cell_length, characters=Characters.LINE)
        except OutOfBounds as exc:
            not_utf8 = any("\udc80" <= char <= "\udcff" for char in value)
            message = "The cell is not valid UTF-8." if not_utf8 else exc.message
            return CsvProblem(number, column, message)
    return None
