"""`promo documents register | list | remove` as a shell runs them, against the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.documents.models import TrustedDocument
from app.documents.services import document_hash
from tests.conftest import Servers

pytestmark = pytest.mark.usefixtures("db")
PROMO = str(Path(sys.executable).with_name("promo"))

CHECKOUT = """query Validate($order: OrderInput!, $redeemables: [RedeemableInput!]!) {
  validate(order: $order, redeemables: $redeemables) { ...Outcome }
}
query Me { viewer { name } }
fragment Outcome on ValidationResult { __typename }
"""


CART = "query Cart { viewer { role } }"


def promo(servers: Servers, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url}
    return subprocess.run([PROMO, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


async def test_register_list_and_remove(servers: Servers, tmp_path: Path) -> None:
    checkout = tmp_path / "checkout.graphql"
    checkout.write_text(CHECKOUT)
    broken = tmp_path / "broken.graphql"
    broken.write_text("query Broken { viewer { nope } }")

    refused = promo(servers, "documents", "register", str(checkout), str(broken))
    assert refused.returncode == 1
    assert "broken.graphql: GRAPHQL_VALIDATION_FAILED: Cannot query field 'nope'" in refused.stderr
    assert "Nothing was registered." in refused.stderr
    assert await TrustedDocument.all().count() == 0

    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({document_hash(CART): CART}))
    registered = promo(servers, "documents", "register", str(checkout), str(manifest))
    assert registered.returncode == 0, registered.stderr
    assert registered.stdout == f"{document_hash(CHECKOUT)}  Validate, Me\n{document_hash(CART)}  Cart\n"
    stored = await TrustedDocument.get(hash=document_hash(CHECKOUT))
    assert stored.body == CHECKOUT

    listed = promo(servers, "documents", "list")
    assert listed.returncode == 0, listed.stderr
    assert document_hash(CHECKOUT) in listed.stdout
    assert "Validate, Me" in listed.stdout

    removed = promo(servers, "documents", "remove", document_hash(CHECKOUT)[:10])
    assert removed.returncode == 0, removed.stderr
    assert not await TrustedDocument.exists(hash=document_hash(CHECKOUT))
