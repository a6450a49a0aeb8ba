"""Schema errors are worded for people and located at file:line:col with a JSON path."""

from __future__ import annotations

import pytest

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
