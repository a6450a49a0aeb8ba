"""Fixtures of the CI tests: the CLI run as a real process, the tiny test pack, a pinned date."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
PACK = DATA / "pack"
MANIFEST = DATA / "manifest.yaml"
AS_OF = "2026-11-01"
PINNED = ["--pack", str(PACK), "--as-of", AS_OF]

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Run `pledgecheck ARGS...` in tmp_path (as the working directory)."""
    env = {**os.environ, "PLEDGECHECK_CACHE_DIR": str(tmp_path / ".cache"), "NO_COLOR": "1"}

    def invoke(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pledgecheck", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )

    return invoke


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A copy of the test manifest in the working directory (so paths are relative)."""
    target = tmp_path / "manifest.yaml"
    target.write_text(MANIFEST.read_text(encoding="utf-8"), encoding="utf-8")
    return target
