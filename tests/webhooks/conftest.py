from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.settings import Settings, get_settings
from tests.webhooks.receiver import Receiver


@pytest.fixture
def webhook_settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The process settings with WEBHOOKS_ALLOW_PRIVATE (the receiver listens on 127.0.0.1)."""
    settings = get_settings()
    monkeypatch.setattr(settings, "webhooks_allow_private", True)
    monkeypatch.setattr(settings, "webhooks_timeout_seconds", 5.0)
    return settings


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()
