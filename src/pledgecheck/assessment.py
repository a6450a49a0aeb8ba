"""The result of evaluating a pack against a manifest: findings and scores, immutable."""

from __future__ import annotations

from dataclasses import dataclass, field

from pledgecheck.policy.model import Pack
from pledgecheck.vocabulary import PILLARS

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


@dataclass(frozen=True, slots=True)
class CheckResult:
    title: str
    passed: bool
    message: str  # the check's `fail` text when it failed, "" when it passed


@dataclass(frozen=True, slots=True)
class AppliedWaiver:
    justification: str
    approver: str
    expires: str
    expired: bool


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

    @property
    def failing(self) -> bool:
        return self.status in ("gap", "partial")


@dataclass(frozen=True, slots=True)
class Scores:
    overall: float | None
    pillars: dict[str, float | None]
    principles: dict[str, float | None]


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


def compute_scores(pack: Pack, findings: tuple[Finding, ...], *, waivers: bool) -> Scores:
    principles = {p.id: score([f for f in findings if f.principle == p.id], waivers=waivers) for p in pack.principles}
    pillars = {
        pillar: score([f for f in findings if f.pillar == pillar], waivers=waivers)
        for pillar in PILLARS
        if any(p.pillar == pillar for p in pack.principles)
    }
    return Scores(score(findings, waivers=waivers), pillars, principles)


def priorities(assessment: Assessment, limit: int = 5) -> list[tuple[Finding, float]]:
    """Failing findings ranked by how many points fixing each would add to the overall score."""
    applicable = [f for f in assessment.findings if f.status in STATUS_VALUE]
    total = sum(SEVERITY_WEIGHT[f.severity] for f in applicable)
    if not total:
        return []
    gains = [
        (f, round(100 * SEVERITY_WEIGHT[f.severity] * (1 - STATUS_VALUE[f.status]) / total, 1))
        for f in applicable
        if f.failing
    ]
    gains.sort(key=lambda pair: (-pair[1], pair[0]))
    return gains[:limit]
