"""Webhooks: 10,000 events from change to receiver, next to a bare httpx loop to the same receiver.

    .venv/bin/python benchmarks/webhooks.py [--events 10000] [--rate 40] [--paced-events 2000] [--json PATH]

In one run, against a scratch PostgreSQL database and a local receiver (`webhook_receiver.py`, its
own uvicorn process):

(a) baseline: a bare `httpx.AsyncClient` loop POSTs `--events` bodies of the same size to the
    receiver, `WEBHOOKS_CONCURRENCY` at a time: the most this machine's HTTP path allows;
(b) burst: `--events` changes commit as fast as 8 producers can (one transaction each, writing its
    outbox row with `app.webhooks.outbox.emit`), while the delivery sweeper runs as in the worker
    (`deliver_due` in a loop that sleeps to the next second when nothing is due, like the every-second
    arq cron): deliveries/s from the first commit to the last arrival, and the delay of each event
    from its change (the transaction's start, the body's `timestamp`) to the receiver;
(c) paced: `--paced-events` changes committed at `--rate` per second (below what (b) sustains), so
    the delay is the pipeline's latency rather than the queue of a burst.

PostgreSQL: `--database-url` or env BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from scratch_db import default_database_url, scratch_database
from tortoise.transactions import in_transaction

from app.embedded import free_port
from app.settings import get_settings
from app.webhooks import services
from app.webhooks.delivery import deliver_due, new_client
from app.webhooks.models import WebhookEventType
from app.webhooks.outbox import emit

PRODUCERS = 8
PAYLOAD = {
    "redemption_id": "6b1f5b3e-0a8e-4c1e-9a55-2f0f5e1c9b11",
    "customer_id": "0c8a7f1e-5d2b-4f5e-8f1a-3b2c1d0e9f8a",
    "currency": "EUR",
    "amount": 6000,
    "discount": 600,
    "lines": [{"campaign_id": "1d2e3f40-5a6b-7c8d-9e0f-1a2b3c4d5e6f", "code": "TEN", "discount": 600}],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def wait_listening(url: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(200):
            try:
                await http.get(f"{url}/stats")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    raise RuntimeError("the receiver did not start")


async def baseline(url: str, events: int) -> float:
    """Deliveries/s of a bare httpx loop (same concurrency, same body size, no database)."""
    body = json.dumps({"type": "redemption.succeeded", "timestamp": "2026-01-01T00:00:00+00:00", "data": PAYLOAD})
    limit = asyncio.Semaphore(get_settings().webhooks_concurrency)
    async with new_client() as http:

        async def one(n: int) -> None:
            async with limit:
                response = await http.post(f"{url}/hooks", content=body, headers={"webhook-id": f"base_{n}"})
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(events)))
        return events / (time.perf_counter() - started)


async def sweeper(stop: asyncio.Event) -> None:
    """The worker's cron, in short: sweep until nothing is due, then wait for the next second."""
    async with new_client() as http:
        while not stop.is_set():
            if await deliver_due(client=http, budget_seconds=50) == 0:
                await asyncio.sleep(1 - time.time() % 1)


async def produce(events: int, rate: float) -> float:
    """Commit `events` changes (one outbox row each), at `rate` per second (0: as fast as possible)."""
    started = time.perf_counter()
    counter = iter(range(events))

    async def producer() -> None:
        for n in counter:
            if rate:
                await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            async with in_transaction() as connection:
                await emit(connection, WebhookEventType.REDEMPTION_SUCCEEDED, [{**PAYLOAD, "n": n}])

    await asyncio.gather(*(producer() for _ in range(PRODUCERS)))
    return time.perf_counter() - started


async def pipeline(url: str, events: int, rate: float) -> dict[str, float]:
    async with httpx.AsyncClient() as http:
        await http.post(f"{url}/reset")
        stop = asyncio.Event()
        sweeping = asyncio.create_task(sweeper(stop))
        started = time.perf_counter()
        produced_in = await produce(events, rate)
        while True:
            if (await http.get(f"{url}/stats")).json()["count"] >= events:
                break
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        stop.set()
        await sweeping
        delays = (await http.get(f"{url}/stats")).json()["delays"]
    return {
        "commits_per_s": events / produced_in,
        "deliveries_per_s": events / elapsed,
        "delay_p50_ms": statistics.median(delays) * 1000,
        "delay_p95_ms": percentile(delays, 0.95) * 1000,
        "delay_max_ms": max(delays) * 1000,
    }


async def run(args: argparse.Namespace, url: str) -> dict[str, Any]:
    await wait_listening(url)
    async with scratch_database(args.database_url):
        await services.create_endpoint(
            spec=services.EndpointSpec(url=f"{url}/hooks", event_types=[WebhookEventType.REDEMPTION_SUCCEEDED])
        )
        results: dict[str, Any] = {"events": args.events, "concurrency": get_settings().webhooks_concurrency}
        results["baseline_per_s"] = await baseline(url, args.events)
        results["burst"] = await pipeline(url, args.events, 0)
        results["paced"] = await pipeline(url, args.paced_events, args.rate)
        results["paced"]["events"] = args.paced_events
        results["paced"]["rate"] = args.rate
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=40, help="changes per second in the paced run")
    parser.add_argument("--paced-events", type=int, default=2000, help="changes in the paced run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ["WEBHOOKS_ALLOW_PRIVATE"] = "1"  # the receiver listens on 127.0.0.1
    get_settings.cache_clear()
    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("webhook_receiver.py")), "--port", str(port)]
    )
    try:
        results = asyncio.run(run(args, f"http://127.0.0.1:{port}"))
    finally:
        receiver.terminate()
        receiver.wait(10)
    burst, paced = results["burst"], results["paced"]
    print(f"events: {results['events']}, concurrency {results['concurrency']}")
    print(f"(a) baseline, bare httpx loop:   {results['baseline_per_s']:8.0f} POST/s")
    for name, row in (("(b) burst", burst), (f"(c) paced {paced['rate']:.0f}/s", paced)):
        share = row["deliveries_per_s"] / results["baseline_per_s"]
        print(
            f"{name + ':':<32} {row['deliveries_per_s']:8.0f} deliveries/s ({share:.0%} of (a)); "
            f"commits {row['commits_per_s']:.0f}/s; delay p50 {row['delay_p50_ms']:.0f} ms, "
            f"p95 {row['delay_p95_ms']:.0f} ms, max {row['delay_max_ms']:.0f} ms"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
