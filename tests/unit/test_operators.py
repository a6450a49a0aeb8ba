"""The check language, through the engine: type-strict operators, `*` wildcards, dates and
assurance levels, combinators, and where a failing check points in the manifest."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pledgecheck.assessment import Finding
from pledgecheck.commands.explain import explain_text
from pledgecheck.engine import evaluate
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from pledgecheck.policy.model import Check
from pledgecheck.policy.operators import OPERATORS, describe
from pledgecheck.policy.schema_source import build_policy_schema
from pledgecheck.rules import Rules

PACK_DIR = Path(__file__).parents[1] / "data" / "pack"

MANIFEST = """\
manifest_version: 2
organisation:
  name: Tiny Labs
  roles: [model-developer]
  hosts_user_content: true
systems:
  - id: atlas-image
    name: Atlas Image
    modalities: {input: [text], output: [image]}
    release_type: hosted-api
safeguards:
  - id: sg-age
    kind: age-assurance
    status: implemented
    details:
      methods: [age-estimation, id-verification]
      minimum_age: 18
    evidence:
      - {url: "https://example.org/a", date: 2025-06-30}
      - {url: "https://example.org/b", date: 2024-01-01, assurance: publicly-documented}
  - id: sg-reporting
    kind: user-reporting
    status: implemented
"""


def judge(tmp_path: Path, test: dict[str, Any], *, as_of: str = "2026-06-30", strict: bool = False) -> Finding:
    """The finding of a one-check organisation control about age assurance."""
    path = tmp_path / "manifest.yaml"
    path.write_text(MANIFEST, encoding="utf-8")
    pack = load_pack(PACK_DIR)
    control = dataclasses.replace(
        pack.control("DEP1-04"),
        kinds=("age-assurance",),
        checks=(Check("the check", "the check failed", test),),
    )
    pack = dataclasses.replace(pack, controls=(control,))
    rules = Rules(unverified_fails=strict)
    assessment = evaluate(load_manifest(str(path)), pack, as_of=dt.date.fromisoformat(as_of), rules=rules)
    (finding,) = assessment.findings
    return finding


def state(tmp_path: Path, test: dict[str, Any], **kwargs: str) -> str:
    """The check's state: passed, failed, or unverified (its input is not stated)."""
    finding = judge(tmp_path, test, **kwargs)
    assert finding.status in ("met", "partial")  # the implemented safeguard always counts
    return finding.checks[-1].state


def passes(tmp_path: Path, test: dict[str, Any], **kwargs: str) -> bool:
    return state(tmp_path, test, **kwargs) == "passed"


AGE = "/safeguard/details/minimum_age"


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ({"equals": {"path": AGE, "value": 18}}, True),
        ({"equals": {"path": AGE, "value": "18"}}, False),  # 18 is not "18"
        ({"equals": {"path": AGE, "value": 18.0}}, False),  # 18 is not 18.0
        ({"equals": {"path": "/organisation/hosts_user_content", "value": True}}, True),
        ({"equals": {"path": "/organisation/hosts_user_content", "value": 1}}, False),
        ({"one_of": {"path": AGE, "values": ["18", 18.0, True]}}, False),
        ({"one_of": {"path": AGE, "values": [16, 18]}}, True),
        ({"at_least": {"path": "/organisation/hosts_user_content", "value": 1}}, False),
        ({"at_least": {"path": AGE, "value": 18}}, True),
        ({"at_most": {"path": AGE, "value": 17.5}}, False),
        ({"at_most": {"path": "/safeguard/details/nothing_here", "value": 100}}, "unverified"),
        ({"contains": {"path": "/safeguard/details/methods", "value": "id-verification"}}, True),
        ({"contains": {"path": "/safeguard/details/methods", "value": "self-declaration"}}, False),
        ({"min_items": {"path": "/safeguard/details/methods", "count": 2}}, True),
        ({"min_items": {"path": "/safeguard/details/methods", "count": 3}}, False),
        ({"exists": "/safeguard/details/methods"}, True),
        ({"exists": "/safeguard/details/notes"}, "unverified"),
    ],
)
def test_operators_are_type_strict(tmp_path: Path, test: dict[str, Any], expected: bool | str) -> None:
    wanted = expected if isinstance(expected, str) else "passed" if expected else "failed"
    assert state(tmp_path, test) == wanted


def test_a_check_on_an_unstated_input_counts_for_neither_side(tmp_path: Path) -> None:
    finding = judge(tmp_path, {"exists": "/safeguard/details/notes"})
    assert finding.status == "met"
    assert finding.unverified == ("the check",)
    assert finding.verified == 1 and len(finding.checks) == 2
    assert finding.messages == ()


def test_a_wildcard_passes_when_any_item_passes(tmp_path: Path) -> None:
    evidence = "/safeguard/evidence/*/assurance"
    assert passes(tmp_path, {"equals": {"path": evidence, "value": "publicly-documented"}})
    assert not passes(tmp_path, {"equals": {"path": evidence, "value": "independently-audited"}})
    assert passes(tmp_path, {"exists": "/systems/*/release_type"})


def test_a_wildcard_match_points_at_the_item_that_failed_first(tmp_path: Path) -> None:
    failed = judge(tmp_path, {"one_of": {"path": "/safeguard/evidence/*/url", "values": ["x"]}})
    assert failed.status == "partial"
    assert failed.messages == ("the check failed",)
    assert failed.pointer == "/safeguards/0/evidence/0/url"
    assert (failed.line, failed.column) == (19, 10)


