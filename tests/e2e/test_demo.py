"""`promo demo` seeds a project with something of every kind, and a second run adds nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from tortoise import connections

from app.campaigns.models import Campaign, CampaignKind, CampaignStatus, Targeting
from tests.conftest import Servers
from tests.e2e.conftest import PROMO

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]
CUSTOMERS = 150  # enough for every kind of record (the default is 2,000)


def promo_demo(servers: Servers, tmp_path: Path) -> str:
    environment = {**os.environ, "DATABASE_URL": servers.database_url, "DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [PROMO, "demo", "--customers", str(CUSTOMERS)], env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stderr


async def row_counts() -> dict[str, int]:
    connection = connections.get("default")
    _, tables = await connection.execute_query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    counts = {}
    for row in tables:
        _, counted = await connection.execute_query(f'SELECT count(*) AS n FROM "{row["tablename"]}"')
        counts[row["tablename"]] = counted[0]["n"]
    return counts


async def test_demo_twice_gives_the_same_project(servers: Servers, tmp_path: Path) -> None:
    promo_demo(servers, tmp_path)
    first = await row_counts()
    campaigns = await Campaign.all()
    assert {campaign.kind for campaign in campaigns} == set(CampaignKind)
    assert {campaign.targeting for campaign in campaigns} == set(Targeting)
    assert {campaign.status for campaign in campaigns} == {CampaignStatus.ACTIVE}
    for table, at_least in {
        "area": 2,
        "store": 4,
        "geofence": 4,
        "customer": CUSTOMERS,
        "customer_event": CUSTOMERS,
        "segment": 2,
        "segment_member": 50,
        "distribution": 1,
        "wallet_program": 2,
        "wallet": 100,
        "publication": 125,
        "redemption": 40,
        "campaign_trigger": 2,
    }.items():
        assert first[table] >= at_least, (table, first[table])

    summary = promo_demo(servers, tmp_path)
    assert await row_counts() == first
    assert f"{CUSTOMERS} customers" in summary, summary  # the summary counts the whole project
