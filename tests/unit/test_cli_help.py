"""Messages that help: `--help` that is not cut short and names its values, `explain` of a
principle, and "did you mean" for a misspelt format on every command that takes one."""

from __future__ import annotations

import re

import pytest
import typer

from pledgecheck.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_top_level_help_does_not_truncate_command_summaries(run_cli) -> None:
    result = run_cli(["--help"])
    commands = result.stdout.split("Commands:", 1)[1]
    assert "..." not in commands and "…" not in commands
    for name in ("validate", "check", "init", "compare", "test-pack"):
        assert re.search(rf"^\s+{name}\s+\S", commands, re.MULTILINE), name


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_with_metavars_not_python_types(run_cli, command: str) -> None:
    result = run_cli([command, "--help"])
    assert result.exit_code == 0
    assert not re.findall(r"<[a-z][^>]*>", result.stdout), result.stdout


def test_help_of_check_uses_the_documented_metavars(run_cli) -> None:
    text = run_cli(["check", "--help"]).stdout
    for metavar in ("--max-size BYTES", "--waiver-warning-days DAYS", "--fail-on SEVERITY", "--as-of DATE"):
        assert metavar in text


def test_explain_of_a_principle_lists_its_controls(run_cli) -> None:
    result = run_cli(["explain", "DEV1"])
    assert result.exit_code == 0, result.output
    assert "DEV3-01" not in result.output
    ids = re.findall(r"^(DEV1-\d\d) ", result.stdout, re.MULTILINE)
    assert ids and ids == sorted(ids)


def test_explain_of_an_unknown_control_still_suggests_the_closest(run_cli) -> None:
    result = run_cli(["explain", "DEV1-0"])
    assert result.exit_code == 2
    assert "did you mean" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "jsn"],
        ["check", "--format", "jsn"],
        ["check", "--output", "jsn:report.json"],
        ["compare", "--format", "jsn"],
        ["diff", "--format", "jsn", "OTHER.yaml"],
    ],
)
def test_a_misspelt_format_gets_did_you_mean(run_cli, tmp_path, args: list[str]) -> None:
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("manifest_version: 1\n", encoding="utf-8")
    result = run_cli([*args, manifest])
    assert result.exit_code == 2
    assert "did you mean 'json'?" in result.stderr


def test_compare_warns_when_two_files_describe_the_same_organisation(run_cli, tmp_path) -> None:
    from tests.support.manifests import VALID_MANIFEST

    folder = tmp_path / "coalition"
    folder.mkdir()
    name = re.search(r"^  name: (.+)$", VALID_MANIFEST, re.MULTILINE)
    assert name is not None
    (folder / "a.yaml").write_text(VALID_MANIFEST, encoding="utf-8")
    twin = VALID_MANIFEST.replace(f"  name: {name[1]}", f'  name: "  {name[1].upper()}  "', 1)
    (folder / "b.yml").write_text(twin, encoding="utf-8")
    result = run_cli(["compare", folder, "--format", "json", "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert f"b.yml describe the same organisation '{name[1]}'" in result.stderr
    assert "a.yaml, " in result.stderr


def test_compare_help_says_it_reads_yml_too(run_cli) -> None:
    assert "*.yml" in run_cli(["compare", "--help"]).stdout


def test_validate_reads_standard_input_for_a_dash() -> None:
    from typer.testing import CliRunner

    from tests.support.manifests import VALID_MANIFEST

    result = CliRunner().invoke(app, ["validate", "-"], input=VALID_MANIFEST, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == "<stdin>: valid\n"
    broken = CliRunner().invoke(app, ["validate", "-"], input="organisation: [\n", catch_exceptions=False)
    assert broken.exit_code == 2
    assert broken.stdout.startswith("<stdin>:")
    assert "- reads standard input" in CliRunner().invoke(app, ["validate", "--help"]).stdout
