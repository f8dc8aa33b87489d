"""What each API key may load, per model: every dataloader applies these, so every edge is scoped.

A root field and an edge reach rows through the same policy, so `publications { customer { codes } }`
shows a restricted key exactly what `codes(...)` would. A model without a policy cannot be loaded at
all (KeyError): a new edge needs a decision, not a default. Rows a key may not see are simply absent;
an edge to one answers null (or leaves it out of a list), exactly like a missing row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.access.models import ApiKey, Permission
from app.access.services import Credentials
from app.campaigns import access as campaign_access
from app.campaigns.models import Campaign, CampaignHistory, Category
from app.codes import access as code_access
from app.codes.models import Code, CodeSeries, InventoryAlert, Publication
from app.customers.models import Customer
from app.distributions.models import Delivery, Distribution, DistributionRun
from app.events.models import CustomerEvent
from app.geofences.models import Geofence
from app.jobs.models import Job
from app.locations.models import Area, Assignment, Store, SubjectKind
from app.redemptions import access as redemption_access
from app.redemptions.models import Redemption, RedemptionLine, Referral
from app.segments.models import Segment
from app.triggers.models import CampaignTrigger
from app.wallets.models import Wallet, WalletProgram, WalletTransaction
from app.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

Policy = Callable[[QuerySet[Any], Credentials], QuerySet[Any]]


def _nothing(query: QuerySet[Any]) -> QuerySet[Any]:
    return query.filter(pk__isnull=True)  # primary keys are never null: no row


def _with(permission: Permission) -> Policy:
    def policy(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
        return query if permission in viewer.scope.permissions else _nothing(query)

    return policy


def _by_campaign(column: str) -> Policy:
    def policy(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
        if Permission.CAMPAIGNS_READ not in viewer.scope.permissions:
            return _nothing(query)
        scoped: QuerySet[Any] = campaign_access.scoped(query, viewer.scope, column)
        return scoped

    return policy


def _codes(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    if Permission.CAMPAIGNS_READ not in viewer.scope.permissions:
        return _nothing(query)
    scoped: QuerySet[Any] = code_access.scoped_codes(query, viewer.scope)
    return scoped


def _redemptions(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    if Permission.CAMPAIGNS_READ not in viewer.scope.permissions:
        return _nothing(query)
    scoped: QuerySet[Any] = redemption_access.scoped_redemptions(query, viewer.scope)
    return scoped


def _customers(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    """Keys that read customers see them all; others only those they meet in their own campaigns.

    Those see a customer's identity (id, sourceId) but not their personal data, which the `Customer`
    type guards field by field with CUSTOMERS_READ.
    """
    scope = viewer.scope
    if Permission.CUSTOMERS_READ in scope.permissions:
        return query
    if Permission.CAMPAIGNS_READ not in scope.permissions:
        return _nothing(query)
    if not scope.restricted:
        return query
    visible = campaign_access.visible_ids(scope)
    holders = Subquery(Publication.filter(campaign_id__in=visible).values("customer_id"))
    redeemers = Subquery(
        redemption_access.scoped_redemptions(Redemption.filter(customer_id__isnull=False), scope).values("customer_id")
    )
    return query.filter(Q(id__in=holders) | Q(id__in=redeemers))


def _assignments(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    """A visible campaign's assignments; a key's assignments for those who may read keys."""
    scope = viewer.scope
    shown = Q(subject_kind=SubjectKind.CAMPAIGN)
    if scope.restricted:
        shown = Q(subject_kind=SubjectKind.CAMPAIGN, subject_id__in=campaign_access.visible_ids(scope))
    if Permission.API_KEYS_READ in scope.permissions:
        shown |= Q(subject_kind=SubjectKind.API_KEY)
    return query.filter(shown)


def ledger_wallets(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    """Wallets whose ledger the viewer may read: where the program is seen (CLIENT keys see balances only)."""
    return _by_campaign("campaign_id")(query, viewer)


def _wallet_transactions(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    return query.filter(wallet_id__in=Subquery(ledger_wallets(Wallet.all(), viewer).values("id")))


def _wallets(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    """Where the program is seen; CLIENT keys (WALLET_READ alone) reach a wallet only by naming its customer."""
    if Permission.CAMPAIGNS_READ not in viewer.scope.permissions and Permission.WALLET_READ in viewer.scope.permissions:
        return query
    return _by_campaign("campaign_id")(query, viewer)


def _jobs(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    if Permission.PROJECT_READ in viewer.scope.permissions:
        return query
    return query.filter(created_by_id=viewer.key.id)


POLICIES: dict[type[Model], Policy] = {
    Campaign: _by_campaign("id"),
    CampaignHistory: _by_campaign("campaign_id"),
    Publication: _by_campaign("campaign_id"),
    RedemptionLine: _by_campaign("campaign_id"),
    Referral: _by_campaign("campaign_id"),  # the twin of redemptions.access.scoped_referrals
    InventoryAlert: _by_campaign("campaign_id"),
    Code: _codes,
    Redemption: _redemptions,
    Customer: _customers,
    # Behaviour history is personal data: keys that read customers' personal data, nothing for others
    # (a restricted key meets customers in its campaigns, but not what they did elsewhere).
    CustomerEvent: _with(Permission.CUSTOMERS_READ),
    Assignment: _assignments,
    Job: _jobs,
    CodeSeries: _with(Permission.PROJECT_READ),
    ApiKey: _with(Permission.API_KEYS_READ),
    Category: _with(Permission.SETTINGS_READ),
    Area: _with(Permission.SETTINGS_READ),
    Store: _with(Permission.SETTINGS_READ),
    Geofence: _with(Permission.SETTINGS_READ),
    Segment: _with(Permission.SETTINGS_READ),
    # A program's wallets and settings are the program's data: seen where the campaign is seen.
    Wallet: _wallets,
    WalletProgram: _by_campaign("campaign_id"),
    WalletTransaction: _wallet_transactions,
    CampaignTrigger: _by_campaign("campaign_id"),
    # A distribution, its runs and deliveries are the campaign's data: seen where the campaign is seen.
    Distribution: _by_campaign("campaign_id"),
    DistributionRun: _by_campaign("campaign_id"),
    Delivery: _by_campaign("campaign_id"),
    # Endpoints receive the whole project's events: ADMIN keys only, reads included.
    WebhookEndpoint: _with(Permission.WEBHOOKS_MANAGE),
    WebhookDelivery: _with(Permission.WEBHOOKS_MANAGE),
    WebhookEvent: _with(Permission.WEBHOOKS_MANAGE),
}


def visible(query: QuerySet[Any], viewer: Credentials) -> QuerySet[Any]:
    """`query` limited to the rows `viewer` may load (KeyError for a model without a policy)."""
    return POLICIES[query.model](query, viewer)
