"""Local evidence files: a path that names no file is a located problem, and the JSON report
records the SHA-256 of every file it judged."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.support.cli import run_cli
from tests.support.manifests import VALID_MANIFEST, write_manifest
from tests.support.paths import EXAMPLES

AS_OF = "2026-12-01"


def _with_paths(*paths: str) -> str:
    entries = "".join(f"      - path: {p}\n        date: 2025-09-30\n" for p in paths)
    return VALID_MANIFEST + entries


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_missing_evidence_file_is_reported_at_its_line(tmp_path: Path) -> None:
    text = _with_paths("evidence/audit-2025.pdf")
    manifest = write_manifest(tmp_path, text)
    result = run_cli(["validate", manifest])
    assert result.exit_code == 2
    line = _line_of(text, "evidence/audit-2025.pdf")
    assert f"{manifest}:{line}:" in result.output
    assert "evidence file 'evidence/audit-2025.pdf' does not exist" in result.output
    assert "$.safeguards[0].evidence[1].path" in result.output
    # check refuses it the same way rather than judging a claim whose evidence is not there
    assert run_cli(["check", manifest, "--as-of", AS_OF]).exit_code == 2


def test_paths_are_relative_to_the_manifest_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "org" / "evidence").mkdir(parents=True)
    (tmp_path / "org" / "evidence" / "audit.md").write_text("audit\n", encoding="utf-8")
    manifest = write_manifest(tmp_path / "org", _with_paths("evidence/audit.md"))
    monkeypatch.chdir(tmp_path)
    assert run_cli(["validate", manifest]).exit_code == 0
    assert run_cli(["validate", "org/manifest.yaml"]).exit_code == 0


def test_a_folder_or_a_named_pipe_is_not_evidence(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    os.mkfifo(tmp_path / "pipe")
    manifest = write_manifest(tmp_path, _with_paths("evidence", "pipe"))
    result = run_cli(["validate", manifest])  # must not block on the pipe
    assert result.exit_code == 2
    assert "evidence file 'evidence' is a folder, not a file" in result.output
    assert "evidence file 'pipe' is not a regular file" in result.output


def test_standard_input_reads_evidence_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from pledgecheck.cli import app

    monkeypatch.chdir(tmp_path)
    text = _with_paths("note.md")
    missing = CliRunner().invoke(app, ["validate", "-"], input=text)
    assert missing.exit_code == 2
    assert "<stdin>:" in missing.output and "'note.md' does not exist" in missing.output
    (tmp_path / "note.md").write_text("note\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["validate", "-"], input=text).exit_code == 0


def test_the_json_report_records_each_local_file_once_with_its_digest(tmp_path: Path) -> None:
    (tmp_path / "evidence").mkdir()
    contents = {"evidence/b.md": b"second\n", "evidence/a.csv": b"finding,severity\nx,high\n"}
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
    manifest = write_manifest(tmp_path, _with_paths("evidence/b.md", "evidence/a.csv", "evidence/b.md"))
    result = run_cli(["check", manifest, "--as-of", AS_OF, "--format", "json", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    recorded = json.loads(result.stdout)["assessments"][0]["evidence_files"]
    assert recorded == [
        {"path": name, "sha256": hashlib.sha256(contents[name]).hexdigest(), "bytes": len(contents[name])}
        for name in sorted(contents)
    ]
    # a changed file changes the report: the digest says what was judged
    (tmp_path / "evidence/a.csv").write_bytes(b"changed\n")
    again = json.loads(run_cli(["check", manifest, "--as-of", AS_OF, "-f", "json", "--fail-on", "none"]).stdout)
    assert again["assessments"][0]["evidence_files"][0]["sha256"] == hashlib.sha256(b"changed\n").hexdigest()


def test_a_manifest_citing_only_urls_records_no_files(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, VALID_MANIFEST)
    result = run_cli(["check", manifest, "--as-of", AS_OF, "-f", "json", "--fail-on", "none"])
    assert json.loads(result.stdout)["assessments"][0]["evidence_files"] == []


def test_every_evidence_file_the_examples_cite_is_there() -> None:
    cited = set()
    for example in sorted(EXAMPLES.glob("*.yaml")):
        for line in example.read_text(encoding="utf-8").splitlines():
            if "path: evidence/" in line:
                cited.add(line.split("path: ", 1)[1].split(",")[0].strip())
    assert len(cited) >= 15
    assert all((EXAMPLES / name).is_file() for name in cited), sorted(n for n in cited if not (EXAMPLES / n).is_file())
