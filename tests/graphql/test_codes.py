"""Codes, customers and publications through GraphQL, including uploads and live inventory alerts."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from arq.connections import ArqRedis
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from app.codes.models import Code, CodeSeries
from app.core.ids import decode_id
from app.customers.models import Customer
from app.jobs.models import Job
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient, LiveServer

ERROR = "... on Error { __typename code message field }"


async def make_series(graphql: GraphQLClient, admin: Caller, **extra: Any) -> dict[str, Any]:
    data = await graphql.data(
        "mutation S($input: CodeSeriesCreateInput!) { codeSeriesCreate(input: $input) { __typename "
        f"... on CodeSeriesCreateSuccess {{ series {{ id name total available }} }} {ERROR} }} }}",
        {"input": {"name": "Spring codes", "prefix": "SPR-", "length": 8, **extra}},
        caller=admin,
    )
    result: dict[str, Any] = data["codeSeriesCreate"]
    return result


async def generate(graphql: GraphQLClient, admin: Caller, series_id: str, count: int) -> dict[str, Any]:
    data = await graphql.data(
        "mutation G($input: CodesGenerateInput!) { codesGenerate(input: $input) { __typename "
        f"... on CodesGenerateSuccess {{ generated job {{ id status total }} series {{ total available }} }} "
        f"{ERROR} }} }}",
        {"input": {"seriesId": series_id, "count": count}},
        caller=admin,
    )
    result: dict[str, Any] = data["codesGenerate"]
    return result


async def unique_campaign(graphql: GraphQLClient, admin: Caller, series_id: str, **extra: Any) -> str:
    created = await graphql.data(
        "mutation C($input: CampaignCreateInput!) { campaignCreate(input: $input) { "
        f"... on CampaignCreateSuccess {{ campaign {{ id }} }} {ERROR} }} }}",
        {
            "input": {
                "name": extra.pop("name", "Uniques"),
                "kind": "DISCOUNT",
                "codeMode": "UNIQUE_CODES",
                "targeting": "OPEN",
                "currency": "EUR",
                "codeSeriesId": series_id,
                "reward": {"discount": {"type": "AMOUNT", "amountOff": 500}},
                **extra,
            }
        },
        caller=admin,
    )
    campaign_id: str = created["campaignCreate"]["campaign"]["id"]
    await graphql.data(
        "mutation A($id: ID!) { campaignActivate(input: {id: $id}) { __typename } }", {"id": campaign_id}, caller=admin
    )
    return campaign_id


PUBLISH = f"""mutation P($input: CodePublishInput!) {{ codePublish(input: $input) {{ __typename
  ... on CodePublishSuccess {{ created assignedCode {{ code status holder {{ sourceId }} }} publication {{ channel }} }}
  {ERROR} }} }}"""


async def test_series_generate_publish_and_look_up(graphql: GraphQLClient, admin: Caller) -> None:
    series = (await make_series(graphql, admin))["series"]
    generated = await generate(graphql, admin, series["id"], 25)
    assert generated["generated"] == 25
    assert generated["job"] is None
    assert generated["series"] == {"total": 25, "available": 25}
    campaign_id = await unique_campaign(graphql, admin, series["id"])

    first = await graphql.data(
        PUBLISH,
        {
            "input": {
                "campaignId": campaign_id,
                "customer": {"sourceId": "ann", "email": "ann@example.com"},
                "idempotencyKey": "order-1",
                "channel": "EMAIL",
            }
        },
        caller=admin,
    )
    result = first["codePublish"]
    assert result["__typename"] == "CodePublishSuccess"
    assert result["assignedCode"]["code"].startswith("SPR-")
    assert result["assignedCode"]["holder"] == {"sourceId": "ann"}
    retry = await graphql.data(
        PUBLISH,
        {"input": {"campaignId": campaign_id, "customer": {"sourceId": "ann"}, "idempotencyKey": "order-1"}},
        caller=admin,
    )
    assert retry["codePublish"]["created"] is False
    assert retry["codePublish"]["assignedCode"]["code"] == result["assignedCode"]["code"]

    looked_up = await graphql.data(
        "query L($code: String!) { code(code: $code) { code status holder { email } series { name issued } "
        "campaigns { id } } }",
        {"code": result["assignedCode"]["code"].lower()},
        caller=admin,
    )
    assert looked_up["code"]["status"] == "PUBLISHED"
    assert looked_up["code"]["holder"] == {"email": "ann@example.com"}
    assert looked_up["code"]["series"] == {"name": "Spring codes", "issued": 1}
    assert looked_up["code"]["campaigns"] == [{"id": campaign_id}]

    wallet = await graphql.data(
        'query W { customer(sourceId: "ann") { codes { code { code } campaign { id } } } }', caller=admin
    )
    assert wallet["customer"]["codes"] == [
        {"code": {"code": result["assignedCode"]["code"]}, "campaign": {"id": campaign_id}}
    ]
    listed = await graphql.data(
        "query P($f: PublicationFilterInput) { publications(filter: $f) { edges { node { channel } } } }",
        {"f": {"campaignId": campaign_id, "channel": "EMAIL"}},
        caller=admin,
    )
    assert listed["publications"]["edges"] == [{"node": {"channel": "EMAIL"}}]
    codes = await graphql.data(
        "query C($f: CodeFilterInput!) { codes(filter: $f, first: 10) { edges { node { status } } "
        "pageInfo { hasNextPage } } }",
        {"f": {"seriesId": series["id"]}},
        caller=admin,
    )
    assert len(codes["codes"]["edges"]) == 10
    assert codes["codes"]["pageInfo"]["hasNextPage"] is True


async def test_exhausted_inventory_is_a_typed_error(graphql: GraphQLClient, admin: Caller) -> None:
    series = (await make_series(graphql, admin))["series"]
    await generate(graphql, admin, series["id"], 1)
    campaign_id = await unique_campaign(graphql, admin, series["id"])
    for name, expected in (("a", "CodePublishSuccess"), ("b", "ConflictError")):
        data = await graphql.data(
            PUBLISH, {"input": {"campaignId": campaign_id, "customer": {"sourceId": name}}}, caller=admin
        )
        assert data["codePublish"]["__typename"] == expected
    assert data["codePublish"]["code"] == "INVENTORY_EXHAUSTED"


async def test_bad_generation_input(graphql: GraphQLClient, admin: Caller) -> None:
    bad = await make_series(graphql, admin, charset="CUSTOM", customCharset="x")
    assert (bad["__typename"], bad["field"]) == ("ValidationError", "customCharset")
    pattern = await make_series(graphql, admin, name="P", pattern="NONE")
    assert pattern["field"] == "pattern"
    series = (await make_series(graphql, admin))["series"]
    for count in (0, 10_000_001):
        result = await generate(graphql, admin, series["id"], count)
        assert (result["__typename"], result["field"]) == ("ValidationError", "count")
    assert await Code.all().count() == 0


async def test_large_generation_starts_a_job(graphql: GraphQLClient, admin: Caller) -> None:
    series = (await make_series(graphql, admin))["series"]
    result = await generate(graphql, admin, series["id"], 5000)
    assert result["generated"] == 0
    assert result["job"]["status"] == "QUEUED"
    assert result["job"]["total"] == 5000
    job = await graphql.data(
        "query J($id: ID!) { job(id: $id) { status total processed } }", {"id": result["job"]["id"]}, caller=admin
    )
    assert job["job"]["total"] == 5000


async def upload(
    http: httpx.AsyncClient, caller: Caller, query: str, variables: dict[str, Any], content: bytes
) -> dict[str, Any]:
    """A GraphQL multipart request (the graphql-multipart-request spec) with one file."""
    operations = json.dumps({"query": query, "variables": {**variables, "file": None}})
    response = await http.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("data.csv", content, "text/csv")},
        headers=caller.headers,
    )
    assert response.status_code == 200, response.text
    payload: dict[str, Any] = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


IMPORT = f"""mutation I($id: ID!, $file: Upload!) {{ codesImport(seriesId: $id, file: $file) {{ __typename
  ... on CodesImportSuccess {{ imported rejected {{ row code message }} series {{ total }} }} {ERROR} }} }}"""


async def test_codes_import_reports_each_refused_row(
    graphql: GraphQLClient, client: httpx.AsyncClient, admin: Caller
) -> None:
    series = (await make_series(graphql, admin, name="Partner", kind="PARTNER", partnerName="Acme"))["series"]
    other = (await make_series(graphql, admin, name="Other"))["series"]
    await upload(client, admin, IMPORT, {"id": other["id"]}, b"code\nTAKEN1\n")
    content = (
        "\ufeffcode,expires_at,value\nAC-1,2027-01-01T00:00:00+00:00,500\nac-1,,\nTAKEN1,,\nbad code,,\nAC-2,,12\n"
    )
    data = await upload(client, admin, IMPORT, {"id": series["id"]}, content.encode())
    result = data["codesImport"]
    assert result["imported"] == 2
    assert result["series"] == {"total": 2}
    assert [(row["row"], row["code"]) for row in result["rejected"]] == [(3, "ac-1"), (4, "TAKEN1"), (5, "bad code")]
    assert "Duplicate of row 2" in result["rejected"][0]["message"]
    assert (await Code.get(code="AC-1")).value == 500


async def test_malformed_files_are_refused_whole(
    graphql: GraphQLClient, client: httpx.AsyncClient, admin: Caller
) -> None:
    series = (await make_series(graphql, admin))["series"]
    for content, fragment in [
        (b'code,"unterminated\nX,Y\n', "valid CSV"),
        (b"coupon\nA\n", "Unknown columns"),
        (b"", "empty"),
    ]:
        data = await upload(client, admin, IMPORT, {"id": series["id"]}, content)
        assert data["codesImport"]["__typename"] == "ValidationError"
        assert fragment in data["codesImport"]["message"]
    assert (await CodeSeries.get(name="Spring codes")).total == 0


async def test_one_bad_row_is_reported_on_its_own(
    graphql: GraphQLClient, client: httpx.AsyncClient, admin: Caller
) -> None:
    series = (await make_series(graphql, admin, name="Partner", kind="PARTNER", partnerName="Acme"))["series"]
    lines = [
        b"code,value",
        b"GOOD-1,100",
        "\u00c9T\u00c9,1".encode("latin-1"),  # not UTF-8
        b"NUL\x00CODE,1",
        b"ONE,TWO,THREE",  # too many values
        "BIDI\u202eCODE,1".encode(),  # a bidirectional override
        "ZERO\u200bWIDTH,1".encode(),  # a zero-width space
        b"TOO-MUCH," + str(10**16).encode(),
        b"X" * 2000 + b",1",
        b"GOOD-2,",
    ]
    data = await upload(client, admin, IMPORT, {"id": series["id"]}, b"\n".join(lines) + b"\n")
    result = data["codesImport"]
    assert result["__typename"] == "CodesImportSuccess", result
    assert result["imported"] == 2
    assert [row["row"] for row in result["rejected"]] == [3, 4, 5, 6, 7, 8, 9]
    assert "UTF-8" in result["rejected"][0]["message"]
    assert {code.code for code in await Code.filter(series_id=decode_id("CodeSeries", series["id"]))} == {
        "GOOD-1",
        "GOOD-2",
    }


@pytest.mark.parametrize("value", ["data.csv", 5, {"filename": "data.csv"}, ["code"]])
async def test_a_file_given_as_a_json_value_is_refused(graphql: GraphQLClient, admin: Caller, value: object) -> None:
    """The Upload scalar takes whatever a variable holds; only a multipart part is a file."""
    series = (await make_series(graphql, admin))["series"]
    campaign_id = await unique_campaign(graphql, admin, series["id"])
    calls = [
        ("codesImport", "mutation I($id: ID!, $file: Upload!) { codesImport(seriesId: $id, file: $file)", series["id"]),
        ("customersImport", "mutation I($file: Upload!) { customersImport(file: $file)", None),
        (
            "codesPublishBulk",
            "mutation B($id: ID!, $file: Upload) { codesPublishBulk(campaignId: $id, file: $file)",
            campaign_id,
        ),
    ]
    for field, call, object_id in calls:
        variables = {"file": value} | ({"id": object_id} if object_id else {})
        data = await graphql.data(f"{call} {{ __typename {ERROR} }} }}", variables, caller=admin)
        assert (data[field]["__typename"], data[field]["field"]) == ("ValidationError", "file"), data


async def test_customers_import_and_bulk_publish_start_jobs(
    graphql: GraphQLClient, client: httpx.AsyncClient, admin: Caller
) -> None:
    data = await upload(
        client,
        admin,
        "mutation I($file: Upload!) { customersImport(file: $file) { __typename "
        f"... on CustomersImportSuccess {{ job {{ id total kind }} }} {ERROR} }} }}",
        {},
        b"source_id,email,phone\nc1,c1@example.com,+33 1 23 45 67 89\nc2,not-an-email,\n",
    )
    assert data["customersImport"]["job"]["total"] == 2
    unknown = await upload(
        client,
        admin,
        f"mutation I($file: Upload!) {{ customersImport(file: $file) {{ __typename {ERROR} }} }}",
        {},
        b"source_id,shoe_size\nc1,44\n",
    )
    assert unknown["customersImport"]["field"] == "file"
    assert "shoe_size" in unknown["customersImport"]["message"]

    series = (await make_series(graphql, admin))["series"]
    await generate(graphql, admin, series["id"], 3)
    campaign_id = await unique_campaign(graphql, admin, series["id"])
    bulk = await graphql.data(
        "mutation B($id: ID!, $c: [String!]) { codesPublishBulk(campaignId: $id, customers: $c) { __typename "
        f"... on CodesPublishBulkSuccess {{ requested available insufficientCodes job {{ total }} }} {ERROR} }} }}",
        {"id": campaign_id, "c": ["x1", "x2", "x3", "x4", "x5"]},
        caller=admin,
    )
    assert bulk["codesPublishBulk"] == {
        "__typename": "CodesPublishBulkSuccess",
        "requested": 5,
        "available": 3,
        "insufficientCodes": True,
        "job": {"total": 5},
    }
    assert await Job.all().count() == 2


async def test_customer_upsert_and_lookup(graphql: GraphQLClient, admin: Caller) -> None:
    upsert = (
        "mutation U($input: CustomerUpsertInput!) { customerUpsert(input: $input) { __typename "
        f"... on CustomerUpsertSuccess {{ created customer {{ id name email latitude }} }} {ERROR} }} }}"
    )
    made = await graphql.data(
        upsert, {"input": {"sourceId": "crm-1", "name": "Ann", "latitude": 48.85, "longitude": 2.35}}, caller=admin
    )
    assert made["customerUpsert"]["created"] is True
    again = await graphql.data(upsert, {"input": {"sourceId": "crm-1", "email": "ann@example.com"}}, caller=admin)
    assert again["customerUpsert"]["created"] is False
    assert again["customerUpsert"]["customer"]["name"] == "Ann"
    bad = await graphql.data(upsert, {"input": {"sourceId": "crm-2", "latitude": 120, "longitude": 0}}, caller=admin)
    assert (bad["customerUpsert"]["__typename"], bad["customerUpsert"]["field"]) == ("ValidationError", "latitude")
    assert await Customer.all().count() == 1
    listed = await graphql.data(
        '{ customers(filter: {email: "ANN@example.com"}) { edges { node { sourceId } } } }', caller=admin
    )
    assert listed["customers"]["edges"] == [{"node": {"sourceId": "crm-1"}}]


async def test_inventory_alerts_reach_a_subscriber(
    graphql: GraphQLClient, live_server: LiveServer, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    series = (await make_series(graphql, admin, lowStockThreshold=1))["series"]
    await generate(graphql, admin, series["id"], 2)
    campaign_id = await unique_campaign(graphql, admin, series["id"])
    transport = WebsocketsTransport(
        url=live_server.ws_url, init_payload=admin.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async with Client(transport=transport) as session:
            request = gql("subscription A($id: ID!) { inventoryAlerts(campaignId: $id) { kind available } }")
            request.variable_values = {"id": campaign_id}
            async for result in session.subscribe(request):
                received.append(result["inventoryAlerts"])
                if len(received) == 2:
                    return

    listener = asyncio.create_task(listen())
    channel = f"{settings.redis_prefix}events:inventory-alerts"
    for _ in range(250):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count:
            break
        await asyncio.sleep(0.02)
    for name in ("a", "b", "c"):
        await graphql.data(
            PUBLISH, {"input": {"campaignId": campaign_id, "customer": {"sourceId": name}}}, caller=admin
        )
    await asyncio.wait_for(listener, 10)
    assert received == [{"kind": "LOW_STOCK", "available": 1}, {"kind": "EXHAUSTED", "available": 0}]
    stored = await graphql.data(
        "query S($id: ID!) { inventoryAlerts(campaignId: $id) { kind } }", {"id": campaign_id}, caller=admin
    )
    assert [alert["kind"] for alert in stored["inventoryAlerts"]] == ["LOW_STOCK", "EXHAUSTED"]


async def test_job_progress_reaches_a_subscriber(
    graphql: GraphQLClient, live_server: LiveServer, admin: Caller, redis: ArqRedis, settings: Settings
) -> None:
    from app.codes.tasks import generate_codes
    from app.core.events import EventBus

    series = (await make_series(graphql, admin, length=10))["series"]
    job_id = (await generate(graphql, admin, series["id"], 250_000))["job"]["id"]
    transport = WebsocketsTransport(
        url=live_server.ws_url, init_payload=admin.headers, subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL]
    )
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async with Client(transport=transport) as session:
            request = gql("subscription J($id: ID!) { jobProgress(jobId: $id) { status processed total } }")
            request.variable_values = {"id": job_id}
            async for result in session.subscribe(request):
                received.append(result["jobProgress"])

    listener = asyncio.create_task(listen())
    channel = f"{settings.redis_prefix}events:job-progress"
    for _ in range(250):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count:
            break
        await asyncio.sleep(0.02)
    from app.core.ids import decode_id

    await generate_codes({"events": EventBus(redis, settings.redis_prefix)}, str(decode_id("Job", job_id)))
    await asyncio.wait_for(listener, 10)  # the subscription ends by itself when the job finishes
    assert received[-1] == {"status": "SUCCEEDED", "processed": 250_000, "total": 250_000}
    processed = [event["processed"] for event in received]
    assert processed == sorted(processed)
    assert len(received) >= 3
