"""Review and contest (`--review FILE`): a reviewer's verdict replaces the tool's, the tool's
verdict, the reviewer's and the organisation's contest all stay visible, and scores are given
with and without the reviewer's verdicts, in every format of `check` and `compare`; the review
file is validated with located errors and did-you-mean, like a waivers file."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from pledgecheck.registry import COMPARE_REPORTERS, REPORTERS
from tests.support.cli import run_cli
from tests.support.paths import EXAMPLES

AS_OF = "2026-11-01"
REVIEWER = "A. Assessor, coalition secretariat"
CONTEST = "The text corpus audit is under way and reports in December."
REVIEW = f"""\
reviews:
  # the tool says met; the reviewer finds the audit covers the image corpus only
  - organisation: Lumen Labs, Inc.
    control: DEV1-01
    verdict: partial
    reason: The vetting audit covers only the image corpus.
    reviewer: {REVIEWER}
    date: 2026-10-21
    contest:
      reason: {CONTEST}
      by: Head of Trust and Safety
      date: 2026-10-25
  # the tool says gap; the secretariat received the overdue report by other means
  - organisation: open canvas collective
    control: TRN1-01
    verdict: met
    reason: The quarterly report reached the secretariat by email on 2026-10-02.
    reviewer: {REVIEWER}
    date: 2026-10-20
