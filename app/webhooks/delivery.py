"""Sending due deliveries: claimed with `FOR UPDATE SKIP LOCKED`, POSTed, recorded in batches.

A claim commits before the POST and moves `next_attempt_at` a lease ahead (the timeout and a margin),
with the attempt counted: a worker that dies mid-POST leaves the row due again when the lease lapses,
and the next worker sends the same event with the same `webhook-id` (at-least-once). A result is
recorded only by the claim that made it (`attempts` still equal), so a late answer of a lapsed claim
cannot overwrite a newer one.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import orjson
import structlog
from standardwebhooks.webhooks import Webhook
from tortoise import connections

from app.core.time import utcnow
from app.settings import get_settings
from app.webhooks import urls
from app.webhooks.exceptions import UrlRefused
from app.webhooks.outbox import RETRY_DELAYS_SECONDS

log = structlog.get_logger(__name__)

BATCH_SIZE = 200
LEASE_MARGIN_SECONDS = 5
ERROR_LENGTH = 500
USER_AGENT = "promo-engine-webhooks/1"

CLAIM = """
UPDATE webhook_delivery d SET attempts = d.attempts + 1, last_attempt_at = now(),
    next_attempt_at = now() + make_interval(secs => $2)
FROM (
    SELECT d2.id FROM webhook_delivery d2
    WHERE d2.status = 'PENDING' AND d2.next_attempt_at <= now()
      AND EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.id = d2.endpoint_id AND e.enabled)
    ORDER BY d2.next_attempt_at LIMIT $1 FOR UPDATE OF d2 SKIP LOCKED
) c, webhook_event ev, webhook_endpoint e
WHERE d.id = c.id AND ev.id = d.event_id AND e.id = d.endpoint_id
RETURNING d.id, d.endpoint_id, d.attempts, d.max_attempts, ev.id AS event_id, ev.type, ev.payload,
    ev.created_at AS event_at, e.url, e.secret
"""

RECORD = """
UPDATE webhook_delivery d SET
    status = CASE WHEN r.ok THEN 'DELIVERED' WHEN d.attempts >= d.max_attempts THEN 'FAILED' ELSE 'PENDING' END,
    delivered_at = CASE WHEN r.ok THEN now() ELSE d.delivered_at END,
    next_attempt_at = CASE WHEN r.ok OR d.attempts >= d.max_attempts THEN NULL
        ELSE now() + make_interval(secs => r.delay) END,
    last_response_code = r.code, last_response_ms = r.ms, last_error = r.error
FROM unnest($1::uuid[], $2::int[], $3::bool[], $4::int[], $5::int[], $6::text[], $7::float8[])
    AS r(id, attempts, ok, code, ms, error, delay)
WHERE d.id = r.id AND d.attempts = r.attempts AND d.status = 'PENDING'
RETURNING d.endpoint_id, d.status
"""

# Events whose attempts all failed count against their endpoint; one delivered event clears the count.
COUNT_FAILURES = """
UPDATE webhook_endpoint e SET consecutive_failures = CASE WHEN f.delivered THEN 0
    ELSE e.consecutive_failures + f.failed END
FROM unnest($1::uuid[], $2::int[], $3::bool[]) AS f(id, failed, delivered)
WHERE e.id = f.id
"""

DISABLE = """
UPDATE webhook_endpoint SET enabled = false, disabled_at = now(), updated_at = now(),
    disabled_reason = 'The last ' || consecutive_failures || ' events failed every delivery attempt; '
        || 'fix the receiver, then enable the endpoint again (failed deliveries can be redelivered).'
WHERE id = ANY($1::uuid[]) AND enabled AND consecutive_failures >= $2
RETURNING id, url, disabled_reason
"""


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker is attempting now."""

    id: uuid.UUID
    endpoint_id: uuid.UUID
    attempts: int
    max_attempts: int
    event_id: uuid.UUID
    type: str
    payload: Any
    event_at: datetime
    url: str
    secret: str

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.event_id.hex}"

    def body(self) -> str:
        payload = orjson.loads(self.payload) if isinstance(self.payload, str | bytes) else self.payload
        return orjson.dumps({"type": self.type, "timestamp": self.event_at.isoformat(), "data": payload}).decode()


