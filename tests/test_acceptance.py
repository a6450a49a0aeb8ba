"""Acceptance cases and example snapshots, against the default pack.

Each folder under tests/cases/ holds a `manifest.yaml` (or names one of examples/ under
`manifest:` in its expected file) and an `expected.yaml`: the assessment date, the status of
EVERY finding (`CONTROL-ID` for the organisation, `CONTROL-ID@system-id` for a system) and,
optionally, text that a finding's messages must contain.

Every `check` format of the three examples, and every `compare` format of the three together,
is snapshotted with syrupy; regenerate with `pytest --snapshot-update` and review the diff like
code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pledgecheck.engine import evaluate
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.registry import COMPARE_REPORTERS, REPORTERS
from pledgecheck.source import load_yaml

ROOT = Path(__file__).parents[1]
CASES = sorted(p.parent for p in (ROOT / "tests" / "cases").glob("*/expected.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _key(control: str, system: str) -> str:
    return f"{control}@{system}" if system else control


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_acceptance_case(case: Path) -> None:
    expected = load_yaml(str(case / "expected.yaml")).data
    manifest = ROOT / expected["manifest"] if "manifest" in expected else case / "manifest.yaml"
    as_of = dt.date.fromisoformat(expected["as_of"])
    assessment = evaluate(load_manifest(str(manifest)), load_pack(), as_of=as_of)
    found = {_key(f.control, f.system): f for f in assessment.findings}
    assert {k: f.status for k, f in found.items()} == expected["statuses"]
    for key, text in expected.get("messages", {}).items():
        assert any(text in m for m in found[key].messages), (key, found[key].messages)


def test_there_are_enough_acceptance_cases() -> None:
    assert len(CASES) >= 12 + 3
    examples = {load_yaml(str(c / "expected.yaml")).data.get("manifest") for c in CASES}
    assert {f"examples/{p.name}" for p in EXAMPLES} <= examples


def test_the_perfect_case_scores_100_and_passes_every_gate(run_cli) -> None:
    manifest = ROOT / "tests" / "cases" / "perfect-score" / "manifest.yaml"
    result = run_cli(["check", manifest, "--as-of", "2026-11-01", "--fail-on", "low"])
    assert result.exit_code == 0
    assert "Score 100.0 / 100" in result.stdout


@pytest.mark.parametrize("fmt", list(REPORTERS))
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_report_snapshot(example: Path, fmt: str, run_cli, snapshot, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # reports show paths relative to the working directory
    args = ["check", f"examples/{example.name}", "--as-of", "2026-11-01", "--format", fmt]
    result = run_cli([*args, "--fail-on", "none"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == snapshot


@pytest.mark.parametrize("fmt", list(COMPARE_REPORTERS))
def test_compare_report_snapshot(fmt: str, run_cli, snapshot, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli(["compare", "examples", "--as-of", "2026-11-01", "--format", fmt, "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == snapshot
