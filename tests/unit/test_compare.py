"""A coalition's comparison (src/pledgecheck/compare.py): one organisation reduced to its
worst system per control, adoption rates where n/a is never a miss, quartiles, cohorts and
overdue progress reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pledgecheck.compare import (
    OrgResult,
    Rate,
    adoption,
    build_comparison,
    overdue_days,
    spread,
    summarise,
    worst,
)
from pledgecheck.engine import evaluate
from pledgecheck.errors import Problem
from pledgecheck.loading import load_manifest
from pledgecheck.policy.loader import load_pack
from tests.support.paths import TEST_PACK

AS_OF = dt.date(2026, 11, 1)
CADENCES = load_pack().cadences  # the default pack's promise windows


def org(name: str, roles: tuple[str, ...], statuses: dict[str, str], score: float | None = 50.0) -> OrgResult:
    return OrgResult(
        file=f"{name}.yaml", name=name, roles=roles, overall=score, scores={"DEV1": score},
        statuses=statuses, critical_gaps=(), cadence="yearly", last_report="2026-01-01",
        overdue_days=None,
    )  # fmt: skip


def test_worst_status_over_systems_and_na_only_when_all_na() -> None:
    assert worst(["met", "gap", "not-applicable"]) == "gap"
    assert worst(["met", "partial"]) == "partial"
    assert worst(["met", "not-applicable"]) == "met"
    assert worst(["not-applicable", "not-applicable"]) == "not-applicable"
    assert worst(["waived", "met"]) == "waived"


#: Two systems on the test pack: input detection covers atlas-image only (DEP1-01 met there,
#: a gap for atlas-voice), the separation is self-attested (DEV1-02 partial for both), and the
#: progress reports are listed out of date order.
TWO_SYSTEMS = """\
manifest_version: 1
organisation:
  name: Tiny Labs
  roles: [model-host, model-developer]
  contact: safety@tiny.example
  reporting:
    cadence: semiannual
    progress_reports:
      - {date: 2026-03-01, url: "https://example.org/march"}
      - {date: 2025-09-01, url: "https://example.org/september"}
systems:
  - id: atlas-image
    name: Atlas Image
    modalities: {output: [image]}
    release_type: hosted-api
  - id: atlas-voice
    name: Atlas Voice
    modalities: {output: [audio]}
    release_type: hosted-api
safeguards:
  - id: sg-input
    kind: input-detection
    status: implemented
    systems: [atlas-image]
    details: {hash_lists: [iwf]}
  - id: sg-separation
    kind: child-adult-content-separation
    status: implemented
    evidence: [{url: "https://example.org/separation", date: 2026-01-10}]
"""


def test_an_organisation_counts_with_its_worst_system_and_its_latest_report(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TWO_SYSTEMS, encoding="utf-8")
    doc = load_manifest(str(path))
    result = summarise(evaluate(doc, load_pack(TEST_PACK), as_of=AS_OF), doc.data["organisation"], as_of=AS_OF)
    assert result.statuses["DEP1-01"] == "gap"  # met for atlas-image, a gap for atlas-voice
    assert result.statuses["DEV1-02"] == "partial"
    assert result.statuses["DEP1-02"] == "not-applicable"  # no adults-only system
    assert result.critical_gaps == ("DEV1-01", "DEP1-01")  # pack order; no hash matching at all
    assert result.roles == ("model-developer", "model-host")  # in the order of the vocabulary
    assert (result.cadence, result.last_report, result.report_url) == (
        "semiannual", "2026-03-01", "https://example.org/march",
    )  # fmt: skip
    assert (result.name, result.contact) == ("Tiny Labs", "safety@tiny.example")


def test_an_organisation_is_overdue_from_its_latest_report(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(TWO_SYSTEMS, encoding="utf-8")
    doc = load_manifest(str(path))
    # the cadences are facts of the default pack (semiannual: 183 days); the test pack has none
    assessment = dataclasses.replace(evaluate(doc, load_pack(TEST_PACK), as_of=AS_OF), pack=load_pack())
    result = summarise(assessment, doc.data["organisation"], as_of=AS_OF)
    assert result.overdue_days == (AS_OF - dt.date(2026, 3, 1)).days - 183 == 62


def test_adoption_counts_met_over_applicable_and_na_is_never_a_miss() -> None:
    orgs = [
        org("a", ("model-host",), {"C": "met"}),
        org("b", ("model-host",), {"C": "gap"}),
        org("c", ("model-host",), {"C": "not-applicable"}),
        org("d", ("model-host",), {"C": "partial"}),
        org("e", ("model-host",), {}),  # the control never came up: not applicable
    ]
    rate = adoption(orgs, "C")
    assert rate == Rate(met=1, applicable=3)
    assert rate.value == pytest.approx(33.3)
    assert adoption(orgs[2:3], "C").value is None


def test_quartiles_and_median_ignore_missing_scores() -> None:
    result = spread([10.0, 20.0, None, 30.0, 40.0, 50.0])
    assert (result.count, result.q1, result.median, result.q3) == (5, 20.0, 30.0, 40.0)
    assert spread([None]).median is None
    single = spread([70.0])
    assert (single.q1, single.median, single.q3) == (70.0, 70.0, 70.0)


@pytest.mark.parametrize(
    ("cadence", "last", "expected"),
    [
        ("quarterly", "2026-08-01", None),  # exactly 92 days: on time
        ("quarterly", "2026-07-31", 1),
        ("quarterly", "2026-07-01", 31),
        ("semiannual", "2026-05-02", None),
        ("semiannual", "2026-04-01", 31),
        ("yearly", "2025-11-01", None),
        ("yearly", "2025-10-01", 30),
        ("yearly", "", 0),  # nothing ever published: overdue
    ],
)
def test_overdue_progress_reports(cadence: str, last: str, expected: int | None) -> None:
    assert overdue_days(cadence, last, AS_OF, cadences=CADENCES) == expected


def test_comparison_cohorts_most_missed_and_invalid_kept_out() -> None:
    pack = load_pack()
    first, second = pack.controls[0].id, pack.controls[1].id
    orgs = [
        org("dev", ("model-developer",), {first: "met", second: "gap"}, 90.0),
        org("both", ("model-developer", "content-platform"), {first: "gap", second: "gap"}, 40.0),
        org("platform", ("content-platform",), {first: "not-applicable", second: "met"}, 60.0),
    ]
    invalid = [Problem("bad.yaml", 3, 5, "broken", "$.organisation")]
    comparison = build_comparison(pack, orgs, invalid, as_of=AS_OF)
    assert comparison.adoption[first] == Rate(1, 2)
    assert comparison.adoption[second] == Rate(1, 3)
    cohorts = {cohort.name: cohort for cohort in comparison.cohorts}
    assert cohorts["model-developer"].members == 2 and cohorts["model-developer"].adoption[first] == Rate(1, 2)
    platform = cohorts["content-platform"]
    assert platform.members == 2 and platform.adoption[first] == Rate(0, 1) and platform.adoption[second] == Rate(1, 2)
    assert cohorts["search-engine"].members == 0
    assert comparison.most_missed[0] == (second, 2)
    assert comparison.spreads["DEV1"].median == 60.0
    assert comparison.invalid_files == ["bad.yaml"]
    assert len(comparison.organisations) == 3


def test_results_are_picklable_for_worker_processes() -> None:
    import pickle

    result = org("a", ("model-host",), {"C": "met"})
    assert pickle.loads(pickle.dumps(result)) == result
    assert dataclasses.replace(result, name="b").name == "b"
