"""The default pack in policies/: complete, documented, and every example behaves as declared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pledgecheck.commands.test_pack import example_failures
from pledgecheck.policy.loader import load_pack
from pledgecheck.resources import default_pack_dir
from pledgecheck.vocabulary import PRINCIPLES

PACK = load_pack(use_cache=False)
IDS = [c.id for c in PACK.controls]


def test_every_principle_and_the_transparency_commitment_has_controls() -> None:
    assert [p.id for p in PACK.principles] == list(PRINCIPLES)
    for principle in PRINCIPLES:
        assert any(c.principle == principle for c in PACK.controls), principle
    assert 35 <= len(PACK.controls) <= 50


@pytest.mark.parametrize("control", PACK.controls, ids=IDS)
def test_each_control_is_documented_and_has_both_kinds_of_example(control) -> None:
    assert control.references and all(r.startswith("https://") for r in control.references)
    assert control.remediation.strip()
    assert control.why.endswith((".", "!", "?")), "the rationale opens with a full sentence"
    expected = {example["expect"] for example in control.examples}
    assert "met" in expected
    assert expected & {"gap", "partial"}
    assert set(control.frameworks) <= set(PACK.frameworks)


@pytest.mark.parametrize("control", PACK.controls, ids=IDS)
def test_each_example_behaves_as_declared(control) -> None:
    assert example_failures(PACK, control) == []


def test_test_pack_passes_on_the_default_pack(run_cli) -> None:
    result = run_cli(["test-pack"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith(f"ok: {len(PACK.controls)} controls, ")


def test_explain_works_for_every_control(run_cli) -> None:
    for control in PACK.controls:
        result = run_cli(["explain", control.id])
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{control.id}  {control.title}\n")
        assert "Remediation:" in result.stdout


def test_test_pack_on_a_broken_copy_fails_with_a_located_message(tmp_path: Path, run_cli) -> None:
    broken = tmp_path / "policies"
    shutil.copytree(default_pack_dir(), broken)
    path = broken / "DEV1.md"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("severity: ")) + 1
    lines[number - 1] = "severity: severe\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli(["test-pack", broken])
    assert result.exit_code == 3
    assert f"{path}:{number}:1: 'severe' is not allowed here" in result.stderr


def test_test_pack_on_a_copy_with_a_wrong_example_fails_and_names_it(tmp_path: Path, run_cli) -> None:
    broken = tmp_path / "policies"
    shutil.copytree(default_pack_dir(), broken)
    path = broken / "MNT2.md"
    text = path.read_text(encoding="utf-8")
    first_met = text.index("expect: met")
    path.write_text(text[:first_met] + "expect: gap" + text[first_met + 11 :], encoding="utf-8")
    result = run_cli(["test-pack", broken])
    assert result.exit_code == 1
    assert "MNT2-01 example 1" in result.stdout
    assert "expected gap, got met" in result.stdout
