"""Webhooks through the API: endpoints (secret shown once), URL refusals, the events of real changes
(campaign, publication, inventory, redemption, rollback, wallet) delivered to a real local receiver."""

from __future__ import annotations

from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from app.settings import Settings
from app.webhooks.delivery import deliver_due
from app.webhooks.models import WebhookDelivery, WebhookEventType
from tests.conftest import Caller, GraphQLClient
from tests.graphql.test_redemptions import ORDER, REDEEM, campaign
from tests.webhooks.receiver import Receiver

ERROR = "... on Error { __typename code message field }"
CREATE = f"""mutation C($i: WebhookEndpointCreateInput!) {{ webhookEndpointCreate(input: $i) {{ __typename
  ... on WebhookEndpointCreateSuccess {{ secret endpoint {{ id url eventTypes enabled secretPrefix }} }}
  {ERROR} }} }}"""
UPDATE = f"""mutation U($id: ID!, $i: WebhookEndpointUpdateInput!) {{ webhookEndpointUpdate(id: $id, input: $i) {{
  __typename ... on WebhookEndpointUpdateSuccess {{ endpoint {{ id eventTypes enabled disabledReason }} }}
  {ERROR} }} }}"""
DELETE = f"mutation D($id: ID!) {{ webhookEndpointDelete(id: $id) {{ __typename {ERROR} }} }}"
DELIVERIES = """query L($e: ID, $s: WebhookDeliveryStatus) {
  webhookDeliveries(endpointId: $e, status: $s, first: 100) {
  edges { node { id webhookId eventType status attempts lastResponseCode lastResponseMs deliveredAt payload
  endpoint { id } } } } }"""


async def create(graphql: GraphQLClient, admin: Caller, url: str, *types: str) -> dict[str, Any]:
    data = await graphql.data(CREATE, {"i": {"url": url, "eventTypes": list(types)}}, caller=admin)
    result: dict[str, Any] = data["webhookEndpointCreate"]
    return result


async def test_endpoint_lifecycle_and_the_secret_shown_once(
    graphql: GraphQLClient, admin: Caller, webhook_settings: Settings
) -> None:
    made = await create(graphql, admin, "https://hooks.example.com/in", "CODE_PUBLISHED", "WALLET_CHANGED")
    assert made["__typename"] == "WebhookEndpointCreateSuccess"
    secret = made["secret"]
    assert secret.startswith("whsec_")
    Webhook(secret)  # a secret the standardwebhooks library accepts
    endpoint = made["endpoint"]
    assert endpoint["eventTypes"] == ["CODE_PUBLISHED", "WALLET_CHANGED"]
    assert secret.startswith(endpoint["secretPrefix"])
    assert len(endpoint["secretPrefix"]) < len(secret)
    listed = await graphql.data("{ webhookEndpoints { id url enabled } }", caller=admin)
    assert listed["webhookEndpoints"] == [{"id": endpoint["id"], "url": endpoint["url"], "enabled": True}]

    changed = await graphql.data(
        UPDATE, {"id": endpoint["id"], "i": {"eventTypes": ["EXPORT_DONE"], "enabled": False}}, caller=admin
    )
    assert changed["webhookEndpointUpdate"]["endpoint"]["eventTypes"] == ["EXPORT_DONE"]
    assert changed["webhookEndpointUpdate"]["endpoint"]["enabled"] is False
    deleted = await graphql.data(DELETE, {"id": endpoint["id"]}, caller=admin)
    assert deleted["webhookEndpointDelete"]["__typename"] == "WebhookEndpointDeleteSuccess"
    again = await graphql.data(DELETE, {"id": endpoint["id"]}, caller=admin)
    assert again["webhookEndpointDelete"]["__typename"] == "NotFoundError"
    one = await graphql.data("query O($id: ID!) { webhookEndpoint(id: $id) { id } }", {"id": "nope"}, caller=admin)
    assert one["webhookEndpoint"] is None


REFUSED = [
    "ftp://hooks.example.com/in",
    "https://user:secret@hooks.example.com/in",
    "https://hooks.example.com:0/in",
    "http://localhost/in",
    "http://127.0.0.1:8080/in",
    "http://10.1.2.3/in",
    "http://192.168.0.10/in",
    "http://172.16.5.4/in",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/in",
    "http://[fe80::1]/in",
    "http://[::ffff:127.0.0.1]/in",
    "http://224.0.0.1/in",
    "http://0.0.0.0/in",
    "http://100.64.0.1/in",
    "https://hooks.example.com/" + "a" * 2000,
    "not a url",
]


@pytest.mark.parametrize("url", REFUSED)
async def test_urls_refused(graphql: GraphQLClient, admin: Caller, url: str) -> None:
    result = await create(graphql, admin, url, "CODE_PUBLISHED")
    assert result["__typename"] == "ValidationError", result
    assert result["field"].endswith("url")


