"""The receiver of the webhooks benchmark: records when each event arrives and how old it was.

    python benchmarks/webhook_receiver.py --port 8002

POST /hooks answers 204 and records (arrival − the body's `timestamp`, the time of the change);
GET /stats returns {count, delays}; POST /reset forgets everything. One uvicorn process on uvloop
and httptools, like the API.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

delays: list[float] = []
ids: set[str] = set()


async def hooks(request: Request) -> Response:
    arrived = time.time()
    body = orjson.loads(await request.body())
    webhook_id = request.headers.get("webhook-id", "")
    if webhook_id not in ids:  # at-least-once: count each event once
        ids.add(webhook_id)
        delays.append(arrived - datetime.fromisoformat(body["timestamp"]).timestamp())
    return Response(status_code=204)


async def stats(request: Request) -> Response:
    return Response(orjson.dumps({"count": len(delays), "delays": delays}), media_type="application/json")


async def reset(request: Request) -> Response:
    delays.clear()
    ids.clear()
    return Response(status_code=204)


app = Starlette(
    routes=[Route("/hooks", hooks, methods=["POST"]), Route("/stats", stats), Route("/reset", reset, methods=["POST"])]
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--port", type=int, default=8002)
    args = parser.parse_args()
    uvicorn.run(
        app, host="127.0.0.1", port=args.port, log_config=None, access_log=False, loop="uvloop", http="httptools"
    )


if __name__ == "__main__":
    main()
