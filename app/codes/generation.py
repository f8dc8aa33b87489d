"""Random codes from a series' settings, and bulk insertion at COPY speed.

Codes are drawn from `os.urandom` through a byte translation table (rejection sampling keeps every
character equally likely), de-duplicated in memory, and written with a binary COPY straight into the
`code` table. A batch that meets an existing code (the unique index on `code_key` refuses it) is
retried through a staging table that skips the duplicates, so the series always ends up with exactly
the requested number of codes and contiguous ordinals.
"""

from __future__ import annotations

import itertools
import math
import os
import string
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import asyncpg
from tortoise import connections

from app.codes.models import Charset
from app.core.errors import InvalidInput
from app.core.time import utcnow

CHARSETS = {
    Charset.ALPHANUMERIC: string.ascii_uppercase + string.ascii_lowercase + string.digits,
    Charset.ALPHABETIC: string.ascii_uppercase + string.ascii_lowercase,
    Charset.NUMBERS: string.digits,
    Charset.UPPERCASE: string.ascii_uppercase,
    Charset.LOWERCASE: string.ascii_lowercase,
}
PLACEHOLDER = "#"
MAX_CODE_LENGTH = 100
BATCH_SIZE = 100_000
# Lookups ignore case, so the usable alphabet is the case-folded one; we also keep the space at least
# twice the codes wanted, or generation would spend its time on collisions.
SPACE_HEADROOM = 2


def code_key(code: str) -> str:
    """How codes are compared and looked up: case-insensitive."""
    return code.strip().lower()


@dataclass(frozen=True)
class CodeShape:
    """What generated codes look like."""

    charset: Charset
    custom_charset: str | None
    length: int
    prefix: str
    postfix: str
    pattern: str | None

    def alphabet(self) -> str:
        if self.charset is Charset.CUSTOM:
            chars = self.custom_charset or ""
            if len(set(chars)) < 2:
                raise InvalidInput("A custom charset needs at least 2 distinct characters.", field="customCharset")
            if any(ch.isspace() or ch == PLACEHOLDER for ch in chars):
                raise InvalidInput("A custom charset cannot contain spaces or '#'.", field="customCharset")
            return "".join(dict.fromkeys(chars))
        return CHARSETS[self.charset]

    def random_positions(self) -> int:
        if self.pattern is not None:
            positions = self.pattern.count(PLACEHOLDER)
            if positions == 0:
                raise InvalidInput("A pattern needs at least one '#'.", field="pattern")
            return positions
        return self.length

    def space(self) -> int:
        """How many distinct codes (case-insensitively) this shape can produce."""
        folded = {ch.lower() for ch in self.alphabet()}
        return int(len(folded) ** self.random_positions())

    def check(self, *, wanted_total: int) -> None:
        """Refuse a shape that cannot hold `wanted_total` codes comfortably."""
        if self.pattern is None and not 1 <= self.length <= MAX_CODE_LENGTH:
            raise InvalidInput(f"The length must be between 1 and {MAX_CODE_LENGTH}.", field="length")
        if self.pattern is not None and len(self.pattern) > MAX_CODE_LENGTH:
            raise InvalidInput(f"The pattern is longer than {MAX_CODE_LENGTH}.", field="pattern")
        for name, value in (("prefix", self.prefix), ("postfix", self.postfix)):
            if any(ch.isspace() for ch in value):
                raise InvalidInput(f"The {name} cannot contain spaces.", field=name)
        space = self.space()
        if space < SPACE_HEADROOM * wanted_total:
            raise InvalidInput(
                f"These settings allow {space:,} distinct codes; {wanted_total:,} codes need at least "
                f"{SPACE_HEADROOM * wanted_total:,} (twice as many) to be generated reliably. "
                "Use a longer length or pattern, or a larger charset.",
                field="count",
            )

    def generator(self) -> Iterator[str]:
        """Endless random codes of this shape."""
        alphabet = self.alphabet()
        size = len(alphabet)
        usable = 256 - 256 % size
        mapping = bytes.maketrans(bytes(range(usable)), bytes(i % size for i in range(usable)))
        positions = self.random_positions()
        template = (self.pattern or PLACEHOLDER * positions).replace("{", "{{").replace("}", "}}")
        template = template.replace(PLACEHOLDER, "{}")
        pool = b""
        while True:
            if len(pool) < positions:
                raw = os.urandom(max(4096, positions * 512))
                pool += bytes(b for b in raw if b < usable).translate(mapping)
                continue
            picks, pool = pool[:positions], pool[positions:]
            body = template.format(*(alphabet[i] for i in picks))
            yield f"{self.prefix}{body}{self.postfix}"


