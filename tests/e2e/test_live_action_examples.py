"""The worked examples of live actions, each end to end: a real `promo serve` and `promo worker`.

Campaigns, triggers, activation and events go through HTTP GraphQL; the rewards are read back through
it (`customer.rewards` with the causing event, wallet balances, codes and their holders). Each example
also sends what must earn nothing. One API process and one worker serve every example of the module
(an empty database at its start, campaigns and customers of their own per example); inaction windows
last seconds. Waits poll with a deadline (`poll`), never a fixed sleep.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
from tortoise import connections

from app.access.models import Role
from app.access.services import create_api_key
from app.core.ids import decode_id
from tests.conftest import Caller, Servers, empty_database
from tests.e2e.conftest import Process, start_process
from tests.e2e.test_worker_redis_outage import poll

pytestmark = pytest.mark.e2e
ERROR = "... on Error { code message field }"
KOLKATA = ZoneInfo("Asia/Kolkata")
# The off-peak example back-fills orders of yesterday afternoon (Kolkata): at most two days old.
LATENESS = timedelta(days=3)
SECONDS = timedelta(seconds=2)  # the inaction windows (an hour, 14 days in the README)
WINDOW = {"amount": int(SECONDS.total_seconds()), "unit": "SECONDS"}
REWARDS = """query R($c: String!) { customer(sourceId: $c) { rewards(first: 20) { source points at
  campaign { id } event { id name occurredAt }
  code { code holder { sourceId } series { kind partnerName }
    campaigns { reward { discount { percentOff } } } } } } }"""


@dataclass
class Live:
    """The module's API process, its worker, and an ADMIN key."""

    api: Process
    worker: Process
    caller: Caller

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
    ) -> dict[str, Any]:
        body = {"query": query, "variables": variables or {}, "operationName": operation}
        async with httpx.AsyncClient(base_url=str(self.api.base_url), timeout=10) as http:
            response = await http.post("/graphql", json=body, headers=self.caller.headers)
        payload: dict[str, Any] = response.json()
        assert "errors" not in payload, payload
        return payload["data"]

    async def track(self, customer: str, name: str, at: datetime | None = None, **properties: Any) -> str:
        """Store one event; its id."""
        data = await self.gql(
            f"mutation T($i: EventTrackInput!) {{ eventTrack(input: $i) {{ __typename "
            f"... on EventTrackSuccess {{ event {{ id }} }} {ERROR} }} }}",
            {
                "i": {
                    "customer": {"sourceId": customer},
                    "name": name,
                    "properties": properties,
                    "occurredAt": at.isoformat() if at else None,
                }
            },
        )
        assert data["eventTrack"]["__typename"] == "EventTrackSuccess", data
        event_id: str = data["eventTrack"]["event"]["id"]
        return event_id

    async def stats(self, campaign: str) -> dict[str, int]:
        data = await self.gql(
            "query S($id: ID!) { campaign(id: $id) { "
            "triggerStats { evaluated matched rewarded capped pendingTimers } } }",
            {"id": campaign},
        )
        found: dict[str, int] = data["campaign"]["triggerStats"]
        return found

    async def rewards(self, customer: str, campaign: str) -> list[dict[str, Any]]:
        """The customer's rewards from this campaign (the examples' campaigns share event names)."""
        data = await self.gql(REWARDS, {"c": customer})
        return [reward for reward in data["customer"]["rewards"] if reward["campaign"]["id"] == campaign]

    async def balance(self, customer: str, program: str) -> int:
        data = await self.gql(
            "query W($p: ID!, $c: String!) { wallet(customer: {sourceId: $c}, program: $p) { balance } }",
            {"p": program, "c": customer},
        )
        return int(data["wallet"]["balance"]) if data["wallet"] else 0

    async def until(self, what: str, probe: Any) -> Any:
        return await poll(self.worker, what, probe)

    async def evaluated(self, campaign: str, events: int) -> dict[str, int]:
        """The campaign's counters once the worker has evaluated `events` of its events."""

        async def done() -> dict[str, int] | None:
            stats = await self.stats(campaign)
            return stats if stats["evaluated"] >= events else None

        found: dict[str, int] = await self.until(f"{events} events evaluated", done)
        return found

    async def campaign(self, trigger: dict[str, Any], **fields: Any) -> str:
        """A LIVE_ACTION campaign (`fields` over a points program's), ACTIVE, with its trigger."""
        made = await self.gql(
            f"mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename "
            f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
            {
                "i": {
                    "kind": "WALLET_POINTS",
                    "codeMode": "NO_CODE",
                    "targeting": "LIVE_ACTION",
                    "currency": "EUR",
                    "reward": {"points": 100},
                    **fields,
                }
            },
        )
        assert made["campaignCreate"]["__typename"] == "CampaignCreateSuccess", made
        campaign: str = made["campaignCreate"]["campaign"]["id"]
        done = await self.gql(
            f"mutation A($id: ID!, $t: JSON!) {{ campaignActivate(input: {{id: $id}}) {{ __typename {ERROR} }} "
            f"campaignTriggerSet(input: {{campaignId: $id, trigger: $t}}) {{ __typename {ERROR} }} }}",
            {"id": campaign, "t": trigger},
        )
        assert done["campaignActivate"]["__typename"] == "CampaignTransitionSuccess", done
        assert done["campaignTriggerSet"]["__typename"] == "CampaignTriggerSetSuccess", done
        return campaign

    async def series(self, name: str, *, partner: list[str] | None = None) -> str:
        """A code series: 5 generated codes, or a partner's imported `partner` codes."""
        spec: dict[str, Any] = {"name": name, "length": 10}
        if partner is not None:
            spec = {"name": name, "kind": "PARTNER", "partnerName": "Café Partner"}
        made = await self.gql(
            "mutation S($i: CodeSeriesCreateInput!) { codeSeriesCreate(input: $i) { "
            "... on CodeSeriesCreateSuccess { series { id } } } }",
            {"i": spec},
        )
        series: str = made["codeSeriesCreate"]["series"]["id"]
        if partner is None:
            added = await self.gql(
                "mutation G($s: ID!) { codesGenerate(input: {seriesId: $s, count: 5}) { __typename } }", {"s": series}
            )
            assert added["codesGenerate"]["__typename"] == "CodesGenerateSuccess", added
            return series
        operations = {
            "query": "mutation I($s: ID!, $f: Upload!) { codesImport(seriesId: $s, file: $f) { __typename "
            "... on CodesImportSuccess { imported } } }",
            "variables": {"s": series, "f": None},
        }
        csv = ("code\n" + "\n".join(partner) + "\n").encode()
        async with httpx.AsyncClient(base_url=str(self.api.base_url), timeout=10) as http:
            response = await http.post(
                "/graphql",
                data={"operations": orjson.dumps(operations).decode(), "map": '{"0": ["variables.f"]}'},
                files={"0": ("partner-codes.csv", csv, "text/csv")},
                headers=self.caller.headers,
            )
        assert response.json()["data"]["codesImport"] == {"__typename": "CodesImportSuccess", "imported": 3}
        return series


