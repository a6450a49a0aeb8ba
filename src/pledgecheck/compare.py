"""Aggregate many assessments into a coalition comparison: pure functions, plain values.

An organisation is reduced to an `OrgResult` (picklable, so worker processes can return it);
`build_comparison` turns a list of them into the matrix, adoption rates, quartiles, cohorts
and overdue progress reports every compare reporter shows.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.dates import latest_day
from pledgecheck.errors import Problem
from pledgecheck.frameworks import coverage_for
from pledgecheck.policy.model import Pack
from pledgecheck.vocabulary import Role

if TYPE_CHECKING:
    from pledgecheck.cohorts import Cohort
    from pledgecheck.history import History

ROLES: tuple[str, ...] = get_args(Role)
#: worst first: an organisation's status for a system-scoped control is its worst system's.
WORST_FIRST = ("gap", "partial", "waived", "met", "not-applicable")
MISSED = ("gap", "partial")


@dataclass(frozen=True, slots=True)
class ControlInfo:
    id: str
    principle: str
    title: str
    severity: str
    rationale: str
    remediation: str


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A reviewer's verdict on one control of one organisation, and the organisation's contest."""

    control: str
    system: str
    tool: str  # the status the pack gave
    verdict: str  # the reviewer's
    reviewer: str
    date: str
    reason: str
    contest: str = ""  # the organisation's reason, "" when not contested
    contested_by: str = ""
    contested_on: str = ""


@dataclass(frozen=True, slots=True)
class OrgResult:
    """One organisation, reduced to what the comparison needs."""

    file: str
    name: str
    roles: tuple[str, ...]
    overall: float | None
    scores: dict[str, float | None]  # principle id -> score
    statuses: dict[str, str]  # control id -> status aggregated over systems
    critical_gaps: tuple[str, ...]  # control ids, pack order
    cadence: str
    last_report: str  # ISO date of the latest progress report, "" when none
    overdue_days: int | None  # days past the promised cadence, None when on time
    contact: str = ""
    report_url: str = ""
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # organisation.attributes
    reviews: tuple[ReviewRow, ...] = ()
    overall_without_review: float | None = None  # the tool's own scores, when a reviewer overrode some
    scores_without_review: dict[str, float | None] | None = None
    overdue_band: str = ""  # anonymised: the band of `overdue_days`, which is then withheld
    # framework id -> coverage (frameworks.py) of each framework that applies, pack order;
    # None when none of its obligations in force is assessed. Empty when anonymised.
    frameworks: dict[str, float | None] = field(default_factory=dict)
    withheld: frozenset[str] = frozenset()  # anonymised: facts not shown ("roles", "reporting", "detail")
    withheld_parts: int = 0  # parts of the manifest above the comparison's audience tier, left out


@dataclass(frozen=True, slots=True)
class Rate:
    met: int
    applicable: int

    @property
    def value(self) -> float | None:
        return round(100 * self.met / self.applicable, 1) if self.applicable else None


@dataclass(frozen=True, slots=True)
class Spread:
    count: int
    q1: float | None
    median: float | None
    q3: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    as_of: str
    pack: tuple[str, str, str]  # id, version, title
    principles: tuple[tuple[str, str], ...]  # id, title
    controls: tuple[ControlInfo, ...]
    organisations: tuple[OrgResult, ...]
    invalid: tuple[Problem, ...]
    adoption: dict[str, Rate]
    spreads: dict[str, Spread]
    most_missed: tuple[tuple[str, int], ...]  # (control, organisations missing it)
    cohorts: tuple[Cohort, ...]
    anonymized: bool = False
    cohort_by: str = "role"
    min_cohort: int = 0  # cohorts smaller than this are withheld (anonymised output); 0: none
    history: History | None = None
    reviewed: bool = False  # a review file was applied
    audience: str = "coalition"  # the disclosure tier the manifests were read at (compare --audience)

    @property
    def invalid_files(self) -> list[str]:
        return sorted({p.file for p in self.invalid})


def worst(statuses: Sequence[str]) -> str:
    """The worst status of a control over an organisation's systems; n/a only when all are."""
    return min(statuses, key=WORST_FIRST.index) if statuses else "not-applicable"


def overdue_days(cadence: str, last_report: str, as_of: dt.date, *, cadences: Mapping[str, int]) -> int | None:
    """Days a progress report is overdue at `as_of` under the pack's `cadences`; None when it
    is not overdue, or when that cannot be told (an undated report, a cadence the pack lacks).
    A report dated by month or year counts from the last day it may stand for.

    With no report published at all the promise is already unmet: 0 days, shown as such."""
    if not last_report:
        return 0
    days, last = cadences.get(cadence), latest_day(last_report)
    if days is None or last is None:
        return None
    late = (as_of - last).days - days
    return late if late > 0 else None


