"""`promo api-key list` as a shell runs it: piped, in a narrow terminal, and as JSON."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from app.access.models import ApiKey, Role
from app.access.services import create_api_key, revoke_api_key
from tests.conftest import Servers

pytestmark = pytest.mark.usefixtures("db")
PROMO = str(Path(sys.executable).with_name("promo"))
LONG_NAME = "checkout terminal of the flagship store on the high street, second floor"


def promo_env(servers: Servers) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": servers.database_url, "REDIS_URL": servers.redis_url, "COLUMNS": "40"}


def list_keys(servers: Servers, *options: str) -> str:
    listed = subprocess.run(
        [PROMO, "api-key", "list", *options],
        env=promo_env(servers),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    return listed.stdout


def list_keys_in_terminal(servers: Servers) -> str:
    """The output as a 40-column terminal shows it (stdout is a tty)."""
    parent, child = pty.openpty()
    process = subprocess.Popen(
        [PROMO, "api-key", "list"], env=promo_env(servers), stdout=child, stderr=subprocess.DEVNULL
    )
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(parent)
    assert process.wait(120) == 0
    return output.decode()


async def test_list_prints_full_prefixes_piped_in_a_terminal_and_as_json(servers: Servers) -> None:
    till, _ = await create_api_key(name=LONG_NAME, role=Role.VIEWER, created_by=None)
    old, _ = await create_api_key(name="old", role=Role.ADMIN, created_by=None)
    await revoke_api_key(key_id=old.id, revoked_by=None)

    piped = list_keys(servers).splitlines()
    assert piped == [
        "prefix\tname\trole\tcreated\tlast used\trevoked",
        f"{till.prefix}\t{LONG_NAME}\tVIEWER\t{till.created_at:%Y-%m-%d %H:%M}\t-\t-",
    ]

    assert till.prefix in list_keys_in_terminal(servers)  # never folded, however narrow

    listed = json.loads(list_keys(servers, "--json", "--include-revoked"))
    revoked = await ApiKey.get(id=old.id)
    assert listed == [
        {
            "prefix": old.prefix,
            "name": "old",
            "role": "ADMIN",
            "createdAt": old.created_at.isoformat(),
            "lastUsedAt": None,
            "revokedAt": revoked.revoked_at.isoformat() if revoked.revoked_at else "missing",
        },
        {
            "prefix": till.prefix,
            "name": LONG_NAME,
            "role": "VIEWER",
            "createdAt": till.created_at.isoformat(),
            "lastUsedAt": None,
            "revokedAt": None,
        },
    ]
