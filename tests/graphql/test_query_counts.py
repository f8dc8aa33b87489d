"""List endpoints cost a constant number of SQL queries, however many items a page holds."""

from __future__ import annotations

import logging

import pytest

from app.campaigns.models import CodeMode
from app.codes import publication
from tests.codes.test_publication import live_campaign, request, series_with
from tests.conftest import Caller, GraphQLClient

LISTS = {
    "publications": "query Q($n: Int!) { publications(first: $n) { edges { node { channel "
    "code { code holder { name } series { name } campaigns { name } } campaign { name code } "
    "customer { sourceId } } } } }",
    "customers": "query Q($n: Int!) { customers(first: $n) { edges { node { sourceId "
    "codes { code { code } campaign { name } } } } } }",
    "codes": "query Q($n: Int!, $f: CodeFilterInput!) { codes(filter: $f, first: $n) { edges { node { code "
    "status holder { sourceId } series { name } campaigns { name codeSeries { name } } } } } }",
}


@pytest.mark.parametrize("name", list(LISTS))
async def test_list_query_count_does_not_grow_with_the_page(
    name: str, graphql: GraphQLClient, admin: Caller, caplog: pytest.LogCaptureFixture
) -> None:
    series_id = await series_with(40)
    campaigns = [
        await live_campaign(label, code_mode=CodeMode.UNIQUE_CODES, code_series_id=series_id) for label in ("A", "B")
    ]
    for index in range(30):
        await publication.publish(request=request(campaigns[index % 2], f"c{index}"), events=None)
    from app.core.ids import encode_id

    variables = {"f": {"seriesId": encode_id("CodeSeries", series_id)}}

    async def count(size: int) -> int:
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
            data = await graphql.data(LISTS[name], {"n": size, **(variables if name == "codes" else {})}, caller=admin)
        assert len(data[name]["edges"]) == size
        return sum(1 for record in caplog.records if record.name == "tortoise.db_client")

    await count(1)  # warm the key cache
    assert await count(3) == await count(30)
