"""`promo run` never serves the development ADMIN key to other machines."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from app.embedded import free_port
from tests.e2e.conftest import PROMO, RunningService, start_service

pytestmark = pytest.mark.e2e

EMBEDDED_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"DATABASE_URL", "REDIS_URL", "GRAPHIQL_API_KEY", "GRAPHIQL_PREFILL_KEY", "HOST"}
}


def test_embedded_mode_refuses_a_non_loopback_host_before_starting_anything(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    command = [PROMO, "run", "--host", "0.0.0.0", "--port", str(free_port()), "--data-dir", str(data_dir)]
    process = subprocess.Popen(
        command, env=EMBEDDED_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGINT)  # it started: stop it and what it started, as Ctrl-C does
        process.communicate(timeout=60)
        raise AssertionError("promo run started on 0.0.0.0 with the development key pre-filled") from None
    message = stderr.decode()
    assert process.returncode == 2, message
    assert "Refusing to listen on 0.0.0.0" in message
    assert "--no-graphiql-key" in message
    assert not data_dir.exists()  # refused before any embedded server started


def test_without_the_key_pre_fill_it_runs_on_any_host(tmp_path: Path, service_factory: list[RunningService]) -> None:
    options = ("--host", "0.0.0.0", "--no-graphiql-key")
    service = start_service(tmp_path / "data", tmp_path / "service.log", options=options)
    service_factory.append(service)
    service.wait_healthy()  # through 127.0.0.1, which 0.0.0.0 includes
    page = httpx.get(f"{service.base_url}/graphql", headers={"accept": "text/html"}, timeout=10)
    assert "graphiql.min.js" in page.text
    assert service.dev_key not in page.text
    assert "paste your API key" in page.text
    viewer = httpx.post(
        f"{service.base_url}/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {service.dev_key}"},
        timeout=10,
    )
    assert viewer.json() == {"data": {"viewer": {"role": "ADMIN"}}}
    assert service.stop() == 0
