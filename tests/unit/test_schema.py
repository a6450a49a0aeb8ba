"""Schema errors are worded for people and located at file:line:col with a JSON path."""

from __future__ import annotations

import copy
import functools
import operator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgecheck.errors import Problem
from pledgecheck.schema import schema_problems
from pledgecheck.source import parse_yaml

MINIMAL = """\
manifest_version: 1
organisation:
  name: Example Labs
  roles: [model-developer]
"""

SYSTEM = """\
systems:
  - id: atlas-image
    name: Atlas Image
    modalities:
      output: [image]
    release_type: hosted-api
"""


def problems(text: str) -> list[Problem]:
    return schema_problems(parse_yaml(text, file="m.yaml"))


def lines(text: str) -> list[str]:
    return [str(p) for p in problems(text)]


def test_a_valid_manifest_has_no_problems(valid_manifest: str) -> None:
    assert problems(valid_manifest) == []
    assert problems(MINIMAL) == []


def test_unknown_key_names_the_closest_known_key() -> None:
    text = MINIMAL + SYSTEM.replace("modalities:", "modalites:")
    assert "m.yaml:8:5: unknown key 'modalites' — did you mean 'modalities'? (at $.systems[0])" in (lines(text))


def test_unknown_key_without_a_close_match_has_no_suggestion() -> None:
    (problem,) = problems(MINIMAL + "flavour: vanilla\n")
    assert str(problem) == "m.yaml:5:1: unknown key 'flavour'"


def test_enum_value_lists_the_allowed_values_and_the_closest_one() -> None:
    (problem,) = problems(MINIMAL.replace("[model-developer]", "[model-develper]"))
    assert (problem.line, problem.column, problem.path) == (4, 11, "$.organisation.roles[0]")
    assert problem.message.startswith("'model-develper' is not allowed here; expected ")
    for role in ("model-developer", "model-host", "application-provider", "search-engine"):
        assert role in problem.message
    assert problem.message.endswith("— did you mean 'model-developer'?")


def test_long_enums_point_to_the_schema_and_still_suggest_the_closest() -> None:
    text = MINIMAL + "safeguards:\n  - id: sg-1\n    kind: input-detecton\n    status: implemented\n"
    (problem,) = problems(text)
    assert (problem.line, problem.path) == (7, "$.safeguards[0].kind")
    assert "did you mean 'input-detection'?" in problem.message


def test_missing_required_key_is_named_and_located_at_its_mapping() -> None:
    text = MINIMAL + SYSTEM.replace("    release_type: hosted-api\n", "")
    assert lines(text) == ["m.yaml:6:5: missing required key 'release_type' (at $.systems[0])"]


def test_missing_top_level_key() -> None:
    assert lines("manifest_version: 1\n") == ["m.yaml:1:1: missing required key 'organisation'"]


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("[model-developer]", "model-developer", "expected a list, got text ('model-developer')"),
        ("name: Example Labs", "name: 42", "expected text, got a whole number (42)"),
        ("name: Example Labs", "name: [a, b]", "expected text, got a list"),
        ("manifest_version: 1", "manifest_version: 3", "3 is not allowed here; expected 1, 2"),
    ],
)
def test_wrong_types_and_values_are_described_plainly(replace: str, by: str, expected: str) -> None:
    (problem,) = problems(MINIMAL.replace(replace, by))
    assert problem.message == expected


def test_a_string_for_a_boolean_is_reported_as_text() -> None:
    (problem,) = problems(MINIMAL + '  hosts_user_content: "yes"\n')
    assert str(problem) == (
        "m.yaml:5:3: expected true or false, got text ('yes') (at $.organisation.hosts_user_content)"
    )


@pytest.mark.parametrize("date", ["2025-13-01", "2026-02-30", "30/09/2025", "2025-9-3"])
def test_bad_dates_are_rejected_by_format_date(date: str) -> None:
    text = MINIMAL + (f"safeguards:\n  - id: sg-1\n    kind: enforcement\n    status: planned\n    due: '{date}'\n")
    (problem,) = problems(text)
    assert (problem.line, problem.column) == (9, 5)
    assert problem.path == "$.safeguards[0].due"
    assert problem.message == f"'{date}' is not a valid date (expected YYYY-MM-DD)"


def test_a_planned_safeguard_needs_a_due_date() -> None:
    text = MINIMAL + "safeguards:\n  - id: sg-1\n    kind: enforcement\n    status: planned\n"
    assert lines(text) == ["m.yaml:6:5: a planned safeguard needs a 'due' date (YYYY-MM-DD) (at $.safeguards[0])"]


