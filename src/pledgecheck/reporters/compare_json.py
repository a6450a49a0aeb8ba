"""The JSON report of `compare`: every aggregate, deterministic order, versioned."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pledgecheck.cohorts import Cohort
from pledgecheck.compare import Comparison, OrgResult, Rate, ReviewRow
from pledgecheck.history import History
from pledgecheck.reporters.base import ReportOptions, display_path, envelope, json_text
from pledgecheck.reporters.notices import comparison_disclosure

#: 2: cohorts by attribute with quartiles and withholding, reviewer verdicts, history, coarse anonymity
SCHEMA_VERSION = 2


def render(comparison: Comparison, options: ReportOptions) -> str:
    return json_text(report(comparison))


def report(comparison: Comparison) -> dict[str, Any]:
    c = comparison
    return {
        **envelope(schema_version=SCHEMA_VERSION, as_of=c.as_of, pack=c.pack, kind="comparison"),
        "anonymized": c.anonymized,
        "min_cohort": c.min_cohort or None,
        "cohort_by": c.cohort_by,
        "reviewed": c.reviewed,
        "disclosure": {
            "audience": c.audience,
            "withheld": sum(o.withheld_parts for o in c.organisations),
            "message": comparison_disclosure(c.audience, sum(o.withheld_parts for o in c.organisations)),
        },
        "organisations": [_organisation(o, anonymized=c.anonymized) for o in c.organisations],
        "principles": [{"id": p, "title": title, **asdict(c.spreads[p])} for p, title in c.principles],
        "controls": [
            {
                "id": ctl.id,
                "principle": ctl.principle,
                "title": ctl.title,
                "severity": ctl.severity,
                "adoption": _rate(c.adoption[ctl.id]),
                "cohorts": {k.name: None if k.withheld else _rate(k.adoption[ctl.id]) for k in c.cohorts},
            }
            for ctl in c.controls
        ],
        "cohort_sizes": {k.name: None if k.withheld else k.members for k in c.cohorts},
        "cohorts": [_cohort(k) for k in c.cohorts],
        "history": _history(c.history, c.anonymized) if c.history else None,
        "most_missed": [{"control": ctl, "organisations": n} for ctl, n in c.most_missed],
        "invalid": [p.as_dict() | {"file": display_path(p.file)} for p in c.invalid],
    }


def _organisation(org: OrgResult, *, anonymized: bool) -> dict[str, Any]:
    withheld = org.withheld
    reporting = (
        None
        if "reporting" in withheld
        else {
            "cadence": org.cadence,
            "last_report": org.last_report or None,
            "overdue": org.overdue_days is not None,
            "overdue_days": None if org.overdue_band else org.overdue_days,
            "overdue_band": org.overdue_band or None,
            "url": org.report_url or None,
        }
    )
    return {
        "name": org.name,
        "file": display_path(org.file),
        "roles": None if "roles" in withheld else list(org.roles),
        # attributes are public facts a reader could match: anonymised output groups by them, never lists them
        "attributes": None if anonymized else {key: list(values) for key, values in org.attributes.items()},
        "overall": org.overall,
        "scores": None if "detail" in withheld else org.scores,
        "statuses": None if "detail" in withheld else org.statuses,
        "critical_gaps": None if "detail" in withheld else list(org.critical_gaps),
        "reporting": reporting,
        # framework id -> coverage of the frameworks that apply (null when anonymised: they follow from jurisdictions)
        "frameworks": None if anonymized else org.frameworks,
        "contact": org.contact or None,
        "withheld": sorted(withheld),
        "reviews": [_review(r) for r in org.reviews],
        "overall_without_review": org.overall_without_review,
        "scores_without_review": org.scores_without_review,
    }


def _review(row: ReviewRow) -> dict[str, Any]:
    return {
        "control": row.control,
        "system": row.system or None,
        "tool_status": row.tool,
        "verdict": row.verdict,
        "reviewer": row.reviewer,
        "date": row.date,
        "reason": row.reason,
        "contest": None
        if not row.contest
        else {"reason": row.contest, "by": row.contested_by or None, "date": row.contested_on or None},
    }


def _cohort(cohort: Cohort) -> dict[str, Any]:
    if cohort.withheld:
        return {
            "name": cohort.name,
            "withheld": True,
            "members": None,
            "rate": None,
            "overall": None,
            "principles": None,
        }
    return {
        "name": cohort.name,
        "withheld": False,
        "members": cohort.members,
        "rate": _rate(cohort.rate()),
        "overall": asdict(cohort.overall),
        "principles": {p: asdict(s) for p, s in cohort.spreads.items()},
    }


def _history(h: History, anonymized: bool) -> dict[str, Any]:
    return {
        "editions": [
            {"label": label, "pack": {"id": pid, "version": version}}
            for label, (pid, version) in zip(h.labels, h.packs, strict=True)
        ],
        "pack_changes": h.pack_changes(),
        "organisations": [
            {
                "name": t.name,
                "present": list(t.present),
                "overall": list(t.overall),
                "principles": {p: list(v) for p, v in t.principles.items()},
            }
            for t in h.trends
        ],
        "withheld_organisations": h.withheld,
        "movers": [
            {"name": m.name, "since": m.since, "until": m.until, "before": m.before, "after": m.after, "delta": m.delta}
            for m in h.movers
        ],
        "causes": [{"since": before, "until": after, **counts} for before, after, counts in h.counts()],
        "changes": []
        if anonymized
        else [
            {
                "organisation": a.organisation,
                "control": a.control,
                "since": a.since,
                "until": a.until,
                "old": a.old,
                "new": a.new,
                "old_under_new_pack": a.rescored,
                "cause": a.cause,
            }
            for a in h.changes
        ],
    }


def _rate(rate: Rate) -> dict[str, Any]:
    return {"met": rate.met, "applicable": rate.applicable, "rate": rate.value}
