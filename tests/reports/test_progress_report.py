"""`pledgecheck report`: a progress report an organisation would publish, for each example;
what changed since an earlier version (a file or a git revision); the checked-in sample."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.compare_manifests import AS_OF, with_evidence
from tests.support.paths import EXAMPLES, ROOT

SAMPLE = ROOT / "docs" / "sample-progress-report.md"
#: the command that wrote docs/sample-progress-report.md (docs/reports.md shows it too)
SAMPLE_ARGS = ["report", "examples/lumen-labs.yaml", "--audience", "public", "--as-of", "2026-11-01", "-f", "markdown"]


def test_the_sample_in_docs_is_what_the_command_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli(SAMPLE_ARGS)
    assert result.exit_code == 0, result.output
    assert result.stdout == SAMPLE.read_text(encoding="utf-8"), "regenerate: pledgecheck " + " ".join(SAMPLE_ARGS)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_each_example_reads_like_a_published_progress_report(example: str) -> None:
    result = run_cli(["report", EXAMPLES / example, "--as-of", AS_OF, "-f", "markdown"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert re.match(r"# .+: Safety by Design progress report\n\nPublic edition · as of 2026-11-01", text)
    headings = re.findall(r"^## (\w+)", text, flags=re.MULTILINE)
    assert headings[:5] == ["At", "Develop", "Deploy", "Maintain", "Transparency"]
    assert len(re.findall(r"^### (DEV|DEP|MNT)[1-3] ", text, flags=re.MULTILINE)) == 9
    assert re.search(r"\*\*What we do\*\*\n\n- \*\*[A-Z]", text)  # a sentence, not a kind id
    assert re.search(r"Evidence: \[[^]]+\]\(<https://[^>]+>\) \(\d{4}(-\d\d)?(-\d\d)?, ", text)  # linked, dated
    assert "The next progress report" in text or "No progress report is published" in text
    assert "The scores count" in text
    for machine in ("$.", ".yaml", "safeguards[", "Traceback"):
        assert machine not in text  # no file paths or JSON paths in a publication


def test_planned_work_is_listed_with_its_due_date_and_overdue_plans_are_said() -> None:
    text = run_cli(["report", EXAMPLES / "open-canvas.yaml", "--as-of", AS_OF, "-f", "markdown"]).stdout
    assert "**Planned**" in text
    assert "(planned, due 2025-12-31, overdue; organisation-wide)" in text
    assert "Still open" in text and "(the organisation: not met)" in text


def test_the_html_edition_is_one_self_contained_page_with_a_described_chart() -> None:
    html = run_cli(["report", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "-f", "html"]).stdout
    assert html.startswith("<!DOCTYPE html>") and "default-src 'none'" in html
    assert html.count("<svg") == 1 and '<desc id="progress-scores-d">Develop: 100.0;' in html
    assert '<a href="https://lumen.example.com/safety/child-safety-progress-2026">' in html
    assert "Not shown to a public audience (coalition or internal tier): 1 safeguard, 1 evidence item." in html


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder,
                   check=True, capture_output=True, timeout=60)  # fmt: skip


def _older(text: str) -> str:
    """Lumen's manifest a year earlier: no 2026 report, content credentials only planned."""
    text = re.sub(r"      - date: 2026-09-14\n        url: \S+\n        title: [^\n]+\n", "", text)
    head = "  - id: canvas-c2pa\n    kind: content-provenance\n    status: "
    text = text.replace(head + "implemented\n", head + "planned\n    due: 2026-06-30\n")
    return re.sub(r"  - id: sextortion-rules\n(    [^\n]*\n|      [^\n]*\n)+", "", text)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_since_a_git_revision_says_what_changed(tmp_path: Path) -> None:
    manifest = tmp_path / "lumen.yaml"
    with_evidence(tmp_path)
    current = (EXAMPLES / "lumen-labs.yaml").read_text(encoding="utf-8")
    manifest.write_text(_older(current), encoding="utf-8")
    assert "sextortion-rules" not in manifest.read_text(encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "2025")
    _git(tmp_path, "tag", "report-2025")
    manifest.write_text(current, encoding="utf-8")
    result = run_cli(["report", manifest, "--since", "report-2025", "--as-of", AS_OF, "-f", "markdown"])
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## What changed since ", 1)[1].split("\n## ", 1)[0]
    assert section.startswith("the manifest at revision report-2025 (latest progress report then: 2025-09-15)")
    assert "- New: deceptive-use-prohibition — deceptive uses to sexually harm children disallowed" in section
    assert (
        "- content-provenance — C2PA credentials or equivalent signed metadata on generated media: "
        "planned → implemented." in section
    )
    assert "- Progress report published: Safety by Design progress report 2026 (2026-09-14)." in section
    assert re.search(r"- Overall score \d+\.\d → \d+\.\d\.", section)


def test_since_an_unknown_revision_is_a_located_error(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "lumen-labs.yaml", tmp_path / "lumen.yaml")
    with_evidence(tmp_path)
    result = run_cli(["report", tmp_path / "lumen.yaml", "--since", "no-such-ref", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "no-such-ref" in result.stderr and "Traceback" not in result.output
