"""Configuration from the environment (pydantic-settings) and the one Tortoise config."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MODEL_MODULES = [
    "app.access.models",
    "app.campaigns.models",
    "app.customers.models",
    "app.events.models",
    "app.segments.models",
    "app.codes.models",
    "app.jobs.models",
    "app.redemptions.models",
    "app.locations.models",
    "app.geofences.models",
    "app.wallets.models",
    "app.distributions.models",
    "app.triggers.models",
    "app.webhooks.models",
    "app.exports.models",
    "app.documents.models",
    "aerich.models",
]


class Settings(BaseSettings):
    """Every setting can be given as an environment variable (upper case) or in `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = Field(default=None, description="PostgreSQL URL; unset starts an embedded PostgreSQL.")
    redis_url: str | None = Field(default=None, description="Redis URL; unset starts an embedded Redis.")
    data_dir: Path = Field(default=Path(".data"), description="Embedded servers' data.")
    environment: Literal["development", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    redis_prefix: str = Field(default="promo:", description="Prefix of every Redis key.")
    db_pool_min: int = 1
    db_pool_max: int = 10
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    max_query_cost: int = Field(
        default=25_000,
        description="Largest operation cost: fields, lists multiplied by `first` (refused before running).",
    )
    max_body_bytes: int = 1_000_000
    # At most 200: orjson encodes no more than 254 levels, and an answer may wrap input in a few more.
    max_json_depth: int = Field(
        default=64, ge=2, le=200, description="Deepest nesting of arrays and objects in a request's JSON."
    )
    max_page_size: int = 100
    max_upload_bytes: int = Field(default=50_000_000, description="Largest multipart upload (CSV files).")
    max_bulk_customers: int = Field(default=200_000, description="Customers per codesPublishBulk.")
    max_generate_count: int = Field(default=10_000_000, description="Largest codesGenerate count.")
    sync_generate_limit: int = Field(
        default=1000, description="codesGenerate counts up to this answer at once; more run as a job."
    )
    api_key_cache_seconds: float = Field(
        default=0.5, description="How long a process trusts a looked-up key (revocation delay)."
    )
    graphiql_api_key: str | None = Field(
        default=None, description="Pre-filled in GraphiQL (set by `promo run` in embedded mode)."
    )
    graphiql_prefill_key: bool = Field(
        default=True, description="Whether GraphiQL may show `graphiql_api_key` (only ever on a loopback host)."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Browser origins (comma-separated scheme://host[:port]) allowed for every key; CLIENT keys' "
        "own origins are added. Empty: no browser origin but those of CLIENT keys.",
    )
    client_rate_key_burst: int = Field(default=60, ge=1, description="CLIENT keys: requests a key may burst.")
    client_rate_key_per_second: float = Field(
        default=10.0, gt=0, description="CLIENT keys: requests per second a key's bucket refills."
    )
    client_rate_ip_burst: int = Field(default=30, ge=1, description="CLIENT keys: requests one client IP may burst.")
    client_rate_ip_per_second: float = Field(
        default=5.0, gt=0, description="CLIENT keys: requests per second an IP's bucket refills."
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For names the "
        "client; empty: the client IP is the socket peer.",
    )
    metrics_token: SecretStr | None = Field(
        default=None, description="Bearer token /metrics requires; unset, /metrics is open (refused in production)."
    )
    worker_heartbeat_seconds: float = Field(
        default=5, gt=0, description="How often each worker records its heartbeat in PostgreSQL."
    )
    worker_stale_seconds: float = Field(
        default=30, gt=0, description="/healthz reports a worker whose last heartbeat is older than this as stale."
    )
    worker_reconnect_max_seconds: float = Field(
        default=10, gt=0, description="Longest wait between a worker's attempts to reach Redis again."
    )
    distribution_lease_seconds: float = Field(
        default=30,
        gt=0,
        le=3_600,
        description="How long a worker's claim on a distribution run lasts without renewal (renewed before every "
        "chunk); a run whose worker died is taken over once it lapses.",
    )
    events_retention_days: int | None = Field(
        default=None,
        ge=1,
        le=36_500,
        description="Events that happened more than this many days ago are deleted by the worker (every 15 "
        "minutes, in batches); unset keeps them forever.",
    )
    live_action_lateness_seconds: float = Field(
        default=3_600,
        gt=0,
        le=31 * 86_400,
        description="An event stored more than this long after its `occurredAt` never triggers a live action "
        "(read by the API processes, which queue events for evaluation as they store them).",
    )
    exports_dir: Path | None = Field(
        default=None,
        description="Where export files are written and served from (default: `<data_dir>/exports`). Every API "
        "process and every worker must see the same directory: with several machines, mount shared storage "
        "(NFS, EFS, a CSI volume) at the same path everywhere.",
    )
    exports_ttl_hours: float = Field(
        default=24,
        gt=0,
        le=24 * 365,
        description="Hours an export file can be downloaded before the worker deletes it.",
    )
    exports_parallel: int = Field(
        default=2,
        ge=1,
        le=16,
        description="COPY statements (each on its own database connection, all in one snapshot) that write one "
        "whole-table export of a large table; about the cores PostgreSQL can spare for it.",
    )
    worker_poll_seconds: float = Field(
        default=0.05,
        gt=0,
        le=5,
        description="How often an idle worker asks Redis for new jobs (the delay before a job starts).",
    )
    health_require_worker: bool = Field(
        default=True, description="/healthz answers 503 when no worker serving the queue is alive and connected."
    )
    webhooks_allow_private: bool = Field(
        default=False,
        description="Let webhook URLs reach private, loopback, link-local and multicast addresses (tests, "
        "on-premises receivers); refused by default, at creation and again at every delivery.",
    )
    webhooks_timeout_seconds: float = Field(
        default=10, gt=0, le=60, description="How long one webhook POST may take before it counts as failed."
    )
    webhooks_disable_after: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="Disable an endpoint (with an alert) once this many events in a row failed every attempt.",
    )
    webhooks_concurrency: int = Field(
        default=50, ge=1, le=1000, description="Webhook POSTs one worker process has in flight at most."
    )
    webhooks_retention_days: int = Field(
        default=30,
        ge=0,
        le=36_500,
        description="Webhook events older than this many days whose deliveries are settled (none PENDING) are "
        "deleted with their deliveries by the worker (hourly, in batches); 0 keeps them forever.",
    )
    trusted_documents_roles: str = Field(
        default="CLIENT",
        max_length=500,
        description="Comma-separated key roles that may run only registered documents (`promo documents "
        "register`), by hash or as their exact text; other roles also run APQ and free queries.",
    )
    trusted_documents_cache_seconds: float = Field(
        default=5,
        ge=0,
        le=3_600,
        description="How long a process trusts that a document is registered (the delay before a removed "
        "document is refused).",
    )
    apq_ttl_seconds: int = Field(
        default=86_400, ge=1, le=30 * 86_400, description="How long Redis keeps an APQ document after it was sent."
    )
    apq_max_documents: int = Field(
        default=10_000, ge=1, le=1_000_000, description="APQ documents Redis keeps at most (the oldest go first)."
    )
    apq_max_document_bytes: int = Field(
        default=20_000, ge=100, le=1_000_000, description="Longer APQ documents run but are not kept."
    )
    prepared_documents_cache_size: int = Field(
        default=512,
        ge=1,
        le=100_000,
        description="Parsed and validated documents each API process keeps by hash, and as many by text "
        "(least recently used go).",
    )
    graphql_lean_post: bool = Field(
        default=True,
        description="JSON POSTs to /graphql run on the lean path (graphql-core directly); false lets strawberry's "
        "view serve them too, as it serves GET, uploads and WebSocket.",
    )
    log_level: str = "INFO"
    log_json: bool = True

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        from app.access.origins import clean_origin
        from app.core.errors import InvalidInput

        try:
            return [clean_origin(origin, field="CORS_ORIGINS") for origin in _items(value)]
        except InvalidInput as exc:
            raise ValueError(exc.message) from exc

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        return [str(ipaddress.ip_network(item, strict=False)) for item in _items(value)]

    @property
    def trusted_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(network) for network in self.trusted_proxies)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    def runs_trusted_documents_only(self, role: str) -> bool:
        """Whether keys of `role` run only registered documents (TRUSTED_DOCUMENTS_ROLES names it)."""
        return role in _role_names(self.trusted_documents_roles)

    @property
    def exports_path(self) -> Path:
        """The directory of export files."""
        return self.exports_dir if self.exports_dir is not None else self.data_dir / "exports"

    @property
    def arq_queue_name(self) -> str:
        return f"{self.redis_prefix}queue"

    @property
    def graphiql_key_shown(self) -> str | None:
        """The key GraphiQL pre-fills: only for a server that other machines cannot reach."""
        if self.graphiql_prefill_key and is_loopback_host(self.host):
            return self.graphiql_api_key
        return None


