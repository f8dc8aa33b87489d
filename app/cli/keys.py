"""`promo api-key create | list | revoke`."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.access.roles import Role
from app.cli.app import api_key_cli
from app.cli.common import console, database, run_in_database, run_sync, with_db
from app.core.errors import DomainError
from app.core.ids import decode_id

if TYPE_CHECKING:
    from app.access.models import ApiKey

TIME_FORMAT = "%Y-%m-%d %H:%M"


@api_key_cli.command("create")
def api_key_create(
    name: Annotated[str, typer.Option(help="What the key is for.")],
    role: Annotated[Role, typer.Option(help="What the key may do.")] = Role.ADMIN,
    area: Annotated[list[str] | None, typer.Option(help="Restrict to this area (its id; repeatable).")] = None,
    area_stores: Annotated[
        list[str] | None, typer.Option(help="Restrict to all stores of this area (its id; repeatable).")
    ] = None,
    store: Annotated[list[str] | None, typer.Option(help="Restrict to this store (its id; repeatable).")] = None,
    origin: Annotated[
        list[str] | None,
        typer.Option(help="CLIENT keys: a browser origin allowed to use it, scheme://host[:port] (repeatable)."),
    ] = None,
) -> None:
    """Create a key and print it (only this once). MANAGER and STORE keys need assignments."""
    from app.access import services as access
    from app.locations.models import AssignmentLevel
    from app.locations.services import PlaceInput

    with database() as url:
        try:
            places = [
                *(
                    PlaceInput(AssignmentLevel.AREA, decode_id("Area", value, field="area"), None)
                    for value in area or []
                ),
                *(
                    PlaceInput(AssignmentLevel.AREA_ALL_STORES, decode_id("Area", value, field="area-stores"), None)
                    for value in area_stores or []
                ),
                *(
                    PlaceInput(AssignmentLevel.STORE, None, decode_id("Store", value, field="store"))
                    for value in store or []
                ),
            ]
            created = access.create_api_key(
                name=name, role=role, created_by=None, access=places, allowed_origins=origin or []
            )
            key, plaintext = run_sync(with_db(url, created))
        except DomainError as exc:
            console.print(f"[red]{exc.message}[/]")
            raise typer.Exit(1) from exc
    console.print(f"Created {key.role.value} key {key.prefix!r} ({key.name}). It is shown only now:")
    if key.allowed_origins:
        console.print(f"Browsers may use it from: {', '.join(key.allowed_origins)}")
    typer.echo(plaintext)


@api_key_cli.command("list")
def api_key_list(
    include_revoked: Annotated[bool, typer.Option(help="Also list revoked keys.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List keys (never their secrets); prefixes are printed in full whatever the terminal's width."""
    from app.access.models import ApiKey

    async def all_keys() -> list[ApiKey]:
        query = ApiKey.all() if include_revoked else ApiKey.filter(revoked_at__isnull=True)
        return await query.order_by("-created_at")

    with database() as url:
        keys = run_sync(with_db(url, all_keys()))
    if as_json:
        typer.echo(json.dumps([_key_json(key) for key in keys], indent=2))
    elif sys.stdout.isatty():
        _print_table(keys)
    else:  # piped: tab-separated lines, nothing cut to a width
        typer.echo("\t".join(LIST_COLUMNS))
        for key in keys:
            typer.echo("\t".join(_key_row(key)))


LIST_COLUMNS = ("prefix", "name", "role", "created", "last used", "revoked")


def _key_row(key: ApiKey) -> tuple[str, ...]:
    def when(value: Any) -> str:
        return f"{value:{TIME_FORMAT}}" if value else "-"

    return (key.prefix, key.name, key.role.value, when(key.created_at), when(key.last_used_at), when(key.revoked_at))


def _key_json(key: ApiKey) -> dict[str, Any]:
    def when(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "prefix": key.prefix,
        "name": key.name,
        "role": key.role.value,
        "createdAt": when(key.created_at),
        "lastUsedAt": when(key.last_used_at),
        "revokedAt": when(key.revoked_at),
    }


def _print_table(keys: list[ApiKey]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*LIST_COLUMNS)
    # The prefix identifies the key (`promo api-key revoke <prefix>`): never cut, the other columns give way.
    table.columns[0].no_wrap = True
    table.columns[0].min_width = max((len(key.prefix) for key in keys), default=6)
    for key in keys:
        table.add_row(*_key_row(key))
    Console().print(table)


@api_key_cli.command("revoke")
def api_key_revoke(prefix: Annotated[str, typer.Argument(help="The key's prefix.")]) -> None:
    """Revoke a key by its prefix; API processes refuse it within a second."""
    from app.access import services as access

    async def revoke() -> ApiKey:
        key = await access.find_api_key_by_prefix(prefix=prefix)
        return await access.revoke_api_key(key_id=key.id, revoked_by=None)

    key = run_in_database(revoke())
    console.print(f"Revoked {key.prefix} ({key.name}).")
