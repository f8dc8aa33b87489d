"""The `promo` Typer application and its sub-command groups (the commands register on import)."""

from __future__ import annotations

import typer

cli = typer.Typer(help="Promotion engine: GraphQL API, worker and tools.", no_args_is_help=True)
api_key_cli = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
cli.add_typer(api_key_cli, name="api-key")
import_cli = typer.Typer(help="Import data from files, with a progress bar.", no_args_is_help=True)
cli.add_typer(import_cli, name="import")
documents_cli = typer.Typer(
    help="Register, list and remove trusted documents (persisted queries).", no_args_is_help=True
)
cli.add_typer(documents_cli, name="documents")
