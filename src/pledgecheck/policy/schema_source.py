"""The single source of `schemas/policy.schema.json`: a ```control block and pack.yaml.

`$defs/test` comes from the operator table, `applies` from the applicability-key table, and
every enum from the vocabulary, so none of them is written twice. scripts/generate-schemas.py
writes the result; a test fails when the checked-in file drifts.
"""

from __future__ import annotations

import copy
from typing import Any, get_args

from pledgecheck.assessment import SEVERITIES, STATUSES
from pledgecheck.policy.applicability import ApplicabilityKey, applicability_keys, organisation_flags
from pledgecheck.policy.operators import OPERATORS
from pledgecheck.vocabulary import PILLARS, SAFEGUARD_KINDS, Cadence

SCHEMA_ID = "https://pledgecheck.dev/schemas/policy.schema.json"
_URL: dict[str, Any] = {"type": "string", "pattern": "^https?://"}
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}


def build_policy_schema(manifest_schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """The published JSON Schema (2020-12) of policy packs; organisation flags from `manifest_schema`
    (by default the one the pydantic models generate)."""
    if manifest_schema is None:
        from pledgecheck.manifest import build_manifest_schema

        manifest_schema = build_manifest_schema()
    keys = applicability_keys(organisation_flags(manifest_schema))
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pledgecheck policy control",
        "description": "One control of a policy pack (a ```control block). $defs.pack describes pack.yaml.",
        "$ref": "#/$defs/control",
        "$defs": {
            "control": _control(keys),
            "pack": _pack(),
            "path": {
                "type": "string",
                "pattern": "^(/[^/]+)+$",
                "description": "JSON-pointer-like path into the scope view; `*` stands for every item of a list.",
                "examples": ["/safeguard/details/hash_lists"],
            },
            "test": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "description": "One operator and its argument.",
                "propertyNames": {"enum": list(OPERATORS)},
                "properties": {name: operator.argument for name, operator in OPERATORS.items()},
            },
            "applies": _applies(
                [key for key in keys if not key.alternatives],
                "Conditions that must all hold; within a condition, any listed value matches.",
            ),
        },
    }
    return copy.deepcopy(schema)  # the tables' fragments are shared; a caller may change the result


def _object(properties: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict[str, Any]:
    """A closed mapping: only the listed keys, the `required` ones needed."""
    closed: dict[str, Any] = {"type": "object", "additionalProperties": False, **more}
    if required:
        closed["required"] = list(required)
    return {**closed, "properties": properties}


def _applies(keys: list[ApplicabilityKey], description: str) -> dict[str, Any]:
    properties = {
        key.name: (
            {
                "type": "array",
                "minItems": 2,
                "items": {"$ref": "#/$defs/applies"},
                "description": "Alternatives: the control applies when any of these condition sets holds "
                "(together with the other keys).",
            }
            if key.alternatives
            else {"type": "array", "minItems": 1, "items": {"enum": list(key.values)}}
        )
        for key in sorted(keys, key=lambda key: key.alternatives)  # `any` last, as in the docs
    }
    return _object(properties, description=description)


def _control(keys: tuple[ApplicabilityKey, ...]) -> dict[str, Any]:
    check = _object(
        {
            "title": {**_TEXT, "description": "What is checked, in words."},
            "fail": {**_TEXT, "description": "The message shown when the check fails."},
            "test": {"$ref": "#/$defs/test"},
            "decisive": {
                "type": "boolean",
                "description": "When this check fails the finding is a gap, whatever else passes.",
            },
        },
        ("title", "fail", "test"),
    )
    kind = {"enum": list(SAFEGUARD_KINDS)}
    example = _object(
        {
            "title": _TEXT,
            "expect": {"enum": list(STATUSES)},
            "system": {"type": "string"},
            "unverified": {
                "type": "integer",
                "minimum": 0,
                "description": "How many checks the finding should leave unverified (inputs not stated).",
            },
            "manifest": {"type": "object", "description": "Fragment deep-merged onto the pack's example base."},
        },
        ("title", "expect", "manifest"),
    )
    properties = {
        "id": {
            "type": "string",
            "pattern": "^[A-Z]{3}[0-9]?-[0-9]{2}$",
            "description": "Stable control id: principle, dash, two digits.",
            "examples": ["DEV1-02"],
        },
        "title": {**_TEXT, "description": "What the control asks, in a few words."},
        "severity": {"enum": list(SEVERITIES), "description": "How serious a gap is; gates use it (--fail-on)."},
        "scope": {
            "enum": ["organisation", "system"],
            "description": "One finding for the organisation, or one per assessed system.",
        },
        "applies": _applies(list(keys), "When the control applies: every key must hold; any listed value matches."),
        "safeguard": {
            "oneOf": [kind, {"type": "array", "minItems": 1, "uniqueItems": True, "items": kind}],
            "description": "The safeguard kind (or kinds, any of which counts) this control judges; the "
            "covering safeguard that satisfies the most checks is judged.",
        },
        "equivalent": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "array", "minItems": 1, "uniqueItems": True, "items": kind},
            "description": "Equivalent practice: sets of kinds that, all implemented for the scope, meet the control.",
        },
        "checks": {"type": "array", "items": check},
        "remediation": {**_TEXT, "description": "The next step when the control is not met."},
        "references": {"type": "array", "minItems": 1, "items": _URL, "description": "Source URLs."},
        "frameworks": {
            "type": "object",
            "description": "Framework id (declared in pack.yaml) -> the provision that overlaps.",
            "additionalProperties": _TEXT,
        },
        "examples": {"type": "array", "minItems": 2, "items": example},
    }
    required = ("id", "title", "severity", "scope", "remediation", "references", "examples")
    return _object(properties, required)


def _pack() -> dict[str, Any]:
    source = _object({"id": {"type": "string"}, "title": {"type": "string"}, "url": _URL}, ("id", "title", "url"))
    framework = _object({"title": {"type": "string"}, "url": _URL}, ("title",))
    principle = _object(
        {
            "id": {"type": "string", "pattern": "^[A-Z]{3}[0-9]?$"},
            "pillar": {"enum": list(PILLARS)},
            "title": {"type": "string"},
            "file": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+\\.md$"},
        },
        ("id", "pillar", "title", "file"),
    )
    examples = _object({"as_of": {"type": "string", "format": "date"}, "base": {"type": "object"}}, ("as_of", "base"))
    properties = {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "version": _TEXT,
        "title": _TEXT,
        "description": {"type": "string"},
        "sources": {"type": "array", "items": source},
        "frameworks": {"type": "object", "additionalProperties": framework},
        "principles": {"type": "array", "minItems": 1, "items": principle},
        "examples": examples,
        "windows": {
            "type": "object",
            "description": "Named freshness windows in days, for `max_age_days: {days: NAME}`.",
            "propertyNames": {"pattern": "^[a-z][a-z-]*$"},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "cadences": {
            "type": "object",
            "description": "Reporting cadence -> days a progress report stays current.",
            "propertyNames": {"enum": list(get_args(Cadence))},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
    }
    return _object(properties, ("id", "version", "title", "principles", "examples"))
