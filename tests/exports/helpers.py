"""Exporting through the API as a client does: exportCreate, the job (run here), then the download."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from app.core.ids import decode_id
from app.exports.tasks import run_export
from app.settings import Settings
from tests.conftest import Caller, GraphQLClient

CREATE = """mutation E($i: ExportCreateInput!) { exportCreate(input: $i) { __typename
  ... on ExportCreateSuccess { export { id status } job { id } }
  ... on Error { message code field } } }"""
READ = "query X($id: ID!) { export(id: $id) { id object status progress rowCount url expiresAt fields } }"


async def request(graphql: GraphQLClient, caller: Caller, object: str, **given: Any) -> dict[str, Any]:
    data = await graphql.data(CREATE, {"i": {"object": object, **given}}, caller=caller)
    result: dict[str, Any] = data["exportCreate"]
    return result


async def export_rows(
    graphql: GraphQLClient, client: httpx.AsyncClient, settings: Settings, caller: Caller, object: str, **given: Any
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The export (as `export(id)` reads once its job ran) and its downloaded CSV rows."""
    made = await request(graphql, caller, object, **given)
    assert made["__typename"] == "ExportCreateSuccess", made
    await run_export({"settings": settings, "events": None}, str(decode_id("Job", made["job"]["id"])))
    export = (await graphql.data(READ, {"id": made["export"]["id"]}, caller=caller))["export"]
    assert export["status"] == "DONE", export
    response = await client.get(export["url"], headers=caller.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert export["rowCount"] == len(rows)
    return export, rows
