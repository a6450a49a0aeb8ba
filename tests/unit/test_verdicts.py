"""Verdicts an expert would sign: unknown is a value, best evidence wins, declared
not-applicable is the organisation's claim, equivalent practice counts, gaps rank by gain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pledgecheck.assessment import Assessment, Finding, fix_order, priorities
from pledgecheck.engine import evaluate
from pledgecheck.errors import InputError
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.rules import Rules
from tests.support.cli import run_cli
from tests.support.paths import ROOT

CASES = ROOT / "tests" / "cases"
AS_OF = dt.date(2026, 11, 1)


def assess(case: str, **rules: bool) -> Assessment:
    doc = load_manifest(str(CASES / case / "manifest.yaml"))
    return evaluate(doc, load_pack(), as_of=AS_OF, rules=Rules(**rules))


def finding(assessment: Assessment, control: str, system: str = "") -> Finding:
    return next(f for f in assessment.findings if f.control == control and f.system == system)


def test_an_unstated_detail_is_unverified_and_counts_for_neither_side() -> None:
    thin = assess("thin-public-record")
    screening = finding(thin, "DEV1-03")
    assert screening.status == "met"
    assert screening.verified == 1 and len(screening.checks) == 3
    assert set(screening.unverified) == {c.title for c in screening.checks[1:]}
    assert screening.messages == ()


def test_unverified_fails_marks_down_what_is_not_stated_and_the_gates_follow() -> None:
    strict = assess("thin-public-record", unverified_fails=True)
    assert finding(strict, "DEV1-03").status == "partial"
    assert finding(strict, "DEV1-03").verified == 3
    lenient = assess("thin-public-record")
    assert strict.scores.overall is not None and lenient.scores.overall is not None
    assert strict.scores.overall < lenient.scores.overall

    manifest = CASES / "thin-public-record" / "manifest.yaml"
    args = ["check", manifest, "--as-of", "2026-11-01", "--fail-on", "medium", "--format", "json"]
    assert "DEV1-03" not in run_cli(args).stderr
    strict_run = run_cli([*args, "--unverified-fails"])
    assert strict_run.exit_code == 1
    assert '"DEV1-03"' in strict_run.stdout


def test_every_score_reports_how_much_rests_on_stated_facts() -> None:
    thin = assess("thin-public-record")
    overall = thin.scores.coverage["overall"]
    assert 0 < overall.verified < overall.total
    assert str(thin.scores.coverage["DEV1"]).endswith("checks verified")
    applicable = [f for f in thin.findings if f.status in ("met", "partial", "gap")]
    assert overall.total == sum(len(f.checks) for f in applicable)


def test_the_systems_own_safeguard_wins_over_an_organisation_wide_one() -> None:
    result = assess("system-classifiers-beside-org-filter")
    studio = finding(result, "DEP1-01", "lantern-studio")
    assert studio.status == "met"
    assert studio.safeguard == "studio-input-classifiers"
    assert studio.candidates == ("org-filter", "studio-input-classifiers")
    notes = finding(result, "DEP1-01", "lantern-notes")
    assert notes.safeguard == "org-filter" and notes.candidates == ("org-filter",)


def test_a_declared_not_applicable_is_shown_as_the_organisations_claim_and_flagged() -> None:
    found = finding(assess("declared-not-applicable"), "DEV1-02")
    assert found.status == "not-applicable"
    assert found.declared == "Our licensed stock library is curated by its vendor."
    assert "needs review" in found.review
    strict = finding(assess("declared-not-applicable", declared_na_as_gap=True), "DEV1-02")
    assert strict.status == "gap" and strict.declared


def test_a_pack_not_applicable_is_not_flagged_for_review() -> None:
    found = finding(assess("vision-language-developer"), "MNT2-03")
    assert found.status == "not-applicable" and not found.declared and not found.review


def test_an_overdue_report_makes_transparency_a_gap_as_a_whole() -> None:
    result = assess("overdue-yearly-report")
    assert finding(result, "TRN1-01").status == "gap"
    assert result.scores.principles["TRN"] == 0.0


def test_red_teaming_plus_phased_rollout_meets_the_release_assessment() -> None:
    result = assess("equivalent-assessment")
    hosted = finding(result, "DEP2-01", "cedar-assistant")
    assert hosted.status == "met"
    assert hosted.equivalent == ("red-team", "staged-rollout")
    assert finding(result, "DEP2-02", "cedar-open").equivalent == ("red-team",)


def _finding(control: str, severity: str, status: str) -> Finding:
    return Finding(
        order=0, system="", control=control, principle="DEP1", pillar="deploy", title=control,
        severity=severity, status=status, evaluated_status=status, messages=(), pointer="", line=1, column=1,
    )  # fmt: skip


def test_an_absent_safeguard_outranks_a_missing_detail_of_a_more_severe_control() -> None:
    detail = _finding("A-01", "critical", "partial")  # 4 x 0.5 = 2 points missing
    absent = _finding("B-01", "high", "gap")  # 3 x 1 = 3 points missing
    tie = _finding("C-01", "medium", "gap")  # 2 points, like the critical partial
    assert sorted([detail, tie, absent], key=fix_order) == [absent, detail, tie]


def test_the_report_order_and_the_fix_first_plan_agree() -> None:
    result = assess("thin-public-record")
    planned = [f for f, _ in priorities(result, limit=100)]
    assert planned == sorted((f for f in result.findings if f.failing), key=fix_order)


def test_a_version_1_manifest_keeps_its_old_meaning(tmp_path: Path) -> None:
    text = (CASES / "thin-public-record" / "manifest.yaml").read_text(encoding="utf-8")
    old = tmp_path / "v1.yaml"
    old.write_text(text.replace("manifest_version: 2", "manifest_version: 1"), encoding="utf-8")
    result = evaluate(load_manifest(str(old)), load_pack(), as_of=AS_OF)
    assert finding(result, "DEV1-03").status == "partial"  # absent meant "no" in version 1
    assert finding(result, "DEV1-03").verified == 3


def test_one_safeguard_can_be_several_kinds_of_the_same_details(tmp_path: Path) -> None:
    text = (CASES / "system-classifiers-beside-org-filter" / "manifest.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    systems: [lantern-studio]\n", "    systems: [lantern-studio]\n    also_covers: [output-detection]\n"
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    result = evaluate(load_manifest(str(path)), load_pack(), as_of=AS_OF)
    assert finding(result, "DEP1-02", "lantern-studio").safeguard == "studio-input-classifiers"
    assert finding(result, "DEP1-02", "lantern-notes").status == "gap"

    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("also_covers: [output-detection]", "also_covers: [age-assurance]"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_manifest(str(bad))
    (problem,) = raised.value.problems
    assert "'age-assurance' has other details than 'input-detection'" in problem.message
    assert problem.path == "$.safeguards[1].also_covers[0]"


@pytest.mark.parametrize(
    ("date", "valid"), [("2025", True), ("2025-06", True), ("2025-02-29", False), ("2025-13", False)]
)
def test_evidence_may_be_dated_by_year_or_month_but_must_be_a_calendar_date(
    tmp_path: Path, date: str, valid: bool
) -> None:
    text = (CASES / "thin-public-record" / "manifest.yaml").read_text(encoding="utf-8")
    path = tmp_path / "m.yaml"
    path.write_text(text.replace('date: "2025"', f'date: "{date}"'), encoding="utf-8")
    result = run_cli(["validate", path])
    assert (result.exit_code == 0) is valid, result.output
