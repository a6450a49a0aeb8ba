"""Disclosure tiers: the default, inheritance (a part can only be stricter than its parent),
positions of the view, and how each command takes an audience."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pledgecheck.disclosure import audience_view, stricter
from pledgecheck.loading import validated
from pledgecheck.source import Document, parse_yaml
from tests.support.cli import run_cli
from tests.support.compare_manifests import AS_OF
from tests.support.paths import EXAMPLES

BASE: dict[str, Any] = {
    "manifest_version": 2,
    "organisation": {"name": "Tiered Labs", "roles": ["model-developer"]},
    "systems": [
        {"id": "public-model", "name": "Open", "modalities": {"output": ["image"]}, "release_type": "hosted-api"},
        {
            "id": "secret-model",
            "name": "Secret",
            "modalities": {"output": ["image"]},
            "release_type": "internal",
            "disclosure": "internal",
        },
    ],
    "safeguards": [
        {"id": "a", "kind": "usage-policy", "status": "implemented", "details": {"prohibits": ["csam"]}},
        {"id": "b", "kind": "red-team-feedback-loop", "status": "implemented", "disclosure": "internal"},
        {"id": "c", "kind": "content-provenance", "status": "implemented", "systems": ["public-model", "secret-model"]},
        {"id": "d", "kind": "invisible-watermarking", "status": "implemented", "systems": ["secret-model"]},
        {
            "id": "e",
            "kind": "training-data-policy",
            "status": "implemented",
            "disclosure": "coalition",
            "evidence": [{"url": "https://example.org/e", "disclosure": "public"}],
        },
    ],
}


def doc(data: dict[str, Any]) -> Document:
    return validated(parse_yaml(json.dumps(data, indent=1), file="tiers.yaml"))


def test_the_stricter_tier_always_wins() -> None:
    assert stricter("public", None) == "public"
    assert stricter("public", "internal") == "internal"
    assert stricter("internal", "public") == "internal"  # a child cannot loosen its parent
    assert stricter("coalition", "coalition") == "coalition"


def test_by_default_everything_is_public_so_files_without_tiers_keep_their_meaning() -> None:
    plain = copy.deepcopy(BASE)
    for part in plain["systems"] + plain["safeguards"]:
        part.pop("disclosure", None)
    plain["safeguards"][4]["evidence"][0].pop("disclosure")
    view = audience_view(doc(plain), "public")
    assert view.doc.data == plain and view.redactions.total == 0


def test_a_public_view_drops_stricter_parts_and_what_only_covers_them() -> None:
    view = audience_view(doc(BASE), "public")
    assert [s["id"] for s in view.doc.data["systems"]] == ["public-model"]
    assert [s["id"] for s in view.doc.data["safeguards"]] == ["a", "c"]
    assert view.doc.data["safeguards"][1]["systems"] == ["public-model"]  # d covered the hidden system only
    counts = view.redactions
    assert (counts.systems, counts.safeguards, counts.evidence) == (1, 3, 0)
    assert "1 system, 3 safeguards" in counts.sentence()


def test_an_organisation_default_is_inherited_and_children_may_only_be_stricter() -> None:
    data = copy.deepcopy(BASE)
    data["organisation"]["disclosure"] = "coalition"
    data["safeguards"][0]["disclosure"] = "public"  # looser than the default: stays coalition
    assert [s["id"] for s in audience_view(doc(data), "public").doc.data["safeguards"]] == []
    coalition = audience_view(doc(data), "coalition").doc.data
    assert [s["id"] for s in coalition["safeguards"]] == ["a", "c", "e"]


def test_positions_follow_the_parts_kept(tmp_path: Path) -> None:
    text = json.dumps(BASE, indent=1)
    original = validated(parse_yaml(text, file="tiers.yaml"))
    view = audience_view(original, "public")
    # safeguard 'c' was /safeguards/2 and is /safeguards/1 in the view: same line in the file
    assert view.doc.locate("/safeguards/1") == original.locate("/safeguards/2")
    assert view.doc.locate("/safeguards/1/systems/0") == original.locate("/safeguards/2/systems/0")
    assert "/safeguards/2" not in view.doc.positions


def test_check_audience_points_findings_at_the_right_lines() -> None:
    manifest = EXAMPLES / "lumen-labs.yaml"
    args = ["check", manifest, "--as-of", AS_OF, "-f", "json", "--fail-on", "none"]
    public = json.loads(run_cli([*args, "--audience", "public"]).stdout)["assessments"][0]
    internal = json.loads(run_cli(args).stdout)["assessments"][0]
    lines = manifest.read_text(encoding="utf-8").splitlines()
    for finding in public["findings"]:
        if finding["safeguard"]:
            line = lines[finding["location"]["line"] - 1]
            assert finding["location"]["path"].startswith("$.safeguards"), finding
            assert line.strip(), finding  # a real line of the file, not a shifted one
    mnt2 = {f["control"]: f["status"] for f in public["findings"] if f["principle"] == "MNT2"}
    assert mnt2["MNT2-02"] == "gap"  # the coalition-tier 'osint' safeguard is not counted
    assert {f["control"]: f["status"] for f in internal["findings"]}["MNT2-02"] == "met"
    assert public["disclosure"]["withheld"]["safeguards"] == 1 and "disclosure" not in internal
    assert public["scores"]["overall"] < internal["scores"]["overall"]


def test_an_unknown_audience_is_a_usage_error_with_a_suggestion() -> None:
    result = run_cli(["report", EXAMPLES / "lumen-labs.yaml", "--audience", "publik"])
    assert result.exit_code == 2
    assert "--audience 'publik': expected public, coalition or internal" in result.stderr
    assert "did you mean 'public'?" in result.stderr


def test_the_audience_can_be_configured_for_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".pledgecheck.yaml").write_text("audience: public\nreport-warning-days: 400\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["check", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "-f", "json", "--fail-on", "none"]
    result = run_cli(args)
    assessment = json.loads(result.stdout)["assessments"][0]
    assert assessment["disclosure"]["audience"] == "public"
    assert assessment["reporting"]["state"] == "due-soon"  # 318 days left, within 400
    (tmp_path / ".pledgecheck.yaml").write_text("audience: everyone\n", encoding="utf-8")
    bad = run_cli(args)
    assert bad.exit_code == 2 and ".pledgecheck.yaml:1:1" in bad.stderr and "expected one of public" in bad.stderr


def test_the_schema_explains_the_tiers() -> None:
    from pledgecheck.manifest import build_manifest_schema

    schema = build_manifest_schema()
    organisation = schema["$defs"]["Organisation"]["properties"]["disclosure"]
    assert organisation["default"] == "public" and organisation["enum"] == ["public", "coalition", "internal"]
    safeguard = schema["$defs"]["Safeguard"]["properties"]["disclosure"]["description"]
    assert "stricter" in safeguard and "Inherits" in safeguard
    for name in ("Evidence", "System", "Waiver"):
        assert "disclosure" in schema["$defs"][name]["properties"]


def test_the_json_report_of_an_audience_validates_against_the_published_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((EXAMPLES.parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    for audience in ("public", "internal"):
        args = ["check", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "-f", "json", "--audience", audience]
        report = json.loads(run_cli([*args, "--fail-on", "none"]).stdout)
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(report)]
        assert errors == []
        assessment = report["assessments"][0]
        assert ("disclosure" in assessment) == (audience == "public")
        assert assessment["reporting"]["due"] == "2027-09-15"


def test_a_waivers_file_is_internal_and_a_baseline_goes_only_with_the_internal_view(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - {control: MNT2-02, justification: Vendor change., approver: CTO, expires: 2027-06-30}\n",
        encoding="utf-8",
    )
    args = ["check", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "-f", "json", "--fail-on", "none"]
    public = json.loads(run_cli([*args, "--waivers", waivers, "--audience", "public"]).stdout)["assessments"][0]
    assert public["summary"]["waived"] == 0 and public["disclosure"]["withheld"]["waivers"] == 1
    assert "Vendor change." not in json.dumps(public)
    baseline = tmp_path / "baseline.json"
    assert run_cli(["baseline", EXAMPLES / "lumen-labs.yaml", "--as-of", AS_OF, "-o", baseline]).exit_code == 0
    refused = run_cli([*args, "--baseline", baseline, "--audience", "coalition"])
    assert refused.exit_code == 2
    assert "--baseline records the internal assessment; it does not go with --audience coalition" in refused.stderr
