"""The `promo` command: run the service, the worker, migrations, API keys, exports and the schema."""

from __future__ import annotations

from app.cli import data, demo, keys, service
from app.cli.app import cli

__all__ = ["cli", "data", "demo", "keys", "main", "service"]


def main() -> None:
    cli()
