"""Every generated file is exactly what its single source generates: the manifest schema
(pydantic models), the policy schema (operator and applicability tables, vocabulary) and the
generated tables of docs/policy-packs.md."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pledgecheck.manifest import Organisation, build_manifest_schema
from pledgecheck.policy.applicability import applicability_keys, keys, organisation_flags
from pledgecheck.policy.schema_source import build_policy_schema
from pledgecheck.resources import load_schema

ROOT = Path(__file__).resolve().parents[2]
CHECKED_IN = ROOT / "schemas" / "manifest.schema.json"
POLICY = ROOT / "schemas" / "policy.schema.json"
REGENERATE = "python scripts/generate-schemas.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_schemas", ROOT / "scripts" / "generate-schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def test_checked_in_manifest_schema_matches_the_models() -> None:
    with CHECKED_IN.open(encoding="utf-8") as handle:
        checked_in = json.load(handle)
    assert checked_in == build_manifest_schema(), (
        f"schemas/manifest.schema.json differs from the pydantic models; run `{REGENERATE}` "
        "from the repository root and commit the result"
    )


def test_the_installed_package_reads_the_same_schema() -> None:
    with CHECKED_IN.open(encoding="utf-8") as handle:
        assert load_schema("manifest") == json.load(handle), (
            f"the packaged schema is stale; reinstall the package after `{REGENERATE}`"
        )


def test_checked_in_policy_schema_matches_its_tables() -> None:
    assert read_json(POLICY) == build_policy_schema(), (
        f"schemas/policy.schema.json differs from policy/schema_source.py; run `{REGENERATE}` "
        "from the repository root and commit the result"
    )
    assert load_schema("policy") == read_json(POLICY), (
        f"the packaged policy schema is stale; reinstall the package after `{REGENERATE}`"
    )


@pytest.mark.parametrize(
    "relative", ["schemas/manifest.schema.json", "schemas/policy.schema.json", "docs/policy-packs.md"]
)
def test_every_generated_file_is_what_the_script_writes(relative: str) -> None:
    expected = {path.relative_to(ROOT).as_posix(): text for path, text in generator().artefacts().items()}
    assert (ROOT / relative).read_text(encoding="utf-8") == expected[relative], (
        f"{relative} differs from its source; run `{REGENERATE}` from the repository root"
    )


def test_the_docs_have_both_generated_tables() -> None:
    text = (ROOT / "docs" / "policy-packs.md").read_text(encoding="utf-8")
    for name in ("operators", "applicability"):
        assert f"<!-- BEGIN GENERATED: {name} -->" in text
    assert "| `min_assurance` | `{min_assurance: {path, level}}` |" in text
    assert "| `organisation` | `hosts_third_party_models`, `hosts_user_content`, `operates_search`" in text


def test_organisation_flags_are_the_boolean_fields_of_the_model_with_their_verb_phrase() -> None:
    flags = organisation_flags(build_manifest_schema())
    booleans = [name for name, field in Organisation.model_fields.items() if field.annotation in (bool, "bool")]
    assert list(flags) == booleans
    for name in booleans:
        extra = Organisation.model_fields[name].json_schema_extra
        assert isinstance(extra, dict) and extra.get("x-verb-phrase") == flags[name], (
            f"Organisation.{name} needs json_schema_extra={{'x-verb-phrase': ...}} (it words 'does not apply' reasons)"
        )


def test_the_check_path_reads_the_same_applicability_keys_as_the_generator() -> None:
    generated = applicability_keys(organisation_flags(build_manifest_schema()))
    assert [(k.name, k.values) for k in keys()] == [(k.name, k.values) for k in generated]
