"""Importing codes from a CSV file: per-row report of what was refused, the rest added."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from app.codes.exceptions import GenerationInProgress
from app.codes.filling import lock_key
from app.codes.generation import code_key, existing_keys, raw_connection
from app.codes.models import CodeSeries
from app.codes.services import get_series
from app.core.bounds import EARLIEST, LATEST, MAX_AMOUNT, Characters, OutOfBounds, check_string, echo
from app.core.csvfile import read_csv
from app.core.errors import InvalidInput
from app.core.time import utcnow

MAX_IMPORT_ROWS = 1_000_000
IMPORT_LOCK_WAIT = "5s"  # how long an import waits for a generation of the same series
WHOLE_NUMBER = re.compile("[0-9]{1,16}")


@dataclass
class RowProblem:
    row: int
    code: str
    message: str


@dataclass
class ImportReport:
    series: CodeSeries
    imported: int
    rejected: list[RowProblem] = field(default_factory=list)


def _parse_row(number: int, row: dict[str, str]) -> tuple[str, datetime | None, int | None] | RowProblem:
    code = row.get("code", "")
    try:
        check_string(code, field="code", max_length=100, min_length=1, characters=Characters.CODE)
    except OutOfBounds as exc:
        return RowProblem(number, code[:100], f"A code has 1 to 100 characters of the code alphabet: {exc.message}")
    expires_at = None
    if row.get("expires_at"):
        try:
            expires_at = datetime.fromisoformat(row["expires_at"])
        except ValueError:
            return RowProblem(number, code, f"expires_at {echo(row['expires_at'])} is not an ISO date-time.")
        if expires_at.tzinfo is None:
            return RowProblem(number, code, "expires_at needs a UTC offset.")
        if not EARLIEST <= expires_at <= LATEST:
            return RowProblem(number, code, f"expires_at must lie between {EARLIEST:%Y} and {LATEST:%Y}.")
    value = None
    if row.get("value"):
        if not WHOLE_NUMBER.fullmatch(row["value"]) or int(row["value"]) > MAX_AMOUNT:
            return RowProblem(
                number, code, f"value {echo(row['value'])} is not a whole number of minor units up to {MAX_AMOUNT:,}."
            )
        value = int(row["value"])
    return code, expires_at, value


async def import_codes(*, series_id: uuid.UUID, data: bytes) -> ImportReport:
    """Add the file's codes to the series; duplicates (in the file or in the project) are reported."""
    await get_series(series_id=series_id)
    table = read_csv(
        data, field="file", required={"code"}, allowed={"code", "expires_at", "value"}, max_rows=MAX_IMPORT_ROWS
    )
    if not table.rows and not table.problems:
        raise InvalidInput("The file has no codes.", field="file")
    problems = [RowProblem(problem.number, "", problem.message) for problem in table.problems]
    accepted: dict[str, tuple[int, str, datetime | None, int | None]] = {}
    for number, row in ((row.number, row.values) for row in table.rows):
        parsed = _parse_row(number, row)
        if isinstance(parsed, RowProblem):
            problems.append(parsed)
            continue
        code, expires_at, value = parsed
        key = code_key(code)
        if key in accepted:
            problems.append(RowProblem(number, code, f"Duplicate of row {accepted[key][0]} in this file."))
            continue
        accepted[key] = (number, code, expires_at, value)
    async with raw_connection() as raw, raw.transaction():  # type: ignore[attr-defined]
        await _lock_series(raw, series_id)
        taken = await existing_keys(raw, list(accepted))
        for key in taken:
            number, code, _, _ = accepted.pop(key)
            problems.append(RowProblem(number, code, "This code already exists in the project."))
        total: int = await raw.fetchval("SELECT total FROM code_series WHERE id = $1", series_id)
        now = utcnow()
        records = [
            (series_id, code, key, total + index, expires_at, value, now)
            for index, (key, (_, code, expires_at, value)) in enumerate(accepted.items(), start=1)
        ]
        await raw.copy_records_to_table(
            "code",
            records=records,
            columns=["series_id", "code", "code_key", "ordinal", "expires_at", "value", "created_at"],
        )
        await raw.execute(
            "UPDATE code_series SET total = total + $2, requested = GREATEST(requested, total + $2) WHERE id = $1",
            series_id,
            len(records),
        )
    problems.sort(key=lambda problem: problem.row)
    return ImportReport(series=await get_series(series_id=series_id), imported=len(records), rejected=problems)


async def _lock_series(raw: asyncpg.Connection, series_id: uuid.UUID) -> None:
    """Wait briefly for a running generation of the series; imports append after its contiguous codes."""
    await raw.execute(f"SET LOCAL lock_timeout = '{IMPORT_LOCK_WAIT}'")
    try:
        await raw.execute("SELECT pg_advisory_xact_lock(hashtext($1))", lock_key(series_id))
    except asyncpg.LockNotAvailableError as exc:
        raise GenerationInProgress(
            "Codes are being generated for this series; import when the generation job has finished.",
            field="seriesId",
        ) from exc
    await raw.execute("SET LOCAL lock_timeout = 0")
    if await raw.fetchval("SELECT EXISTS (SELECT 1 FROM code_range WHERE series_id = $1)", series_id):
        raise GenerationInProgress(
            "An interrupted generation of this series resumes with the worker; import when its job has finished.",
            field="seriesId",
        )
