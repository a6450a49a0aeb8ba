"""Reporters on the tiny pack: what a reader of each format sees, and that text from a
manifest cannot smuggle terminal escapes or Markdown into a report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pledgecheck.assessment import Assessment
from pledgecheck.engine import evaluate
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.reporters import json_report, markdown, text
from pledgecheck.reporters.base import ReportOptions

PACK_DIR = Path(__file__).parents[1] / "data" / "pack"

MANIFEST = """\
manifest_version: 1
organisation:
  name: Tiny Labs
  roles: [model-developer, model-host]
  hosts_third_party_models: true
  reporting:
    progress_reports:
      - {date: 2024-03-01, url: "https://example.org/progress"}
systems:
  - id: atlas-image
    name: Atlas Image
    modalities: {output: [image]}
    release_type: hosted-api
safeguards:
  - id: sg-hash
    kind: training-data-hash-matching
    status: implemented
    details: {hash_lists: [ncmec]}
    evidence: [{url: "https://example.org/e", date: 2026-05-01, assurance: independently-audited}]
  - id: sg-3p
    kind: third-party-model-policy
    status: implemented
waivers:
  - control: DEV1-02
    justification: Separation ships in Q3.
    approver: Chief Trust Officer
    expires: 2026-12-31
"""


def assess(tmp_path: Path, manifest: str = MANIFEST) -> Assessment:
    path = tmp_path / "manifest.yaml"
    path.write_text(manifest, encoding="utf-8")
    doc = load_manifest(str(path))
    return evaluate(doc, load_pack(PACK_DIR), as_of=dt.date(2026, 6, 30))


def test_text_lists_gaps_most_severe_first_with_why_where_and_next(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths are shown relative to the working directory
    report = text.render([assess(tmp_path)], ReportOptions())
    assert "Score 58.3 / 100 (without waivers 46.7)" in report
    critical = report.index("CRITICAL DEP1-01 gap · system atlas-image · Detect abuse material in inputs")
    medium = report.index("MEDIUM   DEP1-04 partial · organisation · Publish progress reports")
    assert critical < medium
    assert "where    manifest.yaml:10:5 ($.systems[0])" in report
    assert "Prompts and uploads are where abuse starts." in report
    assert "Match uploads against known-CSAM hash lists." in report
    assert "Fix first (largest gain in the overall score)" in report
    assert "  1. DEP1-01 (system atlas-image) +33.3 points" in report
    assert "7 findings: 2 met · 1 partial · 1 gap · 2 not-applicable · 1 waived" in report
    assert all(len(line) <= 100 for line in report.splitlines())


def test_text_verbose_lists_met_n_a_and_waived_with_the_waiver(tmp_path: Path) -> None:
    report = text.render([assess(tmp_path)], ReportOptions(verbose=True))
    assert "  DEV1-01 met (organisation)" in report
    assert (
        "DEV1-02 waived (system atlas-image): waived until 2026-12-31 by Chief Trust Officer: Separation ships in Q3."
    ) in " ".join(report.split())
    assert "DEV1-03 not-applicable (organisation): applies only if there is a system" in report


def test_text_shows_the_evidence_assurance_of_a_finding(tmp_path: Path) -> None:
    manifest = MANIFEST.replace("hash_lists: [ncmec]", "hash_lists: []")
    report = text.render([assess(tmp_path, manifest)], ReportOptions())
    assert "CRITICAL DEV1-01" in report
    assert "evidence independently-audited" in report


def test_json_holds_every_finding_in_pack_order_with_scores(tmp_path: Path) -> None:
    report = json.loads(json_report.render([assess(tmp_path)], ReportOptions()))
    (assessment,) = report["assessments"]
    assert [f["control"] for f in assessment["findings"]] == [
        "DEV1-01", "DEV1-02", "DEV1-03", "DEP1-01", "DEP1-02", "DEP1-03", "DEP1-04",
    ]  # fmt: skip
    assert assessment["scores"]["overall"] == round(100 * 7 / 12, 1) == 58.3
    assert assessment["scores_without_waivers"]["overall"] == round(100 * 7 / 15, 1) == 46.7
    assert report["as_of"] == "2026-06-30"
    assert "critical 4, high 3, medium 2" in report["weighting"]
    met = assessment["findings"][0]
    assert (met["status"], met["remediation"], met["evidence_assurance"]) == (
        "met", "", "independently-audited",
    )  # fmt: skip
    gap = assessment["findings"][3]
    assert gap["location"]["line"] == 10
    assert gap["remediation"] == "Match uploads against known-CSAM hash lists."


def test_markdown_report_has_a_score_table_and_a_section_per_gap(tmp_path: Path) -> None:
    report = markdown.render([assess(tmp_path)], ReportOptions())
    assert report.startswith("# Safety by Design gap analysis: Tiny Labs\n")
    assert "**Score 58.3 / 100** (without waivers 46.7)" in report
    assert "| DEV1 Safeguard training data | 100.0 | 1 | 0 | 0 | 1 | 1 |" in report
    assert "## Gaps and partials (2)" in report
    assert "### critical · DEP1-01 Detect abuse material in inputs — system atlas-image · gap" in report


def test_untrusted_text_is_escaped_in_every_format(tmp_path: Path) -> None:
    hostile = MANIFEST.replace("name: Tiny Labs", 'name: "Evil *Labs* <script>x</script> \\e[31mred"')
    assessment = assess(tmp_path, hostile)
    terminal = text.render([assessment], ReportOptions())
    assert "\x1b" not in terminal
    assert "\\x1b[31mred" in terminal
    md = markdown.render([assessment], ReportOptions())
    assert "<script>" not in md
    assert "Evil \\*Labs\\* &lt;script&gt;x&lt;/script&gt;" in md
    assert json.loads(json_report.render([assessment], ReportOptions()))["assessments"][0]["organisation"].startswith(
        "Evil *Labs* <script>"
    )
