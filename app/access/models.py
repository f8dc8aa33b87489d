"""API keys and the roles they carry."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from app.access.roles import Role as Role


class Permission(StrEnum):
    """One capability checked by the API."""

    PROJECT_READ = "PROJECT_READ"  # project-wide data: code series, other keys' jobs
    CUSTOMERS_READ = "CUSTOMERS_READ"  # customers' personal data (name, email, phone, metadata, location)
    CUSTOMERS_WRITE = "CUSTOMERS_WRITE"  # create and change customers (upsert, import)
    PROJECT_WRITE = "PROJECT_WRITE"  # project settings: areas, stores, geofences, series, categories, stacking
    CAMPAIGNS_READ = "CAMPAIGNS_READ"  # campaigns and their codes, publications, redemptions (scoped)
    CAMPAIGNS_WRITE = "CAMPAIGNS_WRITE"  # create, edit, run and delete campaigns (scoped)
    CODES_PUBLISH = "CODES_PUBLISH"  # give customers codes (scoped)
    REDEEM = "REDEEM"  # validate, redeem and roll back (scoped)
    SETTINGS_READ = "SETTINGS_READ"  # areas, stores, geofences, categories, stacking rules
    API_KEYS_READ = "API_KEYS_READ"
    API_KEYS_MANAGE = "API_KEYS_MANAGE"
    EVENTS_WRITE = "EVENTS_WRITE"  # track and import customer events
    SEGMENTS_WRITE = "SEGMENTS_WRITE"  # create, change and delete segments, and their members
    WALLETS_ADJUST = "WALLETS_ADJUST"  # add or take wallet points by hand (scoped)
    WEBHOOKS_MANAGE = "WEBHOOKS_MANAGE"  # webhook endpoints, their secrets and deliveries (ADMIN only)
    # Customer-facing operations, also granted to the public CLIENT keys of web and mobile apps:
    VALIDATE = "VALIDATE"  # validate and qualifications (no side effect)
    CAMPAIGNS_NEARBY = "CAMPAIGNS_NEARBY"  # campaignsAt: the campaigns running at a place
    EVENT_TRACK = "EVENT_TRACK"  # eventTrack: one event of the customer named in the request
    WALLET_READ = "WALLET_READ"  # one named customer's wallet balance, and walletChanged for them
    CODES_SELF_SERVICE = "CODES_SELF_SERVICE"  # publish a code of a campaign that allows self-service


P = Permission
# Whoever reads campaigns may also use their customer-facing reads.
CAMPAIGN_READERS = frozenset({P.CAMPAIGNS_READ, P.CAMPAIGNS_NEARBY, P.WALLET_READ})
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.VIEWER: frozenset({P.PROJECT_READ, P.CUSTOMERS_READ, P.SETTINGS_READ}) | CAMPAIGN_READERS,
    Role.MANAGER: frozenset(
        {
            P.CAMPAIGNS_WRITE,
            P.CODES_PUBLISH,
            P.CODES_SELF_SERVICE,
            P.REDEEM,
            P.VALIDATE,
            P.SETTINGS_READ,
            P.SEGMENTS_WRITE,
            P.WALLETS_ADJUST,
        }
    )
    | CAMPAIGN_READERS,
    Role.STORE: frozenset({P.CODES_PUBLISH, P.CODES_SELF_SERVICE, P.REDEEM, P.VALIDATE}) | CAMPAIGN_READERS,
    # A back end's tracking key: events, and the customers they name; it reads nothing.
    Role.INGEST: frozenset({P.EVENTS_WRITE, P.EVENT_TRACK, P.CUSTOMERS_WRITE}),
    # A public key inside a web or mobile app: customer-facing operations only (docs/adr/0021).
    Role.CLIENT: frozenset({P.VALIDATE, P.CAMPAIGNS_NEARBY, P.EVENT_TRACK, P.WALLET_READ, P.CODES_SELF_SERVICE}),
}
# Roles whose keys must have assignments; a VIEWER key with assignments is restricted too.
RESTRICTED_ROLES = frozenset({Role.MANAGER, Role.STORE})
# Roles that may carry assignments at all (an ADMIN key is always project-wide).
ASSIGNABLE_ROLES = frozenset({Role.VIEWER, Role.MANAGER, Role.STORE})


class ApiKey(Model):
    """A credential: stored as a SHA-256 digest, recognisable by its prefix."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=32, unique=True)
    digest = fields.CharField(max_length=64, unique=True)
    role = fields.CharEnumField(Role, max_length=16)
    created_by: fields.ForeignKeyNullableRelation[ApiKey] = fields.ForeignKeyField(
        "models.ApiKey", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    # CLIENT keys: the browser origins (scheme://host[:port]) allowed to use the key.
    allowed_origins: list[str] = fields.JSONField(default=list)

    class Meta:
        table = "api_key"
        indexes = (("created_at", "id"),)
