"""What issue 9 asks every format to show: the organisation's own not-applicable claim with its
justification and the review flag, and how much of a verdict rests on stated facts."""

from __future__ import annotations

import json

import pytest

from pledgecheck.registry import formats
from tests.support.cli import run_cli
from tests.support.paths import ROOT

DECLARED = ROOT / "tests" / "cases" / "declared-not-applicable" / "manifest.yaml"
THIN = ROOT / "tests" / "cases" / "thin-public-record" / "manifest.yaml"
JUSTIFICATION = "Our licensed stock library is curated by its vendor."


def check(manifest: object, fmt: str, *extra: str) -> str:
    result = run_cli(["check", manifest, "--as-of", "2026-11-01", "--fail-on", "none", "--format", fmt, *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", formats("check"))
def test_a_declared_not_applicable_is_visible_in_every_format(fmt: str) -> None:
    out = check(DECLARED, fmt)
    assert "DEV1-02" in out
    assert "licensed stock library" in out, f"{fmt} hides the organisation's justification"
    assert "review" in out.lower(), f"{fmt} does not flag the claim for review"


def test_the_json_report_carries_states_coverage_and_the_claim() -> None:
    report = json.loads(check(THIN, "json"))
    assessment = report["assessments"][0]
    assert report["schema_version"] == 3
    coverage = assessment["scores"]["coverage"]["overall"]
    assert 0 < coverage["verified"] < coverage["total"]
    screening = next(f for f in assessment["findings"] if f["control"] == "DEV1-03")
    assert [c["state"] for c in screening["checks"]] == ["passed", "unverified", "unverified"]
    assert screening["verified"] == 1 and screening["checks_total"] == 3

    declared = json.loads(check(DECLARED, "json"))["assessments"][0]
    claim = next(f for f in declared["findings"] if f["control"] == "DEV1-02")
    assert claim["declared"] == JUSTIFICATION and "review" in claim["review"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_human_formats_say_how_much_rests_on_stated_facts(fmt: str) -> None:
    out = check(THIN, fmt)
    assert "checks verified" in out
    assert "not stated" in out.lower()


def test_declared_as_gap_turns_the_claim_into_a_gap_that_gates() -> None:
    result = run_cli(["check", DECLARED, "--as-of", "2026-11-01", "--format", "json", "--declared-na-as-gap"])
    claim = next(f for f in json.loads(result.stdout)["assessments"][0]["findings"] if f["control"] == "DEV1-02")
    assert claim["status"] == "gap" and claim["declared"] == JUSTIFICATION
    assert result.exit_code == 1
