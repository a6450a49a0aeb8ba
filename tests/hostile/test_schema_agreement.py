"""One definition of validity: manifests generated from the published schema (valid ones, and
the same with one field mutated) get the same verdict from

- `validate` (the schema tier it runs, and the whole of it with cross-references),
- the pydantic models of the Python API (`pledgecheck.manifest.Manifest`), which generate
  the schema, and
- the schema read as editors and ajv read it: every `pattern` an ECMA-262 regular
  expression (the `regress` engine), every `format: date` checked.

The instances are drawn by a small generator that walks the published schema (the subset of
JSON Schema it uses), since hypothesis-jsonschema does not run on current hypothesis. Patterns
are drawn by hypothesis's Python-regex generator, so strings that Python's `$` accepts and
ECMA-262's does not (a final newline) come up. The counts are written to
test-artifacts/schema-agreement.json.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgecheck.errors import InputError
from pledgecheck.loading import validated
from pledgecheck.schema import schema_report
from pledgecheck.source import Document
from tests.support.paths import ROOT

pytestmark = pytest.mark.timeout(300)

SCHEMA: dict[str, Any] = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
EXAMPLES = int(os.environ.get("PLEDGECHECK_AGREEMENT_EXAMPLES", "250"))
REPORT = ROOT / "test-artifacts" / "schema-agreement.json"
TALLY: Counter[str] = Counter()
DISAGREEMENTS: list[dict[str, Any]] = []

# -- instances from the schema ---------------------------------------------------------------


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]], **rest}
    return schema


@st.composite
def instance(draw: st.DrawFn, schema: dict[str, Any], depth: int = 0) -> Any:
    """A value the schema accepts (as far as the generator's subset of JSON Schema goes)."""
    schema = _resolve(schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return draw(st.sampled_from(schema["enum"]))
    if "anyOf" in schema:
        option = draw(st.sampled_from(schema["anyOf"]))
        base = {k: v for k, v in schema.items() if k != "anyOf"}
        required = [*base.get("required", []), *option.get("required", [])]
        return draw(
            instance({**base, **{k: v for k, v in option.items() if k != "required"}, "required": required}, depth)
        )
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return draw(_object(schema, depth))
    if kind == "array":
        items = schema.get("items", {"type": "string"})
        low = schema.get("minItems", 0)
        return draw(st.lists(instance(items, depth + 1), min_size=low, max_size=max(low, 3 if depth < 3 else 1)))
    if kind == "string":
        return draw(_string(schema))
    if kind == "integer":
        return draw(st.integers(min_value=schema.get("minimum", -5), max_value=schema.get("minimum", 0) + 1000))
    if kind == "number":
        low = schema.get("minimum", -5.0)
        return draw(st.floats(min_value=low, max_value=low + 1000, allow_nan=False))
    if kind == "boolean":
        return draw(st.booleans())
    return draw(st.sampled_from(["x", 1, True]))


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if schema.get("format") == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"])
    return st.text(min_size=schema.get("minLength", 0), max_size=12)


@st.composite
def _object(draw: st.DrawFn, schema: dict[str, Any], depth: int) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    value: dict[str, Any] = {}
    for key, sub in properties.items():
        if key in required or (depth < 4 and draw(st.booleans())):
            value[key] = draw(instance(sub, depth + 1))
    for rule in schema.get("allOf", []):  # if/then: the conditional requirements of a safeguard
        condition, then = rule.get("if", {}), rule.get("then", {})
        if all(key in value for key in condition.get("required", [])) and all(
            value.get(key) == sub.get("const", value.get(key)) and value.get(key) in sub.get("enum", [value.get(key)])
            for key, sub in condition.get("properties", {}).items()
        ):
            for key in then.get("required", []):
                value.setdefault(key, draw(instance(properties[key], depth + 1)))
            for key, sub in then.get("properties", {}).items():
                if key in value:
                    value[key] = draw(instance(sub, depth + 1))
    return value


def _repaired(data: dict[str, Any]) -> dict[str, Any]:
    """Unique ids and references to declared systems, so that many instances are valid."""
    for section in ("systems", "safeguards"):
        for number, item in enumerate(data.get(section, [])):
            item["id"] = f"{item['id']}-{number}" if item["id"][-1:] != "\n" else item["id"]
    declared = [s["id"] for s in data.get("systems", [])]
    for safeguard in data.get("safeguards", []):
        safeguard["systems"] = (
            [declared[i % len(declared)] for i in range(len(safeguard.get("systems", [])))] if declared else []
        )
    for waiver in data.get("waivers", []):
        if declared:
            waiver["system"] = declared[0]
        else:
            waiver.pop("system", None)
    return data


_TRICKY = ["", " ", "\n", "x\n", "X", "a b", "0", 0, -1, 1.5, True, [], {}, "2026-02-30", "2026-13", "DEV1-01\n"]


@st.composite
def manifests(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """(a manifest, how it was made): valid as drawn, repaired, or with one field mutated."""
    data = draw(instance(SCHEMA))
    how = "drawn"
    if draw(st.integers(0, 3)):
        data, how = _repaired(data), "repaired"
    if draw(st.booleans()):
        leaves = list(_leaves(data))
        if leaves:
            parent, key = draw(st.sampled_from(leaves))
            old = parent[key]
            new = draw(st.sampled_from([*_TRICKY, f"{old}\n" if isinstance(old, str) else "text"]))
            parent[key] = new
            how += " + mutated"
    return data, how


def _leaves(value: Any) -> Any:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(item, (dict, list)) and item:
            yield from _leaves(item)
        else:
            yield value, key


# -- the three definitions -------------------------------------------------------------------


def by_validate(data: dict[str, Any]) -> tuple[bool, bool]:
    """(schema tier, whole) verdicts of `pledgecheck validate` on `data`."""
    doc = Document(file="m.yaml", data=data, positions={})
    schema_ok = not schema_report(doc)[0]
    try:
        validated(doc)
    except InputError:
        return schema_ok, False
    return schema_ok, True


def by_models(data: dict[str, Any]) -> bool:
    from pydantic import ValidationError

    from pledgecheck.manifest import Manifest

    try:
        Manifest.model_validate(data)
    except ValidationError:
        return False
    return True


@cache
def _ecma_validator() -> Any:
    import regress
    from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

    @cache
    def compiled(pattern: str) -> Any:
        return regress.Regex(pattern)

    def pattern(validator: Any, value: str, instance: Any, schema: Any) -> Any:
        if validator.is_type(instance, "string") and compiled(value).find(instance) is None:
            yield ValidationError(f"{instance!r} does not match {value!r} (ECMA-262)")

    extend: Any = validators.extend
    return extend(Draft202012Validator, {"pattern": pattern})(SCHEMA, format_checker=FormatChecker())


def by_ecma(data: dict[str, Any]) -> bool:
    return bool(_ecma_validator().is_valid(data))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples every run: a disagreement is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    database=None,
)
@given(manifests())
def test_validate_the_models_and_ecma_patterns_agree(example: tuple[dict[str, Any], str]) -> None:
    data, how = example
    schema_ok, validate_ok = by_validate(data)
    models_ok, ecma_ok = by_models(data), by_ecma(data)
    TALLY["examples"] += 1
    TALLY[f"{how}: {'valid' if validate_ok else 'invalid'}"] += 1
    agree = schema_ok == ecma_ok and validate_ok == models_ok
    TALLY["agree" if agree else "disagree"] += 1
    if not agree and len(DISAGREEMENTS) < 20:
        DISAGREEMENTS.append(
            {
                "how": how,
                "schema": schema_ok,
                "validate": validate_ok,
                "models": models_ok,
                "ecma": ecma_ok,
                "data": data,
            }
        )
    assert schema_ok == ecma_ok, f"validate's schema tier says {schema_ok}, ECMA-262 patterns say {ecma_ok}: {data!r}"
    assert validate_ok == models_ok, f"validate says {validate_ok}, the models say {models_ok}: {data!r}"


def test_the_generator_reaches_both_verdicts_and_is_recorded() -> None:
    """The property is not vacuous: both valid and invalid manifests were generated (runs
    after the property test, in file order)."""
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        json.dumps({"counts": dict(sorted(TALLY.items())), "disagreements": DISAGREEMENTS}, indent=2, default=str)
        + "\n",
        encoding="utf-8",
    )
    if not TALLY["examples"]:
        pytest.skip("the property test did not run in this session (selected alone)")
    valid = sum(n for key, n in TALLY.items() if key.endswith(": valid"))
    assert valid >= EXAMPLES // 10, dict(TALLY)
    assert TALLY["examples"] - valid >= EXAMPLES // 10, dict(TALLY)
