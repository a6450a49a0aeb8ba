"""Aggregation over OrgResults: adoption, n/a never a miss, quartiles, cohorts, overdue."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pledgecheck.compare import (
    OrgResult,
    Rate,
    adoption,
    build_comparison,
    overdue_days,
    spread,
    worst,
)
from pledgecheck.errors import Problem
from pledgecheck.policy.loader import load_pack

AS_OF = dt.date(2026, 11, 1)


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
    assert overdue_days(cadence, last, AS_OF) == expected


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
    members, rates = comparison.cohorts["model-developer"]
    assert members == 2 and rates[first] == Rate(1, 2)
    members, rates = comparison.cohorts["content-platform"]
    assert members == 2 and rates[first] == Rate(0, 1) and rates[second] == Rate(1, 2)
    assert comparison.cohorts["search-engine"][0] == 0
    assert comparison.most_missed[0] == (second, 2)
    assert comparison.spreads["DEV1"].median == 60.0
    assert comparison.invalid_files == ["bad.yaml"]
    assert len(comparison.organisations) == 3


def test_results_are_picklable_for_worker_processes() -> None:
    import pickle

    result = org("a", ("model-host",), {"C": "met"})
    assert pickle.loads(pickle.dumps(result)) == result
    assert dataclasses.replace(result, name="b").name == "b"
