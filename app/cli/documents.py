"""`promo documents register | list | remove`: the trusted documents keys of TRUSTED_DOCUMENTS_ROLES run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from app.cli.app import documents_cli
from app.cli.common import console, database, run_in_database, run_sync, with_db

if TYPE_CHECKING:
    from app.documents.models import TrustedDocument


def _operation_names(body: str, fallback: str) -> str:
    from graphql import OperationDefinitionNode, parse

    names = [
        definition.name.value
        for definition in parse(body).definitions
        if isinstance(definition, OperationDefinitionNode) and definition.name
    ]
    return ", ".join(names) or fallback


def _read(file: Path) -> list[tuple[str, str]]:
    """(body, source) of each document a file holds: a .graphql file is one, a JSON manifest maps hash → body."""
    from app.documents import services as documents

    try:
        text = file.read_text(encoding="utf-8")
        if file.suffix != ".json":
            return [(text, file.name)]
        manifest = orjson.loads(text)
    except (UnicodeDecodeError, orjson.JSONDecodeError) as exc:
        raise typer.BadParameter(f"{file}: {exc}") from exc
    if not isinstance(manifest, dict) or not all(isinstance(body, str) for body in manifest.values()):
        raise typer.BadParameter(f"{file}: a manifest is a JSON object of hash → document text.")
    for wanted, body in manifest.items():
        if documents.document_hash(body) != wanted:
            raise typer.BadParameter(f"{file}: {wanted} is not the SHA-256 of its document.")
    return [(body, f"{file.name} {wanted[:8]}") for wanted, body in manifest.items()]


@documents_cli.command("register")
def documents_register(
    files: Annotated[
        list[Path],
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="GraphQL files (each one document, every operation and fragment in it) or JSON manifests "
            "(hash → text, as persisted-document tools write them).",
        ),
    ],
) -> None:
    """Check documents against the schema and the limits, register them all (or none), print their hashes."""
    from app.documents import services as documents
    from app.graphql.documents import registration_errors
    from app.graphql.schema import build_schema
    from app.settings import get_settings

    settings = get_settings()
    schema = build_schema(settings)._schema
    pending: list[tuple[str, str]] = []
    refused = False
    for file in files:
        for body, source in _read(file):
            errors = registration_errors(schema, body, settings)
            for error in errors:
                code = (error.extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
                console.print(f"[red]{source}: {code}: {error.message}[/]")
            refused = refused or bool(errors)
            if not errors:
                pending.append((body, _operation_names(body, source)))
    if refused:
        console.print("Nothing was registered.")
        raise typer.Exit(1)

    async def register() -> list[tuple[TrustedDocument, bool]]:
        return [await documents.register_document(body=body, name=name) for body, name in pending]

    with database(settings) as url:
        registered = run_sync(with_db(url, register()))
    for document, created in registered:
        typer.echo(f"{document.hash}  {document.name}{'' if created else '  (already registered)'}")


@documents_cli.command("list")
def documents_list() -> None:
    """List registered documents (hash, operations, when registered)."""
    from rich.console import Console
    from rich.table import Table

    from app.documents import services as documents

    with database() as url:
        rows = run_sync(with_db(url, documents.list_documents()))
    table = Table("hash", "name", "registered", "bytes")
    for document in rows:
        table.add_row(
            document.hash, document.name, f"{document.created_at:%Y-%m-%d %H:%M}", str(len(document.body.encode()))
        )
    Console(width=200).print(table)


@documents_cli.command("remove")
def documents_remove(
    hash: Annotated[str, typer.Argument(help="The document's hash (or its first 8+ digits).")],
) -> None:
    """Unregister a document; API processes refuse it within TRUSTED_DOCUMENTS_CACHE_SECONDS."""
    from app.documents import services as documents

    removed = run_in_database(documents.remove_document(hash=hash))
    console.print(f"Removed {removed.hash} ({removed.name}).")