@dataclass(frozen=True)
class Result:
    """What one attempt came to."""

    ok: bool
    code: int | None
    ms: int | None
    error: str | None


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt."""
    return float(RETRY_DELAYS_SECONDS[min(attempts, len(RETRY_DELAYS_SECONDS)) - 1])


def signed_headers(claimed: Claimed, body: str, now: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt (the id is the event's, the same every time)."""
    signature = Webhook(claimed.secret).sign(msg_id=claimed.webhook_id, timestamp=now, data=body)
    return {
        "webhook-id": claimed.webhook_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


async def attempt(
    client: httpx.AsyncClient, claimed: Claimed, *, allow_private: bool, timeout_seconds: float
) -> Result:
    """POST one delivery; never raises for what the receiver or the network does."""
    started = time.perf_counter()
    try:
        target = await urls.target(claimed.url, allow_private=allow_private, timeout_seconds=timeout_seconds)
        body = claimed.body()
        headers = signed_headers(claimed, body, utcnow())
        headers["host"] = target.host_header
        extensions = {"sni_hostname": target.server_name} if target.server_name else None
        response = await client.post(target.url, content=body.encode(), headers=headers, extensions=extensions)
    except (httpx.HTTPError, OSError, ValueError, TimeoutError, UrlRefused) as exc:
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return Result(False, None, _ms(started), message[:ERROR_LENGTH])
    ok = 200 <= response.status_code < 300
    error = None if ok else f"HTTP {response.status_code}: {response.text[:200]}"[:ERROR_LENGTH]
    return Result(ok, response.status_code, _ms(started), error)


def _ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


async def claim(batch_size: int, lease_seconds: float) -> list[Claimed]:
    rows = await connections.get("default").execute_query_dict(CLAIM, [batch_size, lease_seconds])
    return [Claimed(**row) for row in rows]


async def record(claimed: list[Claimed], results: list[Result], *, disable_after: int) -> None:
    """Store a batch's outcomes, count failed events per endpoint and disable those past the limit."""
    rows = await connections.get("default").execute_query_dict(
        RECORD,
        [
            [c.id for c in claimed],
            [c.attempts for c in claimed],
            [r.ok for r in results],
            [r.code for r in results],
            [r.ms for r in results],
            [r.error for r in results],
            [retry_delay(c.attempts) for c in claimed],
        ],
    )
    failed: dict[uuid.UUID, int] = {}
    delivered: set[uuid.UUID] = set()
    for row in rows:
        if row["status"] == "FAILED":
            failed[row["endpoint_id"]] = failed.get(row["endpoint_id"], 0) + 1
        elif row["status"] == "DELIVERED":
            delivered.add(row["endpoint_id"])
    touched = sorted(set(failed) | delivered)
    if not touched:
        return
    connection = connections.get("default")
    await connection.execute_query(
        COUNT_FAILURES,
        [touched, [failed.get(e, 0) for e in touched], [e in delivered for e in touched]],
    )
    if failed:
        for row in await connection.execute_query_dict(DISABLE, [sorted(failed), disable_after]):
            # The stored alert is the endpoint's disabledReason/disabledAt; this is the logged one.
            log.warning(
                "webhook_endpoint_disabled", endpoint_id=str(row["id"]), url=row["url"], reason=row["disabled_reason"]
            )


async def deliver_due(
    *,
    client: httpx.AsyncClient | None = None,
    budget_seconds: float = 50,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Send due deliveries until none is due or the budget is spent; the number attempted."""
    settings = get_settings()
    lease = settings.webhooks_timeout_seconds + LEASE_MARGIN_SECONDS
    own = client is None
    http = client or new_client()
    limit = asyncio.Semaphore(settings.webhooks_concurrency)
    deadline = time.monotonic() + budget_seconds
    done = 0

    async def one(claimed: Claimed) -> Result:
        async with limit:
            return await attempt(
                http,
                claimed,
                allow_private=settings.webhooks_allow_private,
                timeout_seconds=settings.webhooks_timeout_seconds,
            )

    try:
        while time.monotonic() < deadline:
            batch = await claim(batch_size, lease)
            if not batch:
                break
            results = await asyncio.gather(*(one(c) for c in batch))
            await record(batch, list(results), disable_after=settings.webhooks_disable_after)
            done += len(batch)
    finally:
        if own:
            await http.aclose()
    return done


def new_client() -> httpx.AsyncClient:
    """The HTTP client of a sweep: the configured timeout, no redirects, no environment proxies."""
    settings = get_settings()
    limits = httpx.Limits(max_connections=settings.webhooks_concurrency)
    return httpx.AsyncClient(
        timeout=settings.webhooks_timeout_seconds, follow_redirects=False, trust_env=False, limits=limits
    )
