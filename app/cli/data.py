"""`promo export` and `promo import`: long data work from the command line, with a progress bar."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from app.cli.app import cli, import_cli
from app.cli.common import console, progress_bar, run_in_database
from app.core.ids import decode_id


class ExportChoice(StrEnum):
    """What `promo export` writes (the GraphQL ExportObject values, in lower case)."""

    codes = "codes"
    publications = "publications"
    redemptions = "redemptions"
    customers = "customers"
    campaigns = "campaigns"
    wallet_transactions = "wallet-transactions"
    deliveries = "deliveries"
    events = "events"


@cli.command("export")
def export_command(
    what: Annotated[ExportChoice, typer.Argument(help="What to export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The CSV file to write.")],
    campaign: Annotated[str | None, typer.Option(help="Only rows of this campaign (its id).")] = None,
    fields: Annotated[str | None, typer.Option(help="Comma-separated columns (default: all).")] = None,
    created_from: Annotated[datetime | None, typer.Option(help="Rows created at or after (UTC).")] = None,
    created_to: Annotated[datetime | None, typer.Option(help="Rows created before (UTC).")] = None,
) -> None:
    """Write a CSV export straight to a file (the same SQL and format as exportCreate; every row)."""
    from app.access.scope import UNRESTRICTED
    from app.exports import services as exports
    from app.exports.copying import write_csv
    from app.exports.models import ExportObject
    from app.exports.rows import RowFilter
    from app.settings import get_settings

    kind = ExportObject(what.name.upper())

    def utc(value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    async def work() -> int:
        where = RowFilter(
            campaign_id=decode_id("Campaign", campaign, field="campaign") if campaign else None,
            created_from=utc(created_from),
            created_to=utc(created_to),
        )
        columns = await exports.check_request(
            kind=kind,
            columns=[name.strip() for name in fields.split(",")] if fields else None,
            where=where,
            scope=UNRESTRICTED,
        )
        total = await exports.count_rows(kind=kind, where=where)
        with progress_bar() as bar:
            task = bar.add_task(f"Exporting {what.value}", total=total)

            async def advance(done: int) -> None:
                bar.update(task, completed=min(done, total))

            queries = await exports.copy_sql(
                kind=kind, columns=columns, where=where, parts=get_settings().exports_parallel
            )
            written = await write_csv(queries, output.resolve(), on_rows=advance)
            bar.update(task, completed=written.rows, total=max(total, written.rows))
        return written.rows

    count = run_in_database(work())
    console.print(f"Wrote {count:,} rows to {output}.")


@import_cli.command("customers")
def import_customers(
    file: Annotated[
        Path, typer.Argument(help="CSV with `source_id` and any of name, email, phone, latitude, longitude.")
    ],
) -> None:
    """Upsert customers from a CSV file (the same job as the customersImport mutation, run here)."""
    from app.customers import importing
    from app.jobs.models import Job

    async def work() -> Job:
        job = await importing.request_import(data=file.read_bytes(), created_by_id=None, redis=None, queue_name="")
        with progress_bar() as bar:
            task = bar.add_task("Importing customers", total=job.total)
            running = asyncio.create_task(importing.run_import(job.id, None))
            while not running.done():
                await asyncio.wait({running}, timeout=0.2)
                current = await Job.get(id=job.id)
                bar.update(task, completed=current.processed)
            await running
            finished = await Job.get(id=job.id)
            bar.update(task, completed=finished.processed)
        return finished

    job = run_in_database(work())
    console.print(f"Imported {job.succeeded:,} customers; {job.failed:,} rows refused.")
    for error in job.errors[:20]:
        console.print(f"  row {error.get('row')}: {error.get('field') or ''} {error['message']}")
    if job.failed:
        raise typer.Exit(1)
