"""A worker killed with SIGKILL in the middle of evaluating live-action events: every event rewarded once.

5,000 deposits are stored through the real API (eventsTrack, 500 per request) while no worker runs, so
they wait in the inbox. A real worker starts, and is SIGKILLed once some rewards are committed but not
all; a second worker finishes. Then: one `trigger_reward` and one ledger credit per event, every wallet's
balance equal to its posted ledger rows, nothing left in the inbox, and no process of the killed worker
alive.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import uuid
from typing import Any

import psutil
import pytest
from tortoise import connections

from tests.conftest import Caller, Servers
from tests.e2e.test_live_actions import live_program
from tests.e2e.test_worker_redis_outage import graphql, poll

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("db")]

EVENTS = 5_000
PER_REQUEST = 500
CUSTOMERS = 2_500  # two deposits each: wallets with more than one credit
TRACK_MANY = (
    "mutation T($i: [EventsTrackItemInput!]!) { eventsTrack(inputs: $i) { __typename "
    "... on EventsTrackSuccess { created duplicates refused } ... on Error { code message field } } }"
)


async def scalar(query: str, *values: Any) -> Any:
    rows = await connections.get("default").execute_query_dict(query, list(values))
    return next(iter(rows[0].values()))


async def test_a_worker_killed_mid_evaluation_leaves_exactly_one_reward_per_event(
    servers: Servers, processes: Any, admin: Caller
) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}live-kill:",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    api = processes("serve", {**env, "HEALTH_REQUIRE_WORKER": "false"})  # no worker yet, on purpose
    api.wait_healthy()
    program = await live_program(
        api,
        admin,
        "Deposit kill",
        {
            "kind": "ACTION",
            "event": {"name": "deposit", "where": [{"property": "amount", "op": "GTE", "value": 100}]},
            "cap": {"limit": 1_000, "period": "TOTAL"},
            "points": {"fixed": 100},
        },
    )
    for start in range(0, EVENTS, PER_REQUEST):
        batch = [
            {
                "customer": {"sourceId": f"kill-{number % CUSTOMERS}"},
                "name": "deposit",
                "properties": {"amount": 150},
                "idempotencyKey": f"kill-{number}",
            }
            for number in range(start, start + PER_REQUEST)
        ]
        done = await graphql(api, admin, TRACK_MANY, {"i": batch})
        assert done["eventsTrack"] == {
            "__typename": "EventsTrackSuccess",
            "created": PER_REQUEST,
            "duplicates": 0,
            "refused": 0,
        }
    assert await scalar("SELECT count(*) FROM trigger_inbox") == EVENTS
    assert await scalar("SELECT count(*) FROM trigger_reward") == 0

    first = processes("worker", env)
    deadline = asyncio.get_running_loop().time() + 120
    rewarded = 0
    while asyncio.get_running_loop().time() < deadline:
        assert first.process.poll() is None, f"the worker exited:\n{first.log()}"
        rewarded = await scalar("SELECT count(*) FROM trigger_reward")
        if rewarded > 0:
            break
        await asyncio.sleep(0.02)
    assert 0 < rewarded < EVENTS, f"no moment with some but not all rewards committed ({rewarded})"
    family = [psutil.Process(first.process.pid), *psutil.Process(first.process.pid).children(recursive=True)]
    first.process.kill()
    first.process.wait(30)
    killed_at = await scalar("SELECT count(*) FROM trigger_reward")
    assert killed_at < EVENTS, "the first worker finished before it was killed"
    leftover = [process.pid for process in family if process.is_running() and process.status() != psutil.STATUS_ZOMBIE]
    assert leftover == [], f"processes of the killed worker still alive: {leftover}"

    second = processes("worker", env)
    await poll(second, "every event rewarded by the second worker", _all_done)
    assert await scalar("SELECT count(*) FROM trigger_reward") == EVENTS
    assert await scalar("SELECT count(DISTINCT event_id) FROM trigger_reward WHERE status = 'REWARDED'") == EVENTS
    assert await scalar("SELECT count(*) FROM trigger_inbox") == 0
    credits = await connections.get("default").execute_query_dict(
        "SELECT count(*) AS n, count(DISTINCT t.source_id) AS occurrences, sum(t.points) AS points "
        "FROM wallet_transaction t JOIN wallet w ON w.id = t.wallet_id WHERE w.campaign_id = $1 AND t.kind = 'CREDIT'",
        [program_id(program)],
    )
    assert credits[0] == {"n": EVENTS, "occurrences": EVENTS, "points": 100 * EVENTS}
    wallets = await connections.get("default").execute_query_dict(
        "SELECT w.id, w.balance, (SELECT COALESCE(sum(points), 0) FROM wallet_transaction "
        "WHERE wallet_id = w.id AND status = 'POSTED') AS posted FROM wallet w WHERE w.campaign_id = $1",
        [program_id(program)],
    )
    assert len(wallets) == CUSTOMERS
    assert [row for row in wallets if row["balance"] != row["posted"] or row["balance"] != 200] == []
    stats = await graphql(
        api, admin, "query S($id: ID!) { campaign(id: $id) { triggerStats { evaluated rewarded } } }", {"id": program}
    )
    assert stats["campaign"]["triggerStats"] == {"evaluated": EVENTS, "rewarded": EVENTS}
    second.stop()
    assert second.process.returncode is not None


async def _all_done() -> bool:
    inbox = await scalar("SELECT count(*) FROM trigger_inbox")
    return bool(inbox == 0 and await scalar("SELECT count(*) FROM trigger_reward") == EVENTS)


def program_id(graphql_id: str) -> uuid.UUID:
    """The campaign's UUID, from its GraphQL ID (the UUID itself, or base64 of `Type:<uuid>`)."""
    with contextlib.suppress(ValueError):
        return uuid.UUID(graphql_id)
    return uuid.UUID(base64.b64decode(graphql_id + "=" * (-len(graphql_id) % 4)).decode().rsplit(":", 1)[1])
