"""frameworks.yaml is pack data: validated like every pack file, the single declaration of the
control <-> obligation mapping, and every researched obligation says where to check it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pledgecheck.errors import PackError, Problem
from pledgecheck.policy.loader import load_pack
from tests.support.paths import ROOT as REPO

TINY = REPO / "tests" / "data" / "pack"
DEFAULT = load_pack(REPO / "policies", use_cache=False)


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(TINY, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[Problem]:
    with pytest.raises(PackError) as caught:
        load_pack(folder, use_cache=False)
    return caught.value.problems


def test_an_unknown_control_is_located_with_a_suggestion(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(
        folder / "frameworks.yaml",
        "{control: DEV1-01, relationship: equivalent}",
        "{control: DEV1-O1, relationship: equivalent}",
    )
    (problem,) = _problems(folder)
    assert (Path(problem.file).name, problem.line, problem.column) == ("frameworks.yaml", 36, 14)
    assert problem.message == "unknown control 'DEV1-O1' — did you mean 'DEV1-01'?"


def test_an_unknown_relationship_and_a_bad_date_are_located(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "frameworks.yaml", "relationship: equivalent}", "relationship: equal}")
    _edit(folder / "frameworks.yaml", "applies_from: 2025-03-17", "applies_from: 2025-02-30")
    problems = _problems(folder)
    assert [(p.line, p.path) for p in problems] == [
        (30, "$.frameworks.uk-osa-ofcom.obligations[0].applies_from"),
        (36, "$.frameworks.uk-osa-ofcom.obligations[0].controls[0].relationship"),
    ]
    assert "equivalent, subset, superset, intersects" in problems[1].message.replace("'", "")


def test_an_obligation_ending_before_it_starts_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "frameworks.yaml", "applies_until: null", "applies_until: 2026-01-01")
    (problem,) = _problems(folder)
    assert problem.line == 15
    assert problem.message == "applies_until 2026-01-01 is before applies_from 2026-08-02"


def test_a_broken_crosswalk_stops_check_with_exit_3(run_cli, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "frameworks.yaml", "control: DEP1-03", "control: DEP9-03")
    manifest = REPO / "examples" / "lumen-labs.yaml"
    result = run_cli(["check", manifest, "--pack", folder, "--fail-on", "none"])
    assert result.exit_code == 3
    assert "frameworks.yaml:47:" in result.stderr and "unknown control 'DEP9-03'" in result.stderr
    assert "Traceback" not in result.output


def test_controls_no_longer_carry_framework_strings(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "DEV1.md", "# mapped to frameworks in frameworks.yaml (one declaration):\n#", "frameworks:\n ")
    problem = _problems(folder)[0]
    assert (Path(problem.file).name, problem.line, problem.message) == ("DEV1.md", 27, "unknown key 'frameworks'")


def test_the_control_mappings_are_derived_from_the_crosswalk() -> None:
    # DEV3-01 appears under two EU obligations and one NIST one in frameworks.yaml, nowhere else
    assert DEFAULT.control("DEV3-01").frameworks == {
        "eu-ai-act": "Art. 50(2); Art. 111(4) (inserted by Reg. (EU) 2026/1744), transition for Art. 50(2)",
        "nist-ai-100-4": "NIST AI 100-4, provenance data tracking (digital watermarking and metadata)",
    }
    assert not any((REPO / "policies" / name).read_text().count("\nframeworks:") for name in ("DEV3.md", "MNT1.md"))
    assert "frameworks" not in (REPO / "policies" / "pack.yaml").read_text()


def test_the_default_crosswalk_names_every_framework_the_issue_asks_for() -> None:
    assert list(DEFAULT.frameworks) == [
        "eu-ai-act", "uk-osa-ofcom", "us-2258a", "us-take-it-down", "au-esafety", "nist-ai-100-4", "nist-ai-600-1",
    ]  # fmt: skip
    obligations = [o for f in DEFAULT.frameworks.values() for o in f.obligations]
    assert len(obligations) == 21
    for obligation in obligations:
        assert obligation.source.startswith("https://")
        # an unconfirmed obligation says what is unconfirmed; a missing date is never guessed
        assert obligation.confirmed or obligation.note
        if obligation.applies_from is None:
            assert not obligation.confirmed
    dated = {o.id: o.applies_from for o in obligations}
    assert dated["eu-ai-act-art50-2"] == "2026-08-02"
    assert dated["eu-ai-act-art5-1-bb"] == dated["eu-ai-act-art111-4"] == "2026-12-02"
    assert dated["us-take-it-down-sec3-removal"] == "2026-05-19"
    assert dated["uk-cpa-2026-csa-image-generators"] is None  # commencement not confirmed
    assert not DEFAULT.frameworks["nist-ai-600-1"].binding and not DEFAULT.frameworks["nist-ai-100-4"].binding
