"""Values the fuzzer sends: plausible ones, so calls get past the first check and reach the services and the
database (real ids of a seeded world, currencies, time zones, rule objects, cursors shaped like the API's),
mixed with hostile ones (control characters, bidirectional overrides, megabyte strings, integers past every
range, dates out of range, JSON nested too deep).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from app.core.bounds import MAX_AMOUNT
from app.core.ids import encode_id
from app.rules.definitions import KEYS

OBJECT_TYPES = ("Campaign", "Code", "Customer", "Area", "Store", "Geofence", "ApiKey", "Redemption", "Job", "Category")
WORDS = (
    "EUR", "USD", "JPY", "XXX", "eur", "Europe/Paris", "UTC", "Mars/Olympus", "shopper", "p", "sku-1", "North",
    "a@example.com", "not-an-email", "+33123456789", "WEB", "BULK", "INSIDE", "AND", "OR",
)  # fmt: skip
# Characters no string may hold (NUL, which PostgreSQL cannot store, most of all), or no line.
HOSTILE_CHARACTERS = (
    "\x00",
    "\x00",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\n",
    "\r",
    "\t",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u2028",
    "\ufeff",
)
HOSTILE_STRINGS = (
    "",
    " ",
    "nul\x00byte",
    "\x00",
    "bell\x07",
    "line\nbreak",
    "tab\there",
    "bidi\u202eoverride",
    "zero\u200bwidth",
    "\u2028",
    "\ufeff",
    "e\u0301\u0301\u0301",
    "🎉" * 50,
    "'; DROP TABLE campaigns; --",
    "%s%s%n",
    "{{7*7}}",
    "../../etc/passwd",
    "x" * 201,
    "x" * 10_000,
)
BROKEN_DATES = ("2030-02-30", "2030-13-01", "0000-01-01", "yesterday", "")
BROKEN_DATETIMES = ("2030-02-30T00:00:00Z", "2030-01-01T00:00:00+99:00", "not a date", "")
CAMPAIGN_ORDERS = ("NAME", "CREATED_AT", "STARTS_AT", "ENDS_AT")
HUGE_INTEGERS = (2**31, -(2**31) - 1, 2**53 + 1, 2**63, -(2**63) - 1, 2**64, 10**30, -(10**30))
# Just under the request limit (1 MB), so the value reaches the bounds; and just over it.
NEARLY_A_MEGABYTE = "A" * 990_000
OVER_A_MEGABYTE = "B" * 1_100_000


@dataclass(frozen=True)
class Fresh:
    """A value no earlier call used (campaign names and codes are unique): the prefix and a new uuid."""

    prefix: str

    def named(self, value: uuid.UUID) -> str:
        return f"{self.prefix} {value}"


@dataclass(frozen=True)
class Pool:
    """Real values of a seeded world the fuzzer mixes in, so calls reach objects that exist."""

    ids: tuple[str, ...]
    words: tuple[str, ...]


def mostly(usual: st.SearchStrategy[Any], unusual: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`usual` nineteen times in twenty: a value of the wrong type or shape refuses the whole request."""
    return st.one_of(*[usual] * 19, unusual)


def strings(pool: Pool) -> st.SearchStrategy[str]:
    words = st.sampled_from(pool.words + WORDS)
    return st.one_of(
        words,
        st.text(max_size=20),
        st.builds(lambda before, char, after: before + char + after, words, st.sampled_from(HOSTILE_CHARACTERS), words),
        st.sampled_from(HOSTILE_STRINGS),
        st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Mn"]), max_size=5),
        cursors(),
    )


