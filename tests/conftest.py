"""Shared fixtures: an in-process CLI runner, a manifest writer, a valid minimal manifest, and
caches kept out of the user's home. Helpers to import live in tests/support/."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.support.cli import CliResult, run_cli
from tests.support.manifests import VALID_MANIFEST, write_manifest

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
def run_cli_fixture() -> Callable[[Sequence[object]], CliResult]:
    return run_cli
