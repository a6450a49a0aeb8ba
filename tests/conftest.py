"""Shared fixtures: an in-process CLI runner, a manifest writer and a valid minimal manifest."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgecheck.cli import app

#: The smallest manifest a user could write that validates: one system, one safeguard.
VALID_MANIFEST = """\
manifest_version: 1
organisation:
  name: Example Labs
  roles: [model-developer]
systems:
  - id: atlas-image
    name: Atlas Image
    modalities:
      input: [text]
      output: [image]
    release_type: hosted-api
safeguards:
  - id: sg-input
    kind: input-detection
    status: implemented
    systems: [atlas-image]
    evidence:
      - url: https://example.org/report
        date: 2025-09-30
"""


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def write_manifest(directory: Path, text: str | bytes, *, name: str = "manifest.yaml") -> Path:
    """Write `text` (bytes are written as they are) to `directory/name` and return the path."""
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_cli(args: Sequence[str]) -> CliResult:
    """Run `pledgecheck ARGS` in-process; an exception that escapes the CLI fails the test."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return CliResult(exit_code=result.exit_code, stdout=result.stdout, stderr=result.stderr)


_CACHE_VARIABLES = ("XDG_CACHE_HOME", "PLEDGECHECK_CACHE_DIR")
_saved_environment = pytest.StashKey[dict[str, str | None]]()
_session_cache = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Point caches at a temporary folder before any fixture starts a process (a browser
    started by a session fixture would otherwise write its cache under $HOME)."""
    config.stash[_saved_environment] = {name: os.environ.get(name) for name in _CACHE_VARIABLES}
    cache = tempfile.mkdtemp(prefix="pledgecheck-tests-cache-")
    config.stash[_session_cache] = cache
    os.environ["XDG_CACHE_HOME"] = cache
    os.environ["PLEDGECHECK_CACHE_DIR"] = os.path.join(cache, "pledgecheck")


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in config.stash.get(_saved_environment, {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(config.stash.get(_session_cache, ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_cache_in_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test gets caches of its own, never in the user's home folder."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("PLEDGECHECK_CACHE_DIR", str(cache / "pledgecheck"))


@pytest.fixture
def valid_manifest() -> str:
    return VALID_MANIFEST


@pytest.fixture(name="write_manifest")
def write_manifest_fixture() -> Callable[..., Path]:
    return write_manifest


@pytest.fixture(name="run_cli")
def run_cli_fixture() -> Callable[[Sequence[str]], CliResult]:
    return run_cli