@pytest.fixture(scope="module")
async def live(servers: Servers, migrated: None, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    await empty_database()
    key, secret = await create_api_key(name="examples", role=Role.ADMIN, created_by=None)
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}examples:",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "LIVE_ACTION_LATENESS_SECONDS": str(int(LATENESS.total_seconds())),
        "TZ": "UTC",  # the server's zone; the off-peak window is Kolkata's
    }
    logs = tmp_path_factory.mktemp("live-examples")
    api = start_process("serve", env, logs / "serve.log")
    worker = start_process("worker", env, logs / "worker.log")
    try:
        api.wait_healthy()
        yield Live(api, worker, Caller(key, secret))
    finally:
        await asyncio.gather(asyncio.to_thread(api.stop), asyncio.to_thread(worker.stop))


async def test_a_deposit_of_at_least_100_earns_100_points(live: Live) -> None:
    deposit = await live.campaign(
        {
            "kind": "ACTION",
            "event": {"name": "deposit", "where": [{"property": "amount", "op": "GTE", "value": 100}]},
            "points": {"fixed": 100},
        },
        name="Deposit ≥ 100",
    )
    await live.track("dep-short", "deposit", amount=99.99)
    paid = await live.track("dep-full", "deposit", amount=100.00)
    stats = await live.evaluated(deposit, 2)
    assert (stats["matched"], stats["rewarded"]) == (1, 1)
    [reward] = await live.rewards("dep-full", deposit)
    assert (reward["source"], reward["points"], reward["event"]["id"]) == ("LIVE_ACTION", 100, paid)
    assert await live.balance("dep-full", deposit) == 100
    assert await live.rewards("dep-short", deposit) == []
    assert await live.balance("dep-short", deposit) == 0


