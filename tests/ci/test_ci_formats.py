"""SARIF, JUnit and GitHub annotations, judged by real clients where one exists."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped

from tests.support.ci import PINNED
from tests.support.cli import Run, process_runner
from tests.support.paths import ROOT

SARIF_TOOL = ROOT / "tools" / "node_modules" / ".bin" / "sarif-multitool"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """As the CI conftest's, with a relative PYTHONPATH made absolute first: resolved in
    tmp_path it would find nothing, and the process would run an installed copy instead of the
    code under test (the README's command installs afresh and sets none)."""
    paths = os.environ.get("PYTHONPATH", "")
    if paths:
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(os.path.abspath(p) for p in paths.split(os.pathsep) if p))
    return process_runner(tmp_path)


def test_three_formats_in_one_run_and_exit_code_independent_of_format(run: Run, manifest: Path) -> None:
    result = run("check", "manifest.yaml", *PINNED, "-o", "sarif:out.sarif", "-o", "junit:junit.xml", "-f", "github")
    assert result.returncode == 1  # DEP1-01 (critical) gap and DEV1-02 (high) partial
    for fmt in ("text", "json", "markdown", "sarif", "junit", "github"):
        assert run("check", "manifest.yaml", *PINNED, "-f", fmt).returncode == 1
    assert run("check", "manifest.yaml", *PINNED, "-f", "sarif", "--fail-on", "none").returncode == 0
    assert (manifest.parent / "out.sarif").is_file() and (manifest.parent / "junit.xml").is_file()


def test_sarif_content(run: Run, manifest: Path) -> None:
    log = json.loads(run("check", "manifest.yaml", *PINNED, "-f", "sarif").stdout)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [  # every control of the pack, in pack order
        "DEV1-01", "DEV1-02", "DEV1-03", "DEP1-01", "DEP1-02", "DEP1-03", "DEP1-04",
    ]  # fmt: skip
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in driver["rules"]}
    assert levels == {  # critical and high: error; medium: warning; low: note
        "DEV1-01": "error", "DEV1-02": "error", "DEV1-03": "note",
        "DEP1-01": "error", "DEP1-02": "error", "DEP1-03": "warning", "DEP1-04": "warning",
    }  # fmt: skip
    assert driver["rules"][0]["properties"]["principle"] == "DEV1"
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["properties"]["system"]) for r in results] == [
        ("DEV1-02", "studio"), ("DEP1-01", "chat"), ("DEP1-02", "chat"), ("DEP1-04", ""),
    ]  # fmt: skip
    location = results[1]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "manifest.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 14, "startColumn": 5}  # the system 'chat'
    waived = results[2]
    assert waived["suppressions"][0]["kind"] == "external"
    assert "age checks ship with the next release" in waived["suppressions"][0]["justification"]
    assert "suppressions" not in results[3]


def test_sarif_fingerprints_survive_unrelated_edits(run: Run, manifest: Path) -> None:
    before = json.loads(run("check", "manifest.yaml", *PINNED, "-f", "sarif").stdout)
    manifest.write_text("# a comment\n# moves every line\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(run("check", "manifest.yaml", *PINNED, "-f", "sarif").stdout)
    prints = [[r["partialFingerprints"] for r in log["runs"][0]["results"]] for log in (before, after)]
    lines = [[r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]]
             for log in (before, after)]  # fmt: skip
    assert prints[0] == prints[1] and lines[0] != lines[1]
    assert len({json.dumps(p) for p in prints[0]}) == len(prints[0])


@pytest.mark.slow
def test_sarif_passes_microsoft_validator(run: Run, manifest: Path, tmp_path: Path) -> None:
    if not SARIF_TOOL.exists():
        if not (ROOT / "tools" / "package-lock.json").exists() or not shutil.which("npm"):
            pytest.fail("tools/node_modules is missing: run scripts/install-test-tools (npm ci in tools/)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT / "tools", check=True, timeout=600)
    # two manifests, one in a folder whose name needs URI escaping, and an expired waiver
    (tmp_path / "sub dir").mkdir()
    expired = manifest.read_text(encoding="utf-8").replace("expires: 2026-12-31", "expires: 2026-01-31")
    (tmp_path / "sub dir" / "manifest.yaml").write_text(expired, encoding="utf-8")
    result = run("check", "manifest.yaml", "sub dir/manifest.yaml", *PINNED, "-o", "sarif:out.sarif")
    assert result.returncode == 1, result.stderr
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    }
    assert uris == {"manifest.yaml", "sub%20dir/manifest.yaml"}
    subprocess.run(
        [str(SARIF_TOOL), "validate", "out.sarif", "-o", "log.sarif"], cwd=tmp_path, check=True, timeout=300,
        capture_output=True,
    )  # fmt: skip
    log = json.loads((tmp_path / "log.sarif").read_text(encoding="utf-8-sig"))
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    errors = [r for r in log["runs"][0].get("results", []) if r.get("level", "warning") == "error"]
    assert errors == []


def test_gitlab_code_quality(run: Run, manifest: Path) -> None:
    issues = json.loads(run("check", "manifest.yaml", *PINNED, "-f", "codequality").stdout)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("DEV1-02", "major", 30), ("DEP1-01", "critical", 14), ("DEP1-02", "info", 14), ("DEP1-04", "minor", 7),
    ]  # fmt: skip
    # the waived DEP1-02 stays visible, as info, naming its waiver
    assert "waived until 2026-12-31" in issues[2]["description"]
    assert len({i["fingerprint"] for i in issues}) == 4 and all(
        i["location"]["path"] == "manifest.yaml" for i in issues
    )


