"""CI packaging judged by real clients: the Actions schema, actionlint, pre-commit try-repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.ci import DATA
from tests.support.paths import ROOT

BIN = Path(sys.executable).parent
_PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "schemas", "policies")


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extras (pip install -e '.[test]')")
    return found


def test_action_metadata_matches_the_github_schema() -> None:
    command = [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_workflow_passes_actionlint() -> None:
    command = [_tool("actionlint"), "-no-color", str(DATA / "workflow.yml")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _git_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PLEDGECHECK_CACHE_DIR": str(tmp_path / "cache"),
    }  # fmt: skip


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=120)


@pytest.mark.slow
@pytest.mark.timeout(900)  # pre-commit builds a virtual environment and installs pledgecheck
def test_pre_commit_hooks_through_try_repo(tmp_path: Path) -> None:
    env = _git_env(tmp_path)
    # try-repo sees committed files only (plus changes to tracked ones): commit a copy
    hooks = tmp_path / "hooks-repo"
    hooks.mkdir()
    for name in _PACKAGE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hooks / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
        else:
            shutil.copy2(source, hooks / name)
    _git(hooks, env, "init", "-q")
    _git(hooks, env, "add", ".")
    _git(hooks, env, "commit", "-q", "-m", "hooks")
    sample = tmp_path / "sample"
    (sample / "org").mkdir(parents=True)
    passing = (ROOT / "examples" / "lumen-labs.yaml").read_text(encoding="utf-8")
    (sample / "org" / "manifest.yaml").write_text(passing, encoding="utf-8")
    shutil.copytree(ROOT / "examples" / "evidence", sample / "org" / "evidence")  # the evidence it cites
    (sample / "notes.yaml").write_text("not: a manifest\n", encoding="utf-8")
    _git(sample, env, "init", "-q")
    _git(sample, env, "add", ".")
    pre_commit = [_tool("pre-commit"), "try-repo", str(hooks)]

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        command = [*pre_commit, name, "--all-files", "--verbose"]
        return subprocess.run(command, cwd=sample, env=env, capture_output=True, text=True, timeout=900, check=False)

    valid = hook("pledgecheck-validate")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "pledgecheck validate" in valid.stdout and "Passed" in valid.stdout
    (sample / "pledgecheck-bad.yml").write_text("manifest_version: 1\norganisation: {name: X, roles: [nope]}\n")
    _git(sample, env, "add", ".")
    invalid = hook("pledgecheck-validate")
    assert invalid.returncode == 1, invalid.stdout + invalid.stderr
    assert "pledgecheck-bad.yml:2:" in invalid.stdout and "notes.yaml" not in invalid.stdout
    checked = hook("pledgecheck-check")
    assert checked.returncode == 1 and "pledgecheck-bad.yml" in checked.stdout
    assert "::error" not in checked.stdout  # a local run gets the human report, not workflow commands
