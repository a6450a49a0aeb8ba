"""The single source of `schemas/policy.schema.json`: a ```control block and pack.yaml.

`$defs/test` comes from the operator table, `applies` from the applicability-key table, and
every enum from the vocabulary, so none of them is written twice. scripts/generate-schemas.py
writes the result; a test fails when the checked-in file drifts.
"""

from __future__ import annotations

import copy
from typing import Any, get_args

from pledgecheck.assessment import SEVERITIES, STATUSES
from pledgecheck.frameworks import RELATIONSHIPS
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
        "description": "One control of a policy pack (a ```control block). $defs.pack describes pack.yaml, "
        "$defs.frameworks the crosswalk frameworks.yaml.",
        "$ref": "#/$defs/control",
        "$defs": {
            "control": _control(keys),
            "pack": _pack(),
            "frameworks": _frameworks(),
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
        "examples": {"type": "array", "minItems": 2, "items": example},
    }
    required = ("id", "title", "severity", "scope", "remediation", "references", "examples")
    return _object(properties, required)


def _pack() -> dict[str, Any]:
    source = _object({"id": {"type": "string"}, "title": {"type": "string"}, "url": _URL}, ("id", "title", "url"))
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


def _frameworks() -> dict[str, Any]:
    """frameworks.yaml: each framework's obligations, dates and the controls mapped to them."""
    code = {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2 code, or EU."}
    date = {"type": ["string", "null"], "format": "date"}
    mapping = _object(
        {
            "control": {"type": "string", "description": "A control id of the pack."},
            "relationship": {
                "enum": list(RELATIONSHIPS),
                "description": "The control's relationship to the obligation (OSCAL control mapping): "
                + "; ".join(f"{name}: {meaning}" for name, meaning in RELATIONSHIPS.items())
                + ".",
            },
        },
        ("control", "relationship"),
    )
    obligation = _object(
        {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Stable id, unique in a pack."},
            "provision": {**_TEXT, "description": "Article, section or measure, as the instrument numbers it."},
            "statement": {**_TEXT, "description": "What it asks, in the pack's own words."},
            "applies_from": {
                **date,
                "description": "From when it binds (guidance: its publication); null when the date is not confirmed.",
            },
            "applies_until": {**date, "description": "After when it no longer applies; null when open-ended."},
            "source": {**_URL, "description": "Where the statement and the date can be checked."},
            "evidence": {"type": "array", "items": _URL, "description": "Pages read while researching it."},
            "confirmed": {"type": "boolean", "description": "Provision, statement and date all confirmed."},
            "note": {"type": "string", "description": "What is not confirmed or needs care."},
            "controls": {"type": "array", "minItems": 1, "items": mapping},
        },
        ("id", "provision", "statement", "applies_from", "applies_until", "source", "confirmed", "controls"),
    )
    framework = _object(
        {
            "title": _TEXT,
            "jurisdictions": {"type": "array", "minItems": 1, "items": code},
            "binding": {"type": "boolean", "description": "false for voluntary guidance: never a legal gap."},
            "url": _URL,
            "obligations": {"type": "array", "minItems": 1, "items": obligation},
        },
        ("title", "jurisdictions", "binding", "url", "obligations"),
    )
    regions = {
        "type": "object",
        "description": "Region code -> its member codes (an organisation in DE operates in the EU).",
        "propertyNames": {"pattern": "^[A-Z]{2}$"},
        "additionalProperties": {"type": "array", "minItems": 1, "items": code},
    }
    frameworks = {
        "type": "object",
        "propertyNames": {"pattern": "^[a-z0-9][a-z0-9-]*$"},
        "additionalProperties": framework,
    }
    return _object({"regions": regions, "frameworks": frameworks}, ("frameworks",))