def test_junit_counts(run: Run, manifest: Path, tmp_path: Path) -> None:
    assert run("check", "manifest.yaml", *PINNED, "-o", "junit:junit.xml").returncode == 1
    xml = JUnitXml.fromfile(str(tmp_path / "junit.xml"))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    # 10 findings: 2 met, 3 failing, 1 waived and 4 not applicable (skipped)
    assert (suite.tests, suite.failures, suite.skipped, suite.errors) == (10, 3, 5, 0)
    outcomes = {}
    for case in suite:
        kinds = {type(r).__name__ for r in case.result}
        outcomes[(case.classname, case.name)] = kinds
        if isinstance(next(iter(case.result), None), Skipped):
            assert case.result[0].message
    failing = [key for key, kinds in outcomes.items() if Failure.__name__ in kinds]
    # the file is part of the class, so the same control of two manifests never merges
    assert sorted(c for c, _ in failing) == ["manifest.yaml.DEP1-01", "manifest.yaml.DEP1-04", "manifest.yaml.DEV1-02"]
    assert any("waived until 2026-12-31" in (r.message or "") for case in suite for r in case.result)


def test_junit_shows_xml_illegal_characters_escaped(run: Run, manifest: Path, tmp_path: Path) -> None:
    text = manifest.read_text(encoding="utf-8").replace("Example Labs", '"Evil\\x01 <Labs> & ]]>"')
    manifest.write_text(text, encoding="utf-8")
    run("check", "manifest.yaml", *PINNED, "-o", "junit:junit.xml")
    suite = next(iter(JUnitXml.fromfile(str(tmp_path / "junit.xml"))))
    assert suite.name.startswith("Evil\\x01 <Labs> & ]]>")


def test_github_annotations_cannot_be_injected(run: Run, manifest: Path) -> None:
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("name: Example Labs", 'name: "100% Evil\\n::error::owned, a:b"')
    text = text.replace(
        "justification: age checks ship with the next release",
        'justification: "50%\\r\\n::error file=x,line=1::pwned\\n::add-mask::secret"',
    )
    manifest.write_text(text, encoding="utf-8")
    result = run("check", "manifest.yaml", *PINNED, "-f", "github")
    lines = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines
    assert len(lines) == 5  # 3 failing, 1 waived, 1 summary
    waived = next(line for line in lines if "waived" in line)
    assert "50%25\\x0d\\x0a::error file=x,line=1::pwned\\x0a::add-mask::secret" in waived  # shown, on one line
    assert "100%25 Evil\\x0a::error::owned, a:b" in lines[-1]
    assert lines[0].startswith("::error file=manifest.yaml,line=14,col=5,title=DEP1-01 Detect abuse material in inputs")
    assert lines[2].startswith("::warning ")  # DEP1-04, medium


def test_junit_parses_for_hostile_file_names_and_keeps_organisations_apart(
    run: Run, manifest: Path, tmp_path: Path
) -> None:
    hostile = "evil\x01\x1b[2J\x7f\ufffe]]>&<'\".yaml"
    (tmp_path / hostile).write_text(manifest.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", "manifest.yaml", hostile, *PINNED, "-o", "junit:junit.xml")
    assert result.returncode == 1, result.stderr
    suites = list(JUnitXml.fromfile(str(tmp_path / "junit.xml")))  # well-formed XML
    assert len(suites) == 2
    classes = [{case.classname for case in suite if case.name.startswith("DEP1-01 ")} for suite in suites]
    assert classes[0].isdisjoint(classes[1])  # the same control of two manifests does not merge
    assert any("\\x01\\x1b[2J\\x7f\\ufffe" in (case.classname or "") for case in suites[1])


def test_github_keeps_the_ten_most_severe_errors_and_writes_the_job_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.cli import run_cli

    monkeypatch.chdir(ROOT)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = ["check", "examples/open-canvas.yaml", "--as-of", "2026-11-01", "--fail-on", "none"]
    result = run_cli([*args, "-f", "github"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 10  # GitHub shows at most ten per step
    (report,) = json.loads(run_cli([*args, "-f", "json"]).stdout)["assessments"]
    failing = [f["severity"] for f in report["findings"] if f["status"] in ("gap", "partial")]
    assert failing.count("critical") + failing.count("high") == 15
    assert sum("(critical " in line for line in errors) == min(10, failing.count("critical"))  # most severe kept
    assert lines[-1].startswith("::notice title=pledgecheck::5 more error annotation(s) left out")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n# Safety by Design gap analysis: ")  # appended, whole
    assert written[len("earlier step\n") :] == run_cli([*args, "-f", "markdown"]).stdout
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    summary.write_text("", encoding="utf-8")
    run_cli([*args, "-f", "markdown"])
    assert summary.read_text(encoding="utf-8") == ""  # only with the github format


def test_sarif_rules_rank_by_security_severity_and_link_their_own_docs(run: Run, manifest: Path) -> None:
    log = json.loads(run("check", "manifest.yaml", *PINNED, "-f", "sarif").stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ranks = {r["properties"]["severity"]: r["properties"]["security-severity"] for r in rules}
    assert ranks == {"critical": "9.5", "high": "7.5", "medium": "5.0", "low": "2.0"}
    assert all(r["helpUri"].startswith("https://") and '"' not in r["helpUri"] for r in rules if "helpUri" in r)
    assert "baselineState" not in log["runs"][0]["results"][0]  # only with a baseline
