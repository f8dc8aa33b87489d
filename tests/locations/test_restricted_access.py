"""Restricted keys at work: a worked scenario, enumeration, store checks at redemption, and bad input."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from app.access.models import ApiKey, Role
from app.access.services import create_api_key
from app.campaigns.models import Campaign
from app.core.ids import decode_id, encode_id
from app.locations.models import Assignment, AssignmentLevel, SubjectKind
from app.locations.services import PlaceInput
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer

ERROR = "... on Error { code message field }"
ORDER_ITEMS = [{"productId": "p", "quantity": 1, "unitPrice": 1000}]


class Chain:
    """Areas North (stores n1, n2) and South (s1), built through the API by an admin."""

    def __init__(self, graphql: GraphQLClient, admin: Caller) -> None:
        self.graphql = graphql
        self.admin = admin
        self.areas: dict[str, str] = {}
        self.stores: dict[str, str] = {}

    async def call(self, query: str, variables: dict[str, Any] | None = None, caller: Caller | None = None) -> Any:
        return await self.graphql.data(query, variables, caller=caller or self.admin)

    async def build(self) -> Chain:
        for area in ("North", "South"):
            made = await self.call(
                "mutation A($n: String!) { areaCreate(input: {name: $n}) { ... on AreaSuccess { area { id } } } }",
                {"n": area},
            )
            self.areas[area] = made["areaCreate"]["area"]["id"]
        for store, area in (("n1", "North"), ("n2", "North"), ("s1", "South")):
            made = await self.call(
                "mutation S($a: ID!, $n: String!) { storeCreate(areaId: $a, input: {name: $n}) "
                "{ ... on StoreSuccess { store { id } } } }",
                {"a": self.areas[area], "n": store},
            )
            self.stores[store] = made["storeCreate"]["store"]["id"]
        return self

    def place(self, spec: str) -> dict[str, Any]:
        """`AREA:North`, `ALL:North` (all stores of North) or `STORE:n1`."""
        level, name = spec.split(":")
        if level == "STORE":
            return {"level": "STORE", "storeId": self.stores[name]}
        return {"level": "AREA" if level == "AREA" else "AREA_ALL_STORES", "areaId": self.areas[name]}

    def domain_place(self, spec: str) -> PlaceInput:
        given = self.place(spec)
        return PlaceInput(
            AssignmentLevel(given["level"]),
            decode_id("Area", given["areaId"], field="a") if "areaId" in given else None,
            decode_id("Store", given["storeId"], field="s") if "storeId" in given else None,
        )

    async def key(self, role: Role, *places: str) -> Caller:
        key, secret = await create_api_key(
            name=f"{role.value} {'+'.join(places)}",
            role=role,
            created_by=None,
            access=[self.domain_place(place) for place in places],
        )
        return Caller(key, secret)

    async def campaign(self, name: str, *places: str, caller: Caller | None = None, rules: Any = None) -> Any:
        made = await self.call(
            f"""mutation C($i: CampaignCreateInput!) {{ campaignCreate(input: $i) {{ __typename
              ... on CampaignCreateSuccess {{ campaign {{ id version }} }} {ERROR} }} }}""",
            {
                "i": {
                    "name": name,
                    "kind": "DISCOUNT",
                    "codeMode": "NO_CODE",
                    "targeting": "OPEN",
                    "currency": "EUR",
                    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                    "validationRules": rules or [],
                    "access": [self.place(place) for place in places],
                }
            },
            caller,
        )
        result = made["campaignCreate"]
        if result["__typename"] != "CampaignCreateSuccess":
            return result
        await self.call(
            "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }",
            {"id": result["campaign"]["id"]},
        )
        return result["campaign"]["id"]


@pytest.fixture
async def chain(graphql: GraphQLClient, admin: Caller) -> Chain:
    return await Chain(graphql, admin).build()


VALIDATE = """query V($o: OrderInput!, $r: [RedeemableInput!]!) {
  validate(order: $o, redeemables: $r) { redeemables { status reason } } }"""
REDEEM = f"""mutation R($i: RedeemInput!) {{ redeem(input: $i) {{ __typename
  ... on RedeemSuccess {{ redemption {{ id storeId areaId }} }}
  ... on RedeemRefused {{ result {{ redeemables {{ reason }} }} }} {ERROR} }} }}"""


async def visible_names(chain: Chain, caller: Caller) -> set[str]:
    data = await chain.call("{ campaigns(first: 100) { edges { node { name } } totalCount } }", caller=caller)
    names = {edge["node"]["name"] for edge in data["campaigns"]["edges"]}
    assert data["campaigns"]["totalCount"] == len(names)
    return names


async def test_worked_scenario_visibility_use_and_edit(chain: Chain) -> None:
    campaigns = {
        "C1 project-wide": await chain.campaign("C1 project-wide"),
        "C2 area North": await chain.campaign("C2 area North", "AREA:North"),
        "C3 all stores of North": await chain.campaign("C3 all stores of North", "ALL:North"),
        "C4 store n1": await chain.campaign("C4 store n1", "STORE:n1"),
        "C5 store s1": await chain.campaign("C5 store s1", "STORE:s1"),
        "C6 stores n1 and s1": await chain.campaign("C6 stores n1 and s1", "STORE:n1", "STORE:s1"),
    }
    manager = await chain.key(Role.MANAGER, "ALL:North")
    till = await chain.key(Role.STORE, "STORE:n1")
    regional_viewer = await chain.key(Role.VIEWER, "AREA:North")

    # Visibility: assignments overlap (levels do not cascade; project-wide is for unrestricted keys only).
    assert await visible_names(chain, chain.admin) == set(campaigns)
    assert await visible_names(chain, manager) == {"C3 all stores of North", "C4 store n1", "C6 stores n1 and s1"}
    assert await visible_names(chain, till) == {"C3 all stores of North", "C4 store n1", "C6 stores n1 and s1"}
    assert await visible_names(chain, regional_viewer) == {"C2 area North"}

    # Edit: only when the key contains all of the campaign's assignments; other roles lack the permission.
    update = f"""mutation U($id: ID!, $v: Int!) {{
      campaignUpdate(input: {{id: $id, expectedVersion: $v, description: "local"}}) {{ __typename {ERROR} }} }}"""
    expected_edit = [
        (manager, "C3 all stores of North", "CampaignUpdateSuccess"),
        (manager, "C4 store n1", "CampaignUpdateSuccess"),
        (manager, "C6 stores n1 and s1", "PermissionDeniedError"),
        (manager, "C5 store s1", "NotFoundError"),
        (manager, "C1 project-wide", "NotFoundError"),
        (till, "C4 store n1", "PermissionDeniedError"),
        (regional_viewer, "C2 area North", "PermissionDeniedError"),
    ]
    for caller, name, outcome in expected_edit:
        current = await chain.call("query C($id: ID!) { campaign(id: $id) { version } }", {"id": campaigns[name]})
        result = await chain.call(update, {"id": campaigns[name], "v": current["campaign"]["version"]}, caller)
        assert result["campaignUpdate"]["__typename"] == outcome, (caller.key.name, name, result)

    # Campaign history records which key acted.
    history = await chain.call(
        "query H($id: ID!) { campaign(id: $id) { history { edges { node { kind actor { name } } } } } }",
        {"id": campaigns["C4 store n1"]},
        manager,
    )
    kinds = [(edge["node"]["kind"], edge["node"]["actor"]) for edge in history["campaign"]["history"]["edges"]]
    assert ("UPDATED", {"name": manager.key.name}) in kinds

    # Use: the STORE key's store is implied; a campaign is redeemed only at a store inside its scope.
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    everything = [{"campaignId": campaigns[name]} for name in sorted(campaigns)]
    at_till = await chain.call(VALIDATE, {"o": order, "r": everything}, till)
    reasons = dict(zip(sorted(campaigns), [r["reason"] for r in at_till["validate"]["redeemables"]], strict=True))
    assert reasons == {
        "C1 project-wide": "CAMPAIGN_NOT_FOUND",
        "C2 area North": "CAMPAIGN_NOT_FOUND",
        "C3 all stores of North": None,
        "C4 store n1": None,
        "C5 store s1": "CAMPAIGN_NOT_FOUND",
        "C6 stores n1 and s1": None,
    }
    at_n2 = await chain.call(VALIDATE, {"o": {**order, "storeId": chain.stores["n2"]}, "r": everything}, manager)
    reasons = dict(zip(sorted(campaigns), [r["reason"] for r in at_n2["validate"]["redeemables"]], strict=True))
    assert reasons["C3 all stores of North"] is None
    assert reasons["C4 store n1"] == "STORE_NOT_IN_SCOPE"
    assert reasons["C6 stores n1 and s1"] == "STORE_NOT_IN_SCOPE"

    # Redemptions record their store and area, and list by either.
    done = await chain.call(
        REDEEM, {"i": {"order": order, "redeemables": [{"campaignId": campaigns["C4 store n1"]}]}}, till
    )
    redemption = done["redeem"]["redemption"]
    assert redemption["storeId"] == chain.stores["n1"]
    assert redemption["areaId"] == chain.areas["North"]
    listing = "query L($f: RedemptionFilterInput) { redemptions(filter: $f) { edges { node { id } } } }"
    for key, value, found in (
        ("storeId", chain.stores["n1"], [redemption["id"]]),
        ("areaId", chain.areas["North"], [redemption["id"]]),
        ("areaId", chain.areas["South"], []),
    ):
        data = await chain.call(listing, {"f": {key: value}})
        assert [edge["node"]["id"] for edge in data["redemptions"]["edges"]] == found
    seen_by_viewer = await chain.call(listing, {"f": None}, regional_viewer)
    assert seen_by_viewer["redemptions"]["edges"] == []


async def test_viewer_shows_role_and_assignments(chain: Chain) -> None:
    manager = await chain.key(Role.MANAGER, "ALL:North", "STORE:s1")
    data = await chain.call(
        "{ viewer { role restricted permissions assignments { level areaId storeId } } }", caller=manager
    )
    assert data["viewer"]["role"] == "MANAGER"
    assert data["viewer"]["restricted"] is True
    assert "PROJECT_READ" not in data["viewer"]["permissions"]
    assert data["viewer"]["assignments"] == [
        {"level": "AREA_ALL_STORES", "areaId": chain.areas["North"], "storeId": None},
        {"level": "STORE", "areaId": chain.areas["South"], "storeId": chain.stores["s1"]},
    ]


async def test_a_campaign_with_stores_needs_a_store_in_its_scope(chain: Chain) -> None:
    campaign = await chain.campaign("Local", "STORE:n1")
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    cases = [(None, "STORE_REQUIRED"), (chain.stores["s1"], "STORE_NOT_IN_SCOPE"), (chain.stores["n1"], None)]
    for store, reason in cases:
        data = await chain.call(VALIDATE, {"o": {**order, "storeId": store}, "r": [{"campaignId": campaign}]})
        assert data["validate"]["redeemables"][0]["reason"] == reason


async def test_restricted_keys_learn_nothing_from_ids_or_cursors_of_other_areas(chain: Chain) -> None:
    south = await chain.campaign("South only", "STORE:s1")
    for index in range(5):
        await chain.campaign(f"North {index}", "STORE:n1")
    till = await chain.key(Role.STORE, "STORE:n1")
    missing = encode_id("Campaign", uuid.uuid4())

    async def error_of(campaign_id: str) -> dict[str, Any]:
        response = await chain.graphql.post(
            "query C($id: ID!) { campaign(id: $id) { id } }", {"id": campaign_id}, caller=till
        )
        error: dict[str, Any] = response.json()["errors"][0]
        uid = str(decode_id("Campaign", campaign_id, field="id"))
        return {"code": error["extensions"]["code"], "message": error["message"].replace(uid, "<id>")}

    assert (
        await error_of(south) == await error_of(missing) == {"code": "NOT_FOUND", "message": "No campaign has id <id>."}
    )

    # Walking every page one by one yields only the key's campaigns, and the same count.
    seen: list[str] = []
    after = None
    while True:
        page = await chain.call(
            "query P($a: String) { campaigns(first: 1, after: $a) { edges { node { name } } "
            "pageInfo { hasNextPage endCursor } totalCount } }",
            {"a": after},
            till,
        )
        seen += [edge["node"]["name"] for edge in page["campaigns"]["edges"]]
        assert page["campaigns"]["totalCount"] == 5
        if not page["campaigns"]["pageInfo"]["hasNextPage"]:
            break
        after = page["campaigns"]["pageInfo"]["endCursor"]
    assert sorted(seen) == [f"North {index}" for index in range(5)]

    # An admin's cursor pointing at the other area's campaign reveals nothing either.
    admin_page = await chain.call("{ campaigns(first: 1) { pageInfo { endCursor } } }")
    after_south = await chain.call(
        "query P($a: String) { campaigns(first: 10, after: $a) { edges { node { name } } } }",
        {"a": admin_page["campaigns"]["pageInfo"]["endCursor"]},
        till,
    )
    assert {edge["node"]["name"] for edge in after_south["campaigns"]["edges"]} <= {f"North {i}" for i in range(5)}

    # Redemptions at another store answer like missing ones.
    done = await chain.call(
        REDEEM,
        {
            "i": {
                "order": {"currency": "EUR", "storeId": chain.stores["s1"], "items": ORDER_ITEMS},
                "redeemables": [{"campaignId": south}],
            }
        },
    )
    other = done["redeem"]["redemption"]["id"]
    for redemption_id in (other, encode_id("Redemption", uuid.uuid4())):
        response = await chain.graphql.post(
            "query R($id: ID!) { redemption(id: $id) { id } }", {"id": redemption_id}, caller=till
        )
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_bad_access_input_is_refused_and_nothing_is_written(chain: Chain) -> None:
    create_key = f"""mutation K($i: ApiKeyCreateInput!) {{ apiKeyCreate(input: $i) {{ __typename {ERROR} }} }}"""
    unknown_area = encode_id("Area", uuid.uuid4())
    cases = [
        ({"name": "m", "role": "MANAGER"}, "VALIDATION_ERROR", "access"),
        ({"name": "a", "role": "ADMIN", "access": [chain.place("STORE:n1")]}, "VALIDATION_ERROR", "access"),
        ({"name": "s", "role": "STORE", "access": [chain.place("AREA:North")]}, "VALIDATION_ERROR", "access"),
        (
            {"name": "u", "role": "MANAGER", "access": [{"level": "AREA", "areaId": unknown_area}]},
            "NOT_FOUND",
            "access.0.areaId",
        ),
        (
            {
                "name": "x",
                "role": "MANAGER",
                "access": [{"level": "AREA_ALL_STORES", "areaId": chain.areas["North"], "storeId": chain.stores["s1"]}],
            },
            "VALIDATION_ERROR",
            "access.0.storeId",
        ),
    ]
    keys_before = await ApiKey.all().count()
    for given, code, field in cases:
        result = (await chain.call(create_key, {"i": given}))["apiKeyCreate"]
        assert (result["code"], result["field"]) == (code, field), result
    assert await ApiKey.all().count() == keys_before
    assert await Assignment.filter(subject_kind=SubjectKind.API_KEY).count() == 0

    manager = await chain.key(Role.MANAGER, "STORE:n1")
    unassign = f"""mutation U($id: ID!, $a: [AssignmentInput!]!) {{ apiKeyAccessUnassign(id: $id, assignments: $a)
      {{ __typename {ERROR} }} }}"""
    result = await chain.call(unassign, {"id": encode_id("ApiKey", manager.key.id), "a": [chain.place("STORE:n1")]})
    assert result["apiKeyAccessUnassign"]["code"] == "VALIDATION_ERROR"
    assert "last assignment" in result["apiKeyAccessUnassign"]["message"]
    assert await Assignment.filter(subject_kind=SubjectKind.API_KEY, subject_id=manager.key.id).count() == 1

    # A manager's campaign must be assigned, inside the manager's own places.
    campaigns_before = await Campaign.all().count()
    refused = await chain.campaign("No place", caller=manager)
    assert (refused["code"], refused["field"]) == ("VALIDATION_ERROR", "input.access")
    refused = await chain.campaign("Elsewhere", "STORE:n1", "STORE:s1", caller=manager)
    assert (refused["code"], refused["field"]) == ("PERMISSION_DENIED", "input.access")
    assert await Campaign.all().count() == campaigns_before

    # The manager cannot strip its campaign of its last place (it would become project-wide).
    own = await chain.campaign("Own", "STORE:n1", caller=manager)
    unassign_campaign = f"""mutation U($c: ID!, $a: [AssignmentInput!]!) {{
      campaignAccessUnassign(campaignId: $c, assignments: $a) {{ __typename {ERROR} }} }}"""
    result = await chain.call(unassign_campaign, {"c": own, "a": [chain.place("STORE:n1")]}, manager)
    assert result["campaignAccessUnassign"]["code"] == "VALIDATION_ERROR"
    assert (
        await Assignment.filter(
            subject_kind=SubjectKind.CAMPAIGN, subject_id=decode_id("Campaign", own, field="c")
        ).count()
        == 1
    )


async def test_access_changes_reach_a_key_at_once(chain: Chain) -> None:
    campaign = await chain.campaign("South sale", "STORE:s1")
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    assert await visible_names(chain, manager) == set()
    assign = f"""mutation A($id: ID!, $a: [AssignmentInput!]!) {{ apiKeyAccessAssign(id: $id, assignments: $a)
      {{ __typename ... on ApiKeyAccessSuccess {{ assignments {{ level }} apiKey {{ assignments {{ storeId }} }} }}
      {ERROR} }} }}"""
    result = await chain.call(assign, {"id": encode_id("ApiKey", manager.key.id), "a": [chain.place("STORE:s1")]})
    assert len(result["apiKeyAccessAssign"]["assignments"]) == 2
    assert await visible_names(chain, manager) == {"South sale"}
    listed = await chain.call("query C($id: ID!) { campaign(id: $id) { name } }", {"id": campaign}, manager)
    assert listed["campaign"]["name"] == "South sale"


async def test_a_restricted_subscriber_hears_only_its_campaigns(
    chain: Chain, live_server: LiveServer, redis: ArqRedis, settings: Settings
) -> None:
    inside = await chain.campaign("Inside", "STORE:n1")
    outside = await chain.campaign("Outside", "STORE:s1")
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    heard: list[str] = []
    transport = WebsocketsTransport(
        url=live_server.ws_url, init_payload=manager.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )

    async def listen() -> None:
        async with Client(transport=transport) as session:
            async for event in session.subscribe(gql("subscription { campaignStatusChanged { campaignName } }")):
                heard.append(event["campaignStatusChanged"]["campaignName"])
                return

    listener = asyncio.create_task(listen())
    channel = f"{settings.redis_prefix}events:campaign-status"
    for _ in range(200):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count:
            break
        await asyncio.sleep(0.02)
    pause = "mutation P($id: ID!) { campaignPause(input: {id: $id}) { __typename } }"
    await chain.call(pause, {"id": outside})
    await chain.call(pause, {"id": inside})
    await asyncio.wait_for(listener, 10)
    assert heard == ["Inside"]


async def test_a_shared_series_shows_a_restricted_key_only_its_campaigns(chain: Chain) -> None:
    series = await chain.call(
        'mutation { codeSeriesCreate(input: {name: "Shared", length: 10}) '
        "{ ... on CodeSeriesCreateSuccess { series { id } } } }"
    )
    series_id = series["codeSeriesCreate"]["series"]["id"]
    await chain.call(
        "mutation G($s: ID!) { codesGenerate(input: {seriesId: $s, count: 4}) { __typename } }", {"s": series_id}
    )
    ids = {}
    for name, place in (("North unique", "STORE:n1"), ("South unique", "STORE:s1")):
        made = await chain.call(
            "mutation C($i: CampaignCreateInput!) { campaignCreate(input: $i) "
            "{ ... on CampaignCreateSuccess { campaign { id } } } }",
            {
                "i": {
                    "name": name,
                    "kind": "DISCOUNT",
                    "codeMode": "UNIQUE_CODES",
                    "codeSeriesId": series_id,
                    "targeting": "OPEN",
                    "currency": "EUR",
                    "reward": {"discount": {"type": "AMOUNT", "amountOff": 100}},
                    "access": [chain.place(place)],
                }
            },
        )
        ids[name] = made["campaignCreate"]["campaign"]["id"]
        await chain.call(
            "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": ids[name]}
        )
    published = await chain.call(
        'mutation P($c: ID!) { codePublish(input: {campaignId: $c, customer: {sourceId: "n"}}) '
        "{ ... on CodePublishSuccess { assignedCode { code } } } }",
        {"c": ids["North unique"]},
    )
    code = published["codePublish"]["assignedCode"]["code"]
    manager = await chain.key(Role.MANAGER, "STORE:n1")
    query = "query C($c: String!) { code(code: $c) { campaigns { name } } }"
    seen = await chain.call(query, {"c": code}, manager)
    assert [c["name"] for c in seen["code"]["campaigns"]] == ["North unique"]
    everything = await chain.call(query, {"c": code})
    assert sorted(c["name"] for c in everything["code"]["campaigns"]) == ["North unique", "South unique"]

    # A code the other area's campaign handed out is not the manager's to see, by code or in the series.
    south = await chain.call(
        'mutation P($c: ID!) { codePublish(input: {campaignId: $c, customer: {sourceId: "s"}}) '
        "{ ... on CodePublishSuccess { assignedCode { code } } } }",
        {"c": ids["South unique"]},
    )
    south_code = south["codePublish"]["assignedCode"]["code"]
    response = await chain.graphql.post(query, {"c": south_code}, caller=manager)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    listed = await chain.call(
        "query L($s: ID!) { codes(filter: {seriesId: $s}) { edges { node { code } } } }", {"s": series_id}, manager
    )
    seen_codes = {edge["node"]["code"] for edge in listed["codes"]["edges"]}
    assert code in seen_codes
    assert south_code not in seen_codes
    assert len(seen_codes) == 3  # the manager's published code and the two nobody holds yet

    # A restricted key follows the jobs it starts, and only those.
    started = await chain.call(
        'mutation B($c: ID!) { codesPublishBulk(campaignId: $c, customers: ["x"]) '
        "{ ... on CodesPublishBulkSuccess { job { id } } } }",
        {"c": ids["North unique"]},
        manager,
    )
    job_id = started["codesPublishBulk"]["job"]["id"]
    job_query = "query J($id: ID!) { job(id: $id) { id } }"
    assert (await chain.call(job_query, {"id": job_id}, manager))["job"]["id"] == job_id
    colleague = await chain.key(Role.MANAGER, "STORE:n1")
    response = await chain.graphql.post(job_query, {"id": job_id}, caller=colleague)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_campaign_update_replaces_assignments_inside_the_key_scope(chain: Chain) -> None:
    manager = await chain.key(Role.MANAGER, "ALL:North")
    campaign = await chain.campaign("Regional", "STORE:n1", caller=manager)
    update = f"""mutation U($id: ID!, $v: Int!, $a: [AssignmentInput!]) {{
      campaignUpdate(input: {{id: $id, expectedVersion: $v, access: $a}}) {{ __typename
        ... on CampaignUpdateSuccess {{ campaign {{ version access {{ storeId }} }} }} {ERROR} }} }}"""

    async def version() -> int:
        data = await chain.call("query C($id: ID!) { campaign(id: $id) { version } }", {"id": campaign})
        return int(data["campaign"]["version"])

    cases = [
        ([chain.place("STORE:s1")], "PERMISSION_DENIED"),
        ([], "VALIDATION_ERROR"),
        ([{"level": "STORE", "storeId": encode_id("Store", uuid.uuid4())}], "NOT_FOUND"),
    ]
    for places, code in cases:
        result = (await chain.call(update, {"id": campaign, "v": await version(), "a": places}, manager))[
            "campaignUpdate"
        ]
        assert result["code"] == code, result
    done = await chain.call(
        update, {"id": campaign, "v": await version(), "a": [chain.place("STORE:n1"), chain.place("STORE:n2")]}, manager
    )
    stores = [place["storeId"] for place in done["campaignUpdate"]["campaign"]["access"]]
    assert stores == [chain.stores["n1"], chain.stores["n2"]]
    history = await chain.call(
        "query H($id: ID!) { campaign(id: $id) { history { edges { node { changes { field } } } } } }", {"id": campaign}
    )
    fields = [c["field"] for e in history["campaign"]["history"]["edges"] for c in e["node"]["changes"]]
    assert "access" in fields
    # An admin may make it project-wide; then the manager no longer sees it.
    await chain.call(update, {"id": campaign, "v": await version(), "a": None})
    assert await visible_names(chain, manager) == set()


async def test_an_idempotency_key_from_another_store_reveals_nothing(chain: Chain) -> None:
    south = await chain.campaign("South", "STORE:s1")
    north = await chain.campaign("North", "STORE:n1")
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    first = await chain.call(
        REDEEM,
        {
            "i": {
                "order": {**order, "storeId": chain.stores["s1"]},
                "redeemables": [{"campaignId": south}],
                "idempotencyKey": "order-1",
            }
        },
    )
    assert first["redeem"]["__typename"] == "RedeemSuccess"
    till = await chain.key(Role.STORE, "STORE:n1")
    again = await chain.call(
        REDEEM, {"i": {"order": order, "redeemables": [{"campaignId": north}], "idempotencyKey": "order-1"}}, till
    )
    assert (again["redeem"]["code"], again["redeem"]["field"]) == ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    # The admin's retry still gets the first result.
    retry = await chain.call(
        REDEEM,
        {
            "i": {
                "order": {**order, "storeId": chain.stores["s1"]},
                "redeemables": [{"campaignId": south}],
                "idempotencyKey": "order-1",
            }
        },
    )
    assert retry["redeem"]["redemption"]["id"] == first["redeem"]["redemption"]["id"]


async def test_a_rollback_key_names_one_redemption(chain: Chain) -> None:
    campaign = await chain.campaign("Anywhere")
    order = {"currency": "EUR", "items": ORDER_ITEMS}
    ids = []
    for _ in range(2):
        done = await chain.call(REDEEM, {"i": {"order": order, "redeemables": [{"campaignId": campaign}]}})
        ids.append(done["redeem"]["redemption"]["id"])
    rollback = f"""mutation B($id: ID!) {{ redemptionRollback(input: {{id: $id, idempotencyKey: "undo-1"}})
      {{ __typename {ERROR} }} }}"""
    first = await chain.call(rollback, {"id": ids[0]})
    assert first["redemptionRollback"]["__typename"] == "RedemptionRollbackSuccess"
    retried = await chain.call(rollback, {"id": ids[0]})
    assert retried["redemptionRollback"]["__typename"] == "RedemptionRollbackSuccess"
    other = await chain.call(rollback, {"id": ids[1]})
    assert other["redemptionRollback"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    status = await chain.call("query R($id: ID!) { redemption(id: $id) { status } }", {"id": ids[1]})
    assert status["redemption"]["status"] == "SUCCEEDED"
