"""The versioned JSON report (`schemas/report.schema.json`): every control result, in a
deterministic order, identical for identical input and date."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pledgecheck.assessment import STATUSES, WEIGHTING, Assessment, Finding, Scores
from pledgecheck.pointer import pointer_to_path
from pledgecheck.reporters.base import ReportOptions, display_path, envelope
from pledgecheck.reporters.safe import json_inert

SCHEMA_VERSION = 2  # 2: checks have a state (unverified), findings and scores their coverage
COMPACT_DEPTH = 4  # report > assessments > assessment > findings > one finding per line


def render(assessments: Sequence[Assessment], options: ReportOptions) -> str:
    return "".join(render_parts(assessments, options))


def render_parts(assessments: Iterable[Assessment], options: ReportOptions) -> Iterator[str]:
    """The report of `dump(report(...))`, one assessment at a time."""
    stream = iter(assessments)
    first = next(stream)
    head = {key: value for key, value in report([first]).items() if key != "assessments"}
    yield dump(head)[:-2] + ',\n  "assessments": [\n'
    for index, assessment in enumerate(itertools.chain([first], stream)):
        separator = ",\n" if index else ""
        yield separator + "    " + dump(assessment_dict(assessment), 2)
    yield "\n  ]\n}\n"


def dump(value: Any, depth: int = 0) -> str:
    """Indented JSON down to the findings; each finding (and anything deeper) on one line.

    Readable and diff-friendly, and encoded by the C encoder: `json.dumps(indent=2)` falls
    back to the pure-Python encoder, which took most of the time of a 1,000-manifest run.
    """
    if depth >= COMPACT_DEPTH or not isinstance(value, (dict, list)) or not value:
        return json_inert(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {dump(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + outer + "}"
    items = [f"{inner}{dump(item, depth + 1)}" for item in value]
    return "[\n" + ",\n".join(items) + "\n" + outer + "]"


def report(assessments: Sequence[Assessment]) -> dict[str, Any]:
    first = assessments[0]
    pack = (first.pack.id, first.pack.version, first.pack.title)
    return {
        **envelope(schema_version=SCHEMA_VERSION, as_of=first.as_of, pack=pack),
        "weighting": WEIGHTING,
        "assessments": [assessment_dict(a) for a in assessments],
    }


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    file = display_path(assessment.file)
    return {
        "file": file,
        "organisation": assessment.organisation,
        "scores": scores_dict(assessment.scores),
        "scores_without_waivers": scores_dict(assessment.scores_without_waivers),
        "summary": {status: assessment.count(status) for status in STATUSES},
        "warnings": list(assessment.warnings),
        "findings": [finding_dict(assessment, f, file) for f in assessment.findings],
    }


def scores_dict(scores: Scores) -> dict[str, Any]:
    coverage = {name: {"verified": c.verified, "total": c.total} for name, c in sorted(scores.coverage.items())}
    return {"overall": scores.overall, "pillars": scores.pillars, "principles": scores.principles, "coverage": coverage}


def finding_dict(assessment: Assessment, finding: Finding, file: str) -> dict[str, Any]:
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
            "file": file,
            "line": finding.line,
            "column": finding.column,
            "path": pointer_to_path(finding.pointer),
        },
        "safeguard": finding.safeguard or None,
        "evidence_assurance": finding.assurance or None,
        "checks": [
            {"title": c.title, "state": c.state, "passed": c.passed, "message": c.message} for c in finding.checks
        ],
        "verified": finding.verified,
        "checks_total": len(finding.checks),
        "candidates": list(finding.candidates),
        "equivalent": list(finding.equivalent),
        "declared": finding.declared or None,
        "review": finding.review or None,
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