def cursors(orders: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """Cursors shaped like the API's (`instant|uuid`, or the campaigns' JSON `{o, v, id}` for ordering `o`),
    holding anything."""
    instants = st.one_of(datetimes(), st.sampled_from(BROKEN_DATETIMES))
    keys = st.one_of(st.uuids().map(str), st.text(max_size=5))
    values = st.one_of(
        instants,
        st.text(max_size=10),
        st.sampled_from(HOSTILE_STRINGS),
        st.sampled_from((None, True, 5, 10**30, 1.5, [1], {"a": 1})),
    )
    keyset = st.builds(lambda at, key: f"{at}|{key}", instants, keys)
    ordered = st.fixed_dictionaries(
        {"o": st.sampled_from((*CAMPAIGN_ORDERS, "")) if orders is None else orders, "v": values, "id": keys}
    ).map(json.dumps)
    return st.one_of(keyset, ordered).map(encode_cursor)


def encode_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def ids(pool: Pool) -> st.SearchStrategy[str]:
    forged = st.builds(lambda kind, value: encode_id(kind, value), st.sampled_from(OBJECT_TYPES), st.uuids())
    return st.one_of(
        st.sampled_from(pool.ids),
        st.sampled_from(pool.ids),
        forged,
        st.sampled_from(("", "x" * 101, "Q2FtcGFpZ246bm90LWEtdXVpZA", "====", "%00")),  # Campaign:not-a-uuid
        st.text(max_size=12),
    )


def ints() -> st.SearchStrategy[int]:
    return st.one_of(
        st.integers(0, 12),
        st.integers(-3, 2000),
        st.sampled_from((0, 1, -1, 100, 101, 1000, 1001, 2**31 - 1, -(2**31))),
    )


def floats() -> st.SearchStrategy[float]:
    return st.one_of(
        st.floats(-200, 200),
        st.sampled_from((0.0, -0.0, 48.8566, 2.3522, 90.0, -180.0, 1e308, -1e308, 5e-324, 1e-7)),
    )


def amounts() -> st.SearchStrategy[int]:
    edges = (MAX_AMOUNT, MAX_AMOUNT + 1, -MAX_AMOUNT, -MAX_AMOUNT - 1, *HUGE_INTEGERS)
    return st.one_of(*[st.integers(-100, 100_000)] * 3, st.sampled_from(edges))


def dates() -> st.SearchStrategy[str]:
    """Calendar days the Date scalar parses, across the whole range."""
    return st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)


def datetimes() -> st.SearchStrategy[str]:
    """Instants the DateTime scalar parses, in range or not, with an offset or not."""
    aware = st.datetimes(dt.datetime(1890, 1, 1), dt.datetime(9999, 12, 31), timezones=st.just(dt.UTC))
    edges = (
        "2030-01-01T00:00:00+00:00",
        "2030-01-01T00:00:00",  # no offset
        "2020-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-12:00",
    )
    return st.one_of(aware.map(dt.datetime.isoformat), st.sampled_from(edges))


def rules(pool: Pool) -> st.SearchStrategy[dict[str, Any]]:
    """Validation rule objects with known kinds and keys, their values plausible or not."""

    def rule(kind: str) -> st.SearchStrategy[dict[str, Any]]:
        keys = sorted(KEYS[kind])
        value = st.one_of(
            st.integers(-1, 30),
            st.sampled_from(HUGE_INTEGERS),
            json_leaves(pool),
            st.lists(json_leaves(pool), max_size=3),
        )
        chosen = st.dictionaries(st.sampled_from(keys), value, max_size=len(keys)) if keys else st.just({})
        return chosen.map(lambda extra: {"id": f"r-{kind.lower()}", "kind": kind, **extra})

    return st.sampled_from(sorted(KEYS)).flatmap(rule)


def json_leaves(pool: Pool) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 100),
        st.floats(allow_nan=False, allow_infinity=False),
        strings(pool),
        ids(pool),
    )


def json_values(pool: Pool) -> st.SearchStrategy[Any]:
    def nested(depth: int) -> Any:
        value: Any = 1
        for _ in range(depth):
            value = {"a": value}
        return value

    generic = st.recursive(
        json_leaves(pool),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(strings(pool), children, max_size=4),
        max_leaves=12,
    )
    expression = st.fixed_dictionaries(
        {
            "op": st.sampled_from(("AND", "OR", "XOR", "")),
            "rules": st.lists(st.sampled_from(("r-items", "x", "")), max_size=3),
        }
    )
    return st.one_of(
        generic,
        st.lists(rules(pool), max_size=3),
        rules(pool),
        expression,
        st.sampled_from((nested(11), nested(13), nested(60), {"k": "x" * 70_000}, list(range(5000)))),
    )
