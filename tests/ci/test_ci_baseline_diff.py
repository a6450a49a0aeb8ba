"""Waivers files, baselines and diffs through the CLI, bad input included (exit 2, no files)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.support.ci import PINNED
from tests.support.cli import Run

STALE_REPORT = "date: 2025-06-01"  # the progress report: DEP1-04 partial
FRESH_REPORT = "date: 2026-06-01"
WAIVERS = """\
waivers:
  - control: DEP1-01
    system: chat
    justification: prompt filter ships in December
    approver: Head of Trust
    expires: 2026-11-20
"""


def test_waivers_file_applies_and_warns(run: Run, manifest: Path, tmp_path: Path) -> None:
    (tmp_path / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    result = run("check", "manifest.yaml", *PINNED, "--waivers", "waivers.yaml", "-f", "json", "--fail-on", "critical")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["assessments"][0]["findings"]
    assert {(f["control"], f["system"]) for f in findings if f["status"] == "waived"} == {
        ("DEP1-01", "chat"), ("DEP1-02", "chat"),
    }  # fmt: skip
    assert "waivers.yaml:2: the waiver of DEP1-01 for system 'chat' expires on 2026-11-20, in 19 days" in result.stderr
    quiet = run("check", "manifest.yaml", *PINNED, "--waivers", "waivers.yaml", "--waiver-warning-days", "5")
    assert "expires on" not in quiet.stderr


def test_bad_waivers_files(run: Run, manifest: Path, tmp_path: Path) -> None:
    (tmp_path / "w.yaml").write_text(WAIVERS.replace("DEP1-01", "DEP1-09").replace("    approver", "    approvr"))
    result = run("check", "manifest.yaml", *PINNED, "--waivers", "w.yaml", "-o", "sarif:out.sarif")
    assert result.returncode == 2
    assert "w.yaml:2:5: missing required key 'approver' (at $.waivers[0])" in result.stderr
    assert "w.yaml:5:5: unknown key 'approvr'" in result.stderr
    (tmp_path / "w.yaml").write_text(WAIVERS.replace("DEP1-01", "DEP1-09"))
    result = run("check", "manifest.yaml", *PINNED, "--waivers", "w.yaml", "-o", "sarif:out.sarif")
    assert result.returncode == 2 and "w.yaml:2:5: waiver names control 'DEP1-09'" in result.stderr
    assert run("check", "manifest.yaml", *PINNED, "--waivers", "missing.yaml").returncode == 2
    assert not (tmp_path / "out.sarif").exists()


def test_baseline_gates_only_new_failures_and_reports_fixed(run: Run, manifest: Path, tmp_path: Path) -> None:
    assert run("baseline", "manifest.yaml", *PINNED, "--output", "baseline.json").returncode == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert recorded["schema_version"] == 2
    assert [(f["manifest"], f["control"], f["system"]) for f in recorded["findings"]] == [
        ("manifest.yaml", "DEP1-01", "chat"), ("manifest.yaml", "DEP1-04", ""), ("manifest.yaml", "DEV1-02", "studio"),
    ]  # fmt: skip
    # unrelated edits move every line, and a fresh progress report fixes DEP1-04: nothing new
    text = "# moved\n\n" + manifest.read_text(encoding="utf-8").replace(STALE_REPORT, FRESH_REPORT)
    manifest.write_text(text, encoding="utf-8")
    result = run("check", "manifest.yaml", *PINNED, "--baseline", "baseline.json")
    assert result.returncode == 0, result.stderr
    assert "fixed: baseline.json: manifest.yaml: DEP1-04 (organisation) no longer fails" in result.stderr
    # a new gap: the waiver of DEP1-02 (high) for chat is removed
    manifest.write_text(text.split("waivers:")[0], encoding="utf-8")
    result = run("check", "manifest.yaml", *PINNED, "--baseline", "baseline.json", "--fail-on", "medium")
    assert result.returncode == 1 and "1 new gap(s)" in result.stderr


def test_bad_baselines(run: Run, manifest: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "other.json").write_text('{"schema_version": 7}', encoding="utf-8")
    for name, message in (
        ("bad.json", "bad.json:1:2: not a baseline: invalid JSON"),
        ("other.json", "not a pledgecheck baseline of schema_version 1 or 2 (found 7)"),
        ("absent.json", "absent.json: no such file"),
    ):
        result = run("check", "manifest.yaml", *PINNED, "--baseline", name, "-o", "sarif:out.sarif")
        assert result.returncode == 2 and message in result.stderr
    assert run("baseline", "manifest.yaml", *PINNED, "-o", "nowhere/baseline.json").returncode == 2
    result = run("check", "manifest.yaml", *PINNED, "-o", "sarif:nowhere/out.sarif", "-o", "junit:j.xml")
    assert result.returncode == 2 and "folder 'nowhere' does not exist" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "bad.json", "manifest.yaml", "other.json",
    ]  # fmt: skip


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def test_diff_files_and_git_base(run: Run, manifest: Path, tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "manifest.yaml")
    _git(tmp_path, "commit", "-q", "-m", "first")
    old = manifest.read_text(encoding="utf-8")
    # a fresh progress report; a new image system 'atlas' that nothing covers; the prompt
    # filter's hash list emptied and its evidence removed
    new = old.replace(STALE_REPORT, FRESH_REPORT).replace("hash_lists: [iwf]", "hash_lists: []")
    new = new.replace(
        "systems:\n  - id: studio",
        "systems:\n  - id: atlas\n    name: Atlas\n"
        "    modalities: {input: [text], output: [image]}\n    release_type: hosted-api\n  - id: studio",
    )
    new = new.replace('\n    evidence:\n      - {url: "https://example.org/filter", date: 2026-01-10}', "")
    manifest.write_text(new, encoding="utf-8")
    result = run("diff", "--base", "HEAD", "manifest.yaml", *PINNED, "-f", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(c["control"], c["system"], c["old"], c["new"]) for c in report["regressions"]] == [
        ("DEP1-01", "atlas", "absent", "gap"), ("DEP1-01", "studio", "met", "partial"),
        ("DEV1-02", "atlas", "absent", "gap"),
    ]  # fmt: skip
    assert [(c["control"], c["old"], c["new"]) for c in report["improvements"]] == [("DEP1-04", "partial", "met")]
    assert report["evidence"] == ["evidence https://example.org/filter of safeguard 'prompt-filter' was removed"]
    assert report["uncovered_systems"] == ["system 'atlas' was added with gaps in DEP1-01, DEV1-02"]
    markdown = run("diff", "--base", "HEAD", "manifest.yaml", *PINNED, "-f", "markdown", "--fail-on", "critical")
    assert markdown.returncode == 1 and "### 🔴 Regressions" in markdown.stdout
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    same = run("diff", "old.yaml", "old.yaml", *PINNED)
    assert same.returncode == 0 and "No change" in same.stdout
    medium_only = run("diff", "manifest.yaml", "old.yaml", *PINNED, "--fail-on", "none")
    assert medium_only.returncode == 0


def test_diff_bad_refs(run: Run, manifest: Path, tmp_path: Path) -> None:
    outside = run("diff", "--base", "HEAD", "manifest.yaml", *PINNED)
    assert outside.returncode == 2 and "not inside a git repository" in outside.stderr
    _git(tmp_path, "init", "-q")
    (tmp_path / "other.yaml").write_text("x: 1\n", encoding="utf-8")
    _git(tmp_path, "add", "other.yaml")
    _git(tmp_path, "commit", "-q", "-m", "first")
    unknown = run("diff", "--base", "no-such-ref", "manifest.yaml", *PINNED, "-o", "diff.md")
    assert unknown.returncode == 2 and "unknown git ref 'no-such-ref'" in unknown.stderr
    missing = run("diff", "--base", "HEAD", "manifest.yaml", *PINNED, "-o", "diff.md")
    assert missing.returncode == 2 and "manifest.yaml does not exist at git ref 'HEAD'" in missing.stderr
    assert not (tmp_path / "diff.md").exists()
    assert run("diff", "manifest.yaml", *PINNED).returncode == 2  # one file without --base
