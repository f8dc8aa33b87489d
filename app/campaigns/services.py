"""Campaigns: create, edit with optimistic concurrency, clone, read, and assign to areas and stores."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from app.access.models import ApiKey
from app.campaigns import history
from app.campaigns.assignments import describe_places
from app.campaigns.cache import announce_change
from app.campaigns.categories import get_category
from app.campaigns.exceptions import (
    CampaignNameTaken,
    CampaignNotFound,
    FieldLocked,
    NameUnavailable,
    TransitionNotAllowed,
    VersionConflict,
)
from app.campaigns.models import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    CodeMode,
    HistoryKind,
    Targeting,
)
from app.campaigns.validation import (
    POINTS_KINDS,
    Reward,
    check_code_mode,
    check_editable,
    check_inventory_limit,
    check_redemption_settings,
    check_reward,
    check_threshold,
    check_window,
    clean_currency,
    clean_description,
    clean_metadata,
    clean_name,
    clean_targets,
)
from app.codes import services as code_services
from app.core.errors import InvalidInput
from app.core.events import EventBus
from app.core.time import check_time_zone, utcnow
from app.locations import services as location_services
from app.locations.models import Assignment, SubjectKind
from app.locations.scope import Place
from app.rules.evaluation import segment_id as segment_of_rule
from app.segments import services as segment_services
from app.segments.models import SegmentKind


@dataclass
class CampaignSpec:
    """Everything a new campaign is made of."""

    name: str
    kind: CampaignKind
    code_mode: CodeMode
    targeting: Targeting
    reward: Reward
    currency: str
    description: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    time_zone: str = "UTC"
    category_id: uuid.UUID | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    inventory_limit: int | None = None
    low_stock_threshold: int | None = None
    join_once: bool = True
    self_service_publish: bool = False
    code: str | None = None
    code_series_id: uuid.UUID | None = None
    redemptions_per_code: int | None = None
    validation_rules: list[dict[str, Any]] = field(default_factory=list)
    rules_expression: Any = None
    applies_to_products: list[str] = field(default_factory=list)
    applies_to_categories: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # resolved assignments (none: project-wide)
    segment_id: uuid.UUID | None = None


async def _check_codes(code_mode: CodeMode, code: str | None, code_series_id: uuid.UUID | None) -> None:
    if code is not None and code_mode is not CodeMode.SINGLE_CODE:
        raise InvalidInput("Only a SINGLE_CODE campaign has a shared code.", field="code")
    if code_series_id is not None:
        if code_mode is not CodeMode.UNIQUE_CODES:
            raise InvalidInput("Only a UNIQUE_CODES campaign draws from a series.", field="codeSeriesId")
        await code_services.get_series(series_id=code_series_id, field="codeSeriesId")


async def _check_segments(rules: list[dict[str, Any]]) -> None:
    """CUSTOMER_SEGMENT rules name segments that exist."""
    for index, rule in enumerate(rules):
        if rule["kind"] == "CUSTOMER_SEGMENT":
            segment_id = uuid.UUID(segment_of_rule(rule))
            await segment_services.get_segment(segment_id=segment_id, field=f"validationRules.{index}.segment_id")


async def _check_targeting(targeting: Targeting, segment_id: uuid.UUID | None, *, field: str = "segmentId") -> None:
    """Each campaign has one kind of targeting: a filter for PAST_BEHAVIOR, a list for CUSTOM_LIST, none else."""
    if segment_id is None:
        return
    if targeting not in {Targeting.PAST_BEHAVIOR, Targeting.CUSTOM_LIST}:
        raise InvalidInput("Only PAST_BEHAVIOR and CUSTOM_LIST campaigns target a segment.", field=field)
    segment = await segment_services.get_segment(segment_id=segment_id, field=field)
    is_filter = segment.kind is SegmentKind.FILTER
    if targeting is Targeting.PAST_BEHAVIOR and not is_filter:
        raise InvalidInput(
            "A PAST_BEHAVIOR campaign targets a FILTER segment; a list belongs to a CUSTOM_LIST campaign.",
            field=field,
        )
    if targeting is Targeting.CUSTOM_LIST and is_filter:
        raise InvalidInput(
            "A CUSTOM_LIST campaign targets a LIST or UPLOADED segment; a filter belongs to a PAST_BEHAVIOR campaign.",
            field=field,
        )


async def _check_name_free(name: str, *, except_id: uuid.UUID | None = None, restricted: bool = False) -> None:
    """Names are unique in the project; a restricted key is not told that a campaign it cannot see has one."""
    query = Campaign.filter(name=name)
    if except_id is not None:
        query = query.exclude(id=except_id)
    if await query.exists():
        raise name_taken(name, restricted=restricted)


def name_taken(name: str, *, restricted: bool) -> CampaignNameTaken | NameUnavailable:
    if restricted:
        return NameUnavailable("This name is not available; choose another.", field="name")
    return CampaignNameTaken(f"A campaign (perhaps in the bin) is already named {name!r}.", field="name")


async def create_campaign(
    *, spec: CampaignSpec, actor: ApiKey | None, restricted: bool = False, events: EventBus | None = None
) -> Campaign:
    """Validate and store a new DRAFT campaign."""
    name = clean_name(spec.name)
    check_code_mode(spec.kind, spec.code_mode)
    check_reward(spec.kind, spec.reward)
    check_window(spec.starts_at, spec.ends_at)
    check_inventory_limit(spec.inventory_limit)
    check_threshold(spec.low_stock_threshold)
    check_redemption_settings(spec.redemptions_per_code, spec.validation_rules, spec.rules_expression)
    await _check_segments(spec.validation_rules)
    await _check_targeting(spec.targeting, spec.segment_id)
    await _check_codes(spec.code_mode, spec.code, spec.code_series_id)
    values = {
        "name": name,
        "description": clean_description(spec.description),
        "kind": spec.kind,
        "code_mode": spec.code_mode,
        "targeting": spec.targeting,
        "reward": spec.reward.to_json(),
        "currency": clean_currency(spec.currency),
        "starts_at": spec.starts_at,
        "ends_at": spec.ends_at,
        "time_zone": check_time_zone(spec.time_zone),
        "metadata": clean_metadata(spec.metadata),
        "inventory_limit": spec.inventory_limit,
        "low_stock_threshold": spec.low_stock_threshold,
        "join_once": spec.join_once or spec.kind in POINTS_KINDS,  # a program's card: one per customer
        "self_service_publish": spec.self_service_publish,
        "code_series_id": spec.code_series_id,
        "segment_id": spec.segment_id,
        "redemptions_per_code": spec.redemptions_per_code,
        "validation_rules": spec.validation_rules,
        "rules_expression": spec.rules_expression,
        "applies_to_products": clean_targets(spec.applies_to_products, "appliesToProducts"),
        "applies_to_categories": clean_targets(spec.applies_to_categories, "appliesToCategories"),
    }
    if spec.category_id is not None:
        await get_category(category_id=spec.category_id, field="categoryId")
    await _check_name_free(name, restricted=restricted)
    try:
        async with in_transaction() as connection:
            campaign = await Campaign.create(
                **values,
                category_id=spec.category_id,
                created_by=actor,
                updated_by=actor,
                using_db=connection,
            )
            if spec.code_mode is CodeMode.SINGLE_CODE:
                await code_services.create_single_code(
                    campaign_id=campaign.id, code=spec.code, connection=connection, restricted=restricted
                )
            if spec.places:
                await location_services.set_places(SubjectKind.CAMPAIGN, campaign.id, spec.places, connection)
            await history.record(campaign, HistoryKind.CREATED, actor=actor, connection=connection)
    except IntegrityError as exc:
        raise name_taken(name, restricted=restricted) from exc
    await announce_change(events, [campaign.id])
    return campaign


async def get_campaign(*, campaign_id: uuid.UUID, field: str = "id") -> Campaign:
    """The campaign, including one in the bin."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise CampaignNotFound(f"No campaign has id {campaign_id}.", field=field)
    return campaign


