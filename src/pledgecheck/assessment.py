"""The result of evaluating a pack against a manifest: findings and scores, immutable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from pledgecheck.evidence import EvidenceFile
from pledgecheck.policy.model import Pack
from pledgecheck.vocabulary import PILLARS

if TYPE_CHECKING:
    from pledgecheck.disclosure import Redactions
    from pledgecheck.reporting import ReportingDue

STATUSES = ("met", "partial", "gap", "not-applicable", "waived")
SEVERITIES = ("critical", "high", "medium", "low")
SEVERITY_WEIGHT = {"critical": 4, "high": 3, "medium": 2, "low": 1}
STATUS_VALUE = {"met": 1.0, "partial": 0.5, "gap": 0.0}
WEIGHTING = (
    "Each applicable finding counts with its severity weight (critical 4, high 3, medium 2, "
    "low 1) and its status value (met 1, partial 0.5, gap 0). A score is 100 x the weighted "
    "sum of values over the sum of weights, over the findings of a principle, a pillar or the "
    "whole pack. Not-applicable findings are left out; waived ones are left out of `score` "
    "and counted by their evaluated status in `score_without_waivers`."
)


#: a check's state: it passed, it failed, or its input is not stated in the manifest.
CHECK_STATES = ("passed", "failed", "unverified")


class CheckResult(NamedTuple):
    """One check of a finding (a named tuple: built for every check of every manifest)."""

    title: str
    passed: bool
    message: str  # the check's `fail` text when it failed, "" otherwise
    verified: bool = True  # False: the input is not stated, so the check is neither passed nor failed

    @property
    def state(self) -> str:
        return "unverified" if not self.verified else "passed" if self.passed else "failed"


@dataclass(frozen=True, slots=True)
class AppliedWaiver:
    justification: str
    approver: str
    expires: str
    expired: bool


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """A reviewer's verdict on a finding (`--review FILE`), and the organisation's contest of it."""

    tool_status: str  # the status the pack gave, before the reviewer's verdict replaced it
    verdict: str
    reason: str
    reviewer: str
    date: str
    contest: str = ""  # the organisation's reason, "" when not contested
    contested_by: str = ""
    contested_on: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One control judged for one scope (the organisation, or one system)."""

    order: int  # position of the control in the pack: findings sort by it, then system
    system: str  # "" for the organisation
    control: str
    principle: str
    pillar: str
    title: str
    severity: str
    status: str
    evaluated_status: str  # the status before any waiver
    messages: tuple[str, ...]
    pointer: str
    line: int
    column: int
    safeguard: str = ""  # id of the safeguard judged, "" when none
    assurance: str = ""  # best evidence assurance of that safeguard, "" when none
    checks: tuple[CheckResult, ...] = ()
    waiver: AppliedWaiver | None = None
    candidates: tuple[str, ...] = ()  # ids of every safeguard that could have been judged
    equivalent: tuple[str, ...] = ()  # ids of the safeguards that met the control as equivalent practice
    declared: str = ""  # the organisation's own justification, when it declared the control not applicable
    review: str = ""  # why a reviewer should look at the verdict ("" when nothing to review)
    reviewed: ReviewNote | None = field(default=None, compare=False)  # set by review.apply_reviews

    @property
    def failing(self) -> bool:
        return self.status in ("gap", "partial")

    @property
    def verified(self) -> int:
        """How many of the checks rest on stated facts."""
        return sum(c.verified for c in self.checks)

    @property
    def unverified(self) -> tuple[str, ...]:
        """Titles of the checks whose input the manifest does not state."""
        return tuple(c.title for c in self.checks if not c.verified)


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a verdict rests on stated facts: checks verified of checks judged."""

    verified: int
    total: int

    def __str__(self) -> str:
        return f"{self.verified} of {self.total} checks verified"


@dataclass(frozen=True, slots=True)
class Scores:
    overall: float | None
    pillars: dict[str, float | None]
    principles: dict[str, float | None]
    coverage: dict[str, Coverage] = field(default_factory=dict)  # "overall", pillar and principle ids


@dataclass(frozen=True, slots=True)
class Assessment:
    file: str
    organisation: str
    as_of: str
    pack: Pack
    findings: tuple[Finding, ...]
    scores: Scores
    scores_without_waivers: Scores
    warnings: tuple[str, ...] = field(default=())
    scores_without_review: Scores | None = None  # the tool's own scores, when a review file overrode verdicts
    evidence: tuple[EvidenceFile, ...] = field(default=())  # local evidence files judged, with digests
    jurisdictions: tuple[str, ...] = field(default=())  # organisation.jurisdictions (frameworks.py)
    markets: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # (system id, its markets) when stated
    reporting: ReportingDue | None = None  # when the next progress report is due
    redactions: Redactions | None = None  # what an audience's view left out; None: everything shown

    def count(self, status: str) -> int:
        return sum(1 for f in self.findings if f.status == status)


def score(findings: list[Finding] | tuple[Finding, ...], *, waivers: bool = True) -> float | None:
    """Weighted score 0–100 of the applicable findings, or None when none applies."""
    total = achieved = 0.0
    for finding in findings:
        status = finding.status if waivers else finding.evaluated_status
        if status not in STATUS_VALUE:
            continue
        weight = SEVERITY_WEIGHT[finding.severity]
        total += weight
        achieved += weight * STATUS_VALUE[status]
    return round(100 * achieved / total, 1) if total else None


def coverage(findings: list[Finding] | tuple[Finding, ...]) -> Coverage:
    """Checks verified of checks judged, over the applicable findings."""
    judged = [f for f in findings if f.evaluated_status in STATUS_VALUE]
    return Coverage(sum(f.verified for f in judged), sum(len(f.checks) for f in judged))


def compute_scores(pack: Pack, findings: tuple[Finding, ...], *, waivers: bool) -> Scores:
    """The scores of `findings`: overall, per pillar and per principle, with their coverage.

    One pass: each finding adds its weight and weighted value to the overall, its principle's
    and its pillar's totals (the same sums `score` and `coverage` make, group by group)."""
    totals: dict[str, list[float]] = {}  # group -> [weight, achieved, verified checks, checks]
    for finding in findings:
        status = finding.status if waivers else finding.evaluated_status
        judged = finding.evaluated_status in STATUS_VALUE
        value = STATUS_VALUE.get(status)
        if value is None and not judged:
            continue
        weight = SEVERITY_WEIGHT[finding.severity] if value is not None else 0
        verified = sum(c.verified for c in finding.checks) if judged else 0
        checks = len(finding.checks) if judged else 0
        for group in ("overall", finding.principle, finding.pillar):
            entry = totals.get(group)
            if entry is None:
                entry = totals[group] = [0.0, 0.0, 0, 0]
            entry[0] += weight
            entry[1] += weight * (value or 0.0)
            entry[2] += verified
            entry[3] += checks

    def of(group: str) -> float | None:
        entry = totals.get(group)
        return round(100 * entry[1] / entry[0], 1) if entry and entry[0] else None

    principles = {p.id: of(p.id) for p in pack.principles}
    pillars = {pillar: of(pillar) for pillar in PILLARS if any(p.pillar == pillar for p in pack.principles)}
    groups = {"overall", *(f.principle for f in findings), *(f.pillar for f in findings)}
    covered = {
        name: Coverage(int(totals[name][2]), int(totals[name][3])) if name in totals else Coverage(0, 0)
        for name in groups
    }
    return Scores(of("overall"), pillars, principles, covered)


