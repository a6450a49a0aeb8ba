"""Project configuration: found upwards from the working directory, validated with located
errors, read by every command, and always overridden by the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pledgecheck.config import find_config, load_config, project_config
from pledgecheck.errors import InputError
from tests.unit.test_check_cli import CRITICAL_GAP, PACK

needs_tomllib = pytest.mark.skipif(sys.version_info < (3, 11), reason="pyproject.toml is read on 3.11+")


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_config(path)
    return [str(problem) for problem in caught.value.problems]


def test_found_upwards_and_the_search_stops_at_the_top_of_the_project(tmp_path: Path) -> None:
    (tmp_path / ".pledgecheck.yaml").write_text("fail-on: low\n", encoding="utf-8")
    project = tmp_path / "project"
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / ".pledgecheck.yaml"
    (project / ".git").mkdir()
    assert find_config(deep) is None  # not beyond the repository's root
    (project / ".pledgecheck.yaml").write_text("fail-on: medium\n", encoding="utf-8")
    assert project_config(str(deep)).values == {"fail_on": "medium"}


@needs_tomllib
def test_pyproject_counts_only_with_a_tool_pledgecheck_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.pledgecheck]\nfail-on = "low"\nunverified-fails = true\npack = "policy"\n',
        encoding="utf-8",
    )
    config = project_config(str(tmp_path))
    assert config.values["fail_on"] == "low" and config.values["unverified_fails"] is True
    assert Path(config.values["pack"]).resolve() == (tmp_path / "policy").resolve()


def test_unknown_keys_get_did_you_mean_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / ".pledgecheck.yaml"
    path.write_text("pack: policy\nfail_on: low\nmax-size: 0\nformat: sarf\n", encoding="utf-8")
    problems = _problems(path)
    assert any(":2:" in p and "unknown key 'fail_on' — did you mean 'fail-on'?" in p for p in problems), problems
    assert any(":3:" in p and "expected a whole number, 1 or more (at $.max-size)" in p for p in problems), problems
    assert any(":4:" in p and "did you mean 'sarif'?" in p for p in problems), problems


def test_as_of_is_not_configurable(tmp_path: Path) -> None:
    path = tmp_path / ".pledgecheck.yaml"
    path.write_text("as-of: 2026-01-01\n", encoding="utf-8")
    assert any("not configurable; give --as-of on the command line" in p for p in _problems(path))


@needs_tomllib
def test_toml_problems_are_located(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.pledgecheck]\n  fail-on = "urgent"\n', encoding="utf-8")
    assert any(":5:3: expected one of critical" in p for p in _problems(path))
    path.write_text("[tool.pledgecheck]\nfail-on = \n", encoding="utf-8")
    assert any(":2:" in p and "invalid TOML" in p for p in _problems(path))


def test_commands_read_it_and_options_override_it(run_cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "policy").symlink_to(PACK, target_is_directory=True)
    (tmp_path / ".pledgecheck.yaml").write_text("pack: policy\nfail-on: none\nformat: json\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(CRITICAL_GAP, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)

    configured = run_cli(["check", "../m.yaml", "--as-of", "2026-06-30"])
    assert configured.exit_code == 0, configured.output
    assert configured.stdout.lstrip().startswith("{")  # format from the file
    assert '"id": "tiny-test-pack"' in configured.stdout  # pack from the file, relative to it

    overridden = run_cli(["check", "../m.yaml", "--as-of", "2026-06-30", "--fail-on", "high", "-f", "text"])
    assert overridden.exit_code == 1
    assert not overridden.stdout.lstrip().startswith("{")

    assert '"valid": true' in run_cli(["validate", "../m.yaml"]).stdout  # validate has json too
    assert "tiny-test-pack" in run_cli(["rules"]).stdout
    (tmp_path / ".pledgecheck.yaml").write_text("format: sarif\n", encoding="utf-8")
    assert run_cli(["validate", "../m.yaml"]).stdout.endswith(": valid\n")  # validate has no sarif


def test_a_broken_configuration_stops_every_command_with_exit_2(run_cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pledgecheck.yaml").write_text("fail-on: urgent\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["rules"])
    assert result.exit_code == 2
    assert result.stderr.startswith(".pledgecheck.yaml:1:")
    assert "expected one of critical, high, medium, low, none (at $.fail-on)" in result.stderr