EDITABLE_FIELDS = {
    "redemptions_per_code",
    "validation_rules",
    "rules_expression",
    "applies_to_products",
    "applies_to_categories",
    "low_stock_threshold",
    "join_once",
    "self_service_publish",
    "code_series_id",
    "name",
    "description",
    "kind",
    "code_mode",
    "targeting",
    "segment_id",
    "reward",
    "currency",
    "starts_at",
    "ends_at",
    "time_zone",
    "category_id",
    "metadata",
    "inventory_limit",
}


async def _clean_changes(campaign: Campaign, changes: dict[str, Any], *, restricted: bool) -> dict[str, Any]:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(f"Unknown fields: {', '.join(sorted(unknown))}.", field="input")
    started = campaign.starts_at is None or campaign.starts_at <= utcnow()
    for name in changes:
        reason = check_editable(campaign.status, name, started=started)
        if reason:
            raise FieldLocked(reason, field=_camel(name))
    cleaned = dict(changes)
    if "name" in cleaned:
        cleaned["name"] = clean_name(cleaned["name"])
        await _check_name_free(cleaned["name"], except_id=campaign.id, restricted=restricted)
    if "description" in cleaned:
        cleaned["description"] = clean_description(cleaned["description"] or "")
    if "currency" in cleaned:
        cleaned["currency"] = clean_currency(cleaned["currency"])
    if "time_zone" in cleaned:
        cleaned["time_zone"] = check_time_zone(cleaned["time_zone"])
    if "metadata" in cleaned:
        cleaned["metadata"] = clean_metadata(cleaned["metadata"])
    if "inventory_limit" in cleaned:
        check_inventory_limit(cleaned["inventory_limit"])
    if "low_stock_threshold" in cleaned:
        check_threshold(cleaned["low_stock_threshold"])
    if {"redemptions_per_code", "validation_rules", "rules_expression"} & set(cleaned):
        check_redemption_settings(
            cleaned.get("redemptions_per_code", campaign.redemptions_per_code),
            cleaned.get("validation_rules", campaign.validation_rules),
            cleaned.get("rules_expression", campaign.rules_expression),
        )
    if "validation_rules" in cleaned:
        await _check_segments(cleaned["validation_rules"])
    if {"targeting", "segment_id"} & set(cleaned):
        await _check_targeting(
            cleaned.get("targeting", campaign.targeting), cleaned.get("segment_id", campaign.segment_id)
        )
    for name, api_name in (
        ("applies_to_products", "appliesToProducts"),
        ("applies_to_categories", "appliesToCategories"),
    ):
        if name in cleaned:
            cleaned[name] = clean_targets(cleaned[name] or [], api_name)
    if cleaned.get("code_series_id") is not None:
        await _check_codes(cleaned.get("code_mode", campaign.code_mode), None, cleaned["code_series_id"])
    if cleaned.get("category_id") is not None:
        await get_category(category_id=cleaned["category_id"], field="categoryId")
    kind = cleaned.get("kind", campaign.kind)
    check_code_mode(kind, cleaned.get("code_mode", campaign.code_mode))
    if kind in POINTS_KINDS:
        cleaned["join_once"] = True
    reward: Reward = cleaned.get("reward") or Reward.from_json(campaign.reward)
    check_reward(kind, reward)
    current_reward = Reward.from_json(campaign.reward)
    if (
        campaign.status is not CampaignStatus.DRAFT
        and reward.discount
        and current_reward.discount
        and reward.discount.type is not current_reward.discount.type
    ):
        raise FieldLocked("The discount type cannot change after launch.", field="reward.discount.type")
    if "reward" in cleaned:
        cleaned["reward"] = reward.to_json()
    check_window(cleaned.get("starts_at", campaign.starts_at), cleaned.get("ends_at", campaign.ends_at))
    ends_at = cleaned.get("ends_at")
    if ends_at is not None and campaign.status is not CampaignStatus.DRAFT and ends_at <= utcnow():
        raise InvalidInput("A launched campaign's end cannot be moved into the past.", field="endsAt")
    return cleaned


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def update_campaign(
    *,
    campaign_id: uuid.UUID,
    expected_version: int,
    changes: dict[str, Any],
    actor: ApiKey | None,
    places: list[Place] | None = None,
    restricted: bool = False,
    events: EventBus | None = None,
) -> Campaign:
    """Apply `changes` (and with `places`, new assignments) if the campaign is still at `expected_version`;
    record old and new values."""
    campaign = await get_campaign(campaign_id=campaign_id)
    if campaign.deleted_at is not None:
        raise TransitionNotAllowed(action="edit", status=campaign.status, in_bin=True)
    if campaign.version != expected_version:
        raise VersionConflict(expected=expected_version, current=campaign.version)
    cleaned = await _clean_changes(campaign, changes, restricted=restricted)
    diff = [
        {
            "field": _camel(name),
            "old": history.jsonable(getattr(campaign, name)),
            "new": history.jsonable(value),
        }
        for name, value in cleaned.items()
        if getattr(campaign, name) != value
    ]
    before = await location_services.places_of(SubjectKind.CAMPAIGN, campaign.id) if places is not None else None
    if places is not None and before is not None and places != before:
        diff.append({"field": "access", "old": describe_places(before), "new": describe_places(places)})
    if not diff:
        return campaign
    try:
        async with in_transaction() as connection:
            updated = (
                await Campaign.filter(id=campaign_id, version=expected_version)
                .using_db(connection)
                .update(
                    **cleaned,
                    version=F("version") + 1,
                    updated_by_id=actor.id if actor else None,
                    updated_at=utcnow(),
                )
            )
            if not updated:
                current = await Campaign.get(id=campaign_id, using_db=connection)
                raise VersionConflict(expected=expected_version, current=current.version)
            if places is not None and places != before:
                await location_services.set_places(SubjectKind.CAMPAIGN, campaign.id, places, connection)
            await history.record(campaign, HistoryKind.UPDATED, actor=actor, connection=connection, changes=diff)
    except IntegrityError as exc:
        raise CampaignNameTaken("A campaign with this name exists.", field="name") from exc
    await announce_change(events, [campaign_id])
    return await get_campaign(campaign_id=campaign_id)


