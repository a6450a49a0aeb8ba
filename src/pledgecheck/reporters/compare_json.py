"""The JSON report of `compare`: every aggregate, deterministic order, versioned."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pledgecheck.compare import Comparison, OrgResult, Rate
from pledgecheck.reporters.base import ReportOptions, display_path, envelope, json_text

SCHEMA_VERSION = 1


def render(comparison: Comparison, options: ReportOptions) -> str:
    return json_text(report(comparison))


def report(comparison: Comparison) -> dict[str, Any]:
    c = comparison
    return {
        **envelope(schema_version=SCHEMA_VERSION, as_of=c.as_of, pack=c.pack, kind="comparison"),
        "anonymized": c.anonymized,
        "organisations": [_organisation(o) for o in c.organisations],
        "principles": [{"id": p, "title": title, **asdict(c.spreads[p])} for p, title in c.principles],
        "controls": [
            {
                "id": ctl.id,
                "principle": ctl.principle,
                "title": ctl.title,
                "severity": ctl.severity,
                "adoption": _rate(c.adoption[ctl.id]),
                "cohorts": {role: _rate(rates[ctl.id]) for role, (_, rates) in c.cohorts.items()},
            }
            for ctl in c.controls
        ],
        "cohort_sizes": {role: members for role, (members, _) in c.cohorts.items()},
        "most_missed": [{"control": ctl, "organisations": n} for ctl, n in c.most_missed],
        "invalid": [p.as_dict() | {"file": display_path(p.file)} for p in c.invalid],
    }


def _organisation(org: OrgResult) -> dict[str, Any]:
    return {
        "name": org.name,
        "file": display_path(org.file),
        "roles": list(org.roles),
        "overall": org.overall,
        "scores": org.scores,
        "statuses": org.statuses,
        "critical_gaps": list(org.critical_gaps),
        "reporting": {
            "cadence": org.cadence,
            "last_report": org.last_report or None,
            "overdue": org.overdue_days is not None,
            "overdue_days": org.overdue_days,
            "url": org.report_url or None,
        },
        "contact": org.contact or None,
    }


def _rate(rate: Rate) -> dict[str, Any]:
    return {"met": rate.met, "applicable": rate.applicable, "rate": rate.value}