def summarise(assessment: Assessment, organisation: dict[str, Any], *, as_of: dt.date) -> OrgResult:
    """Reduce one assessment (and its manifest's organisation block) to an OrgResult."""
    by_control: dict[str, list[str]] = {}
    severity: dict[str, str] = {}
    for finding in assessment.findings:
        by_control.setdefault(finding.control, []).append(finding.status)
        severity[finding.control] = finding.severity
    statuses = {control: worst(found) for control, found in by_control.items()}
    reporting = organisation.get("reporting") or {}
    reports = sorted(reporting.get("progress_reports") or [], key=lambda r: latest_day(r.get("date")) or dt.date.min)
    last = reports[-1] if reports else {}
    cadence = str(reporting.get("cadence", "yearly"))
    last_date = str(last.get("date", ""))
    reviews = tuple(_review_row(f) for f in assessment.findings if f.reviewed is not None)
    before = assessment.scores_without_review
    return OrgResult(
        file=assessment.file,
        name=assessment.organisation,
        roles=tuple(r for r in ROLES if r in (organisation.get("roles") or [])),
        overall=assessment.scores.overall,
        scores=dict(assessment.scores.principles),
        statuses=statuses,
        critical_gaps=tuple(c for c, s in statuses.items() if s in MISSED and severity[c] == "critical"),
        cadence=cadence,
        last_report=last_date,
        overdue_days=overdue_days(cadence, last_date, as_of, cadences=assessment.pack.cadences),
        contact=str(organisation.get("contact", "")),
        report_url=str(last.get("url", "")),
        attributes={
            key: tuple(value) if isinstance(value, list) else (str(value),)
            for key, value in sorted((organisation.get("attributes") or {}).items())
        },
        reviews=reviews,
        frameworks={item.framework.id: item.coverage for item in coverage_for(assessment)},
        overall_without_review=before.overall if before else None,
        scores_without_review=dict(before.principles) if before else None,
    )


def _review_row(finding: Finding) -> ReviewRow:
    note = finding.reviewed
    assert note is not None
    return ReviewRow(
        finding.control,
        finding.system,
        note.tool_status,
        note.verdict,
        note.reviewer,
        note.date,
        note.reason,
        note.contest,
        note.contested_by,
        note.contested_on,
    )


def adoption(organisations: Sequence[OrgResult], control: str) -> Rate:
    """Met over applicable organisations: not-applicable is never counted as a miss."""
    applicable = [o.statuses.get(control, "not-applicable") for o in organisations]
    applicable = [s for s in applicable if s != "not-applicable"]
    return Rate(sum(1 for s in applicable if s == "met"), len(applicable))


def spread(values: Sequence[float | None]) -> Spread:
    """Median and quartiles (inclusive method) of the scores that exist."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return Spread(0, None, None, None)
    if len(known) == 1:
        return Spread(1, known[0], known[0], known[0])
    q1, median, q3 = statistics.quantiles(known, n=4, method="inclusive")
    return Spread(len(known), round(q1, 1), round(median, 1), round(q3, 1))


def control_infos(pack: Pack) -> tuple[ControlInfo, ...]:
    return tuple(ControlInfo(c.id, c.principle, c.title, c.severity, c.rationale, c.remediation) for c in pack.controls)


def build_comparison(
    pack: Pack,
    organisations: Sequence[OrgResult],
    invalid: Sequence[Problem],
    *,
    as_of: dt.date,
    anonymized: bool = False,
    limit: int = 10,
    cohort_by: str = "role",
    min_cohort: int = 0,
    history: History | None = None,
    reviewed: bool = False,
) -> Comparison:
    """Every aggregate of the comparison, computed once. With `min_cohort`, a cohort with fewer
    members than that (or fewer organisations outside it) has its figures withheld."""
    from pledgecheck.cohorts import build_cohorts

    controls = control_infos(pack)
    principles = tuple(p.id for p in pack.principles)
    rates = {c.id: adoption(organisations, c.id) for c in controls}
    missed = [(c.id, sum(1 for o in organisations if o.statuses.get(c.id) in MISSED)) for c in controls]
    missed = sorted((m for m in missed if m[1]), key=lambda m: -m[1])[:limit]
    return Comparison(
        as_of=as_of.isoformat(),
        pack=(pack.id, pack.version, pack.title),
        principles=tuple((p.id, p.title) for p in pack.principles),
        controls=controls,
        organisations=tuple(organisations),
        invalid=tuple(sorted(invalid)),
        adoption=rates,
        spreads={p: spread([o.scores.get(p) for o in organisations]) for p in principles},
        most_missed=tuple(missed),
        cohorts=build_cohorts(organisations, [c.id for c in controls], principles, by=cohort_by, min_size=min_cohort),
        anonymized=anonymized,
        cohort_by=cohort_by,
        min_cohort=min_cohort,
        history=history,
        reviewed=reviewed,
    )
