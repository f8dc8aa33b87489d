"""Reading uploaded CSV files: UTF-8 (a BOM is fine), a header row, typed errors for bad files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.core.errors import InvalidInput


@dataclass(frozen=True)
class CsvTable:
    """A parsed file: lower-cased header names and the data rows (row 2 is the first data row)."""

    columns: list[str]
    rows: list[dict[str, str]]


def read_csv(data: bytes, *, field: str, required: set[str], allowed: set[str], max_rows: int) -> CsvTable:
    """Parse `data`; refuse wrong encodings, malformed CSV, unknown or missing columns."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The file is not UTF-8 (byte {exc.start} cannot be decoded); save it as UTF-8 CSV.", field=field
        ) from exc
    if "\x00" in text:
        raise InvalidInput("The file contains NUL bytes; it is not a text CSV.", field=field)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        if header is None:
            raise InvalidInput("The file is empty; the first row must name the columns.", field=field)
        columns = [name.strip().lower() for name in header]
        unknown = [name for name in columns if name not in allowed]
        if unknown:
            raise InvalidInput(
                f"Unknown columns: {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))}).", field=field
            )
        missing = required - set(columns)
        if missing:
            raise InvalidInput(f"Missing columns: {', '.join(sorted(missing))}.", field=field)
        rows = []
        for number, values in enumerate(reader, start=2):
            if not values or all(not value.strip() for value in values):
                continue
            if len(values) != len(columns):
                raise InvalidInput(f"Row {number} has {len(values)} values for {len(columns)} columns.", field=field)
            rows.append(dict(zip(columns, (value.strip() for value in values), strict=True)))
            if len(rows) > max_rows:
                raise InvalidInput(f"The file has more than {max_rows:,} rows.", field=field)
    except csv.Error as exc:
        raise InvalidInput(f"The file is not valid CSV: {exc}.", field=field) from exc
    return CsvTable(columns=columns, rows=rows)
