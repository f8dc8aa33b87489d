"""The `promo` command: run the service, the worker, migrations, API keys, exports, trusted documents and the schema."""

from __future__ import annotations

from app.cli import data, demo, documents, keys, service
from app.cli.app import cli

__all__ = ["cli", "data", "demo", "documents", "keys", "main", "service"]


def main() -> None:
    cli()