def missing_weight(finding: Finding) -> float:
    """Severity weight times what is missing: all of it for a gap, half for a partial."""
    return SEVERITY_WEIGHT[finding.severity] * (1 - STATUS_VALUE.get(finding.status, 1.0))


def gain(finding: Finding, total_weight: float) -> float:
    """Points the overall score would gain if this finding were met."""
    return round(100 * missing_weight(finding) / total_weight, 1) if total_weight else 0.0


def fix_order(finding: Finding) -> tuple[float, int, bool, Finding]:
    """Failing findings rank by the points fixing them adds (weight x what is missing), then by
    severity, then absent safeguards (gaps) before missing details (partials), then pack order.
    So a high-severity safeguard that is absent outranks a critical one that lacks a detail."""
    return (-missing_weight(finding), SEVERITIES.index(finding.severity), finding.status != "gap", finding)


def priorities(assessment: Assessment, limit: int = 5) -> list[tuple[Finding, float]]:
    """Failing findings ranked by how many points fixing each would add to the overall score."""
    applicable = [f for f in assessment.findings if f.status in STATUS_VALUE]
    total = sum(SEVERITY_WEIGHT[f.severity] for f in applicable)
    if not total:
        return []
    ranked = sorted((f for f in applicable if f.failing), key=fix_order)
    return [(f, gain(f, total)) for f in ranked[:limit]]