def test_a_not_applicable_safeguard_needs_a_justification() -> None:
    text = MINIMAL + "safeguards:\n  - id: sg-1\n    kind: enforcement\n    status: not-applicable\n"
    assert lines(text) == ["m.yaml:6:5: a not-applicable safeguard needs a 'justification' (at $.safeguards[0])"]


def test_evidence_needs_a_url_or_a_path() -> None:
    text = MINIMAL + (
        "safeguards:\n  - id: sg-1\n    kind: enforcement\n    status: implemented\n"
        "    evidence:\n      - date: 2025-09-30\n        kind: report\n"
    )
    assert lines(text) == ["m.yaml:10:9: needs either 'url' or 'path' (at $.safeguards[0].evidence[0])"]


def test_details_are_checked_against_the_kind_of_the_safeguard() -> None:
    text = MINIMAL + (
        "safeguards:\n  - id: sg-1\n    kind: input-detection\n    status: implemented\n"
        "    details:\n      hash_lists: [ncmec, iwff]\n      hash_list: [x]\n"
    )
    messages = [(p.line, p.message) for p in problems(text)]
    assert any(line == 10 and "did you mean 'iwf'?" in message for line, message in messages)
    assert (11, "unknown key 'hash_list' — did you mean 'hash_lists'?") in messages
    assert not any("valid under any of the given schemas" in m for _, m in messages)


def test_every_error_is_reported_at_once_sorted_by_line() -> None:
    text = """\
manifest_version: 1
organisation:
  name: ""
  roles: [model-develper]
systems:
  - id: Atlas_Image
    name: Atlas Image
    modalites: {output: [image]}
    release_type: hosted-apii
safeguards:
  - id: sg-1
    kind: enforcement
    status: planned
"""
    found = problems(text)
    assert sorted((p.line, p.path) for p in found) == [
        (3, "$.organisation.name"),  # empty name
        (4, "$.organisation.roles[0]"),  # misspelt role
        (6, "$.systems[0]"),  # missing 'modalities'
        (6, "$.systems[0].id"),  # not a valid id
        (8, "$.systems[0]"),  # unknown 'modalites'
        (9, "$.systems[0].release_type"),  # misspelt release type
        (11, "$.safeguards[0]"),  # planned without 'due'
    ]
    assert [p.line for p in found] == sorted(p.line for p in found)
    assert all(p.file == "m.yaml" for p in found)


# -- text that is there but says nothing; patterns as ECMA-262 reads them ------------------

SAFEGUARD = "safeguards:\n  - id: sg-1\n    kind: enforcement\n    status: {status}\n"


@pytest.mark.parametrize("value", ['""', '"   "', '"\\n"'])
def test_a_not_applicable_safeguard_needs_a_justification_that_says_something(value: str) -> None:
    text = MINIMAL + SAFEGUARD.format(status="not-applicable") + f"    justification: {value}\n"
    assert lines(text) == ["m.yaml:9:5: must not be empty or blank (at $.safeguards[0].justification)"]


def test_a_waiver_needs_a_justification_that_says_something() -> None:
    text = MINIMAL + "waivers:\n  - {control: DEV1-01, justification: ' ', approver: CTO, expires: 2027-01-31}\n"
    assert lines(text) == ["m.yaml:6:24: must not be empty or blank (at $.waivers[0].justification)"]


@pytest.mark.parametrize("key", ["url", "path"])
def test_an_empty_evidence_url_or_path_is_not_evidence(key: str) -> None:
    text = MINIMAL + SAFEGUARD.format(status="implemented") + f"    evidence:\n      - {{{key}: ''}}\n"
    assert lines(text) == [f"m.yaml:10:10: must not be empty (at $.safeguards[0].evidence[0].{key})"]


@pytest.mark.parametrize("ident", ['"atlas-image\\n"', '"atlas-image\\n\\n"'])
def test_an_id_with_a_trailing_newline_is_not_an_id(ident: str) -> None:
    text = MINIMAL + SYSTEM.replace("id: atlas-image", f"id: {ident}")
    (problem,) = problems(text)
    assert (problem.line, problem.path) == (6, "$.systems[0].id")
    assert problem.message.endswith("is not a valid id: use lowercase letters, digits and hyphens, e.g. 'atlas-image'")


