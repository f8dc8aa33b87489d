"""Code series: create, generate (at once or as a job), look codes up and list them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from arq.connections import ArqRedis
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from app.access.scope import UNRESTRICTED, Scope
from app.codes import access as code_access
from app.codes import filling
from app.codes.exceptions import CodeNotFound, CodeTaken, CodeUnavailable, SeriesNameTaken, SeriesNotFound
from app.codes.generation import (
    CodeShape,
    choose_count,
    code_key,
    fresh_codes,
    raw_connection,
)
from app.codes.models import Charset, Code, CodeSeries, SeriesKind
from app.core.errors import InvalidInput
from app.core.pagination import Page
from app.jobs import services as jobs
from app.jobs.models import Job

GENERATE_JOB = "generate_codes"


def shape_of(series: CodeSeries) -> CodeShape:
    return CodeShape(
        charset=series.charset,
        custom_charset=series.custom_charset,
        length=series.length,
        prefix=series.prefix,
        postfix=series.postfix,
        pattern=series.pattern,
    )


@dataclass
class SeriesSpec:
    """A new series and the shape of its generated codes."""

    name: str
    kind: SeriesKind = SeriesKind.GENERATED
    partner_name: str | None = None
    charset: Charset = Charset.ALPHANUMERIC
    custom_charset: str | None = None
    length: int = 8
    prefix: str = ""
    postfix: str = ""
    pattern: str | None = None
    low_stock_threshold: int | None = None


async def create_series(*, spec: SeriesSpec) -> CodeSeries:
    """A new, empty series."""
    name = spec.name.strip()
    if not name or len(name) > 200:
        raise InvalidInput("The name has 1 to 200 characters.", field="name")
    if spec.kind is SeriesKind.PARTNER and not (spec.partner_name or "").strip():
        raise InvalidInput("A partner series names its partner.", field="partnerName")
    if spec.low_stock_threshold is not None and spec.low_stock_threshold < 1:
        raise InvalidInput("The low-stock threshold must be at least 1.", field="lowStockThreshold")
    shape = CodeShape(spec.charset, spec.custom_charset, spec.length, spec.prefix, spec.postfix, spec.pattern)
    shape.check(wanted_total=1)
    if await CodeSeries.filter(name=name).exists():
        raise SeriesNameTaken(f"A code series is already named {name!r}.", field="name")
    try:
        return await CodeSeries.create(
            name=name,
            kind=spec.kind,
            partner_name=(spec.partner_name or "").strip() or None,
            charset=spec.charset,
            custom_charset=spec.custom_charset,
            length=spec.length,
            prefix=spec.prefix,
            postfix=spec.postfix,
            pattern=spec.pattern,
            low_stock_threshold=spec.low_stock_threshold,
        )
    except IntegrityError as exc:
        raise SeriesNameTaken(f"A code series is already named {name!r}.", field="name") from exc


async def get_series(*, series_id: uuid.UUID, field: str = "seriesId") -> CodeSeries:
    series = await CodeSeries.get_or_none(id=series_id)
    if series is None:
        raise SeriesNotFound(f"No code series has id {series_id}.", field=field)
    return series


async def reserve(*, series: CodeSeries, count: int, maximum: int) -> int:
    """Claim `count` more codes for the series; returns the total the series must reach.

    Reserving first (one conditional UPDATE) makes concurrent requests add up instead of racing.
    """
    choose_count(count, maximum)
    if series.kind is SeriesKind.PARTNER:
        raise InvalidInput("A partner series gets its codes by import, not generation.", field="seriesId")
    shape_of(series).check(wanted_total=series.requested + count)
    async with raw_connection() as raw:  # type: ignore[attr-defined]
        target: int = await raw.fetchval(
            "UPDATE code_series SET requested = GREATEST(requested, total) + $2 WHERE id = $1 RETURNING requested",
            series.id,
            count,
        )
    return target


async def generate_until(
    *, series_id: uuid.UUID, target_total: int, on_progress: filling.ProgressCallback | None = None
) -> int:
    """Add codes until the series holds `target_total`; safe to re-run after a crash (resumes)."""
    series = await get_series(series_id=series_id)
    return await filling.fill(
        series_id=series_id, shape=shape_of(series), target_total=target_total, on_progress=on_progress
    )


@dataclass
class Generation:
    """What `codesGenerate` did: codes added now, or the job that adds them."""

    series: CodeSeries
    generated: int
    job: Job | None


async def request_generation(
    *,
    series_id: uuid.UUID,
    count: int,
    maximum: int,
    sync_limit: int,
    created_by_id: uuid.UUID | None,
    redis: ArqRedis | None,
    queue_name: str,
) -> Generation:
    """Small counts are generated at once; larger ones by a resumable job."""
    series = await get_series(series_id=series_id)
    target = await reserve(series=series, count=count, maximum=maximum)
    if count <= sync_limit:
        await generate_until(series_id=series_id, target_total=target)
        return Generation(series=await get_series(series_id=series_id), generated=count, job=None)
    job = await jobs.create_job(
        kind=GENERATE_JOB,
        params={"series_id": str(series_id), "target_total": target, "count": count},
        total=count,
        created_by_id=created_by_id,
        redis=redis,
        queue_name=queue_name,
    )
    return Generation(series=series, generated=0, job=job)


async def find_code(*, code: str) -> Code:
    """The code, compared case-insensitively."""
    found = await Code.get_or_none(code_key=code_key(code))
    if found is None:
        raise CodeNotFound(f"No code {code!r}.", field="code")
    return found


async def list_codes(
    *,
    series_id: uuid.UUID | None,
    campaign_series_id: uuid.UUID | None,
    holder_id: uuid.UUID | None,
    first: int,
    after: int | None,
    scope: Scope = UNRESTRICTED,
) -> Page[Code]:
    """Codes of a series (or a campaign's series) that `scope` sees, in ordinal/id order."""
    query = code_access.scoped_codes(Code.all(), scope)
    for value in (series_id, campaign_series_id):
        if value is not None:
            query = query.filter(series_id=value)
    if holder_id is not None:
        query = query.filter(holder_id=holder_id)
    if after is not None:
        query = query.filter(id__gt=after)
    rows = await query.order_by("id").limit(first + 1)
    return Page(rows=rows[:first], has_next=len(rows) > first)


SINGLE_CODE_SHAPE = CodeShape(Charset.UPPERCASE, None, 8, "", "", None)


async def create_single_code(
    *, campaign_id: uuid.UUID, code: str | None, connection: BaseDBAsyncClient, restricted: bool = False
) -> Code:
    """The shared code of a SINGLE_CODE campaign: the one given, or a random one.

    A restricted key is not told that a code exists (it may belong to another area's campaign).
    """
    if code is not None:
        value = code.strip()
        if not 1 <= len(value) <= 100 or any(ch.isspace() for ch in value):
            raise InvalidInput("A code has 1 to 100 characters and no spaces.", field="code")
        if await Code.filter(code_key=code_key(value)).exists():
            if restricted:
                raise CodeUnavailable("This code is not available; choose another.", field="code")
            raise CodeTaken(f"The code {value!r} already exists.", field="code")
    else:
        taken: set[str] = set()
        while True:
            value = fresh_codes(SINGLE_CODE_SHAPE, 1, taken)[0]
            if not await Code.filter(code_key=code_key(value)).exists():
                break
    return await Code.create(campaign_id=campaign_id, code=value, code_key=code_key(value), using_db=connection)


async def delete_campaign_codes(*, campaign_id: uuid.UUID, connection: BaseDBAsyncClient) -> None:
    """Remove a campaign's shared code (with the campaign, when it is deleted for good)."""
    await Code.filter(campaign_id=campaign_id).using_db(connection).delete()
