"""`pledgecheck check`, `explain` and `rules` as a user runs them: exit codes, gates, output
files written atomically, and a JSON report that keeps to its published schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from pledgecheck.resources import load_schema

PACK = Path(__file__).parents[1] / "data" / "pack"

#: Every applicable control of the tiny pack is met.
PERFECT = """\
manifest_version: 1
organisation:
  name: Tiny Labs
  roles: [model-developer]
  reporting:
    progress_reports:
      - {date: 2026-03-01, url: "https://example.org/progress"}
systems:
  - id: atlas-chat
    name: Atlas Chat
    modalities: {output: [text]}
    release_type: hosted-api
safeguards:
  - id: sg-hash
    kind: training-data-hash-matching
    status: implemented
    details: {hash_lists: [ncmec]}
    evidence: [{url: "https://example.org/e", date: 2026-05-01}]
  - id: sg-input
    kind: input-detection
    status: implemented
    details: {hash_lists: [iwf]}
"""

#: Only a medium gap: the progress report is old (DEP1-04 partial).
MEDIUM_GAP = PERFECT.replace("date: 2026-03-01", "date: 2024-03-01")

#: A critical gap: no input detection (DEP1-01), and a medium partial.
CRITICAL_GAP = MEDIUM_GAP.replace(
    "  - id: sg-input\n    kind: input-detection\n", "  - id: sg-input\n    kind: output-detection\n"
)


@pytest.fixture
def manifest(tmp_path: Path):
    def write(text: str, name: str = "manifest.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def check(run_cli, *args: object):
    return run_cli(["check", "--pack", PACK, "--as-of", "2026-06-30", *args])


def test_exit_0_when_every_applicable_control_is_met(run_cli, manifest) -> None:
    result = check(run_cli, manifest(PERFECT))
    assert result.exit_code == 0
    assert "Score 100.0 / 100" in result.stdout
    assert "No gaps: every applicable control is met or waived." in result.stdout


def test_exit_1_on_a_gap_at_or_above_the_default_high_threshold(run_cli, manifest) -> None:
    result = check(run_cli, manifest(CRITICAL_GAP))
    assert result.exit_code == 1
    assert "gate failed:" in result.stderr
    assert "1 gap(s) or partial(s) at severity high or above" in result.stderr


def test_fail_on_decides_which_severities_fail(run_cli, manifest) -> None:
    path = manifest(MEDIUM_GAP)
    assert check(run_cli, path).exit_code == 0  # a medium partial passes the default gate
    assert check(run_cli, path, "--fail-on", "medium").exit_code == 1
    assert check(run_cli, path, "--fail-on", "low").exit_code == 1
    critical = manifest(CRITICAL_GAP, "critical.yaml")
    assert check(run_cli, critical, "--fail-on", "critical").exit_code == 1
    assert check(run_cli, critical, "--fail-on", "none").exit_code == 0


def test_an_unknown_fail_on_value_is_a_usage_error(run_cli, manifest) -> None:
    result = check(run_cli, manifest(PERFECT), "--fail-on", "severe")
    assert result.exit_code == 2
    assert "--fail-on 'severe'" in result.stderr


def test_min_score_fails_a_score_under_it(run_cli, manifest) -> None:
    path = manifest(MEDIUM_GAP)
    # DEV1-01 critical met; DEP1-01 critical met; DEP1-04 medium partial:
    expected = round(100 * (4 + 4 + 2 * 0.5) / (4 + 4 + 2), 1)
    assert expected == 90.0
    assert check(run_cli, path, "--min-score", "90").exit_code == 0
    failed = check(run_cli, path, "--min-score", "90.5")
    assert failed.exit_code == 1
    assert "score 90.0 is under --min-score 90.5" in failed.stderr


def test_exit_2_on_an_invalid_manifest_with_a_located_message(run_cli, manifest) -> None:
    path = manifest(PERFECT.replace("release_type: hosted-api", "release_type: hosted"))
    result = check(run_cli, path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:12:5: 'hosted' is not allowed here")
    assert result.stdout == ""


def test_exit_2_when_a_waiver_names_an_unknown_control(run_cli, manifest, tmp_path) -> None:
    text = PERFECT + ("waivers:\n  - {control: DEV1-99, justification: later, approver: CTO, expires: 2026-12-31}\n")
    result = check(run_cli, manifest(text))
    assert result.exit_code == 2
    assert f"{tmp_path / 'manifest.yaml'}:24:6: " in result.stderr
    assert "waiver names control 'DEV1-99', which is not in pack tiny-test-pack" in result.stderr


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "01/11/2026"])
def test_an_invalid_as_of_is_a_usage_error(run_cli, manifest, value: str) -> None:
    result = run_cli(["check", "--pack", PACK, manifest(PERFECT), "--as-of", value])
    assert result.exit_code == 2
    assert f"--as-of '{value}' is not a date (expected YYYY-MM-DD)" in result.stderr


def test_output_file_receives_the_report_instead_of_stdout(run_cli, manifest, tmp_path) -> None:
    target = tmp_path / "report.txt"
    result = check(run_cli, manifest(PERFECT), "--output", target)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Score 100.0 / 100" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.yaml", "report.txt"]


def test_output_format_file_adds_a_report_beside_stdout(run_cli, manifest, tmp_path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    result = check(
        run_cli,
        manifest(PERFECT),
        "--output", f"json:{reports / 'r.json'}",
        "--output", f"markdown:{reports / 'r.md'}",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Score 100.0 / 100" in result.stdout
    assert json.loads((reports / "r.json").read_text(encoding="utf-8"))["schema_version"] == 3
    assert (reports / "r.md").read_text(encoding="utf-8").startswith("# Safety by Design gap analysis: Tiny Labs")
    assert sorted(p.name for p in reports.iterdir()) == ["r.json", "r.md"]  # no temp files


def test_a_missing_output_folder_writes_nothing_and_exits_2(run_cli, manifest, tmp_path) -> None:
    good = tmp_path / "good.json"
    result = check(
        run_cli,
        manifest(PERFECT),
        "--output", f"json:{good}",
        "--output", f"markdown:{tmp_path / 'missing' / 'r.md'}",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot write: the folder" in result.stderr
    assert "does not exist" in result.stderr
    assert not good.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.yaml"]


def test_an_existing_report_is_replaced_whole(run_cli, manifest, tmp_path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old " * 10000, encoding="utf-8")
    assert check(run_cli, manifest(PERFECT), "--format", "json", "--output", target).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["assessments"][0]["organisation"] == "Tiny Labs"


def test_an_unknown_output_format_is_a_usage_error(run_cli, manifest, tmp_path) -> None:
    result = check(run_cli, manifest(PERFECT), "--output", f"yaml:{tmp_path / 'r.yaml'}")
    assert result.exit_code == 2
    assert "unknown format 'yaml'" in result.stderr


def test_the_json_report_validates_against_its_published_schema(run_cli, manifest) -> None:
    waived = CRITICAL_GAP + (
        "waivers:\n  - {control: DEP1-01, justification: later, approver: CTO, expires: 2026-12-31}\n"
    )
    result = check(run_cli, manifest(waived), manifest(PERFECT, "second.yaml"), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    validator = Draft202012Validator(load_schema("report"), format_checker=FormatChecker())
    assert list(validator.iter_errors(report)) == []
    first, second = report["assessments"]
    assert len(first["findings"]) == len(second["findings"]) == 7  # met, n/a and waived too
    assert first["summary"] == {"met": 1, "partial": 1, "gap": 0, "not-applicable": 4, "waived": 1}
    waived_finding = next(f for f in first["findings"] if f["status"] == "waived")
    assert waived_finding["evaluated_status"] == "gap"
    assert waived_finding["waiver"]["approver"] == "CTO"


def test_several_manifests_are_assessed_and_one_bad_one_exits_2(run_cli, manifest) -> None:
    bad = manifest("manifest_version: 2\n", "bad.yaml")
    result = check(run_cli, manifest(PERFECT), bad, "--format", "json")
    assert result.exit_code == 2
    files = [a["file"] for a in json.loads(result.stdout)["assessments"]]
    assert len(files) == 1  # the valid manifest's report is still written
    assert files[0].endswith("manifest.yaml")
    assert f"{bad}:1:" in result.stderr


def test_explain_shows_rationale_checks_remediation_references_and_mappings(run_cli) -> None:
    result = run_cli(["explain", "dev1-01", "--pack", PACK])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("DEV1-01  Match training data against hash lists\n")
    assert "severity critical; one finding per organisation" in text
    assert "Hash matching keeps known material out of training sets." in text
    assert "Applies to: roles: model-developer" in text
    assert "  - a 'training-data-hash-matching' safeguard covers the scope and is implemented" in text
    assert "  - a hash list is named  [/safeguard/details/hash_lists has at least 1 item(s)]" in text
    assert "/safeguard/evidence/*/date is at most 365 days old" in text
    assert "Match all training images against the NCMEC hash list." in text
    assert "  - https://www.thorn.org/blog/generative-ai-principles/" in text
    assert "  - UK Online Safety Act [uk-osa-ofcom]" in text
    assert "    uk-osa-hash-matching: Illegal Harms Codes, hash matching · from 2025-03-17 · equivalent" in text


def test_explain_an_unknown_control_suggests_the_closest(run_cli) -> None:
    result = run_cli(["explain", "DEP1-05", "--pack", PACK])
    assert result.exit_code == 2
    assert "no control 'DEP1-05' in pack tiny-test-pack — did you mean" in result.stderr


def test_rules_lists_and_filters_controls(run_cli) -> None:
    everything = run_cli(["rules", "--pack", PACK])
    assert everything.exit_code == 0
    assert everything.stdout.splitlines()[-1] == "7 of 7 controls in tiny-test-pack 0.0.1"
    by_principle = run_cli(["rules", "--pack", PACK, "--principle", "dev1"])
    assert [line.split()[0] for line in by_principle.stdout.splitlines()[:-1]] == [
        "DEV1-01", "DEV1-02", "DEV1-03",
    ]  # fmt: skip
    by_framework = run_cli(["rules", "--pack", PACK, "--framework", "eu-ai-act"])
    assert by_framework.stdout.splitlines()[:2] == [
        "DEP1-01  critical system       Detect abuse material in inputs",
        "1 of 7 controls in tiny-test-pack 0.0.1",
    ]
    assert "eu-ai-act-art50: Article 50 · from 2026-08-02" in by_framework.stdout  # then its obligations
    unknown = run_cli(["rules", "--pack", PACK, "--framework", "gdpr"])
    assert unknown.exit_code == 2
    assert "unknown framework 'gdpr'; expected one of eu-ai-act, uk-osa-ofcom" in unknown.stderr


def test_rules_format_json_lists_the_same_controls(run_cli) -> None:
    result = run_cli(["rules", "--pack", PACK, "--principle", "dev1", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["pack"] == {"id": "tiny-test-pack", "version": "0.0.1"}
    assert document["total"] == 7
    assert [c["id"] for c in document["controls"]] == ["DEV1-01", "DEV1-02", "DEV1-03"]
    assert set(document["controls"][0]) == {"id", "principle", "pillar", "severity", "scope", "title", "frameworks"}


def test_rules_format_unknown_gets_did_you_mean(run_cli) -> None:
    result = run_cli(["rules", "--pack", PACK, "--format", "jsno"])
    assert result.exit_code == 2
    assert "did you mean 'json'?" in result.stderr


def test_dash_reads_the_manifest_from_standard_input() -> None:
    from typer.testing import CliRunner

    from pledgecheck.cli import app

    args = ["check", "--pack", str(PACK), "--as-of", "2026-06-30", "--format", "json", "-"]
    result = CliRunner().invoke(app, args, input=PERFECT, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["assessments"][0]["file"] == "<stdin>"
    assert "- reads standard input" in CliRunner().invoke(app, ["check", "--help"]).stdout