def test_a_file_the_fast_validator_refuses_is_never_without_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    import pledgecheck.schema

    class Silent:
        def iter_errors(self, data: object) -> list[object]:
            return []

    monkeypatch.setattr(pledgecheck.schema, "detailed_validator", lambda name="manifest": Silent())
    found = problems(MINIMAL.replace("name: Example Labs", "name: ''"))
    assert [(p.line, p.path) for p in found] == [(3, "$.organisation.name")]


# -- one definition of validity: `validate` and the typed models agree ---------------------


def _examples() -> list[Any]:
    from pledgecheck.source import load_yaml
    from tests.support.paths import EXAMPLES

    return [load_yaml(str(path)).data for path in sorted(EXAMPLES.glob("*.yaml"))]


# Values both definitions read the same way: text (empty, blank, a trailing newline, enum
# literals, ids, dates), lists and mappings. Numbers, booleans and null are left out: the
# models' lax coercions (0 as a date, 1 as true, "5" as 5, null for an optional date) are a
# were a disagreement, now refused by both: see the test of those values below.
_VALUES = st.sampled_from(
    [
        "", " ", "\n", "x", "atlas-image\n", "atlas-image", "DEV1-01", "2026-06-30", "2026-13-01",
        "implemented", "planned", "not-applicable", "hosted-api", "image", "https://example.org/x",
        [], ["x"], ["image"], {}, {"url": ""}, {"path": "a.pdf"}, {"x": "y"},
    ]
)  # fmt: skip


#: keys where the two definitions have disagreed: mutations go there half of the time
_TELLING = {"id", "url", "path", "evidence", "status", "justification", "due", "approver", "control", "name"}


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found += _paths(value, (*path, key))
    return found


@st.composite
def _mutated_manifests(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(draw(st.sampled_from(_EXAMPLES)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        telling = [path for path in paths if path[-1] in _TELLING] or paths
        path = draw(st.sampled_from(telling) | st.sampled_from(paths))
        parent = functools.reduce(operator.getitem, path[:-1], data)
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent[path[-1]], dict):
            key = draw(st.sampled_from(["url", "path", "justification", "due", "date", "extra", "status"]))
            parent[path[-1]][key] = copy.deepcopy(draw(_VALUES))
        else:
            parent[path[-1]] = copy.deepcopy(draw(_VALUES))
    return data


def _verdicts(data: Any) -> tuple[bool, bool, bool]:
    """(the schema accepts, the cross-references hold, the models accept)."""
    from pydantic import ValidationError

    from pledgecheck.loading import reference_problems
    from pledgecheck.manifest import Manifest
    from pledgecheck.source import Document

    doc = Document(file="m.yaml", data=data, positions={})
    try:
        Manifest.model_validate(data)
        model = True
    except ValidationError:
        model = False
    return not schema_problems(doc), not reference_problems(doc), model


_EXAMPLES = _examples()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_mutated_manifests())
def test_validate_and_the_typed_models_accept_and_reject_the_same_manifests(data: Any) -> None:
    schema, references, model = _verdicts(data)
    valid = schema and references  # what `validate` decides: the schema and the cross-references
    assert valid == model, f"validate {'accepts' if valid else 'rejects'}, models {'accept' if model else 'reject'}"


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/safeguards/0/evidence/0/url", ""),
        ("/safeguards/0/evidence/0/path", ""),
        ("/systems/0/id", "lumen-chat\n"),
    ],
)
def test_the_disagreements_seen_are_gone(pointer: str, value: Any) -> None:
    data = copy.deepcopy(_EXAMPLES[0])
    *parents, last = [int(p) if p.isdigit() else p for p in pointer.split("/")[1:]]
    functools.reduce(operator.getitem, parents, data)[last] = value
    schema, _, model = _verdicts(data)
    assert (schema, model) == (False, False)


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/safeguards/0/due", 0),  # an int the models once read as a Unix time
        ("/safeguards/0/evidence/0/date", None),  # null for an optional date
        ("/safeguards/0/systems", ["undeclared"]),  # a reference to an undeclared system
        ("/safeguards/0/evidence/0/date", "2025-02-30"),  # not in the calendar
    ],
)
def test_values_the_models_once_read_laxly_are_refused_by_both(pointer: str, value: Any) -> None:
    data = copy.deepcopy(_EXAMPLES[0])
    *parents, last = [int(p) if p.isdigit() else p for p in pointer.split("/")[1:]]
    functools.reduce(operator.getitem, parents, data)[last] = value
    schema, references, model = _verdicts(data)
    assert (schema and references) == model
