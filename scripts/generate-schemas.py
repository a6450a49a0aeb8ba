"""Regenerate every file derived from a single source; a test fails when one drifts.

- schemas/manifest.schema.json from the pydantic models (src/pledgecheck/manifest.py, details.py);
- schemas/review.schema.json from the pydantic models of src/pledgecheck/review_model.py;
- schemas/policy.schema.json from src/pledgecheck/policy/schema_source.py, which takes the
  operator table (policy/operators.py), the applicability keys (policy/applicability.py) and
  the vocabulary;
- the operator and applicability tables of docs/policy-packs.md, between their markers.

Run from the repository root after changing any of them:

    python scripts/generate-schemas.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pledgecheck.manifest import build_manifest_schema
from pledgecheck.policy.applicability import applicability_keys, organisation_flags
from pledgecheck.policy.operators import OPERATORS
from pledgecheck.policy.schema_source import build_policy_schema
from pledgecheck.review_model import build_review_schema

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "policy-packs.md"
_END = "<!-- END GENERATED -->"


def artefacts() -> dict[Path, str]:
    """Each generated file -> the text it must have."""
    manifest = build_manifest_schema()
    return {
        ROOT / "schemas" / "manifest.schema.json": _json(manifest),
        ROOT / "schemas" / "policy.schema.json": _json(build_policy_schema(manifest)),
        ROOT / "schemas" / "review.schema.json": _json(build_review_schema()),
        DOCS: render_docs(DOCS.read_text(encoding="utf-8"), manifest),
    }


def render_docs(text: str, manifest_schema: dict[str, Any]) -> str:
    """`text` with the generated tables replaced between their markers."""
    text = _between_markers(text, "operators", "policy/operators.py", operator_table())
    return _between_markers(text, "applicability", "policy/applicability.py", applicability_table(manifest_schema))


def operator_table() -> str:
    """The docs' table of check operators, one row per entry of OPERATORS."""
    rows = [f"| `{op.name}` | `{{{op.name}: {_form(op.argument)}}}` | {op.passes_when} |" for op in OPERATORS.values()]
    return "\n".join(["| operator | form | passes when |", "|---|---|---|", *rows]) + "\n"


def applicability_table(manifest_schema: dict[str, Any]) -> str:
    """The docs' table of applicability keys (`any` last: it is made of the others)."""
    keys = sorted(applicability_keys(organisation_flags(manifest_schema)), key=lambda key: key.alternatives)
    rows = [
        f"| `{key.name}` | {', '.join(f'`{v}`' for v in key.values) or 'condition sets'} | {key.holds_when} |"
        for key in keys
    ]
    return "\n".join(["| key | values | holds when |", "|---|---|---|", *rows]) + "\n"


def _form(argument: dict[str, Any]) -> str:
    """How the docs write an argument schema: PATH, TEST, [TEST, ...] or {path, key, ...}."""
    if "$ref" in argument:
        return str(argument["$ref"]).rpartition("/")[2].upper()
    if argument.get("type") == "array":
        return f"[{_form(argument['items'])}, ...]"
    return "{" + ", ".join(argument["properties"]) + "}"


def _between_markers(text: str, name: str, source: str, table: str) -> str:
    begin = f"<!-- BEGIN GENERATED: {name} -->"
    pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{DOCS.relative_to(ROOT)} lacks the markers {begin} ... {_END}")
    note = f"<!-- generated from src/pledgecheck/{source} by scripts/generate-schemas.py: edit that, not this -->"
    return pattern.sub(lambda _: f"{begin}\n{note}\n{table}{_END}", text, count=1)


def _json(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for path, text in artefacts().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
