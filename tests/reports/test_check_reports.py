"""What `check` says beyond the findings: when the next progress report is due (every format),
the waiver runway and fix-first plan in every human format and JSON, the HTML summary, and
Markdown kept within GitHub's comment limit."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from pledgecheck.reporting import reporting_due
from tests.support.cli import run_cli
from tests.support.compare_manifests import AS_OF, with_evidence
from tests.support.paths import EXAMPLES

CADENCES = {"quarterly": 92, "yearly": 366}
ON = dt.date(2026, 11, 1)


def organisation(cadence: str = "yearly", *dates: str) -> dict[str, object]:
    reports = [{"date": d, "url": f"https://example.org/{i}"} for i, d in enumerate(dates)]
    return {"reporting": {"cadence": cadence, "progress_reports": reports}}


@pytest.mark.parametrize(
    ("org", "state", "due", "days"),
    [
        (organisation("yearly"), "none-published", "", None),
        (organisation("yearly", "2026-04-30"), "on-time", "2027-05-01", 181),
        (organisation("yearly", "2025-11-15"), "due-soon", "2026-11-16", 15),
        (organisation("quarterly", "2026-06-30"), "overdue", "2026-09-30", 32),
        (organisation("quarterly", "2026-07"), "overdue", "2026-10-31", 1),  # counts from 31 July
        (organisation("yearly", "2024-01-01", "2025-12-01"), "on-time", "2026-12-02", 31),  # the latest
        (organisation("ongoing", "2026-05-01"), "unknown", "", None),  # no window in these cadences
    ],
)
def test_the_next_report_is_due_a_cadence_after_the_last(
    org: dict[str, object], state: str, due: str, days: int | None
) -> None:
    found = reporting_due(org, CADENCES, ON, warn_days=30)
    assert (found.state, found.due, found.days) == (state, due, days)


def test_the_sentences_say_the_date_and_how_late() -> None:
    late = reporting_due(organisation("quarterly", "2026-06-30"), CADENCES, ON, warn_days=30)
    assert late.sentence() == (
        "The next progress report is overdue by 32 days: it was due on 2026-09-30 "
        "(quarterly cadence, last report 2026-06-30)."
    )
    assert reporting_due(organisation("yearly"), CADENCES, ON, warn_days=30).sentence() == (
        "No progress report is published yet (yearly cadence): the commitment to report is overdue."
    )


LUMEN_DUE = "2027-09-15"  # a year (366 days) after the report of 2026-09-14


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "sarif", "junit", "github"])
def test_every_check_format_says_when_the_next_report_is_due(fmt: str) -> None:
    result = run_cli(["check", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "-f", fmt, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    assert LUMEN_DUE in result.stdout


def test_a_report_due_within_the_warning_days_is_a_warning_in_every_human_format() -> None:
    args = ["check", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "--fail-on", "none", "--report-warning-days"]
    quiet = run_cli([*args, "30"])
    assert "warning:" not in quiet.stderr
    loud = run_cli([*args, "400"])
    assert f"warning: examples/lumen-labs.yaml: The next progress report is due on {LUMEN_DUE}, in 318 days" in (
        loud.stderr.replace(str(EXAMPLES) + "/", "examples/")
    )
    for fmt in ("markdown", "html"):
        text = run_cli([*args, "400", "-f", fmt]).stdout
        assert "⚠" in text and "Progress reporting" in text and "in 318 days" in text
    report = json.loads(run_cli([*args, "400", "-f", "json"]).stdout)["assessments"][0]
    assert report["reporting"]["state"] == "due-soon" and report["reporting"]["days"] == 318
    assert any("in 318 days" in w for w in report["warnings"])


def _waiver_soon(tmp_path: Path) -> Path:
    """Open Canvas with its waiver ending nine days after the assessment date."""
    with_evidence(tmp_path)
    target = tmp_path / "open-canvas.yaml"
    shutil.copy(EXAMPLES / "open-canvas.yaml", target)
    text = target.read_text(encoding="utf-8")
    expiry = re.search(r"expires: (\d{4}-\d\d-\d\d)", text)
    assert expiry
    target.write_text(text.replace(expiry.group(0), "expires: 2026-11-10"), encoding="utf-8")
    return target


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_the_waiver_runway_and_the_fix_first_plan_are_in_every_human_format_and_json(tmp_path: Path, fmt: str) -> None:
    manifest = _waiver_soon(tmp_path)
    text = run_cli(["check", manifest, "--as-of", AS_OF, "-f", fmt, "--fail-on", "none"]).stdout
    assert "expires on 2026-11-10, in 9 days" in text
    if fmt == "json":
        fix = json.loads(text)["assessments"][0]["fix_first"]
        assert [f["control"] for f in fix][:1] == ["DEV1-04"] and len(fix) == 5 and fix[0]["gain"] > 0
    else:
        assert "Fix first" in text and "DEV1-04" in text and "+5.7 points" in text


def test_the_html_report_opens_with_the_summary_then_the_detail() -> None:
    html = run_cli(["check", EXAMPLES / "open-canvas.yaml", "--as-of", AS_OF, "-f", "html", "--fail-on", "none"]).stdout
    section = html.split('<h2 id="org-1">', 1)[1]
    summary, detail = section.split('<h3 id="o1-detail">Detail</h3>', 1)
    assert '<h3 id="o1-sum">Summary</h3>' in summary and "Overall score <strong>14.3</strong>" in summary
    assert summary.count("<svg") == 2 and '<desc id="o1-scores-d">Develop: 17.0; DEV1 ' in summary
    assert "Fix first: the 5 fixes with the largest gain" in summary
    assert len(re.findall(r"<li><a href=\"#c-", summary)) == 5
    assert "overdue by 397 days" in summary
    assert "<table" not in summary and "<table" in detail


def test_markdown_stays_within_githubs_comment_limit_and_says_what_it_left_out(tmp_path: Path) -> None:
    with_evidence(tmp_path)
    files = []
    for number in range(4):
        files.append(tmp_path / f"canvas-{number}.yaml")
        shutil.copy(EXAMPLES / "open-canvas.yaml", files[-1])
    one = run_cli(["check", files[0], "--as-of", AS_OF, "-f", "markdown", "--fail-on", "none"]).stdout
    assert 16_000 < len(one) < 65_536 and "<details>" not in one  # one fits whole
    text = run_cli(["check", *files, "--as-of", AS_OF, "-f", "markdown", "--fail-on", "none"]).stdout
    assert len(text) <= 65_536
    assert text.count("# Safety by Design gap analysis: Open Canvas Collective") == 4  # each one is named
    assert text.count("**Score 14.3 / 100**") == 4
    assert text.count("## Fix first") >= 3  # a summary is kept while one fits
    assert "<details><summary>Detail (shortened to stay within GitHub's 65,536-character limit)" in text
    assert re.search(r"longer than GitHub's comment limit: \d+ more finding\(s\)", text)
