"""Counters a redemption moves: what each applicable incentive moves, in one global lock order.

Every move is conditional (a limit that would be exceeded refuses it), and every writer takes the rows
in the same order — code rows by id, then counters by name — so concurrent redemptions that list the
same codes in other orders cannot deadlock. `hot.py` makes the same moves in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.redemptions import engine
from app.redemptions.resolve import Resolved, gift_balance
from app.rules import evaluation as rule_engine


class CounterRefused(Exception):
    def __init__(self, position: int, failure: rule_engine.Failure) -> None:
        self.position = position
        self.failure = failure


async def _bump(connection: BaseDBAsyncClient, name: str, amount: int, limit: int) -> bool:
    rows = await connection.execute_query_dict(
        "INSERT INTO redemption_counter (name, used) SELECT $1::text, $2::bigint WHERE $2::bigint <= $3::bigint "
        "ON CONFLICT (name) DO UPDATE SET used = redemption_counter.used + EXCLUDED.used "
        "WHERE redemption_counter.used + EXCLUDED.used <= $3::bigint RETURNING used",
        [name, amount, limit],
    )
    return bool(rows)


_CODE_USED_UP = rule_engine.Failure("CODE_QUANTITY_REACHED", "", "The code was redeemed as often as allowed.")
_GIFT_SPENT = rule_engine.Failure(
    "GIFT_BALANCE_INSUFFICIENT", "", "The gift card's balance changed; not enough is left."
)


@dataclass(frozen=True)
class Move:
    """One counter an applicable incentive moves; `failure()` says why, if its limit stops it."""

    position: int
    kind: str  # "code" (uses), "gift" (balance spent) or "counter"
    key: int | str  # code id or counter name
    amount: int
    limit: int | None
    rule: dict[str, Any] | None = field(default=None, compare=False)  # a counter's rule …
    context: rule_engine.RuleContext | None = field(default=None, compare=False)  # … and what it judged

    def lock_order(self) -> tuple[int, str]:
        # Every transaction locks code rows by id, then counters by name: concurrent redemptions that
        # list the same codes in another order cannot deadlock.
        return (0, f"{self.key:020d}") if isinstance(self.key, int) else (1, self.key)

    def failure(self) -> rule_engine.Failure:
        """The refusal, worded by the rule as if its limit were reached (built only when one is refused)."""
        if self.kind == "code":
            return _CODE_USED_UP
        if self.kind == "gift":
            return _GIFT_SPENT
        assert self.rule is not None
        assert self.context is not None
        exhausted = replace(self.context, usage={str(self.key): self.rule["limit"]})
        refusal = rule_engine.RULE_KINDS[self.rule["kind"]](self.rule, exhausted)
        return refusal or rule_engine.Failure("LIMIT_REACHED", self.rule["id"], "Limit reached.")


def planned_moves(
    item: Resolved, outcome: engine.Outcome, customer_id: str | None, now: datetime, initial_amount: int
) -> list[Move]:
    campaign, code = item.campaign, item.code
    assert campaign is not None
    moves: list[Move] = []
    if code is not None:
        moves.append(
            Move(
                item.position,
                "code",
                code.id,
                1,
                campaign.redemptions_per_code,
            )
        )
        if outcome.gift_spent and item.wallet is None:  # a loyalty card pays from its wallet, not the code
            limit = code.gift_spent + gift_balance(code, campaign)
            moves.append(
                Move(
                    item.position,
                    "gift",
                    code.id,
                    outcome.gift_spent,
                    limit,
                )
            )
    for rule in campaign.validation_rules:
        if rule["kind"] not in rule_engine.COUNTED_KINDS:
            continue
        amount = {"CAMPAIGN_DISCOUNT_BUDGET": outcome.discount, "ORDER_VALUE_BUDGET": initial_amount}.get(
            rule["kind"], 1
        )
        context = rule_engine.RuleContext(
            initial_amount=initial_amount,
            running_amount=initial_amount,
            items=(),
            customer_id=customer_id,
            code_holder_id=None,
            now=now,
            time_zone=campaign.time_zone,
            scope=str(campaign.id),
            pending_discount=outcome.discount,
        )
        name = rule_engine.counter_name(rule, context)
        moves.append(Move(item.position, "counter", name, amount, rule["limit"], rule, context))
    return moves


async def _apply(connection: BaseDBAsyncClient, move: Move) -> bool:
    if move.kind == "code":
        rows = await connection.execute_query_dict(
            "UPDATE code SET redeemed_count = redeemed_count + 1 WHERE id = $1 "
            "AND ($2::int IS NULL OR redeemed_count < $2) RETURNING id",
            [move.key, move.limit],
        )
        return bool(rows)
    if move.kind == "gift":
        rows = await connection.execute_query_dict(
            "UPDATE code SET gift_spent = gift_spent + $2 WHERE id = $1 AND gift_spent + $2 <= $3 RETURNING id",
            [move.key, move.amount, move.limit],
        )
        return bool(rows)
    assert move.limit is not None
    return await _bump(connection, str(move.key), move.amount, move.limit)


def recorded(move: Move) -> dict[str, Any]:
    """A move as the redemption keeps it (for rollback)."""
    key = "name" if move.kind == "counter" else "id"
    return {"kind": move.kind, key: move.key, "amount": move.amount}


async def move_counters(connection: BaseDBAsyncClient, planned: list[Move]) -> list[dict[str, Any]]:
    """Move every planned counter in lock order; raise CounterRefused at the first refusal."""
    done: list[dict[str, Any]] = []
    for move in sorted(planned, key=Move.lock_order):
        if not await _apply(connection, move):
            raise CounterRefused(move.position, move.failure())
        done.append(recorded(move))
    return done


async def undo(connection: BaseDBAsyncClient, moves: list[dict[str, Any]]) -> None:
    """Give back what a redemption's recorded moves took (codes' uses, gift spending, counters)."""
    for move in moves:
        if move["kind"] == "code":
            await connection.execute_query_dict(
                "UPDATE code SET redeemed_count = redeemed_count - $2 WHERE id = $1 RETURNING id",
                [move["id"], move["amount"]],
            )
        elif move["kind"] == "gift":
            await connection.execute_query_dict(
                "UPDATE code SET gift_spent = gift_spent - $2 WHERE id = $1 RETURNING id",
                [move["id"], move["amount"]],
            )
        elif move["kind"] == "counter":
            await connection.execute_query_dict(
                "UPDATE redemption_counter SET used = used - $2 WHERE name = $1 RETURNING used",
                [move["name"], move["amount"]],
            )