async def _clone_name(source: str) -> str:
    base = f"{source} (copy)"
    name, number = base, 1
    while await Campaign.filter(name=name).exists():
        number += 1
        name = f"{source} (copy {number})"
    return clean_name(name)


async def clone_campaign(
    *,
    campaign_id: uuid.UUID,
    name: str | None,
    actor: ApiKey | None,
    restricted: bool = False,
    events: EventBus | None = None,
) -> Campaign:
    """A new DRAFT with the source's configuration (never its codes, publications or redemptions)."""
    source = await get_campaign(campaign_id=campaign_id)
    new_name = clean_name(name) if name is not None else await _clone_name(source.name)
    await _check_name_free(new_name, restricted=restricted)
    try:
        async with in_transaction() as connection:
            clone = await Campaign.create(
                name=new_name,
                description=source.description,
                kind=source.kind,
                code_mode=source.code_mode,
                targeting=source.targeting,
                reward=source.reward,
                currency=source.currency,
                starts_at=source.starts_at,
                ends_at=source.ends_at,
                time_zone=source.time_zone,
                category_id=source.category_id,
                metadata=source.metadata,
                inventory_limit=source.inventory_limit,
                low_stock_threshold=source.low_stock_threshold,
                join_once=source.join_once,
                self_service_publish=source.self_service_publish,
                code_series_id=source.code_series_id,
                segment_id=source.segment_id,
                redemptions_per_code=source.redemptions_per_code,
                validation_rules=source.validation_rules,
                rules_expression=source.rules_expression,
                applies_to_products=source.applies_to_products,
                applies_to_categories=source.applies_to_categories,
                created_by=actor,
                updated_by=actor,
                using_db=connection,
            )
            for row in await Assignment.filter(subject_kind=SubjectKind.CAMPAIGN, subject_id=source.id):
                await Assignment.create(
                    subject_kind=SubjectKind.CAMPAIGN,
                    subject_id=clone.id,
                    level=row.level,
                    area_id=row.area_id,
                    store_id=row.store_id,
                    using_db=connection,
                )
            if source.code_mode is CodeMode.SINGLE_CODE:
                # Codes are never copied; the clone gets a fresh shared code of its own.
                await code_services.create_single_code(campaign_id=clone.id, code=None, connection=connection)
            await history.record(
                clone, HistoryKind.CLONED, actor=actor, connection=connection, source_campaign_id=source.id
            )
    except IntegrityError as exc:
        raise name_taken(new_name, restricted=restricted) from exc
    await announce_change(events, [clone.id])
    return clone
