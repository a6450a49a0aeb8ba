"""A progress report for publication, built from an audience's view of a manifest.

`build_report` takes the view (disclosure.audience_view: nothing above the audience's tier
is in it) and the assessment of that same view, so a reporter can only ever show what the
audience may read, and the scores count only that. Given the view and assessment of an
earlier version, it also says what changed since. Plain values; reporters word them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pledgecheck.assessment import Assessment, Finding
from pledgecheck.dates import latest_day
from pledgecheck.disclosure import AudienceView, Redactions
from pledgecheck.reporting import ReportingDue
from pledgecheck.vocabulary import PILLARS, SAFEGUARD_KINDS

#: details that are bookkeeping of the manifest, never shown as a fact
_HIDDEN_DETAILS = frozenset({"disclosure", "notes_disclosure", "notes"})


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    title: str
    url: str  # as written; reporters make it a safe link or drop it
    path: str
    date: str
    kind: str
    assurance: str


@dataclass(frozen=True, slots=True)
class SafeguardItem:
    id: str
    kind: str
    meaning: str  # the catalogue's one-line meaning of the kind
    status: str
    description: str
    systems: tuple[str, ...]  # system names; () is organisation-wide
    due: str
    details: tuple[tuple[str, str], ...]  # (label, value) of each stated detail
    notes: str
    evidence: tuple[EvidenceItem, ...]
    overdue: bool = False  # planned, and its due date has passed


@dataclass(frozen=True, slots=True)
class PrincipleSection:
    id: str
    title: str
    pillar: str
    score: float | None
    met: int
    applicable: int
    in_place: tuple[SafeguardItem, ...]
    planned: tuple[SafeguardItem, ...]
    open: tuple[tuple[str, str, str, str], ...]  # (control, title, scope, status) failing, nothing planned


@dataclass(frozen=True, slots=True)
class Change:
    what: str  # "added", "removed", "status", "evidence", "score", "report"
    text: str


@dataclass(frozen=True, slots=True)
class SystemItem:
    name: str
    description: str
    release_type: str
    audience: str
    lifecycle: str


@dataclass(frozen=True, slots=True)
class ProgressReport:
    organisation: str
    audience: str
    as_of: str
    pack: tuple[str, str, str]
    overall: float | None
    pillars: dict[str, float | None]
    coverage: str
    sections: tuple[PrincipleSection, ...]
    systems: tuple[SystemItem, ...]
    reporting: ReportingDue | None
    published: tuple[tuple[str, str, str], ...]  # (date, title, url) newest first
    redactions: Redactions
    since: str  # what the changes are measured against; "" without --since
    changes: tuple[Change, ...]


def scoring_note(report: ProgressReport) -> str:
    """Whether the scores count what is not shown, in words (every edition says it)."""
    if not report.redactions.total:
        return "The scores count everything in the organisation's manifest: nothing is withheld from this edition."
    return (
        "The scores count only what this edition shows. Safeguards, details and evidence withheld from a "
        f"{report.audience} audience are not counted, so the organisation's own assessment may score higher."
    )


def build_report(
    view: AudienceView,
    assessment: Assessment,
    *,
    previous: tuple[AudienceView, Assessment] | None = None,
    since: str = "",
) -> ProgressReport:
    """The report of one manifest for the audience its view was cut for."""
    data = view.doc.data
    names = {s["id"]: s.get("name", s["id"]) for s in data.get("systems", [])}
    safeguards = [_safeguard(s, names, assessment.as_of) for s in data.get("safeguards", [])]
    raw = {s["id"]: s for s in data.get("safeguards", [])}
    sections = tuple(_section(assessment, p, safeguards, raw, names) for p in assessment.pack.principles)
    reporting = data["organisation"].get("reporting") or {}
    published = sorted(
        (
            (str(r.get("date", "")), str(r.get("title", "")), str(r.get("url", "")))
            for r in reporting.get("progress_reports", [])
        ),
        key=lambda r: (latest_day(r[0]) is not None, str(latest_day(r[0]) or "")),
        reverse=True,
    )
    systems = tuple(
        SystemItem(
            str(s.get("name", s["id"])),
            str(s.get("description", "")),
            str(s.get("release_type", "")),
            str(s.get("audience", "general")),
            str(s.get("lifecycle", "generally-available")),
        )
        for s in data.get("systems", [])
    )
    coverage = assessment.scores.coverage.get("overall")
    return ProgressReport(
        organisation=assessment.organisation,
        audience=view.redactions.audience,
        as_of=assessment.as_of,
        pack=(assessment.pack.id, assessment.pack.version, assessment.pack.title),
        overall=assessment.scores.overall,
        pillars=dict(assessment.scores.pillars),
        coverage=str(coverage) if coverage else "",
        sections=sections,
        systems=systems,
        reporting=assessment.reporting,
        published=tuple(published),
        redactions=view.redactions,
        since=since,
        changes=tuple(_changes(previous, view, assessment)) if previous else (),
    )


def principles_of(safeguard: dict[str, Any]) -> list[str]:
    """The principles a safeguard serves: its kind's, then its further kinds', each once."""
    found: list[str] = []
    for kind in [safeguard.get("kind"), *(safeguard.get("also_covers") or [])]:
        principle = SAFEGUARD_KINDS.get(str(kind), ("", ""))[0]
        if principle and principle not in found:
            found.append(principle)
    return found


def _safeguard(s: dict[str, Any], names: dict[str, str], as_of: str) -> SafeguardItem:
    details = s.get("details") or {}
    facts = tuple(
        (key.replace("_", " "), _value(value))
        for key, value in details.items()
        if key not in _HIDDEN_DETAILS and _value(value)
    )
    evidence = tuple(
        EvidenceItem(
            str(e.get("title", "")),
            str(e.get("url", "")),
            str(e.get("path", "")),
            str(e.get("date", "")),
            str(e.get("kind", "documentation")),
            str(e.get("assurance", "self-attested")),
        )
        for e in s.get("evidence", [])
    )
    return SafeguardItem(
        id=str(s["id"]),
        kind=str(s["kind"]),
        meaning=SAFEGUARD_KINDS.get(str(s["kind"]), ("", ""))[1],
        status=str(s["status"]),
        description=str(s.get("description", "")),
        systems=tuple(names.get(i, i) for i in s.get("systems", [])),
        due=str(s.get("due", "")),
        details=facts,
        notes=str(details.get("notes", "")),
        evidence=evidence,
        overdue=s.get("status") == "planned" and bool(s.get("due")) and str(s.get("due")) < as_of,
    )


def _value(value: Any) -> str:
    if isinstance(value, dict) and ("scope" in value or "date" in value):  # a red-team exercise
        who = ", ".join(str(p) for p in value.get("external_participants") or [])
        text = f"{value.get('date', 'undated')}: {value.get('scope', '')}".rstrip(": ")
        return text + (f" (with {who})" if who else "")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value if _value(v))
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_value(v)}" for k, v in value.items() if _value(v))
    return str(value)


def _section(
    assessment: Assessment,
    principle: Any,
    safeguards: list[SafeguardItem],
    raw: dict[str, dict[str, Any]],
    names: dict[str, str],
) -> PrincipleSection:
    mine = [s for s in safeguards if principle.id in principles_of(raw[s.id])]
    findings = [f for f in assessment.findings if f.principle == principle.id]
    applicable = [f for f in findings if f.status not in ("not-applicable",)]
    planned_kinds = {s.kind for s in mine if s.status == "planned"}
    open_items = tuple(
        (f.control, f.title, names.get(f.system, f.system) if f.system else "the organisation", f.status)
        for f in findings
        if f.failing and not _planned_for(assessment, f, planned_kinds)
    )
    return PrincipleSection(
        id=principle.id,
        title=principle.title,
        pillar=principle.pillar,
        score=assessment.scores.principles.get(principle.id),
        met=sum(1 for f in applicable if f.status == "met"),
        applicable=len(applicable),
        in_place=tuple(s for s in mine if s.status in ("implemented", "partial")),
        planned=tuple(sorted((s for s in mine if s.status == "planned"), key=lambda s: (s.due, s.id))),
        open=open_items,
    )


def _planned_for(assessment: Assessment, finding: Finding, planned_kinds: set[str]) -> bool:
    control = assessment.pack.control(finding.control)
    kinds = getattr(control, "kinds", ()) or ()
    return any(k in planned_kinds for k in kinds)


def _changes(previous: tuple[AudienceView, Assessment], view: AudienceView, assessment: Assessment) -> list[Change]:
    old_view, old = previous
    before = {s["id"]: s for s in old_view.doc.data.get("safeguards", [])}
    after = {s["id"]: s for s in view.doc.data.get("safeguards", [])}
    changes: list[Change] = []
    for ident, s in after.items():
        label = _label(s)
        if ident not in before:
            changes.append(Change("added", f"New: {label} ({s['status']})."))
            continue
        was = before[ident]
        if was.get("status") != s.get("status"):
            changes.append(Change("status", f"{label}: {was.get('status')} → {s.get('status')}."))
        old_evidence = {_evidence_key(e) for e in was.get("evidence", [])}
        fresh = [e for e in s.get("evidence", []) if _evidence_key(e) not in old_evidence]
        if fresh:
            dates = sorted({str(e.get("date")) for e in fresh if e.get("date")})
            when = f", dated {', '.join(dates)}" if dates else ""
            changes.append(Change("evidence", f"{label}: {_plural(len(fresh), 'new evidence item')}{when}."))
    for ident, s in before.items():
        if ident not in after:
            changes.append(Change("removed", f"No longer listed: {_label(s)}."))
    for principle in assessment.pack.principles:
        was_score, now = old.scores.principles.get(principle.id), assessment.scores.principles.get(principle.id)
        if was_score != now and was_score is not None and now is not None:
            changes.append(Change("score", f"{principle.id} {principle.title}: score {was_score:.1f} → {now:.1f}."))
    if old.scores.overall != assessment.scores.overall and None not in (old.scores.overall, assessment.scores.overall):
        changes.append(Change("score", f"Overall score {old.scores.overall:.1f} → {assessment.scores.overall:.1f}."))
    old_reports = {str(r.get("date")) + str(r.get("url")) for r in _reports(old_view)}
    for r in _reports(view):
        if str(r.get("date")) + str(r.get("url")) not in old_reports:
            changes.append(
                Change(
                    "report",
                    f"Progress report published: {r.get('title') or r.get('url')} ({r.get('date', 'undated')}).",
                )
            )
    return changes


def _reports(view: AudienceView) -> Sequence[dict[str, Any]]:
    reporting = view.doc.data["organisation"].get("reporting") or {}
    return list(reporting.get("progress_reports") or [])


def _label(s: dict[str, Any]) -> str:
    meaning = SAFEGUARD_KINDS.get(str(s.get("kind")), ("", ""))[1]
    return f"{s.get('kind')} — {meaning}" if meaning else str(s.get("kind"))


def _evidence_key(e: dict[str, Any]) -> tuple[str, str, str]:
    return (str(e.get("url", "")), str(e.get("path", "")), str(e.get("date", "")))


def _plural(number: int, one: str) -> str:
    return f"1 {one}" if number == 1 else f"{number} {one}s"


def pillar_sections(report: ProgressReport) -> list[tuple[str, float | None, list[PrincipleSection]]]:
    """The sections grouped by pillar, in the pack's pillar order."""
    return [
        (pillar, report.pillars.get(pillar), [s for s in report.sections if s.pillar == pillar])
        for pillar in PILLARS
        if any(s.pillar == pillar for s in report.sections)
    ]
