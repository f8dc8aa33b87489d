"""`promo import customers` and `promo export …` as a shell runs them, against the test database."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from app.core.ids import encode_id
from app.customers.models import Customer
from tests.conftest import Servers

pytestmark = pytest.mark.usefixtures("db")
PROMO = str(Path(sys.executable).with_name("promo"))


def promo(servers: Servers, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url}
    return subprocess.run([PROMO, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


async def test_import_then_export_customers_with_progress(servers: Servers, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("source_id,name,email\nc1,Ann,ann@example.com\nc2,=cmd,bob@example.com\nc3,Cid,nope\n")
    imported = promo(servers, "import", "customers", str(source))
    assert imported.returncode == 1, imported.stderr  # one row refused
    assert "Importing customers" in imported.stderr
    assert "Imported 2 customers; 1 rows refused." in imported.stderr
    assert "row 4: email" in imported.stderr
    target = tmp_path / "out.csv"
    exported = promo(servers, "export", "customers", "--fields", "id,source_id,name", "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    assert "Wrote 2 rows" in exported.stderr
    with target.open(newline="") as file:
        rows = list(csv.DictReader(file))
    customers = {customer.source_id: customer for customer in await Customer.all()}
    assert rows == [
        {"id": encode_id("Customer", customers[key].id), "source_id": key, "name": name}
        for key, name in sorted([("c1", "Ann"), ("c2", "'=cmd")], key=lambda pair: rows_order(rows, pair[0]))
    ]
    unknown = promo(
        servers, "export", "codes", "--campaign", encode_id("Campaign", uuid.UUID(int=0)), "-o", str(target)
    )
    assert unknown.returncode == 1
    assert "No campaign has id" in unknown.stderr


def rows_order(rows: list[dict[str, str]], source_id: str) -> int:
    return [row["source_id"] for row in rows].index(source_id)
