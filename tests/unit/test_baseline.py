"""Baselines over several manifests: keyed by manifest, control and system."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pledgecheck.cli import app

_MANIFEST = """\
manifest_version: 1
organisation:
  name: {name}
  roles: [model-developer]
systems:
  - id: studio
    name: Studio
    modalities: {{input: [text], output: [image]}}
    release_type: hosted-api
safeguards:
{safeguards}
"""
_VETTING = """\
  - id: vetting
    kind: training-data-source-vetting
    status: implemented
    details: {excluded_datasets: [LAION-5B]}
    evidence: [{url: "https://example.org/register", date: 2026-10-01}]
"""


def _cli(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code, result.stderr


def _write(folder: Path, name: str, *, vetting: bool) -> str:
    path = folder / f"{name.lower()}.yaml"
    path.write_text(_MANIFEST.format(name=name, safeguards=_VETTING if vetting else "  []"), encoding="utf-8")
    return str(path)


def test_a_baseline_of_two_manifests_reports_no_false_fixed_line(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "Alpha", vetting=False), _write(tmp_path, "Beta", vetting=True)
    baseline = str(tmp_path / "baseline.json")
    pinned = ["--as-of", "2026-11-01"]
    assert _cli(["baseline", a, b, "-o", baseline, *pinned])[0] == 0
    entries = json.loads(Path(baseline).read_text(encoding="utf-8"))["findings"]
    assert {e["manifest"] for e in entries} == {a, b}
    assert any(e["manifest"] == a and e["control"] == "DEV1-01" for e in entries)
    assert not any(e["manifest"] == b and e["control"] == "DEV1-01" for e in entries)

    code, stderr = _cli(["check", a, b, "--baseline", baseline, *pinned, "--fail-on", "low"])
    assert code == 0, stderr
    assert "no longer fails" not in stderr


def test_a_new_gap_in_one_manifest_is_not_hidden_by_another_manifests_entry(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "Alpha", vetting=False), _write(tmp_path, "Beta", vetting=True)
    baseline = str(tmp_path / "baseline.json")
    pinned = ["--as-of", "2026-11-01"]
    assert _cli(["baseline", a, b, "-o", baseline, *pinned])[0] == 0
    _write(tmp_path, "Beta", vetting=False)  # Beta loses the safeguard Alpha never had

    code, stderr = _cli(["check", a, b, "--baseline", baseline, *pinned, "--fail-on", "low"])
    assert code == 1
    assert f"gate failed: {b}: " in stderr and "new gap(s) or partial(s)" in stderr
    assert a + ":" not in stderr.split("gate failed:", 1)[1]


def test_a_fixed_entry_is_reported_once_with_its_manifest(tmp_path: Path) -> None:
    a, b = _write(tmp_path, "Alpha", vetting=False), _write(tmp_path, "Beta", vetting=True)
    baseline = str(tmp_path / "baseline.json")
    pinned = ["--as-of", "2026-11-01"]
    assert _cli(["baseline", a, b, "-o", baseline, *pinned])[0] == 0
    _write(tmp_path, "Alpha", vetting=True)

    code, stderr = _cli(["check", a, b, "--baseline", baseline, *pinned, "--fail-on", "low"])
    assert code == 0, stderr
    assert stderr.count("DEV1-01 (organisation) no longer fails") == 1
    assert f"{a}: DEV1-01 (organisation) no longer fails" in stderr


def test_a_baselined_partial_that_becomes_a_gap_fails_the_gate(tmp_path: Path) -> None:
    partial = _VETTING.replace("status: implemented", "status: partial")
    path = tmp_path / "alpha.yaml"
    path.write_text(_MANIFEST.format(name="Alpha", safeguards=partial), encoding="utf-8")
    baseline = str(tmp_path / "baseline.json")
    pinned = ["--as-of", "2026-11-01", "--fail-on", "low"]
    assert _cli(["baseline", str(path), "-o", baseline, *pinned[:2]])[0] == 0
    assert _cli(["check", str(path), "--baseline", baseline, *pinned])[0] == 0
    path.write_text(_MANIFEST.format(name="Alpha", safeguards="  []"), encoding="utf-8")  # DEV1-01 now a gap
    code, stderr = _cli(["check", str(path), "--baseline", baseline, *pinned])
    assert code == 1 and "new gap(s) or partial(s)" in stderr
