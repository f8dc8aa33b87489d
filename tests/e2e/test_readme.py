"""The README works as written.

Its Quickstart blocks (marked `<!-- readme-test -->`) run in order in one bash session against `promo run`,
with the `Shell` line of the banner pasted first, as a reader does; every GraphQL example in it is valid
against the schema.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from graphql import DocumentNode, GraphQLError, parse, validate

from app.graphql.schema import build_schema
from tests.conftest import Caller, Servers
from tests.e2e.conftest import RunningService, start_service

README = Path(__file__).resolve().parents[2] / "README.md"
MARK = "<!-- readme-test -->"
MARKED_BLOCK = re.compile("^" + re.escape(MARK) + r"\n```sh\n(.*?)\n```$", re.S | re.M)
GRAPHQL_BLOCK = re.compile(r"```graphql\n(.*?)\n```", re.S)
SCRIPT_SECONDS = 120


def marked_blocks() -> list[str]:
    text = README.read_text()
    blocks = MARKED_BLOCK.findall(text)
    marks = len(re.findall("^" + re.escape(MARK) + "$", text, re.M))
    assert len(blocks) == marks, f"every {MARK} line must be followed by a ```sh block"
    return blocks


def session_script(blocks: list[str]) -> str:
    """One bash session: stop at the first failing command, say which block it was in."""
    parts = ["set -Eeuo pipefail", "trap 'echo \"README block $BLOCK failed at: $BASH_COMMAND\" >&2' ERR"]
    for number, block in enumerate(blocks, 1):
        parts += [f"BLOCK={number}", block]
    parts.append("echo README-DONE")
    return "\n".join(parts) + "\n"


def run_bash(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ["PATH"], "HOME": str(cwd), **env}
    return subprocess.run(
        ["bash", "-c", script], env=environment, cwd=cwd, capture_output=True, text=True, timeout=SCRIPT_SECONDS
    )


def banner_shell_line(service: RunningService) -> str:
    lines = [line.strip() for line in service.log().splitlines() if line.strip().startswith("Shell ")]
    assert lines, f"the banner has no Shell line:\n{service.log()}"
    return lines[0].removeprefix("Shell").strip()


@pytest.mark.e2e
@pytest.mark.usefixtures("db")
def test_the_quickstart_runs_as_written(
    servers: Servers, service_factory: list[RunningService], admin: Caller, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": servers.database_url,
        "REDIS_URL": servers.redis_url,
        "REDIS_PREFIX": f"{servers.redis_prefix}readme:",
    }
    service = start_service(tmp_path / "data", tmp_path / "promo.log", env)
    service_factory.append(service)
    service.wait_healthy()
    blocks = marked_blocks()
    assert len(blocks) >= 10, "the Quickstart, the wallet program and the live action"

    exported = banner_shell_line(service)  # what a reader pastes first
    assert exported == f"export PROMO_URL={service.base_url}"

    # `gql` fails on a typed error member, or the Quickstart's checks would prove nothing.
    refused = "gql areaCreate <<'GRAPHQL'\nmutation { areaCreate(input: {name: \"\"}) { __typename } }\nGRAPHQL"
    result = run_bash(f"{exported}\n{session_script([blocks[0], refused])}", {"PROMO_KEY": admin.secret}, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "README block 2 failed" in result.stderr, result.stderr
    assert "ValidationError" in result.stderr, result.stderr

    result = run_bash(f"{exported}\n{session_script(blocks)}", {"PROMO_KEY": admin.secret}, tmp_path)
    output = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 0, f"{output}\nservice log:\n{service.log()[-5000:]}"
    assert result.stdout.rstrip().endswith("README-DONE"), output
    assert result.stdout.count("ok: ") >= 9, output  # every step's own check ran


def test_every_graphql_example_is_valid_against_the_schema() -> None:
    schema = build_schema()._schema
    text = README.read_text()
    problems = []
    for match in GRAPHQL_BLOCK.finditer(text):
        line = text[: match.start()].count("\n") + 2
        try:
            document = parse(match.group(1))
        except GraphQLError as exc:
            problems.append(f"README.md:{line}: {exc.message}")
            continue
        for operation in document.definitions:  # each one alone: a block may hold several anonymous ones
            problems += [
                f"README.md:{line}: {error.message}"
                for error in validate(schema, DocumentNode(definitions=(operation,)))
            ]
    assert not problems, "\n".join(problems)
