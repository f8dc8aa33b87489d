"""What every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arq.connections import ArqRedis
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from app.access.models import ApiKey, Permission
from app.access.scope import Scope
from app.access.services import Credentials
from app.core.errors import PermissionDenied, Unauthenticated
from app.core.events import EventBus
from app.settings import Settings


@dataclass
class Context:
    """Per-request state: the caller's key, shared clients and request-scoped dataloaders."""

    request: Request | WebSocket
    response: Response | WebSocket | None
    settings: Settings
    redis: ArqRedis
    events: EventBus
    credentials: Credentials | None = None
    token: str | None = None  # the bearer key, kept for WebSocket connections to re-check it
    operation_name: str | None = None
    connection_params: dict[str, Any] | None = None
    loaders: dict[str, Any] = field(default_factory=dict)

    @property
    def api_key(self) -> ApiKey | None:
        return self.credentials.key if self.credentials else None

    def caller(self) -> ApiKey:
        """The authenticated key; the view refuses unauthenticated requests before execution."""
        if self.credentials is None:
            raise Unauthenticated("Send an API key as `Authorization: Bearer <key>`.")
        return self.credentials.key

    @property
    def scope(self) -> Scope:
        """What the caller may reach (its role's permissions, its areas and stores)."""
        if self.credentials is None:
            raise Unauthenticated("Send an API key as `Authorization: Bearer <key>`.")
        return self.credentials.scope

    def require(self, permission: Permission) -> ApiKey:
        """The caller, if its role (and whether it is restricted) grants `permission`."""
        key = self.caller()
        if permission not in self.scope.permissions:
            restricted = " restricted" if self.scope.restricted else ""
            raise PermissionDenied(f"The{restricted} {key.role.value} role lacks the {permission.value} permission.")
        return key


Info = StrawberryInfo[Context, None]
