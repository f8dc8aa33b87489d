"""The hot path's write: one statement for one redemption or a batch of them (group commit).

The statement takes the code rows by id, then the counters by name (the global lock order of
`counters.py`), moves each only within its limit, checks that every campaign is still at the version it
was judged at, and inserts the redemptions, their lines and their webhook events. When any part refuses,
a redemption's id is written as NULL: the NOT NULL violation fails the statement, so nothing it moved is
kept (a plain statement is its own transaction).

A batch moves each code and counter once, by the sum of its redemptions' moves, within the limit. Moves
only go forward (a redemption never gives back), so the sum fits exactly when every order of the same
moves one by one would: a batch that succeeds is one that redemptions written one at a time could have
written in turn. A batch that fails is redone one redemption at a time (`group.py`), so a refusal keeps
its own redemption out only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import orjson

from app.redemptions import counters, engine
from app.redemptions.models import Redemption
from app.redemptions.redeem import succeeded_payload
from app.redemptions.resolve import Resolved
from app.webhooks import outbox
from app.webhooks.models import WebhookEventType

# Campaign versions; codes by id (ascending); counters by name (ascending): the moves and their limits.
_MOVES = """fresh AS (
    SELECT count(*) AS n FROM campaign k
    JOIN unnest($1::uuid[], $2::int[]) AS v(id, version) ON k.id = v.id AND k.version = v.version
),
locked AS (
    SELECT c.id FROM code c
    WHERE c.id = ANY($3::bigint[]) AND (SELECT n FROM fresh) = cardinality($1::uuid[])
    ORDER BY c.id FOR UPDATE
),
codes_moved AS (
    UPDATE code c SET redeemed_count = c.redeemed_count + v.uses, gift_spent = c.gift_spent + v.gift
    FROM unnest($3::bigint[], $4::int[], $5::int[], $6::bigint[], $7::bigint[])
        AS v(id, uses, use_limit, gift, gift_limit)
    WHERE c.id = v.id AND c.id IN (SELECT id FROM locked)
      AND (v.use_limit IS NULL OR c.redeemed_count + v.uses <= v.use_limit)
      AND (v.gift = 0 OR c.gift_spent + v.gift <= v.gift_limit)
    RETURNING c.id
),
counters_moved AS (
    INSERT INTO redemption_counter AS rc (name, used)
    SELECT v.name, v.amount FROM unnest($8::text[], $9::bigint[], $10::bigint[]) AS v(name, amount, cap)
    WHERE v.amount <= v.cap
      AND (SELECT n FROM fresh) = cardinality($1::uuid[])
      AND (SELECT count(*) FROM codes_moved) = cardinality($3::bigint[])
    ORDER BY v.name
    ON CONFLICT (name) DO UPDATE SET used = rc.used + EXCLUDED.used
    WHERE rc.used + EXCLUDED.used
        <= (SELECT l.cap FROM unnest($8::text[], $10::bigint[]) AS l(name, cap) WHERE l.name = EXCLUDED.name)
    RETURNING rc.name
),
settled AS (
    SELECT (SELECT n FROM fresh) = cardinality($1::uuid[])
       AND (SELECT count(*) FROM codes_moved) = cardinality($3::bigint[])
       AND (SELECT count(*) FROM counters_moved) = cardinality($8::text[]) AS ok
)"""

# After the moves: the redemptions' columns as arrays ($11–$23), their lines as arrays with the
# redemption each belongs to ($24–$28), their webhook payloads ($29, the announced ones only).
STATEMENT = f"""
WITH {_MOVES},
saved AS (
    INSERT INTO redemption (id, idempotency_key, customer_id, store_id, area_id, currency, amount, discount,
        amount_after_discounts, gift_spent, amount_due, "order", result, moves, metadata, status, created_at)
    SELECT CASE WHEN settled.ok THEN r.id END, r.idempotency_key, r.customer_id, NULL, NULL, r.currency,
        r.amount, r.discount, r.after, r.gift_spent, r.due, r.ord::jsonb, r.result::jsonb, r.moves::jsonb,
        r.metadata::jsonb, 'SUCCEEDED', now()
    FROM settled, unnest($11::uuid[], $12::text[], $13::uuid[], $14::text[], $15::bigint[], $16::bigint[],
        $17::bigint[], $18::bigint[], $19::bigint[], $20::text[], $21::text[], $22::text[], $23::text[])
        AS r(id, idempotency_key, customer_id, currency, amount, discount, after, gift_spent, due, ord, result,
             moves, metadata)
    RETURNING id, created_at
),
lines AS (
    INSERT INTO redemption_line (redemption_id, campaign_id, code_id, discount, gift_spent)
    SELECT s.id, v.campaign_id, v.code_id, v.discount, v.gift_spent
    FROM unnest($24::uuid[], $25::uuid[], $26::bigint[], $27::bigint[], $28::bigint[])
        AS v(redemption_id, campaign_id, code_id, discount, gift_spent)
    JOIN saved s ON s.id = v.redemption_id
),{
    outbox.fan_out(
        "SELECT value::jsonb FROM unnest($29::text[]) AS value", event_type="$30", attempts="$31", returning=False
    )
}
SELECT id, created_at FROM saved
"""


class _Disagree(Exception):
    """Two moves of one code or counter under different limits, or a campaign judged at two versions."""


@dataclass
class CodeMove:
    """What the write does to one code row: uses (within their limit) and gift spending (within the balance)."""

    uses: int = 0
    use_limit: int | None = None
    gift: int = 0
    gift_limit: int = 0

    def add(self, other: CodeMove) -> None:
        """Add `other`'s moves to these (`_Disagree` when both move the same thing under different limits)."""
        if other.uses:
            if self.uses and self.use_limit != other.use_limit:
                raise _Disagree
            self.use_limit = other.use_limit
        if other.gift:
            if self.gift and self.gift_limit != other.gift_limit:
                raise _Disagree
            self.gift_limit = other.gift_limit
        self.uses += other.uses
        self.gift += other.gift


