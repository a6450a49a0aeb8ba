"""The versioned JSON report (`schemas/report.schema.json`): every control result, in a
deterministic order, identical for identical input and date."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pledgecheck import __version__
from pledgecheck.assessment import STATUSES, WEIGHTING, Assessment, Finding, Scores
from pledgecheck.reporters.base import ReportOptions, display_path
from pledgecheck.source import pointer_to_path

SCHEMA_VERSION = 1


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return json.dumps(report(assessments), indent=2, ensure_ascii=False) + "\n"


def report(assessments: Sequence[Assessment]) -> dict[str, Any]:
    first = assessments[0]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "pledgecheck", "version": __version__},
        "as_of": first.as_of,
        "pack": {"id": first.pack.id, "version": first.pack.version, "title": first.pack.title},
        "weighting": WEIGHTING,
        "assessments": [assessment_dict(a) for a in assessments],
    }


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    return {
        "file": display_path(assessment.file),
        "organisation": assessment.organisation,
        "scores": scores_dict(assessment.scores),
        "scores_without_waivers": scores_dict(assessment.scores_without_waivers),
        "summary": {status: assessment.count(status) for status in STATUSES},
        "warnings": list(assessment.warnings),
        "findings": [finding_dict(assessment, f) for f in assessment.findings],
    }


def scores_dict(scores: Scores) -> dict[str, Any]:
    return {"overall": scores.overall, "pillars": scores.pillars, "principles": scores.principles}


def finding_dict(assessment: Assessment, finding: Finding) -> dict[str, Any]:
    control = assessment.pack.control(finding.control)
    waiver = finding.waiver
    return {
        "control": finding.control,
        "system": finding.system or None,
        "principle": finding.principle,
        "pillar": finding.pillar,
        "title": finding.title,
        "severity": finding.severity,
        "status": finding.status,
        "evaluated_status": finding.evaluated_status,
        "messages": list(finding.messages),
        "location": {
            "file": display_path(assessment.file),
            "line": finding.line,
            "column": finding.column,
            "path": pointer_to_path(finding.pointer),
        },
        "safeguard": finding.safeguard or None,
        "evidence_assurance": finding.assurance or None,
        "checks": [{"title": c.title, "passed": c.passed, "message": c.message} for c in finding.checks],
        "waiver": None
        if waiver is None
        else {
            "justification": waiver.justification,
            "approver": waiver.approver,
            "expires": waiver.expires,
            "expired": waiver.expired,
        },
        "why": control.why if control else "",
        "remediation": control.remediation if control and finding.status != "met" else "",
    }
