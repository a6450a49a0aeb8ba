"""The exact words of the fixes the corpus led to, where a user reads them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.hostile import HOSTILE_TEXT, valid_manifest, yaml_text
from tests.support.manifests import VALID_MANIFEST


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_validate_says_waivers_are_checked_against_the_pack_by_check(tmp_path: Path) -> None:
    data = valid_manifest()
    data["waivers"] = [{"control": "ZZZ9-99", "justification": "x", "approver": "y", "expires": "2099-01-01"}]
    (tmp_path / "m.yaml").write_text(yaml_text(data), encoding="utf-8")
    result = run_cli(["validate", "m.yaml"])
    assert result.exit_code == 0
    assert result.stdout == "m.yaml: valid\n"
    assert result.stderr == (
        "note: m.yaml: 1 waiver(s) checked for their form only; `pledgecheck check` also checks "
        "that each names a control of the policy pack\n"
    )
    assert "which is not in pack" in run_cli(["check", "m.yaml"]).stderr
    (tmp_path / "plain.yaml").write_text(VALID_MANIFEST, encoding="utf-8")
    assert run_cli(["validate", "plain.yaml"]).stderr == ""


def test_init_refuses_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    result = run_cli(["init", "m.yaml", "--name", os.fsdecode(b"Org \xe9t\xe9")])
    assert result.exit_code == 2
    assert result.stderr == "pledgecheck: --name is not valid UTF-8 text (the byte 0xe9); give the name in UTF-8\n"
    assert not (tmp_path / "m.yaml").exists()


def test_init_keeps_control_characters_of_a_name_as_escapes_that_validate_accepts(tmp_path: Path) -> None:
    result = run_cli(["init", "m.yaml", "--name", HOSTILE_TEXT["osc52"]])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in (tmp_path / "m.yaml").read_text(encoding="utf-8")
    assert run_cli(["validate", "m.yaml"]).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [["baseline", "m.yaml", "--output", "m.yaml"], ["diff", "m.yaml", "m.yaml", "--output", "m.yaml"]],
    ids=["baseline", "diff"],
)
def test_a_report_never_replaces_its_input(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(VALID_MANIFEST, encoding="utf-8")
    result = run_cli(args)
    assert result.exit_code == 2
    assert "m.yaml: cannot write: it is the input 'm.yaml'; choose another file" in result.stderr
    assert (tmp_path / "m.yaml").read_text(encoding="utf-8") == VALID_MANIFEST


def test_an_unknown_schema_name_is_shown_inert() -> None:
    result = run_cli(["schema", "x\x1b[2J\n::error::y"])
    assert result.exit_code == 2
    assert result.stderr.startswith("pledgecheck: unknown schema 'x\\x1b[2J\\x0a::error::y'; expected manifest")