async def test_the_first_upi_transaction_ever_earns_100_points_as_the_readme_shows(
    live: Live, project_root: Path
) -> None:
    blocks = re.findall(r"```graphql\n(.*?)```", (project_root / "README.md").read_text(), re.DOTALL)
    [readme] = [block for block in blocks if "mutation UpiProgram" in block]
    # A customer who paid by UPI before the program existed: their next payment is not their first.
    await live.track("upi-old", "upi_txn", amount=10)
    made = await live.gql(readme, operation="UpiProgram")
    program = made["campaignCreate"]["campaign"]["id"]
    armed = await live.gql(readme, {"c": program}, operation="UpiTrigger")
    assert armed == {
        "campaignTriggerSet": {"__typename": "CampaignTriggerSetSuccess"},
        "campaignActivate": {"__typename": "CampaignTransitionSuccess"},
    }
    first = (await live.gql(readme, operation="UpiPaid"))["eventTrack"]["event"]["id"]
    second = (await live.gql(readme, operation="UpiPaid"))["eventTrack"]["event"]["id"]
    assert second != first
    await live.track("upi-old", "upi_txn", amount=10)
    stats = await live.evaluated(program, 3)
    # Matched once: the second payment and the old customer's fail the "first ever" test, not the cap.
    assert stats == {"evaluated": 3, "matched": 1, "rewarded": 1, "capped": 0, "pendingTimers": 0}
    answer = await live.gql(readme, {"c": program}, operation="UpiReward")
    [reward] = [r for r in answer["customer"]["rewards"] if r["campaign"]["id"] == program]
    assert (reward["source"], reward["points"], reward["campaign"]["name"]) == (
        "LIVE_ACTION",
        100,
        "First UPI transaction",
    )
    assert (reward["event"]["id"], reward["event"]["name"]) == (first, "upi_txn")
    assert answer["wallet"]["balance"] == 100
    assert await live.rewards("upi-old", program) == []
    assert await live.balance("upi-old", program) == 0


async def test_an_order_paid_between_14_and_17_in_kolkata_earns_5_percent_cashback(live: Live) -> None:
    cashback = await live.campaign(
        {
            "kind": "ACTION",
            "event": {"name": "order_paid"},
            "time_window": {"from_hour": 14, "to_hour": 17},
            "points": {"percent": 5, "property": "amount"},
            "cap": {"limit": 100},
        },
        name="Off-peak cashback",
        currency="INR",
        timeZone="Asia/Kolkata",
    )
    # Yesterday afternoon in Kolkata, whatever the hour of the run: the orders are back-filled (within
    # LATENESS), and the program has been ACTIVE for three days (its activation dated back: the past
    # cannot be arranged through the API).
    await connections.get("default").execute_query_dict(
        "UPDATE campaign_history SET created_at = created_at - interval '3 days' WHERE campaign_id = $1",
        [decode_id("Campaign", cashback)],
    )
    day = (datetime.now(UTC) - timedelta(days=1)).astimezone(KOLKATA).date()

    def local(hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute), KOLKATA)

    inside = await live.track("peak-in", "order_paid", local(14, 0), amount=1234.50)
    await live.track("peak-early", "order_paid", local(13, 59), amount=1234.50)
    await live.track("peak-late", "order_paid", local(17, 0), amount=1234.50)
    stats = await live.evaluated(cashback, 3)
    assert (stats["matched"], stats["rewarded"]) == (1, 1)
    [reward] = await live.rewards("peak-in", cashback)
    assert reward["event"]["id"] == inside
    assert datetime.fromisoformat(reward["event"]["occurredAt"]) == local(14, 0)
    # 5 % of ₹1,234.50 is 6,172.5 paise; the default rate gives a point per paisa, rounded down.
    assert reward["points"] == 6172
    assert await live.balance("peak-in", cashback) == 6172
    for outside in ("peak-early", "peak-late"):
        assert await live.rewards(outside, cashback) == []
        assert await live.balance(outside, cashback) == 0


