"""Distributions end to end through GraphQL: preview, create, runs and deliveries, cancel, refusals, scope,
customer { rewards }, and the distributionProgress / rewardGranted subscriptions."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError

from app.access.models import Role
from app.campaigns.models import CampaignKind, CodeMode
from app.campaigns.validation import Reward
from app.core.events import EventBus
from app.core.ids import encode_id
from app.core.time import utcnow
from app.distributions import runs
from app.settings import Settings
from tests.codes.test_publication import live_campaign, series_with
from tests.conftest import Caller, GraphQLClient, LiveServer
from tests.distributions.helpers import distributing, list_segment, run_all
from tests.graphql.test_subscriptions import transport, wait_for_subscriber
from tests.locations.chain import build_chain

pytestmark = pytest.mark.usefixtures("db")
ERROR = "... on Error { code message field }"
CREATE = f"""mutation C($i: DistributionCreateInput!) {{ distributionCreate(input: $i) {{ __typename
  ... on DistributionCreateSuccess {{ created distribution {{ id status rewardPolicy nextRunAt
      schedule {{ kind at cron localTime weekdays endsAt }} points {{ fixed percent event property days }}
      campaign {{ id }} }} }} {ERROR} }} }}"""
CANCEL = f"""mutation X($id: ID!) {{ distributionCancel(id: $id) {{ __typename
  ... on DistributionCancelSuccess {{ distribution {{ id status nextRunAt }} }} {ERROR} }} }}"""
PREVIEW = """query P($c: ID!) { distributionPreview(campaignId: $c) {
  eligible alreadyRewarded toReward available needed shortage covered } }"""
RUNS = """query D($id: ID!, $after: String) { distribution(id: $id) { id status campaign { name }
  runs(first: 1) { edges { node { id status scheduledFor eligible rewarded skipped failed startedAt finishedAt
      distribution { id }
      deliveries(first: 100, after: $after, status: REWARDED) { edges { cursor node { id status points deliveredAt
          customer { sourceId } code { code holder { sourceId } } } } pageInfo { hasNextPage endCursor } }
      skippedOnes: deliveries(first: 100, status: SKIPPED_INVENTORY) { edges { node { status code { code } } }
        pageInfo { hasNextPage } } } }
    pageInfo { hasNextPage } } } }"""


def now_spec(campaign_id: str, **extra: Any) -> dict[str, Any]:
    return {"campaignId": campaign_id, "schedule": {"kind": "NOW"}, **extra}


async def create(graphql: GraphQLClient, caller: Caller, spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = (await graphql.data(CREATE, {"i": spec}, caller=caller))["distributionCreate"]
    return result


async def test_preview_shows_the_shortage_then_a_run_rewards_what_the_stock_covers(
    graphql: GraphQLClient, admin: Caller
) -> None:
    series = await series_with(1000, low_stock_threshold=100)
    segment = await list_segment("Big", [f"c{i}" for i in range(1500)])
    campaign = await distributing("Codes", segment, code_series_id=series)
    campaign_id = encode_id("Campaign", campaign.id)

    before = (await graphql.data(PREVIEW, {"c": campaign_id}, caller=admin))["distributionPreview"]
    assert before == {
        "eligible": 1500,
        "alreadyRewarded": 0,
        "toReward": 1500,
        "available": 1000,
        "needed": 1500,
        "shortage": 500,
        "covered": False,
    }

    made = await create(graphql, admin, now_spec(campaign_id))
    assert made["__typename"] == "DistributionCreateSuccess", made
    assert made["created"] is True
    distribution = made["distribution"]
    assert distribution["status"] == "ACTIVE"
    assert distribution["schedule"] == {
        "kind": "NOW",
        "at": None,
        "cron": None,
        "localTime": None,
        "weekdays": [],
        "endsAt": None,
    }
    assert distribution["rewardPolicy"] == "ONCE_PER_CAMPAIGN"
    assert distribution["points"] is None
    assert distribution["campaign"]["id"] == campaign_id

    await run_all()

    found = (await graphql.data(RUNS, {"id": distribution["id"]}, caller=admin))["distribution"]
    assert found["status"] == "COMPLETED"
    [edge] = found["runs"]["edges"]
    run = edge["node"]
    assert (run["status"], run["eligible"], run["rewarded"], run["skipped"], run["failed"]) == (
        "PARTIAL",
        1500,
        1000,
        500,
        0,
    )
    assert run["startedAt"] is not None
    assert run["finishedAt"] is not None
    assert run["distribution"]["id"] == distribution["id"]
    assert len(run["skippedOnes"]["edges"]) == 100
    assert run["skippedOnes"]["pageInfo"]["hasNextPage"] is True
    assert all(e["node"]["code"] is None for e in run["skippedOnes"]["edges"])
    codes: set[str] = set()
    page = run["deliveries"]
    while True:
        for delivery in page["edges"]:
            node = delivery["node"]
            assert node["status"] == "REWARDED"
            assert node["deliveredAt"] is not None
            assert node["points"] is None
            assert node["code"]["holder"]["sourceId"] == node["customer"]["sourceId"]
            codes.add(node["code"]["code"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        again = await graphql.data(
            RUNS, {"id": distribution["id"], "after": page["pageInfo"]["endCursor"]}, caller=admin
        )
        page = again["distribution"]["runs"]["edges"][0]["node"]["deliveries"]
    assert len(codes) == 1000

    after = (await graphql.data(PREVIEW, {"c": campaign_id}, caller=admin))["distributionPreview"]
    assert (after["alreadyRewarded"], after["toReward"], after["available"], after["shortage"]) == (1000, 500, 0, 500)

    listed = await graphql.data(
        "query L($c: ID!) { distributions(filter: {campaignId: $c, status: COMPLETED}) { edges { node { id } } } }",
        {"c": campaign_id},
        caller=admin,
    )
    assert [e["node"]["id"] for e in listed["distributions"]["edges"]] == [distribution["id"]]


async def test_a_retry_answers_the_first_distribution_and_cancel_stops_the_schedule(
    graphql: GraphQLClient, admin: Caller
) -> None:
    segment = await list_segment("Few", ["a", "b"])
    campaign = await distributing("Daily", segment, code_series_id=await series_with(10))
    other = await distributing("Other", segment, code_series_id=await series_with(10))
    campaign_id = encode_id("Campaign", campaign.id)
    spec = {
        "campaignId": campaign_id,
        "schedule": {"kind": "WEEKLY", "localTime": "09:30", "weekdays": [1, 5], "endsAt": "2099-01-01T00:00:00Z"},
        "rewardPolicy": "ONCE_PER_RUN",
        "idempotencyKey": "weekly-1",
    }
    first = await create(graphql, admin, spec)
    again = await create(graphql, admin, spec)
    assert first["__typename"] == again["__typename"] == "DistributionCreateSuccess", (first, again)
    assert (first["created"], again["created"]) == (True, False)
    assert first["distribution"]["id"] == again["distribution"]["id"]
    assert first["distribution"]["schedule"]["weekdays"] == [1, 5]
    assert first["distribution"]["schedule"]["localTime"] == "09:30"
    assert first["distribution"]["rewardPolicy"] == "ONCE_PER_RUN"
    assert first["distribution"]["nextRunAt"] is not None

    reused = await create(graphql, admin, {**spec, "campaignId": encode_id("Campaign", other.id)})
    assert (reused["__typename"], reused["code"], reused["field"]) == (
        "ConflictError",
        "IDEMPOTENCY_KEY_REUSED",
        "idempotencyKey",
    )

    cancelled = (await graphql.data(CANCEL, {"id": first["distribution"]["id"]}, caller=admin))["distributionCancel"]
    assert cancelled["__typename"] == "DistributionCancelSuccess", cancelled
    assert cancelled["distribution"]["status"] == "CANCELLED"
    assert cancelled["distribution"]["nextRunAt"] is None
    assert await run_all() == []  # nothing runs once cancelled
    missing = await graphql.data(CANCEL, {"id": encode_id("Distribution", campaign.id)}, caller=admin)
    assert missing["distributionCancel"]["__typename"] == "NotFoundError"


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        ({"kind": "ONCE"}, "schedule.at"),
        ({"kind": "ONCE", "at": "2001-01-01T00:00:00Z"}, "schedule.at"),
        ({"kind": "CRON", "cron": "61 * * * *"}, "schedule.cron"),
        ({"kind": "CRON"}, "schedule.cron"),
        ({"kind": "DAILY", "localTime": "25:00"}, "schedule.localTime"),
        ({"kind": "WEEKLY", "localTime": "09:00"}, "schedule.weekdays"),
        ({"kind": "WEEKLY", "localTime": "09:00", "weekdays": [1, 1]}, "schedule.weekdays"),
        ({"kind": "NOW", "cron": "* * * * *"}, "schedule.cron"),
        ({"kind": "NOW", "endsAt": "2099-01-01T00:00:00Z"}, "schedule.endsAt"),
        ({"kind": "DAILY", "localTime": "09:00", "endsAt": "2001-01-01T00:00:00Z"}, "schedule.endsAt"),
    ],
)
async def test_bad_schedules_are_refused_naming_their_field(
    graphql: GraphQLClient, admin: Caller, schedule: dict[str, Any], field: str
) -> None:
    campaign = await distributing("Bad", await list_segment("S", ["x"]), code_series_id=await series_with(2))
    refused = await create(graphql, admin, {"campaignId": encode_id("Campaign", campaign.id), "schedule": schedule})
    assert (refused["__typename"], refused["field"]) == ("ValidationError", field), refused


async def test_other_refusals_name_their_field(graphql: GraphQLClient, admin: Caller) -> None:
    segment = await list_segment("S", ["x"])
    coded = await distributing("Coded", segment, code_series_id=await series_with(2))
    open_campaign = await live_campaign("Open", code_mode=CodeMode.SINGLE_CODE, code="OPEN-1")
    cases = [
        (now_spec(encode_id("Campaign", coded.id), points={"fixed": 5}), "ValidationError", "points"),
        (now_spec(encode_id("Campaign", open_campaign.id)), "ValidationError", "campaignId"),
        (now_spec(encode_id("Campaign", segment.id)), "NotFoundError", "campaignId"),
    ]
    for spec, typename, field in cases:
        refused = await create(graphql, admin, spec)
        assert (refused["__typename"], refused["field"]) == (typename, field), refused
    bounded = await create(
        graphql, admin, {"campaignId": encode_id("Campaign", coded.id), "schedule": {"kind": "WEEKLY", "weekdays": [8]}}
    )
    assert (bounded["__typename"], bounded["code"], bounded["field"]) == (
        "ValidationError",
        "OUT_OF_RANGE",
        "schedule.weekdays.0",
    )


async def test_points_distribution_credits_wallets(graphql: GraphQLClient, admin: Caller) -> None:
    segment = await list_segment("Club", ["p1", "p2", "p3"])
    program = await distributing(
        "Club", segment, kind=CampaignKind.WALLET_POINTS, code_mode=CodeMode.NO_CODE, reward=Reward(points=10)
    )
    made = await create(graphql, admin, now_spec(encode_id("Campaign", program.id), points={"fixed": 25}))
    assert made["__typename"] == "DistributionCreateSuccess", made
    assert made["distribution"]["points"] == {
        "fixed": 25,
        "percent": None,
        "event": None,
        "property": None,
        "days": None,
    }
    [run] = await run_all()
    assert run.rewarded == 3
    data = await graphql.data(
        """query D($id: ID!) { distribution(id: $id) { runs { edges { node {
          deliveries { edges { node { points code { code } customer { sourceId wallets { balance } } } } } } } } } }""",
        {"id": made["distribution"]["id"]},
        caller=admin,
    )
    deliveries = data["distribution"]["runs"]["edges"][0]["node"]["deliveries"]["edges"]
    assert sorted(d["node"]["customer"]["sourceId"] for d in deliveries) == ["p1", "p2", "p3"]
    for delivery in deliveries:
        assert delivery["node"]["points"] == 25
        assert delivery["node"]["code"] is None
        assert delivery["node"]["customer"]["wallets"] == [{"balance": 25}]


async def test_a_restricted_manager_sees_and_changes_only_its_scope(graphql: GraphQLClient, admin: Caller) -> None:
    chain = await build_chain(graphql, admin)
    manager = await chain.key(Role.MANAGER, "STORE:n1", "STORE:n2")
    segment = await list_segment("Regional", ["r1", "r2"])
    ids: dict[str, str] = {}
    for name, store in (("Inside", "n1"), ("Outside", "s1")):
        campaign = await distributing(name, segment, code_series_id=await series_with(5))
        ids[name] = encode_id("Campaign", campaign.id)
        await chain.call(
            "mutation A($c: ID!, $a: [AssignmentInput!]!) { campaignAccessAssign(campaignId: $c, assignments: $a) "
            "{ __typename } }",
            {"c": ids[name], "a": [chain.place(f"STORE:{store}")]},
        )
    inside = await create(graphql, manager, now_spec(ids["Inside"]))
    assert inside["__typename"] == "DistributionCreateSuccess", inside
    denied = await create(graphql, manager, now_spec(ids["Outside"]))
    assert (denied["__typename"], denied["field"]) == ("NotFoundError", "campaignId")
    outside = await create(graphql, admin, now_spec(ids["Outside"]))
    assert outside["__typename"] == "DistributionCreateSuccess", outside
    await run_all()

    listed = await graphql.data(
        "{ distributions(first: 10) { edges { node { id campaign { id } runs(first: 2) { edges { node { rewarded "
        "deliveries(first: 10) { edges { node { code { code } } } } } } } } } } }",
        caller=manager,
    )
    [only] = listed["distributions"]["edges"]
    assert only["node"]["id"] == inside["distribution"]["id"]
    assert only["node"]["campaign"]["id"] == ids["Inside"]
    [run] = only["node"]["runs"]["edges"]
    assert run["node"]["rewarded"] == 2
    assert len(run["node"]["deliveries"]["edges"]) == 2
    everything = await graphql.data("{ distributions { edges { node { id } } } }", caller=admin)
    assert len(everything["distributions"]["edges"]) == 2

    hidden = await graphql.post(
        "query D($id: ID!) { distribution(id: $id) { id } }", {"id": outside["distribution"]["id"]}, caller=manager
    )
    assert hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    preview = await graphql.post(PREVIEW, {"c": ids["Outside"]}, caller=manager)
    assert preview.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    seen = await graphql.data(PREVIEW, {"c": ids["Inside"]}, caller=manager)
    assert seen["distributionPreview"]["alreadyRewarded"] == 2
    cancel = await graphql.data(CANCEL, {"id": outside["distribution"]["id"]}, caller=manager)
    assert cancel["distributionCancel"]["__typename"] == "NotFoundError"
    viewer = await chain.key(Role.VIEWER, "STORE:n1")
    refused = await graphql.data(CANCEL, {"id": inside["distribution"]["id"]}, caller=viewer)
    assert refused["distributionCancel"]["__typename"] == "PermissionDeniedError"


REWARDS = """query R($first: Int!) { customer(sourceId: "ann") { rewards(first: $first) {
  source points at campaign { name } code { code } } } }"""


async def test_customer_rewards_lists_every_source_newest_first(graphql: GraphQLClient, admin: Caller) -> None:
    segment = await list_segment("Ann", ["ann", "bob"])
    distributed = await distributing("Distributed", segment, code_series_id=await series_with(5))
    await create(graphql, admin, now_spec(encode_id("Campaign", distributed.id)))
    await run_all()
    published = await live_campaign("Published", code_mode=CodeMode.SINGLE_CODE, code="HELLO")
    done = await graphql.data(
        "mutation P($i: CodePublishInput!) { codePublish(input: $i) { __typename } }",
        {"i": {"campaignId": encode_id("Campaign", published.id), "customer": {"sourceId": "ann"}}},
        caller=admin,
    )
    assert done["codePublish"]["__typename"] == "CodePublishSuccess", done
    program = await live_campaign(
        "Points", kind=CampaignKind.WALLET_POINTS, code_mode=CodeMode.NO_CODE, reward=Reward(points=1)
    )
    for points in (40, -15):  # a debit is no reward
        adjusted = await graphql.data(
            "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
            {
                "i": {
                    "program": encode_id("Campaign", program.id),
                    "customer": {"sourceId": "ann"},
                    "points": points,
                    "reason": "goodwill",
                }
            },
            caller=admin,
        )
        assert adjusted["walletAdjust"]["__typename"] == "WalletAdjustSuccess", adjusted

    rewards = (await graphql.data(REWARDS, {"first": 10}, caller=admin))["customer"]["rewards"]
    assert [(r["source"], r["campaign"]["name"]) for r in rewards] == [
        ("WALLET_CREDIT", "Points"),
        ("PUBLICATION", "Published"),
        ("DISTRIBUTION", "Distributed"),
    ]
    assert rewards[0]["points"] == 40
    assert rewards[0]["code"] is None
    assert rewards[1]["code"]["code"] == "HELLO"
    assert rewards[2]["code"]["code"]
    assert [r["at"] for r in rewards] == sorted((r["at"] for r in rewards), reverse=True)
    assert len((await graphql.data(REWARDS, {"first": 2}, caller=admin))["customer"]["rewards"]) == 2
    too_many = await graphql.post(REWARDS, {"first": 101}, caller=admin)
    assert too_many.json()["errors"], too_many.json()


async def _listen(
    live_server: LiveServer, caller: Caller, document: str, variables: dict[str, Any], wanted: int
) -> Any:
    subscription = gql(document)
    subscription.variable_values = variables
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async with Client(transport=transport(live_server, caller.headers)) as session:
            async for result in session.subscribe(subscription):
                received.append(result)
                if len(received) == wanted:
                    return

    return asyncio.create_task(listen()), received


async def test_progress_and_rewards_reach_websocket_subscribers(
    graphql: GraphQLClient, admin: Caller, live_server: LiveServer, redis: ArqRedis, settings: Settings
) -> None:
    segment = await list_segment("Live", ["l1", "l2", "l3"])
    campaign = await distributing("Live", segment, code_series_id=await series_with(5))
    campaign_id = encode_id("Campaign", campaign.id)
    made = await create(graphql, admin, now_spec(campaign_id))
    distribution_id = made["distribution"]["id"]
    customer = await graphql.data('{ customer(sourceId: "l2") { id } }', caller=admin)
    customer_id = customer["customer"]["id"]

    bus = EventBus(redis, settings.redis_prefix)
    progress_task, progress = await _listen(
        live_server,
        admin,
        "subscription P($d: ID!) { distributionProgress(distributionId: $d) "
        "{ distributionId runId status eligible rewarded skipped failed } }",
        {"d": distribution_id},
        2,
    )
    await wait_for_subscriber(redis, bus.channel(runs.PROGRESS_CHANNEL))
    rewards_task, rewards = await _listen(
        live_server,
        admin,
        "subscription R($c: ID, $u: ID) { rewardGranted(campaignId: $c, customerId: $u) "
        "{ deliveryId runId campaignId customerId customerSourceId code points at } }",
        {"c": campaign_id, "u": customer_id},
        1,
    )
    await wait_for_subscriber(redis, bus.channel(runs.REWARDS_CHANNEL))

    await runs.schedule_due(now=utcnow() + timedelta(seconds=1))
    await runs.work(worker="live", events=bus, budget_seconds=60)
    await asyncio.wait_for(asyncio.gather(progress_task, rewards_task), 10)

    statuses = [event["distributionProgress"] for event in progress]
    assert [event["status"] for event in statuses] == ["RUNNING", "SUCCEEDED"]
    assert statuses[-1]["rewarded"] == 3
    assert statuses[-1]["eligible"] == 3
    assert {event["distributionId"] for event in statuses} == {distribution_id}
    [granted] = [event["rewardGranted"] for event in rewards]
    assert granted["customerId"] == customer_id
    assert granted["customerSourceId"] == "l2"
    assert granted["campaignId"] == campaign_id
    assert granted["code"]
    assert granted["points"] is None


async def test_subscriptions_refuse_what_the_key_may_not_see(
    graphql: GraphQLClient, admin: Caller, live_server: LiveServer
) -> None:
    chain = await build_chain(graphql, admin)
    store = await chain.key(Role.STORE, "STORE:n1")
    segment = await list_segment("Hidden", ["h1"])
    campaign = await distributing("Hidden", segment, code_series_id=await series_with(5))
    made = await create(graphql, admin, now_spec(encode_id("Campaign", campaign.id)))
    for document, variables in (
        (
            "subscription P($d: ID!) { distributionProgress(distributionId: $d) { status } }",
            {"d": made["distribution"]["id"]},
        ),
        (
            "subscription R($c: ID) { rewardGranted(campaignId: $c) { code } }",
            {"c": encode_id("Campaign", campaign.id)},
        ),
        ("subscription { rewardGranted { code } }", {}),
    ):
        task, _ = await _listen(live_server, store, document, variables, 1)
        with pytest.raises(TransportQueryError) as refused:
            await asyncio.wait_for(task, 10)
        assert "NOT_FOUND" in str(refused.value) or "Name a campaign" in str(refused.value), refused.value