def _items(value: object) -> list[str]:
    """A comma-separated environment value, or a list given in code."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else []


def is_loopback_host(host: str) -> bool:
    """Whether listening on `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


@lru_cache(maxsize=8)
def _role_names(roles: str) -> frozenset[str]:
    """The names of a comma-separated role list (asked on every request: parsed once per value)."""
    return frozenset(name.strip() for name in roles.split(","))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()


def tortoise_config(database_url: str, *, pool_min: int = 1, pool_max: int = 10) -> dict[str, Any]:
    """The Tortoise ORM config shared by the API, the worker, the tests and aerich."""
    # Imported here: loading Tortoise takes half a second that `promo --help` should not pay.
    from tortoise.backends.base.config_generator import expand_db_url

    from app.core.postgres import keep_session

    url = database_url.replace("postgresql://", "postgres://", 1)
    separator = "&" if "?" in url else "?"
    url = f"{url}{separator}minsize={pool_min}&maxsize={pool_max}"
    connection = expand_db_url(url)
    connection["engine"] = "app.core.postgres"
    connection["credentials"]["reset"] = keep_session
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _aerich_config() -> dict[str, Any]:
    url = get_settings().database_url or "postgres://postgres@127.0.0.1:5432/postgres"
    return tortoise_config(url)


def __getattr__(name: str) -> Any:
    """`TORTOISE_ORM`, the config the aerich command line reads, computed only when it asks."""
    if name == "TORTOISE_ORM":
        return _aerich_config()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