def fresh_codes(shape: CodeShape, count: int, taken: set[str]) -> list[str]:
    """`count` random codes whose keys are not in `taken` nor repeated (adds them to `taken`)."""
    return fresh_keyed_codes(shape, count, taken)[0]


def fresh_keyed_codes(shape: CodeShape, count: int, taken: set[str]) -> tuple[list[str], list[str]]:
    """`count` random codes and their keys, none in `taken` nor repeated (adds them to `taken`)."""
    plain = shape.pattern is None and shape.alphabet().isascii() and _trimmed(shape)
    chosen: dict[str, str] = {}
    while len(chosen) < count:
        missing = count - len(chosen)
        if plain:
            codes, keys = _plain_batch(shape, missing + missing // 100 + 8)
        else:
            codes = list(itertools.islice(shape.generator(), missing))
            keys = [code_key(code) for code in codes]
        batch = dict(zip(keys, codes, strict=True))  # repeats within the batch collapse here
        for key in (batch.keys() & taken) | (batch.keys() & chosen.keys()):
            del batch[key]
        chosen.update(itertools.islice(batch.items(), missing))
    taken.update(chosen)
    return list(chosen.values()), list(chosen)


def _trimmed(shape: CodeShape) -> bool:
    """Prefix and postfix add no surrounding whitespace, so a key is just the lower-cased code."""
    return (shape.prefix + "x" + shape.postfix).strip() == shape.prefix + "x" + shape.postfix


def _plain_batch(shape: CodeShape, count: int) -> tuple[list[str], list[str]]:
    """About `count` codes without a pattern and their keys, made with bulk byte operations (no per-character
    Python work): one translate that drops the bytes that would bias the alphabet, then slicing."""
    alphabet = shape.alphabet()
    size = len(alphabet)
    usable = 256 - 256 % size
    table = bytes.maketrans(bytes(range(usable)), bytes(ord(alphabet[i % size]) for i in range(usable)))
    rejected = bytes(range(usable, 256))
    length = shape.length
    wanted = count * length
    text = ""
    while len(text) < wanted:
        text += os.urandom((wanted - len(text)) * 256 // usable + 64).translate(table, rejected).decode()
    lowered = text.lower()
    ends = range(0, wanted, length)
    codes = [text[start : start + length] for start in ends]
    keys = [lowered[start : start + length] for start in ends]
    if shape.prefix or shape.postfix:
        prefix, postfix = shape.prefix, shape.postfix
        low_prefix, low_postfix = prefix.lower(), postfix.lower()
        codes = [f"{prefix}{code}{postfix}" for code in codes]
        keys = [f"{low_prefix}{key}{low_postfix}" for key in keys]
    return codes, keys


def choose_count(count: int, maximum: int) -> int:
    if not 1 <= count <= maximum:
        raise InvalidInput(f"The count must be between 1 and {maximum:,}; got {count:,}.", field="count")
    return count


async def insert_series_codes(
    raw: asyncpg.Connection, *, series_id: uuid.UUID, first_ordinal: int, codes: list[str], keys: list[str]
) -> None:
    """Insert `codes` (with their `keys`) with ordinals from `first_ordinal`; duplicates of existing codes raise."""
    count = len(codes)
    ordinals = range(first_ordinal, first_ordinal + count)
    records = list(zip(itertools.repeat(series_id), codes, keys, ordinals, itertools.repeat(utcnow()), strict=False))
    await raw.copy_records_to_table(
        "code", records=records, columns=["series_id", "code", "code_key", "ordinal", "created_at"]
    )


async def existing_keys(raw: asyncpg.Connection, keys: list[str]) -> set[str]:
    rows = await raw.fetch("SELECT code_key FROM code WHERE code_key = ANY($1::text[])", keys)
    return {row["code_key"] for row in rows}


def raw_connection() -> object:
    """A pooled asyncpg connection (context manager) for COPY and hand-written SQL."""
    return connections.get("default").acquire_connection()


def estimate_batches(count: int) -> int:
    return math.ceil(count / BATCH_SIZE)
