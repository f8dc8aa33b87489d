"""walletTransactions pages with the cursors it hands out (ledger rows are numbered by a bigint sequence)."""

from __future__ import annotations

from tests.conftest import Caller, GraphQLClient
from tests.graphql.test_redemptions import campaign

PAGE = """query P($after: String) { walletTransactions(first: 2, after: $after) {
  edges { node { id points } } pageInfo { hasNextPage endCursor } } }"""


async def test_pages_follow_their_cursors(graphql: GraphQLClient, admin: Caller) -> None:
    program = await campaign(
        graphql, admin, name="Points", kind="WALLET_POINTS", codeMode="NO_CODE", reward={"points": 1}
    )
    for points in (1, 2, 3):
        await graphql.data(
            "mutation A($i: WalletAdjustInput!) { walletAdjust(input: $i) { __typename } }",
            {"i": {"program": program, "customer": {"sourceId": "ann"}, "points": points, "reason": "test"}},
            caller=admin,
        )
    first = (await graphql.data(PAGE, caller=admin))["walletTransactions"]
    assert [edge["node"]["points"] for edge in first["edges"]] == [3, 2]
    assert first["pageInfo"]["hasNextPage"] is True
    second = (await graphql.data(PAGE, {"after": first["pageInfo"]["endCursor"]}, caller=admin))["walletTransactions"]
    assert [edge["node"]["points"] for edge in second["edges"]] == [1]
    assert second["pageInfo"]["hasNextPage"] is False
