"""Reporters on the tiny pack: what a reader of each format sees, and that text from a
manifest cannot smuggle terminal escapes or Markdown into a report."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from pledgecheck import __version__
from pledgecheck.assessment import AppliedWaiver, Assessment
from pledgecheck.baseline import Baseline, key_of
from pledgecheck.commands.check import Output, ReportSettings, write_reports
from pledgecheck.compare import OrgResult, Rate
from pledgecheck.diff import Change, ManifestDiff
from pledgecheck.engine import evaluate
from pledgecheck.errors import Problem
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.reporters import diff_report, json_report, markdown, text, validate_report
from pledgecheck.reporters.base import (
    ProgressWords,
    ReportOptions,
    envelope,
    format_rate,
    format_score,
    json_text,
    progress_report,
    scope_label,
    waiver_note,
)

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
    assert "where      manifest.yaml:10:5 ($.systems[0])" in report
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
    assert "evidence   independently-audited" in report


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


def test_scores_read_the_same_in_every_format_and_n_a_when_nothing_was_scored() -> None:
    assert (format_score(None), format_score(None, "g")) == ("n/a", "n/a")
    assert (format_score(58.333), format_score(100.0), format_score(100.0, "g")) == ("58.3", "100.0", "100")
    assert format_rate(Rate(5, 8)) == "62.5% (5/8)"
    assert format_rate(Rate(0, 0)) == "n/a"


def test_the_waiver_note_names_expiry_approver_and_justification() -> None:
    waiver = AppliedWaiver(justification="Ships in Q3.", approver="CTO", expires="2026-12-31", expired=False)
    assert waiver_note(waiver) == "waived until 2026-12-31 by CTO: Ships in Q3."


def _org(last_report: str, overdue_days: int | None) -> OrgResult:
    return OrgResult(
        file="a.yaml", name="A", roles=(), overall=None, scores={}, statuses={}, critical_gaps=(),
        cadence="quarterly", last_report=last_report, overdue_days=overdue_days,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (
            ProgressWords(),
            ["on time (quarterly, last 2026-09-01)", "overdue: none published (quarterly)",
             "overdue by 12 days (quarterly, last 2026-01-01)"],
        ),
        (
            ProgressWords("report on time", "OVERDUE", "no progress report published", "day(s)"),
            ["report on time (quarterly, last 2026-09-01)", "OVERDUE: no progress report published (quarterly)",
             "OVERDUE by 12 day(s) (quarterly, last 2026-01-01)"],
        ),
    ],
)  # fmt: skip
def test_progress_reports_are_on_time_none_published_or_overdue_by_days(
    words: ProgressWords, expected: list[str]
) -> None:
    orgs = [_org("2026-09-01", None), _org("", 30), _org("2026-01-01", 12)]
    assert [progress_report(org, words, cadence=org.cadence, last=org.last_report) for org in orgs] == expected


def test_the_json_envelope_has_a_fixed_head_and_json_text_keeps_utf_8() -> None:
    head = envelope(schema_version=1, as_of="2026-06-30", pack=("sbd", "1.0", "Safety"), kind="comparison")
    assert list(head) == ["schema_version", "tool", "kind", "as_of", "pack"]
    assert head["tool"] == {"name": "pledgecheck", "version": __version__}
    assert head["pack"] == {"id": "sbd", "version": "1.0", "title": "Safety"}
    assert "kind" not in envelope(schema_version=1, as_of="2026-06-30", pack=("sbd", "1.0", "Safety"))
    assert json_text({"name": "Zoë"}) == '{\n  "name": "Zoë"\n}\n'


def test_each_diff_format_words_a_change_and_its_scope() -> None:
    change = Change("DEP1-01", "", "Detect abuse", "critical", "met", "gap", ("removed",))
    assert scope_label(change) == "organisation"
    diff = ManifestDiff("old.yaml", "new.yaml", "2026-06-30", (change,), (), ("sg-hash removed",), (), ())
    options = ReportOptions()
    assert "  CRITICAL DEP1-01 (organisation) met → gap: Detect abuse\n" in diff_report.render_text(diff, options)
    assert "| critical | **DEP1-01** Detect abuse | organisation | met | gap | removed |" in (
        diff_report.render_markdown(diff, options)
    )
    (regression,) = json.loads(diff_report.render_json(diff, options))["regressions"]
    assert list(regression) == ["control", "system", "title", "severity", "old", "new", "messages", "cause", "rescored"]
    assert (regression["cause"], regression["rescored"]) == ("manifest", None)  # one pack: the manifest changed
    assert (regression["system"], regression["messages"]) == (None, ["removed"])


def test_validate_reports_list_every_file_and_count_the_invalid_ones() -> None:
    results = [("good.yaml", []), ("bad.yaml", [Problem("bad.yaml", 3, 5, "expected text", "$.name")])]
    report = validate_report.render_text(results, ReportOptions())
    assert report == (
        "good.yaml: valid\nbad.yaml:3:5: expected text (at $.name)\n1 of 2 file(s) invalid, 1 problem(s)\n"
    )
    files = json.loads(validate_report.render_json(results, ReportOptions()))["files"]
    assert [(f["file"], f["valid"], len(f["problems"])) for f in files] == [
        ("good.yaml", True, 0),
        ("bad.yaml", False, 1),
    ]


def test_sarif_results_carry_the_baseline_state_given_to_write_reports(tmp_path: Path) -> None:
    assessment = assess(tmp_path)
    failing = {f.control: f for f in assessment.findings if f.failing}
    assert set(failing) == {"DEP1-01", "DEP1-04"}
    entries = {
        key_of(failing["DEP1-01"], assessment.file): {"status": "gap"},  # as recorded: unchanged
        key_of(failing["DEP1-04"], assessment.file): {"status": "met"},  # recorded otherwise: updated
    }
    target = tmp_path / "out.sarif"
    baseline = Baseline(file="baseline.json", entries=entries)
    write_reports(iter([assessment]), [Output("sarif", str(target))], ReportSettings(False, False, baseline, ()))
    results = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    states = {r["ruleId"]: r["baselineState"] for r in results}
    assert states == {"DEV1-02": "new", "DEP1-01": "unchanged", "DEP1-04": "updated"}


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("tty", "columns", "widest"), [(True, 60, 60), (True, 200, 200), (False, 60, 100)])
def test_text_follows_the_terminal_width_and_keeps_100_columns_in_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool, columns: int, widest: int
) -> None:
    stdout = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((columns, 24)))
    assessment = assess(tmp_path)
    write_reports(iter([assessment]), [Output("text", None)], ReportSettings(True, False, None, ()))
    lines = stdout.getvalue().splitlines()
    assert max(len(line) for line in lines) <= widest
    assert stdout.getvalue() == text.render([assessment], ReportOptions(verbose=True, width=widest))


def test_text_verbose_continuation_lines_stay_under_their_text(tmp_path: Path) -> None:
    report = text.render([assess(tmp_path)], ReportOptions(verbose=True, width=60))
    section = report[report.index("Met, not applicable and waived") : report.index("7 findings")]
    others = section.splitlines()[1:]
    assert len(others) > 5  # some wrap at 60 columns
    assert all(line.startswith(("  DEV", "  DEP", "          ")) for line in others), others


@pytest.mark.parametrize("width", [100, 200])
@pytest.mark.parametrize("verbose", [False, True])
def test_the_plain_text_layout_draws_exactly_what_rich_draws(tmp_path: Path, verbose: bool, width: int) -> None:
    from pledgecheck.reporters.text_layout import plain_layout
    from pledgecheck.reporters.text_rich import rich_layout

    hostile = MANIFEST.replace("name: Tiny Labs", 'name: "組織名 🚀 ' + "W" * 230 + ' end"').replace(
        "atlas-image", "atlas-" + "x" * 120
    )
    options = ReportOptions(verbose=verbose, width=width)
    for manifest in (MANIFEST, hostile):
        blocks = text._assessment(assess(tmp_path, manifest), options)
        assert plain_layout(blocks, width) == rich_layout(blocks, options)


def test_sarif_help_uri_is_a_valid_uri_and_the_rules_own(tmp_path: Path) -> None:
    from dataclasses import replace

    from pledgecheck.reporters.sarif import help_uri

    control = load_pack(PACK_DIR).controls[0]
    quoted = replace(control, references=('https://example.org/a"b c', "https://shared.example/paper"))
    assert help_uri(quoted, {"https://shared.example/paper"}, own_docs=False) == "https://example.org/a%22b%20c"
    shared_only = replace(control, references=("https://shared.example/paper",))
    assert help_uri(shared_only, {"https://shared.example/paper"}, own_docs=False) == "https://shared.example/paper"
    own = help_uri(control, set(), own_docs=True)
    assert own.endswith(f"/policies/DEV1.md#{control.id.lower()}-" + "-".join(control.title.lower().split()))