"""


@pytest.fixture
def review(tmp_path: Path) -> Path:
    path = tmp_path / "review.yaml"
    path.write_text(REVIEW, encoding="utf-8")
    return path


def check(review: Path, fmt: str, *files: str) -> str:
    files = files or ("lumen-labs.yaml",)
    paths = [str(EXAMPLES / f) for f in files]
    result = run_cli(["check", *paths, "--as-of", AS_OF, "--review", str(review), "-f", fmt, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_check_json_keeps_the_tools_verdict_the_reviewers_and_both_scores(review: Path) -> None:
    plain = json.loads(run_cli(["check", str(EXAMPLES / "lumen-labs.yaml"), "--as-of", AS_OF, "-f", "json"]).stdout)
    (before,) = plain["assessments"]
    (after,) = json.loads(check(review, "json"))["assessments"]
    finding = next(f for f in after["findings"] if f["control"] == "DEV1-01")
    assert finding["status"] == "partial"
    assert finding["reviewed"] == {
        "tool_status": "met",
        "verdict": "partial",
        "reason": "The vetting audit covers only the image corpus.",
        "reviewer": REVIEWER,
        "date": "2026-10-21",
        "contest": {"reason": CONTEST, "by": "Head of Trust and Safety", "date": "2026-10-25"},
    }
    assert after["scores_without_review"] == before["scores"]
    assert after["scores"]["overall"] < before["scores"]["overall"]  # met → partial on a high control
    assert "scores_without_review" not in before and "reviewed" not in before["findings"][0]


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_an_override_and_a_contest_appear_in_every_check_format(review: Path, fmt: str) -> None:
    text = check(review, fmt, "lumen-labs.yaml", "open-canvas.yaml")
    text = " ".join(html.unescape(text).split())  # the terminal wraps lines; HTML escapes quotes
    assert CONTEST in text
    assert "the tool said met" in text or '"tool_status": "met"' in text
    if fmt in ("text", "markdown", "html", "json"):  # the formats that show every score
        assert "the tool said gap" in text or '"tool_status": "gap"' in text  # the gap the reviewer passed
        assert "with the tool's verdicts alone" in text or "scores_without_review" in text


def test_compare_json_shows_verdicts_contests_and_both_scores(review: Path) -> None:
    result = run_cli(["compare", str(EXAMPLES), "--as-of", AS_OF, "--review", str(review), "-f", "json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["reviewed"] is True
    rows = {o["name"]: o for o in report["organisations"]}
    canvas = rows["Open Canvas Collective"]
    assert canvas["statuses"]["TRN1-01"] == "met"
    (verdict,) = canvas["reviews"]
    assert (verdict["tool_status"], verdict["verdict"], verdict["contest"]) == ("gap", "met", None)
    assert canvas["overall"] > canvas["overall_without_review"]
    (lumen,) = rows["Lumen Labs, Inc."]["reviews"]
    assert lumen["contest"]["reason"] == CONTEST
    assert rows["Modelhub Commons Ltd"]["reviews"] == []
    assert rows["Modelhub Commons Ltd"]["overall_without_review"] is None
    adoption = next(c for c in report["controls"] if c["id"] == "TRN1-01")["adoption"]
    assert adoption["met"] == 3  # the reviewer's verdict counts in the aggregates


@pytest.mark.parametrize("fmt", list(COMPARE_REPORTERS))
def test_an_override_and_a_contest_appear_in_every_compare_format(review: Path, fmt: str) -> None:
    args = ["compare", str(EXAMPLES), "--as-of", AS_OF, "--review", str(review), "-f", fmt, "--jobs", "1"]
    result = run_cli(args)
    assert result.exit_code == 0, result.output
    text = " ".join(html.unescape(result.stdout).split())
    assert REVIEWER in text and CONTEST in text
    assert "tool gap" in text or '"tool_status": "gap"' in text or ">gap<" in text.replace("✗ ", "")
    assert "tool met" in text or '"tool_status": "met"' in text or "✓ met" in text
    assert "with the tool's alone" in text or "overall_without_review" in text or "Without" in text


def test_the_review_file_comes_from_the_project_configuration(review: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "review.yaml").write_text(REVIEW, encoding="utf-8")
    (project / ".pledgecheck.yaml").write_text("review: review.yaml\n", encoding="utf-8")
    monkeypatch.chdir(project)
    result = run_cli(["check", str(EXAMPLES / "lumen-labs.yaml"), "--as-of", AS_OF, "-f", "json", "--fail-on", "none"])
    (assessment,) = json.loads(result.stdout)["assessments"]
    assert next(f for f in assessment["findings"] if f["control"] == "DEV1-01")["reviewed"]["verdict"] == "partial"


def entry(
    control: str = "DEV1-01", key: str = "verdict", verdict: str = "gap", reason: str = "r", date: str = ""
) -> str:
    """A review file of one entry, on line 2 (the organisation key at column 6)."""
    fields = f"organisation: X, control: {control}, {key}: {verdict}, reason: {reason}, reviewer: R"
    return f"reviews:\n  - {{{fields}, date: {date or '2026-01-01'}}}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("reviews: {}\n", "review.yaml:1:1: expected a mapping with a list under 'reviews'"),
        ("reviws: []\n", "review.yaml:1:1: expected a mapping with a list under 'reviews'"),
        ("reviews: []\nwaivers: []\n", "review.yaml:2:1: unknown key 'waivers'; a review file holds only 'reviews'"),
        (
            entry(key="verdcit"),
            "unknown key 'verdcit' — did you mean 'verdict'?",
        ),
        (
            entry(verdict="gapp"),
            "review.yaml:2:41: 'gapp' is not allowed here; expected met, partial, gap, not-applicable"
            " — did you mean 'gap'?",
        ),
        (
            entry(control="DEV1-11"),
            "review.yaml:2:23: review names control 'DEV1-11', which is not in pack safety-by-design — did you mean",
        ),
        (
            entry(date="2026-02-30"),
            "'2026-02-30' is not a valid date",
        ),
        (
            entry(reason="' '"),
            "must not be empty or blank (at $.reviews[0].reason)",
        ),
    ],
)
def test_a_bad_review_file_is_a_located_error(tmp_path: Path, monkeypatch, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "review.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "report.json"
    result = run_cli(["check", str(EXAMPLES / "lumen-labs.yaml"), "--review", "review.yaml", "-o", str(out)])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_a_misspelt_organisation_stops_compare_and_warns_in_check(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "review.yaml").write_text(REVIEW.replace("Lumen Labs, Inc.", "Lumen Lab, Inc."), encoding="utf-8")
    compared = run_cli(["compare", str(EXAMPLES), "--as-of", AS_OF, "--review", "review.yaml", "--jobs", "1"])
    assert compared.exit_code == 2
    assert (
        "review.yaml:3:5: review names organisation 'Lumen Lab, Inc.', which no assessed manifest names"
        " — did you mean 'Lumen Labs, Inc.'?"
    ) in compared.stderr
    checked = run_cli(["check", str(EXAMPLES / "lumen-labs.yaml"), "--as-of", AS_OF, "--review", "review.yaml"])
    assert "warning: review.yaml:3:5: review names organisation 'Lumen Lab, Inc.'" in checked.stderr
    # a verdict on another organisation of the coalition is no concern of this check
    assert "Open Canvas" not in checked.stderr


def test_two_verdicts_on_one_control_and_a_system_the_manifest_lacks(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    twice = REVIEW + REVIEW.split("\n", 1)[1]
    (tmp_path / "review.yaml").write_text(twice, encoding="utf-8")
    result = run_cli(["check", str(EXAMPLES / "lumen-labs.yaml"), "--review", "review.yaml", "--as-of", AS_OF])
    assert (
        result.exit_code == 2
        and "a second verdict on DEV1-01 for this organisation (the first is at line 3)" in result.stderr
    )
    wrong = REVIEW.replace("    control: DEV1-01\n", "    control: DEP1-01\n    system: no-such-system\n")
    (tmp_path / "review.yaml").write_text(wrong, encoding="utf-8")
    result = run_cli(["check", str(EXAMPLES / "lumen-labs.yaml"), "--review", "review.yaml", "--as-of", AS_OF])
    assert result.exit_code == 2 and "review names system 'no-such-system'" in result.stderr
