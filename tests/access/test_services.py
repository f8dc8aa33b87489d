"""API key services against the real database."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from app.access import services
from app.access.exceptions import ApiKeyAlreadyRevoked, ApiKeyNotFound
from app.access.models import ApiKey, Permission, Role
from app.core.errors import InvalidInput
from app.core.pagination import Position
from app.core.secrets import digest_key

pytestmark = pytest.mark.usefixtures("db")


async def test_created_key_is_stored_only_as_digest() -> None:
    key, secret = await services.create_api_key(name="  checkout  ", role=Role.ADMIN, created_by=None)

    stored = await ApiKey.get(id=key.id)
    assert stored.name == "checkout"
    assert stored.digest == digest_key(secret)
    assert secret.startswith(stored.prefix + "_")
    assert secret not in {stored.digest, stored.prefix, stored.name}
    # 24 random bytes in URL-safe base64: at least 128 bits of secret material
    assert len(secret.removeprefix(stored.prefix + "_")) >= 32


async def test_keys_are_distinct() -> None:
    secrets = {(await services.create_api_key(name=f"k{i}", role=Role.VIEWER, created_by=None))[1] for i in range(20)}
    assert len(secrets) == 20


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "must not be empty"), ("   ", "must not be empty"), ("x" * 101, "101 characters")],
)
async def test_bad_names_are_refused_and_nothing_is_written(name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        await services.create_api_key(name=name, role=Role.ADMIN, created_by=None)
    assert raised.value.field == "name"
    assert await ApiKey.all().count() == 0


async def test_roles_grant_permissions() -> None:
    _, admin = await services.create_api_key(name="a", role=Role.ADMIN, created_by=None)
    _, viewer = await services.create_api_key(name="v", role=Role.VIEWER, created_by=None)
    cache = services.KeyCache(ttl=1)
    admin_credentials = await cache.authenticate(admin)
    viewer_credentials = await cache.authenticate(viewer)
    assert admin_credentials is not None
    assert viewer_credentials is not None
    assert Permission.API_KEYS_MANAGE in admin_credentials.scope.permissions
    assert viewer_credentials.scope.permissions == frozenset(
        {
            Permission.PROJECT_READ,
            Permission.CUSTOMERS_READ,
            Permission.CAMPAIGNS_READ,
            Permission.SETTINGS_READ,
            Permission.CAMPAIGNS_NEARBY,
            Permission.WALLET_READ,
        }
    )
    assert not viewer_credentials.scope.restricted


async def test_authenticate_accepts_active_key_and_refuses_others() -> None:
    key, secret = await services.create_api_key(name="a", role=Role.ADMIN, created_by=None)
    cache = services.KeyCache(ttl=0.2)

    assert (await cache.authenticate(secret)) is not None
    assert await cache.authenticate(secret + "x") is None
    assert await cache.authenticate("") is None

    await services.revoke_api_key(key_id=key.id, revoked_by=None)
    await asyncio.sleep(0.25)
    assert await cache.authenticate(secret) is None


async def test_revoke_twice_is_a_conflict_and_unknown_is_not_found() -> None:
    key, _ = await services.create_api_key(name="a", role=Role.ADMIN, created_by=None)
    revoked = await services.revoke_api_key(key_id=key.id, revoked_by=None)
    assert revoked.revoked_at is not None

    with pytest.raises(ApiKeyAlreadyRevoked):
        await services.revoke_api_key(key_id=key.id, revoked_by=None)
    with pytest.raises(ApiKeyNotFound):
        await services.revoke_api_key(key_id=uuid.uuid4(), revoked_by=None)


async def test_concurrent_revocations_succeed_exactly_once() -> None:
    key, _ = await services.create_api_key(name="a", role=Role.ADMIN, created_by=None)
    results = await asyncio.gather(
        *(services.revoke_api_key(key_id=key.id, revoked_by=None) for _ in range(10)),
        return_exceptions=True,
    )
    assert sum(isinstance(result, ApiKey) for result in results) == 1
    assert sum(isinstance(result, ApiKeyAlreadyRevoked) for result in results) == 9


async def test_last_used_is_recorded() -> None:
    key, secret = await services.create_api_key(name="a", role=Role.ADMIN, created_by=None)
    cache = services.KeyCache(ttl=1)
    await cache.authenticate(secret)
    for _ in range(50):
        if (await ApiKey.get(id=key.id)).last_used_at is not None:
            break
        await asyncio.sleep(0.02)
    assert (await ApiKey.get(id=key.id)).last_used_at is not None


async def test_listing_pages_newest_first_without_gaps_or_repeats() -> None:
    for i in range(7):
        await services.create_api_key(name=f"k{i}", role=Role.VIEWER, created_by=None)
    seen: list[str] = []
    after = None
    while True:
        page = await services.list_api_keys(first=3, after=after, include_revoked=False)
        seen.extend(key.name for key in page.rows)
        if not page.has_next:
            break
        last = page.rows[-1]
        after = Position(at=last.created_at, id=last.id)
        # a key created while paging lands before the cursor and never shifts later pages
        await services.create_api_key(name="late", role=Role.VIEWER, created_by=None)
    assert seen == [f"k{i}" for i in reversed(range(7))]
