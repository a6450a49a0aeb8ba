"""Acceptance cases and example snapshots, against the default pack.

Each folder under tests/cases/ holds a `manifest.yaml` (or names one of examples/ under
`manifest:` in its expected file) and an `expected.yaml`: the pinned assessment date, the
statuses the case is about (`CONTROL-ID` for the organisation, `CONTROL-ID@system-id` for a
system), optionally text that a finding's messages must contain and systems that must not be
assessed (format: tests/support/cases.py). A hand-written case lists only the controls it
exercises, including the not-applicable ones that prove applicability; each listed key must
name a finding, so a typo fails. The three `example-*` cases list every finding of their
example and are generated, never edited by hand:

    python scripts/regenerate-expected.py

rewrites them from the current engine (keeping their `as_of` and `messages`); review the diff
like code. `--all` prints every finding of every case, for reviewing a hand-written case.

Every `check` format of the three examples, and every `compare` format of the three together,
is snapshotted with syrupy; regenerate with `pytest --snapshot-update` and review the diff like
code.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pledgecheck.registry import COMPARE_REPORTERS, REPORTERS
from tests.support.cases import (
    REGENERATE,
    Case,
    all_cases,
    example_case_folder,
    example_manifests,
    findings,
    mismatches,
)
from tests.support.paths import CASES, ROOT

ALL_CASES = all_cases()
EXAMPLES = example_manifests()


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_acceptance_case(case: Case) -> None:
    assert mismatches(case, findings(case)) == []


def finding(status: str, system: str = "", *messages: str) -> Any:
    """What `mismatches` reads of a finding, so that these tests do not depend on the pack."""
    return SimpleNamespace(status=status, system=system, messages=messages)


FOUND = {
    "DEV2-01@scribe": finding("waived", "scribe"),
    "DEV2-02": finding("met"),
    "DEV2-03": finding("partial", "", "no red-team exercise to feed back"),
}


def test_a_case_that_agrees_with_the_findings_has_no_mismatch(tmp_path: Path) -> None:
    expected = {"statuses": {"DEV2-03": "partial"}, "messages": {"DEV2-03": "exercise"}, "not_assessed": ["other"]}
    assert mismatches(Case(tmp_path / "agrees", expected), FOUND) == []


def test_a_case_that_names_no_finding_or_a_wrong_status_fails(tmp_path: Path) -> None:
    expected = {
        "statuses": {"DEV2-01@scrib": "waived", "DEV2-03": "met", "DEV2-02": "done"},
        "messages": {"DEV2-03": "feedback loop"},
        "mesages": {"DEV2-02": "expert"},
        "not_assessed": ["scribe"],
    }
    assert mismatches(Case(tmp_path / "typos", expected), FOUND) == [
        "unknown key 'mesages' in expected.yaml (known: manifest, as_of, statuses, messages, not_assessed)",
        "DEV2-01@scrib: no such finding (findings: DEV2-01@scribe, DEV2-02, DEV2-03)",
        "DEV2-03: expected met, found partial",
        "DEV2-02: 'done' is not a status (met, partial, gap, not-applicable, waived)",
        "DEV2-03: no message contains 'feedback loop' (messages: ['no red-team exercise to feed back'])",
        "system 'scribe' was assessed",
    ]
    assert mismatches(Case(tmp_path / "empty", {"as_of": "2026-11-01"}), FOUND) == ["expected.yaml states no status"]


def test_a_generated_case_must_list_every_finding(tmp_path: Path) -> None:
    case = Case(tmp_path / "example-partial", {"statuses": {"DEV2-03": "partial"}})
    assert case.generated
    assert mismatches(case, FOUND) == [
        f"DEV2-01@scribe: waived, not listed ({REGENERATE})",
        f"DEV2-02: met, not listed ({REGENERATE})",
    ]


def test_there_are_enough_acceptance_cases() -> None:
    assert len(ALL_CASES) >= 12 + 3
    generated = {c.folder for c in ALL_CASES if c.generated}
    assert generated == {example_case_folder(p) for p in EXAMPLES}, REGENERATE
    named = {c.expected.get("manifest") for c in ALL_CASES if c.generated}
    assert named == {f"examples/{p.name}" for p in EXAMPLES}


def test_the_perfect_case_scores_100_and_passes_every_gate(run_cli) -> None:
    manifest = CASES / "perfect-score" / "manifest.yaml"
    result = run_cli(["check", manifest, "--as-of", "2026-11-01", "--fail-on", "low"])
    assert result.exit_code == 0
    assert "Score 100.0 / 100" in result.stdout


# OSCAL assessment results are judged by real clients instead (trestle and NIST's schema, and
# byte-identical on a second run: tests/frameworks/test_oscal.py); as a snapshot they would be
# 400 KB of UUIDs no reviewer reads.
SNAPSHOT_FORMATS = [fmt for fmt in REPORTERS if fmt != "oscal-ar"]


@pytest.mark.parametrize("fmt", SNAPSHOT_FORMATS)
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