async def test_the_third_order_within_30_days_earns_a_partner_voucher(live: Live) -> None:
    partner_codes = ["CAFE-0001", "CAFE-0002", "CAFE-0003"]
    series = await live.series("Café vouchers", partner=partner_codes)
    streak = await live.campaign(
        {
            "kind": "ACTION",
            "event": {"name": "order_paid"},
            "occurrence": {"nth": 3, "within": {"amount": 30, "unit": "DAYS"}},
        },
        name="Third order",
        kind="PARTNER_VOUCHER",
        codeMode="UNIQUE_CODES",
        codeSeriesId=series,
        reward={"discount": {"type": "AMOUNT", "amountOff": 500}},
    )
    orders = [await live.track("streak-3", "order_paid", amount=20) for _ in range(3)]
    for _ in range(2):
        await live.track("streak-2", "order_paid", amount=20)
    stats = await live.evaluated(streak, 5)
    assert (stats["matched"], stats["rewarded"]) == (1, 1)
    [reward] = await live.rewards("streak-3", streak)
    assert reward["event"]["id"] == orders[2]
    code = reward["code"]
    assert code["code"] in partner_codes
    assert code["holder"] == {"sourceId": "streak-3"}
    assert code["series"] == {"kind": "PARTNER", "partnerName": "Café Partner"}
    assert await live.rewards("streak-2", streak) == []


async def test_a_cart_without_an_order_within_the_window_earns_a_10_percent_coupon(live: Live) -> None:
    cart = await live.campaign(
        {"kind": "INACTION", "event": {"name": "added_to_cart"}, "awaited": {"name": "order_paid"}, "within": WINDOW},
        name="Cart abandoned",
        kind="DISCOUNT",
        codeMode="UNIQUE_CODES",
        codeSeriesId=await live.series("Cart coupons"),
        reward={"discount": {"type": "PERCENT", "percentOff": 10}},
    )
    now = datetime.now(UTC)
    await live.track("cart-paid", "added_to_cart", now)
    await live.track("cart-paid", "order_paid", now + timedelta(milliseconds=500), amount=40)
    left = await live.track("cart-left", "added_to_cart", now)

    async def settled() -> list[dict[str, Any]] | None:
        found = await live.rewards("cart-left", cart)
        return found if found and (await live.stats(cart))["pendingTimers"] == 0 else None

    [reward] = await live.until("the abandoned cart's coupon", settled)
    assert reward["event"]["id"] == left
    assert datetime.fromisoformat(reward["at"]) >= now + SECONDS  # when the window ended, not before
    assert reward["code"]["holder"] == {"sourceId": "cart-left"}
    assert reward["code"]["campaigns"] == [{"reward": {"discount": {"percentOff": 10.0}}}]
    assert await live.rewards("cart-paid", cart) == []
    stats = await live.stats(cart)
    assert (stats["matched"], stats["rewarded"], stats["pendingTimers"]) == (1, 1, 0)


async def test_no_app_open_for_the_window_after_the_last_one_earns_a_coupon(live: Live) -> None:
    lapse = await live.campaign(
        {"kind": "INACTION", "event": {"name": "app_open"}, "within": WINDOW},
        name="Lapsed",
        kind="DISCOUNT",
        codeMode="UNIQUE_CODES",
        codeSeriesId=await live.series("Come-back coupons"),
        reward={"discount": {"type": "AMOUNT", "amountOff": 300}},
    )
    now = datetime.now(UTC)
    gone = await live.track("lapse-gone", "app_open", now)
    await live.track("lapse-back", "app_open", now)
    again = await live.track("lapse-back", "app_open", now + timedelta(milliseconds=500))

    async def settled() -> list[list[dict[str, Any]]] | None:
        found = [await live.rewards(customer, lapse) for customer in ("lapse-gone", "lapse-back")]
        return found if all(found) and (await live.stats(lapse))["pendingTimers"] == 0 else None

    [gone_rewards, back_rewards] = await live.until("both lapses' coupons", settled)
    assert [reward["event"]["id"] for reward in gone_rewards] == [gone]
    # Opening the app again inside the window cancelled the first one: only the later lapse pays.
    assert [reward["event"]["id"] for reward in back_rewards] == [again]
    assert datetime.fromisoformat(back_rewards[0]["at"]) >= now + timedelta(milliseconds=500) + SECONDS
    assert all(reward["code"]["code"] for reward in gone_rewards + back_rewards)
    stats = await live.stats(lapse)
    assert (stats["evaluated"], stats["matched"], stats["rewarded"], stats["capped"]) == (3, 2, 2, 0)
