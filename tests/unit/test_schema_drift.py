"""The checked-in manifest schema is exactly what the pydantic models generate."""

from __future__ import annotations

import json
from pathlib import Path

from pledgecheck.manifest import build_manifest_schema
from pledgecheck.resources import load_schema

CHECKED_IN = Path(__file__).resolve().parents[2] / "schemas" / "manifest.schema.json"
REGENERATE = "python scripts/generate-schemas.py"


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
