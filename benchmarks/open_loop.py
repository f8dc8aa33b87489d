"""An open-loop HTTP load generator: requests start at a fixed rate, whether or not earlier ones have answered.

wrk is a closed loop: a slow response delays the next request on its connection, so a stall is measured
once instead of for every request that should have been sent meanwhile (coordinated omission). Here
request i is scheduled at start + i / rate; it is sent at that time on an idle keep-alive connection (or
a new one), and its latency runs **from the scheduled time** to the end of the response. A generator
that falls behind therefore adds to the latency instead of hiding it; its own lag (sent − scheduled)
and CPU time are reported so that the caller can tell.

A minimal HTTP/1.1 client on asyncio streams (uvloop) keeps the generator's own cost far below httpx's.
It reads a JSON spec (url, body with an optional key placeholder, headers, rate, warmup, duration,
must/must_not substrings of every good response) and prints one JSON document of results on stdout.

    python benchmarks/open_loop.py spec.json
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvloop

REQUEST_TIMEOUT_SECONDS = 30.0
IDLE_LIMIT_SECONDS = 2.0  # uvicorn closes keep-alive connections idle for 5 s (its timeout_keep_alive)


@dataclass
class Spec:
    url: str
    body: str
    headers: dict[str, str]
    rate: float  # requests per second
    warmup: float  # seconds at the same rate, not measured
    duration: float  # measured seconds
    must: list[str]
    must_not: list[str]
    key_placeholder: str = ""  # replaced in each request's body by key_prefix + its number
    key_prefix: str = ""


@dataclass
class Results:
    measured: int = 0
    bad: int = 0
    errors: int = 0
    first_problem: str = ""
    connections_opened: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds from scheduled time, measured requests
    lags: list[float] = field(default_factory=list)  # seconds from scheduled time to sending, all requests


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Client:
    """Keep-alive connections to one host, reused last in, first out; new ones opened as needed."""

    def __init__(self, spec: Spec, results: Results) -> None:
        parts = urlsplit(spec.url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self.spec, self.results = spec, results
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []  # … and idle since
        head = [f"POST {self.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        head += [f"{name}: {value}" for name, value in spec.headers.items()]
        self.head = "\r\n".join(head)

    def request(self, number: int) -> bytes:
        body = self.spec.body
        if self.spec.key_placeholder:
            body = body.replace(self.spec.key_placeholder, f"{self.spec.key_prefix}{number}")
        encoded = body.encode()
        return f"{self.head}\r\nContent-Length: {len(encoded)}\r\n\r\n".encode() + encoded

    async def open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        self.results.connections_opened += 1
        return await asyncio.open_connection(self.host, self.port)

    async def connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, bool]:
        """The most recently used idle connection that is still fresh, or a new one; and whether reused."""
        now = time.monotonic()
        while self.idle:
            reader, writer, since = self.idle.pop()
            if now - since < IDLE_LIMIT_SECONDS and not reader.at_eof():
                return reader, writer, True
            writer.close()
        reader, writer = await self.open()
        return reader, writer, False

    async def send(self, number: int) -> tuple[int, str]:
        """Status and body of one request."""
        reader, writer, reused = await self.connection()
        request = self.request(number)
        writer.write(request)
        status_line = await reader.readline()
        if not status_line and reused:  # the server closed it while idle, before reading: once more, anew
            writer.close()
            reader, writer = await self.open()
            writer.write(request)
            status_line = await reader.readline()
        status = int(status_line.split()[1])
        length, keep_alive = 0, True
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                keep_alive = False
        body = (await reader.readexactly(length)).decode(errors="replace")
        if keep_alive:
            self.idle.append((reader, writer, time.monotonic()))
        else:
            writer.close()
        return status, body

    def good(self, text: str) -> bool:
        return all(part in text for part in self.spec.must) and not any(part in text for part in self.spec.must_not)


async def one(client: Client, number: int, scheduled: float, measured: bool) -> None:
    results = client.results
    results.lags.append(time.perf_counter() - scheduled)
    try:
        status, body = await asyncio.wait_for(client.send(number), REQUEST_TIMEOUT_SECONDS)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        results.errors += 1
        results.first_problem = results.first_problem or f"request {number}: {exc!r}"
        return
    finished = time.perf_counter()
    if status != 200 or not client.good(body):
        results.bad += 1
        results.first_problem = results.first_problem or f"request {number}: HTTP {status} {body[:500]}"
    if measured:
        results.measured += 1
        results.latencies.append(finished - scheduled)


async def generate(spec: Spec) -> dict[str, Any]:
    # perf_counter, not loop.time(): uvloop's clock has millisecond steps and is read once per loop iteration.
    results = Results()
    client = Client(spec, results)
    total = round(spec.rate * (spec.warmup + spec.duration))
    unmeasured = round(spec.rate * spec.warmup)
    tasks = []
    cpu_start, wall_start = time.process_time(), time.monotonic()
    start = time.perf_counter() + 0.05
    for number in range(total):
        scheduled = start + number / spec.rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(client, number, scheduled, number >= unmeasured)))
    await asyncio.gather(*tasks)
    cpu, wall = time.process_time() - cpu_start, time.monotonic() - wall_start
    for _, writer, _ in client.idle:
        writer.close()
    ms = 1000.0
    return {
        "rate": spec.rate,
        "scheduled": total,
        "measured": results.measured,
        "bad": results.bad,
        "errors": results.errors,
        "first_problem": results.first_problem,
        "connections_opened": results.connections_opened,
        "p50_ms": percentile(results.latencies, 0.50) * ms,
        "p90_ms": percentile(results.latencies, 0.90) * ms,
        "p99_ms": percentile(results.latencies, 0.99) * ms,
        "max_ms": max(results.latencies, default=0.0) * ms,
        "lag_p50_ms": percentile(results.lags, 0.50) * ms,
        "lag_p99_ms": percentile(results.lags, 0.99) * ms,
        "lag_max_ms": max(results.lags, default=0.0) * ms,
        "generator_cpu_seconds": cpu,
        "wall_seconds": wall,
    }


def main() -> None:
    spec = Spec(**json.loads(Path(sys.argv[1]).read_text()))
    print(json.dumps(uvloop.run(generate(spec))))


if __name__ == "__main__":
    main()
