"""The redemption pipeline's own CPU per validate and per redeem: in-process, without HTTP or GraphQL.

redemption.py runs this (its part `pipeline`) in a child process against its scratch database, after
the wrk parts, with the same order and stack as its requests. The child calls the façade every
resolver calls (`app.redemptions.services`) on uvloop, as the API does, one call at a time, and reports
its process CPU time per call. The API's CPU per request minus this is what HTTP, the GraphQL layer and
the answer's JSON cost: the part no pipeline work can take away.

    .venv/bin/python benchmarks/pipeline_cpu.py --database-url URL --order JSON --stack JSON [--requests N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WARMUP_CALLS = 200


@dataclass(frozen=True)
class PipelineResult:
    """CPU milliseconds per call of the pipeline alone (sequential calls, one process)."""

    requests: int
    validate_ms: float
    redeem_ms: float


def measure_pipeline(
    database_url: str, order: Mapping[str, Any], stack: Sequence[Mapping[str, str]], requests: int
) -> PipelineResult:
    """Run this script in a child process (its own tortoise and event loop) and read its figures."""
    command = [
        sys.executable,
        str(Path(__file__)),
        "--database-url",
        database_url,
        "--order",
        json.dumps(order),
        "--stack",
        json.dumps(stack),
        "--requests",
        str(requests),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pipeline_cpu.py failed: {done.stderr.strip()[-2000:]}")
    return PipelineResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def _request(order: Mapping[str, Any], stack: Sequence[Mapping[str, str]]) -> Any:
    from app.core.ids import decode_id
    from app.redemptions.orders import OrderItem, OrderRequest, RedeemableRef

    items = [
        OrderItem(item["productId"], None, tuple(item["categoryIds"]), item["quantity"], item["unitPrice"])
        for item in order["items"]
    ]
    refs = [
        RedeemableRef(code=ref["code"])
        if "code" in ref
        else RedeemableRef(campaign_id=decode_id("Campaign", ref["campaignId"]))
        for ref in stack
    ]
    return OrderRequest(
        currency=order["currency"], items=items, redeemables=refs, customer_source_id=order["customer"]["sourceId"]
    )


async def _measure(
    database_url: str, order: Mapping[str, Any], stack: Sequence[Mapping[str, str]], n: int
) -> dict[str, Any]:
    from app.core.db import close_db, init_db
    from app.core.time import utcnow
    from app.redemptions import services

    await init_db(database_url)
    try:
        prefix = uuid.uuid4().hex[:8]
        for index in range(WARMUP_CALLS):
            await services.validate(_request(order, stack), utcnow())
            await services.redeem(request=_request(order, stack), idempotency_key=f"pipe-warm-{prefix}-{index}")
        started = time.process_time()
        for _ in range(n):
            evaluation, _ = await services.validate(_request(order, stack), utcnow())
        validate = (time.process_time() - started) / n
        if len(evaluation.applicable()) != len(stack):
            raise RuntimeError("the pipeline's validate did not apply the whole stack")
        started = time.process_time()
        for index in range(n):
            _, redemption = await services.redeem(
                request=_request(order, stack), idempotency_key=f"pipe-{prefix}-{index}"
            )
        redeem = (time.process_time() - started) / n
        if redemption is None:
            raise RuntimeError("the pipeline's redeem was refused")
        return {"requests": n, "validate_ms": validate * 1000, "redeem_ms": redeem * 1000}
    finally:
        await close_db()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--order", required=True, help="The order as redemption.py sends it (OrderInput JSON).")
    parser.add_argument("--stack", required=True, help="The redeemables (RedeemableInput JSON list).")
    parser.add_argument("--requests", type=int, default=2000, help="Calls of each operation measured.")
    args = parser.parse_args()
    import uvloop

    figures = uvloop.run(_measure(args.database_url, json.loads(args.order), json.loads(args.stack), args.requests))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
