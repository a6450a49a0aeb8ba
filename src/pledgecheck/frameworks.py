"""Coverage per framework: which frameworks of the pack's crosswalk apply to an organisation
(its jurisdictions and its systems' markets), which of their obligations are in force on the
assessment date, and how far the controls behind each obligation support it.

A report never claims more than the mapping supports: only a control whose relationship is
`equivalent` or `superset` can cover an obligation fully; `subset` and `intersects` are partial
evidence however well the control is met. The rules are in docs/frameworks.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pledgecheck.errors import UsageError, did_you_mean

if TYPE_CHECKING:
    from pledgecheck.assessment import Assessment, Finding
    from pledgecheck.policy.model import Framework, Obligation, Pack

#: OSCAL's control-mapping vocabulary: the relationship of a control (source) to an obligation (target)
RELATIONSHIPS: dict[str, str] = {
    "equivalent": "the control asks for the same thing as the obligation",
    "subset": "everything the control asks for is within the obligation, which asks for more",
    "superset": "the control asks for everything the obligation asks for, and more",
    "intersects": "they overlap, and each asks for something the other does not",
}
#: relationships under which a met control covers the obligation fully
FULL = ("equivalent", "superset")

#: the state of one obligation for one organisation on one date, in report order
STATES: dict[str, str] = {
    "covered": "a control that goes as far as the obligation (equivalent or superset) is met",
    "partly-covered": "a mapped control is met or partly met, but the mapping supports only part of the obligation",
    "not-covered": "the mapped controls apply and none is met or partly met",
    "not-assessed": "no mapped control applies to this organisation, so the pack says nothing about it",
    "upcoming": "not in force on the assessment date (its date may be unknown)",
    "not-applicable": "no longer in force on the assessment date",
}
_JUDGED = ("met", "partial", "gap")


@dataclass(frozen=True, slots=True)
class ControlCoverage:
    control: str
    title: str
    relationship: str
    status: str  # met | partial | gap over the scopes the framework reaches; not-applicable when none
    systems: tuple[str, ...]  # the scopes judged ("" is the organisation)


@dataclass(frozen=True, slots=True)
class ObligationCoverage:
    obligation: Obligation
    state: str
    controls: tuple[ControlCoverage, ...]
    binding: bool = True

    @property
    def legal_gap(self) -> bool:
        """Binding, in force and not supported by any met or partly met control."""
        return self.state == "not-covered" and self.binding


@dataclass(frozen=True, slots=True)
class FrameworkCoverage:
    framework: Framework
    applies: bool
    reason: str  # why it applies or not, in words
    obligations: tuple[ObligationCoverage, ...]

    def count(self, state: str) -> int:
        return sum(1 for o in self.obligations if o.state == state)

    @property
    def coverage(self) -> float | None:
        """100 x (covered + half of partly covered) over the obligations in force that the pack
        assesses; None when none is."""
        covered, partly = self.count("covered"), self.count("partly-covered")
        total = covered + partly + self.count("not-covered")
        return round(100 * (covered + 0.5 * partly) / total, 1) if total else None

    @property
    def upcoming(self) -> tuple[ObligationCoverage, ...]:
        return tuple(o for o in self.obligations if o.state == "upcoming")


def check_selection(pack: Pack, selected: Sequence[str]) -> tuple[str, ...]:
    """The framework ids asked for with `--framework`, each known to the pack; else a UsageError
    with a did-you-mean."""
    for name in selected:
        if name not in pack.frameworks:
            known = ", ".join(pack.frameworks) or "none"
            raise UsageError(
                f"--framework '{name}': unknown framework; expected one of {known}{did_you_mean(name, pack.frameworks)}"
            )
    return tuple(dict.fromkeys(selected))


def coverage_for(assessment: Assessment, selected: Sequence[str] = ()) -> list[FrameworkCoverage]:
    """Coverage of the frameworks named in `selected` (in that order), or, when none is named,
    of every framework that applies to the organisation (in the pack's order)."""
    pack = assessment.pack
    places = _places(assessment.jurisdictions, pack.regions)
    markets = {system: _places(codes, pack.regions) for system, codes in assessment.markets}
    chosen = [pack.frameworks[name] for name in selected if name in pack.frameworks]
    results = [_framework(assessment, f, places, markets) for f in (chosen or pack.frameworks.values())]
    return results if selected else [r for r in results if r.applies]


def _places(codes: Iterable[str], regions: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """The codes, with every region one of them belongs to (DE is in the EU)."""
    found = {code.upper() for code in codes}
    found |= {region for region, members in regions.items() if found & set(members)}
    return frozenset(found)


def _framework(
    assessment: Assessment,
    framework: Framework,
    places: frozenset[str],
    markets: dict[str, frozenset[str]],
) -> FrameworkCoverage:
    wanted = set(framework.jurisdictions)
    everywhere = places | set().union(*markets.values()) if markets else places
    where = ", ".join(framework.jurisdictions)
    if not everywhere:
        applies, reason = True, f"the manifest states no jurisdictions, so {where} is assumed"
    elif everywhere & wanted:
        applies, reason = True, f"the organisation operates in {', '.join(sorted(everywhere & wanted))}"
    else:
        stated = ", ".join(sorted(everywhere))
        return FrameworkCoverage(framework, False, f"applies in {where}; the manifest states {stated}", ())

    def reaches(system: str) -> bool:  # a system offered only elsewhere is outside the framework
        if not system or not everywhere:
            return True
        return bool((markets.get(system) or places) & wanted)

    # waived findings count by their evaluated status: a waiver accepts a gap, it does not meet a law
    judged: dict[str, list[Finding]] = {}
    for finding in assessment.findings:
        if finding.evaluated_status in _JUDGED and reaches(finding.system):
            judged.setdefault(finding.control, []).append(finding)
    as_of = dt.date.fromisoformat(assessment.as_of)
    obligations = tuple(_obligation(o, judged, assessment, as_of, framework.binding) for o in framework.obligations)
    return FrameworkCoverage(framework, applies, reason, obligations)


def _obligation(
    obligation: Obligation, findings: dict[str, list[Finding]], assessment: Assessment, as_of: dt.date, binding: bool
) -> ObligationCoverage:
    controls = tuple(_control(m.control, m.relationship, findings, assessment) for m in obligation.controls)
    if obligation.applies_until and dt.date.fromisoformat(obligation.applies_until) < as_of:
        state = "not-applicable"
    elif obligation.applies_from is None or dt.date.fromisoformat(obligation.applies_from) > as_of:
        state = "upcoming"
    else:
        judged = [c for c in controls if c.status in _JUDGED]
        if not judged:
            state = "not-assessed"
        elif any(c.status == "met" and c.relationship in FULL for c in judged):
            state = "covered"
        elif any(c.status in ("met", "partial") for c in judged):
            state = "partly-covered"
        else:
            state = "not-covered"
    return ObligationCoverage(obligation, state, controls, binding)


def _control(
    control_id: str, relationship: str, judged: dict[str, list[Finding]], assessment: Assessment
) -> ControlCoverage:
    """How one mapped control fared, from the judged findings in reach, by control."""
    mine = judged.get(control_id, [])
    statuses = {f.evaluated_status for f in mine}
    if not mine:
        status = "not-applicable"
    elif statuses == {"met"}:
        status = "met"
    elif statuses & {"met", "partial"}:
        status = "partial"
    else:
        status = "gap"
    control = assessment.pack.control(control_id)
    title = control.title if control else control_id
    return ControlCoverage(control_id, title, relationship, status, tuple(f.system for f in mine))


def dates(obligation: Obligation) -> str:
    """When an obligation applies, in words: `from 2026-12-02`, `date not confirmed`."""
    text = "date not confirmed" if obligation.applies_from is None else f"from {obligation.applies_from}"
    if obligation.applies_until:
        text += f" until {obligation.applies_until}"
    return text


def state_label(item: ObligationCoverage) -> str:
    """The state as people read it: an upcoming obligation names its date; voluntary guidance
    that is not followed is never called a gap."""
    if item.state == "upcoming":
        date = item.obligation.applies_from
        return f"upcoming ({'from ' + date if date else 'date unknown'})"
    if item.state == "not-covered":
        return "not covered (legal gap)" if item.binding else "not covered (voluntary guidance)"
    return item.state.replace("-", " ")
