"""Validate plain manifest data against the published schema, with errors worded for people.

Two tiers: a compiled Rust validator (jsonschema-rs, reused across files) decides valid or
invalid in microseconds; only an invalid file loads the Python validator, whose detailed
errors are turned into one located, plain-language message each.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pledgecheck.errors import Problem, did_you_mean
from pledgecheck.pointer import join_pointer, pointer_to_path
from pledgecheck.resources import load_schema
from pledgecheck.source import Document

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}
_REQUIRED_HINTS = {
    "due": "a planned safeguard needs a 'due' date (YYYY-MM-DD)",
    "justification": "a not-applicable safeguard needs a 'justification'",
}
_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*$": "lowercase letters, digits and hyphens, e.g. 'atlas-image'",
    r"^[A-Z]{3}[0-9]?-[0-9]{2}$": "a control id such as 'DEV1-02'",
}
_MAX_LISTED = 12


def _schema_for(name: str) -> dict[str, Any]:
    """`manifest`, `policy`, or `policy#pack` (a definition of that schema as the root)."""
    file, _, definition = name.partition("#")
    schema = load_schema(file)
    if not definition:
        return schema
    # only the definition: the root's own keywords (the manifest's properties) must not apply
    kept: dict[str, Any] = {key: schema[key] for key in ("$schema", "$defs") if key in schema}
    return {**kept, "$ref": f"#/$defs/{definition}"}


@cache
def fast_validator(name: str = "manifest") -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(_schema_for(name), validate_formats=True)


@cache
def detailed_validator(name: str = "manifest") -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(_schema_for(name), format_checker=FormatChecker())


def schema_problems(doc: Document, name: str = "manifest") -> list[Problem]:
    """Every schema violation in `doc`, located and worded; [] when valid."""
    if fast_validator(name).is_valid(doc.data):
        return []
    problems: list[Problem] = []
    for error in detailed_validator(name).iter_errors(doc.data):
        problems.extend(_word(doc, error))
    return sorted(set(problems))


def _word(doc: Document, error: Any) -> list[Problem]:
    pointer = join_pointer("", *error.absolute_path)
    validator, expected, instance = error.validator, error.validator_value, error.instance
    if validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        problems = []
        for key in sorted(set(instance) - set(known)):
            line, column = doc.locate(join_pointer(pointer, key))
            message = f"unknown key '{key}'{did_you_mean(key, known)}"
            problems.append(Problem(doc.file, line, column, message, pointer_to_path(pointer)))
        return problems
    return [doc.problem(pointer, _message(error, validator, expected, instance))]


def _message(error: Any, validator: str, expected: Any, instance: Any) -> str:
    if validator == "required":
        match = re.match(r"^'(.*)' is a required property$", error.message)
        key = match.group(1) if match else str(expected)
        if "then" in error.schema_path and key in _REQUIRED_HINTS:
            return _REQUIRED_HINTS[key]
        return f"missing required key '{key}'"
    if validator == "enum":
        allowed = [str(v) for v in expected]
        listed = (
            ", ".join(allowed)
            if len(allowed) <= _MAX_LISTED
            else (f"one of {len(allowed)} values listed by `pledgecheck schema`")
        )
        return f"{_show(instance)} is not allowed here; expected {listed}{did_you_mean(instance, allowed)}"
    if validator == "const":
        return f"must be {_show(expected)}, not {_show(instance)}"
    if validator == "type":
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in _as_list(expected))
        return f"expected {wanted}, got {_describe(instance)}"
    if validator == "format":
        return f"{_show(instance)} is not a valid {expected} (expected YYYY-MM-DD)"
    if validator == "pattern":
        hint = _PATTERN_HINTS.get(expected, f"the pattern {expected}")
        return f"{_show(instance)} is not a valid id: use {hint}"
    if validator == "minItems":
        return f"needs at least {expected} item{'s' if expected != 1 else ''}"
    if validator == "minLength":
        return "must not be empty"
    if validator == "minimum":
        return f"must be at least {expected}, got {_show(instance)}"
    if validator == "anyOf" and all(set(o) == {"required"} for o in expected):
        keys = " or ".join(f"'{o['required'][0]}'" for o in expected)
        return f"needs either {keys}"
    return str(error.message)


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(value: Any) -> str:
    for kind, name in (
        (bool, "true or false"), (int, "a whole number"), (float, "a number"),
        (str, "text"), (list, "a list"), (dict, "a mapping"),
    ):  # fmt: skip
        if isinstance(value, kind):
            return f"{name} ({_show(value)})" if kind in (bool, int, float, str) else name
    return "nothing (null)"


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]