def _add_cap(caps: dict[str, tuple[int, int]], name: str, amount: int, limit: int) -> None:
    total, known = caps.get(name, (0, limit))
    if known != limit:
        raise _Disagree
    caps[name] = (total + amount, limit)


@dataclass
class Write:
    """One redemption's write, planned: its moves with their limits, its rows, its webhook payload."""

    redemption_id: uuid.UUID
    campaigns: dict[uuid.UUID, int]  # version by campaign
    codes: dict[int, CodeMove]
    caps: dict[str, tuple[int, int]]  # (amount, limit) by counter name
    columns: list[Any]  # the redemption's values, in the statement's order ($11–$23)
    lines: list[tuple[uuid.UUID, int | None, int, int]]  # campaign, code, discount, gift spent
    payload: str | None  # the redemption.succeeded event, when some endpoint wants it


def plan(
    redemption: Redemption,
    applied: list[engine.Outcome],
    by_position: dict[int, Resolved],
    moves: Sequence[counters.Move],
    announce: bool,
) -> Write | None:
    """The write of one redemption, or None when the ORM path must check its moves one by one."""
    codes: dict[int, CodeMove] = {}
    caps: dict[str, tuple[int, int]] = {}
    try:
        for move in moves:
            if move.amount < 0:
                return None  # only forward moves add up safely
            if move.kind == "counter":
                assert move.limit is not None
                assert isinstance(move.key, str)
                _add_cap(caps, move.key, move.amount, move.limit)
            else:
                assert isinstance(move.key, int)
                part = (
                    CodeMove(uses=move.amount, use_limit=move.limit)
                    if move.kind == "code"
                    else CodeMove(gift=move.amount, gift_limit=move.limit or 0)
                )
                codes.setdefault(move.key, CodeMove()).add(part)
    except _Disagree:
        return None
    lines = []
    for outcome in applied:
        item = by_position[outcome.position]
        assert item.campaign is not None
        lines.append((item.campaign.id, item.code.id if item.code else None, outcome.discount, outcome.gift_spent))
    columns = [
        redemption.id,
        redemption.idempotency_key,
        redemption.customer_id,
        redemption.currency,
        redemption.amount,
        redemption.discount,
        redemption.amount_after_discounts,
        redemption.gift_spent,
        redemption.amount_due,
        orjson.dumps(redemption.order).decode(),
        orjson.dumps(redemption.result).decode(),
        orjson.dumps(redemption.moves).decode(),
        orjson.dumps(redemption.metadata).decode(),
    ]
    return Write(
        redemption.id,
        {item.campaign.id: item.campaign.version for item in by_position.values() if item.campaign},
        codes,
        caps,
        columns,
        lines,
        orjson.dumps(succeeded_payload(redemption, applied, by_position)).decode() if announce else None,
    )


def _merged(writes: Sequence[Write]) -> tuple[dict[uuid.UUID, int], dict[int, CodeMove], dict[str, tuple[int, int]]]:
    """The batch's moves: each code and counter moved once by the sum (`_Disagree`: a limit or version differs)."""
    campaigns: dict[uuid.UUID, int] = {}
    codes: dict[int, CodeMove] = {}
    caps: dict[str, tuple[int, int]] = {}
    for write in writes:
        for campaign_id, version in write.campaigns.items():
            if campaigns.setdefault(campaign_id, version) != version:
                raise _Disagree  # judged at two versions: one is stale, each write alone finds out which
        for code_id, move in write.codes.items():
            codes.setdefault(code_id, CodeMove()).add(move)
        for name, (amount, limit) in write.caps.items():
            _add_cap(caps, name, amount, limit)
    return campaigns, codes, caps


async def batch(connection: asyncpg.Connection, writes: Sequence[Write]) -> dict[uuid.UUID, datetime] | None:
    """Write them all in one statement (creation time by redemption id), or none of them (None)."""
    try:
        campaigns, codes, caps = _merged(writes)
    except _Disagree:
        return None
    code_ids = sorted(codes)
    names = sorted(caps)
    lines = [(write.redemption_id, *line) for write in writes for line in write.lines]
    parameters = [
        list(campaigns),
        list(campaigns.values()),
        code_ids,
        [codes[i].uses for i in code_ids],
        [codes[i].use_limit for i in code_ids],
        [codes[i].gift for i in code_ids],
        [codes[i].gift_limit for i in code_ids],
        names,
        [caps[name][0] for name in names],
        [caps[name][1] for name in names],
        *([write.columns[index] for write in writes] for index in range(13)),
        *([line[index] for line in lines] for index in range(5)),
        [write.payload for write in writes if write.payload is not None],
        WebhookEventType.REDEMPTION_SUCCEEDED.value,
        outbox.MAX_ATTEMPTS,
    ]
    try:
        rows = await connection.fetch(STATEMENT, *parameters)
    except asyncpg.NotNullViolationError as refused:
        if refused.table_name == "redemption" and refused.column_name == "id":
            return None  # a limit, a code's uses or a campaign's version refused
        raise
    except (asyncpg.UniqueViolationError, asyncpg.DeadlockDetectedError):
        return None  # a concurrent twin holds an idempotency key; or a lost race PostgreSQL broke
    return {row["id"]: row["created_at"] for row in rows}


async def single(connection: asyncpg.Connection, write: Write) -> datetime | None:
    """Write one redemption (a batch of one): its creation time, or None when a part refused (nothing written)."""
    created = await batch(connection, [write])
    return None if created is None else created[write.redemption_id]
