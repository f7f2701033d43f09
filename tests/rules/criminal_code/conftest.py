"""Shared fixtures: the Criminal Code source (JSONL), when the checkout has it next door."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT.parent / "shared" / "law" / "criminal-code-rk.jsonl"
"""../shared/law/criminal-code-rk.jsonl relative to the repository; never committed."""


@pytest.fixture(scope="session")
def source_path() -> Path:
    if not SOURCE.exists():
        pytest.skip(f"the Criminal Code source is not at {SOURCE}")
    return SOURCE


@pytest.fixture(scope="session")
def records(source_path: Path) -> list[dict]:
    return [json.loads(line) for line in source_path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def by_id(records: list[dict]) -> dict[str, dict]:
    return {record["id"]: record for record in records}
