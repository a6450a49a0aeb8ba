"""Fixtures of the CI tests: the CLI run as a real process in a temporary working directory,
and a copy of the CI manifest there (inputs and the pinned date: tests/support/ci.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.ci import MANIFEST
from tests.support.cli import Run, process_runner


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Run `pledgecheck ARGS...` in tmp_path (as the working directory)."""
    return process_runner(tmp_path)


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A copy of the test manifest in the working directory (so paths are relative)."""
    target = tmp_path / "manifest.yaml"
    target.write_text(MANIFEST.read_text(encoding="utf-8"), encoding="utf-8")
    return target