@pytest.mark.parametrize(
    ("as_of", "fresh"),
    [("2026-06-30", True), ("2026-07-01", False), ("2025-06-30", True)],
)
def test_max_age_days_counts_from_the_assessment_date(tmp_path: Path, as_of: str, fresh: bool) -> None:
    # The newest evidence is dated 2025-06-30: exactly 365 days old on 2026-06-30.
    test = {"max_age_days": {"path": "/safeguard/evidence/*/date", "days": 365}}
    assert passes(tmp_path, test, as_of=as_of) is fresh


@pytest.mark.parametrize(
    ("level", "strong_enough"),
    [
        ("self-attested", True),
        ("publicly-documented", True),
        ("independently-audited", False),
    ],
)
def test_min_assurance_ranks_levels(tmp_path: Path, level: str, strong_enough: bool) -> None:
    test = {"min_assurance": {"path": "/safeguard/evidence", "level": level}}
    assert passes(tmp_path, test) is strong_enough


def test_all_any_and_not_combine_tests(tmp_path: Path) -> None:
    good = {"exists": "/safeguard/details/methods"}
    bad = {"contains": {"path": "/safeguard/details/methods", "value": "self-declaration"}}
    unknown = {"exists": "/safeguard/details/notes"}
    assert passes(tmp_path, {"all": [good, good]})
    assert not passes(tmp_path, {"all": [good, bad]})
    assert passes(tmp_path, {"any": [bad, good]})
    assert not passes(tmp_path, {"any": [bad, bad]})
    assert passes(tmp_path, {"not": bad})
    assert not passes(tmp_path, {"not": good})
    assert passes(tmp_path, {"not": {"all": [good, bad]}})
    # an unknown part: a failure still decides `all`, a pass still decides `any`
    assert state(tmp_path, {"all": [unknown, bad]}) == "failed"
    assert state(tmp_path, {"all": [good, unknown]}) == "unverified"
    assert state(tmp_path, {"any": [unknown, good]}) == "passed"
    assert state(tmp_path, {"any": [bad, unknown]}) == "unverified"
    assert state(tmp_path, {"not": unknown}) == "unverified"


def test_a_failing_all_points_at_its_failing_part(tmp_path: Path) -> None:
    test = {"all": [{"exists": "/safeguard/details/methods"}, {"at_least": {"path": AGE, "value": 21}}]}
    failed = judge(tmp_path, test)
    assert failed.pointer == "/safeguards/0/details/minimum_age"
    assert (failed.line, failed.column) == (17, 7)


def test_a_missing_node_is_located_at_its_nearest_existing_parent(tmp_path: Path) -> None:
    # only an assessor who counts unstated inputs as failed sees a missing node fail
    failed = judge(tmp_path, {"exists": "/safeguard/details/notes"}, strict=True)
    assert failed.status == "partial"
    assert failed.pointer == "/safeguards/0/details"
    assert (failed.line, failed.column) == (15, 5)
    deeper = judge(tmp_path, {"exists": "/organisation/reporting/progress_reports/0/url"}, strict=True)
    assert deeper.pointer == "/organisation"
    assert (deeper.line, deeper.column) == (2, 1)


def test_another_kind_of_safeguard_is_addressed_by_its_kind(tmp_path: Path) -> None:
    assert passes(tmp_path, {"exists": "/safeguards/user-reporting/id"})
    # no safeguard of that kind is documented: a stated absence fails, it is not an unknown
    assert state(tmp_path, {"exists": "/safeguards/prevention-messaging/id"}) == "failed"
    missing = judge(tmp_path, {"exists": "/safeguards/prevention-messaging/id"})
    assert missing.status == "partial"
    assert missing.pointer == "/safeguards"
    assert missing.line == 11


# -- the operator table: one entry per operator gives the schema, `explain` and the docs -----


def example_argument(schema: dict[str, Any]) -> Any:
    """A valid argument built from an operator's argument schema."""
    if schema.get("$ref") == "#/$defs/path":
        return AGE
    if schema.get("$ref") == "#/$defs/test":
        return {"exists": AGE}
    if "enum" in schema:
        return schema["enum"][-1]
    if schema.get("type") == "object":
        return {key: example_argument(part) for key, part in schema["properties"].items()}
    if schema.get("type") == "array":
        return [example_argument(schema.get("items", {}))] * max(schema.get("minItems", 0), 1)
    return 18  # a number, or any value


@pytest.mark.parametrize("name", list(OPERATORS))
def test_every_operator_is_in_the_schema_has_words_and_is_explained(tmp_path: Path, name: str) -> None:
    from jsonschema import Draft202012Validator

    operator = OPERATORS[name]
    schema = build_policy_schema()
    assert name in schema["$defs"]["test"]["propertyNames"]["enum"]
    assert schema["$defs"]["test"]["properties"][name] == operator.argument
    assert operator.phrase
    assert operator.passes_when, f"{operator.function.__name__} needs a docstring 'Passes when ...'"
    test = {name: example_argument(operator.argument)}
    assert not list(Draft202012Validator({**schema, "$ref": "#/$defs/test"}).iter_errors(test))
    pack = load_pack(PACK_DIR)
    control = dataclasses.replace(pack.control("DEP1-04"), checks=(Check("the check", "it failed", test),))
    words = describe(test)
    assert words and "{" not in words
    assert f"  - the check  [{words}]" in explain_text(pack, control)
    assert judge(tmp_path, test).status in ("met", "partial")  # the engine evaluates it


def test_explain_words_a_test_with_the_phrases_of_its_operators() -> None:
    test = {
        "all": [
            {"exists": "/a"},
            {"not": {"equals": {"path": "/b", "value": "x"}}},
            {"any": [{"min_items": {"path": "/c", "count": 2}}, {"max_age_days": {"path": "/d", "days": 30}}]},
        ]
    }
    assert describe(test) == (
        "(/a is present and not /b is 'x' and (/c has at least 2 item(s) or /d is at most 30 days old))"
    )
