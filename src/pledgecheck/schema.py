"""Validate plain manifest data against the published schema, with errors worded for people.

Two tiers: a compiled Rust validator (jsonschema-rs, reused across files) decides valid or
invalid in microseconds; only an invalid file loads the Python validator, whose detailed
errors are turned into one located, plain-language message each.
"""

from __future__ import annotations

import re
import sys
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
    from jsonschema import Draft202012Validator, FormatChecker, validators

    extend: Any = validators.extend  # untyped in the stubs
    ecma = extend(Draft202012Validator, {"pattern": _ecma_pattern})
    return ecma(_schema_for(name), format_checker=FormatChecker())


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """`pattern` as ECMA-262 reads it (editors, ajv, jsonschema-rs and pydantic agree): a final
    `$` ends the text, where Python's `$` also matches before a final newline."""
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern)


MAX_PROBLEMS = 100


def schema_problems(doc: Document, name: str = "manifest") -> list[Problem]:
    """Every schema violation in `doc`, located and worded; [] when valid."""
    problems, _ = schema_report(doc, name, limit=sys.maxsize)
    return problems


def schema_report(doc: Document, name: str = "manifest", *, limit: int = MAX_PROBLEMS) -> tuple[list[Problem], int]:
    """The schema violations a file's loader can show (see `limit_problems`) and how many more
    there are: beyond `limit` unknown keys of one mapping, keys are counted, not worded."""
    if fast_validator(name).is_valid(doc.data):
        return [], 0
    problems: list[Problem] = []
    more = 0
    for error in detailed_validator(name).iter_errors(doc.data):
        worded, left = _word(doc, error, limit)
        problems.extend(worded)
        more += left
    if not problems:  # the fast validator decides validity: never let a file it refuses pass
        problems = [
            doc.problem(join_pointer("", *error.instance_path), " ".join(error.message.split()))
            for error in fast_validator(name).iter_errors(doc.data)
        ]
    return sorted(set(problems), key=_order), more


def count_problems(data: Any, name: str = "manifest") -> int:
    """How many problems `schema_report` would find, counted by the fast validator alone (for
    the part of a file past the problems shown)."""
    return sum(
        len(error.kind.unexpected) if type(error.kind).__name__ == "AdditionalProperties" else 1
        for error in fast_validator(name).iter_errors(data)
    )


def limit_problems(problems: list[Problem], *, more: int = 0, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first `limit` problems of one file in reading order, then a notice located at the
    first one left out (so that it is printed last) counting them and `more` unworded ones."""
    problems = sorted(set(problems), key=_order)
    if len(problems) <= limit:
        return problems
    cut = limit
    boundary = (problems[limit].line, problems[limit].column)
    while cut > 0 and (problems[cut - 1].line, problems[cut - 1].column) == boundary:
        cut -= 1  # a position's problems stay together, so the notice sorts after them
    cut = cut or limit
    first = problems[cut]
    notice = f"{len(problems) - cut + more} more problem(s) from here on omitted; the first {cut} are shown"
    return [*problems[:cut], Problem(first.file, first.line, first.column, notice, first.path)]


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    """Problem's own order as a key: its generated `__lt__` takes seconds for 100,000."""
    return (problem.file, problem.line, problem.column, problem.message, problem.path)


def _word(doc: Document, error: Any, limit: int) -> tuple[list[Problem], int]:
    pointer = join_pointer("", *error.absolute_path)
    validator, expected, instance = error.validator, error.validator_value, error.instance
    if validator != "additionalProperties":
        return [doc.problem(pointer, _message(error, validator, expected, instance))], 0
    known = sorted(error.schema.get("properties", {}))
    path = pointer_to_path(pointer)
    unknown = sorted((*doc.locate(join_pointer(pointer, key)), key) for key in set(instance) - set(known))
    # the first `limit` keys by position hold every one of them that can be shown
    worded = [
        Problem(doc.file, line, column, f"unknown key '{key}'{did_you_mean(key, known)}", path)
        for line, column, key in unknown[: limit + 1]
    ]
    return worded, max(0, len(unknown) - limit - 1)


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
    if validator == "pattern" and expected == r"\S":
        return "must not be empty or blank"
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