async def test_private_addresses_allowed_by_the_setting(
    graphql: GraphQLClient, admin: Caller, webhook_settings: Settings
) -> None:
    result = await create(graphql, admin, "http://127.0.0.1:8080/in", "CODE_PUBLISHED")
    assert result["__typename"] == "WebhookEndpointCreateSuccess"
    refused = await create(graphql, admin, "ftp://127.0.0.1/in", "CODE_PUBLISHED")
    assert refused["__typename"] == "ValidationError"  # the shape rules stay


async def test_the_address_is_checked_again_at_delivery(
    graphql: GraphQLClient, admin: Caller, webhook_settings: Settings, receiver: Receiver, monkeypatch: Any
) -> None:
    await create(graphql, admin, receiver.url, "CAMPAIGN_STATUS_CHANGED")
    await campaign(
        graphql, admin, name="Rebound", codeMode="NO_CODE", reward={"discount": {"type": "AMOUNT", "amountOff": 1}}
    )
    monkeypatch.setattr(webhook_settings, "webhooks_allow_private", False)  # as if the name now resolved inside
    await deliver_due()
    [delivery] = await WebhookDelivery.all()
    assert delivery.attempts == 1
    assert delivery.last_response_code is None
    assert "no public address" in (delivery.last_error or "")
    assert receiver.received == []


async def test_real_changes_reach_the_receiver_signed(
    graphql: GraphQLClient, admin: Caller, webhook_settings: Settings, receiver: Receiver
) -> None:
    made = await create(graphql, admin, receiver.url, *[t.name for t in WebhookEventType])
    secret = made["secret"]
    await campaign(
        graphql,
        admin,
        name="Ten",
        codeMode="SINGLE_CODE",
        code="TEN",
        inventoryLimit=1,
        reward={"discount": {"type": "PERCENT", "percentOff": 10}},
    )
    campaign_id = (await graphql.data("{ campaigns(first: 5) { edges { node { id name } } } }", caller=admin))[
        "campaigns"
    ]["edges"][0]["node"]["id"]
    published = await graphql.data(
        "mutation P($i: CodePublishInput!) { codePublish(input: $i) { __typename } }",
        {"i": {"campaignId": campaign_id, "customer": {"sourceId": "ann"}}},
        caller=admin,
    )
    assert published["codePublish"]["__typename"] == "CodePublishSuccess"
    redeemed = await graphql.data(REDEEM, {"input": {"order": ORDER, "redeemables": [{"code": "TEN"}]}}, caller=admin)
    redemption_id = redeemed["redeem"]["redemption"]["id"]
    await graphql.data(
        "mutation B($id: ID!) { redemptionRollback(input: {id: $id}) { __typename } }",
        {"id": redemption_id},
        caller=admin,
    )
    program = await campaign(
        graphql, admin, name="Points", kind="WALLET_POINTS", codeMode="NO_CODE", reward={"points": 10}
    )
    adjusted = await graphql.data(
        "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
        {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": 50, "reason": "welcome"}},
        caller=admin,
    )
    assert adjusted["walletAdjust"]["__typename"] == "WalletAdjustSuccess"

    while await deliver_due():
        pass
    bodies = receiver.verified(secret)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for body in bodies:
        by_type.setdefault(body["type"], []).append(body["data"])
    assert set(by_type) == {
        "campaign.status_changed",
        "code.published",
        "inventory.exhausted",
        "redemption.succeeded",
        "redemption.rolled_back",
        "wallet.changed",
    }
    assert len(by_type["campaign.status_changed"]) == 2  # both activations
    [code] = by_type["code.published"]
    assert (code["code"], code["customer_source_id"]) == ("TEN", "ann")
    [redemption] = by_type["redemption.succeeded"]
    assert redemption["discount"] == 600
    assert redemption["lines"][0]["code"] == "TEN"
    assert by_type["redemption.rolled_back"][0]["redemption_id"] == redeemed_raw(redemption_id, redemption)
    [wallet] = by_type["wallet.changed"]
    assert (wallet["points"], wallet["balance"]) == (50, 50)
    assert len(set(receiver.ids())) == len(bodies)  # one webhook-id per event

    listed = await graphql.data(DELIVERIES, {"e": made["endpoint"]["id"], "s": "DELIVERED"}, caller=admin)
    nodes = [edge["node"] for edge in listed["webhookDeliveries"]["edges"]]
    assert len(nodes) == len(bodies)
    assert all(node["lastResponseCode"] == 200 and node["attempts"] == 1 for node in nodes)
    assert {node["webhookId"] for node in nodes} == set(receiver.ids())
    assert all(node["endpoint"]["id"] == made["endpoint"]["id"] for node in nodes)


def redeemed_raw(opaque: str, redemption: dict[str, Any]) -> str:
    """The raw id the payload carries (the API's ids are opaque; payloads carry the stored ids)."""
    from app.core.ids import decode_id

    raw = str(decode_id("Redemption", opaque))
    assert redemption["redemption_id"] == raw
    return raw
